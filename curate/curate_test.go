package curate

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/metandereogen/maograph/loader"
	"github.com/metandereogen/maograph/propose"
	"github.com/metandereogen/maograph/seeds"
	"gopkg.in/yaml.v3"
)

const token = "test-token-0123456789"

// seedDir copies the embedded seeds into a temporary seed folder.
func seedDir(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	if err := os.CopyFS(dir, seeds.FS); err != nil {
		t.Fatal(err)
	}
	return dir
}

func post(t *testing.T, h http.Handler, path, auth string, body any) (*httptest.ResponseRecorder, map[string]any) {
	t.Helper()
	data, _ := json.Marshal(body)
	req := httptest.NewRequest(http.MethodPost, path, bytes.NewReader(data))
	if auth != "" {
		req.Header.Set("Authorization", auth)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	var out map[string]any
	_ = json.Unmarshal(rec.Body.Bytes(), &out)
	return rec, out
}

func errorOf(out map[string]any) (code, msg string) {
	e, _ := out["error"].(map[string]any)
	code, _ = e["code"].(string)
	msg, _ = e["message"].(string)
	return code, msg
}

func TestToken(t *testing.T) {
	h := Handler(Options{Token: token, SeedDir: seedDir(t)})
	body := map[string]any{"text": "Titel\n\nTekst.", "file": "documents/x.txt"}
	tests := []struct {
		name     string
		auth     string
		wantCode int
		wantErr  string
	}{
		{"no token", "", http.StatusUnauthorized, "UNAUTHENTICATED"},
		{"not a bearer token", "Basic " + token, http.StatusUnauthorized, "UNAUTHENTICATED"},
		{"wrong token", "Bearer wrong-token-0123456789", http.StatusForbidden, "FORBIDDEN"},
		{"right token", "Bearer " + token, http.StatusOK, ""},
	}
	for _, tt := range tests {
		for _, path := range []string{"/curate/api/propose", "/curate/api/save", "/curate/api/load", "/curate/api/render"} {
			if tt.wantErr == "" && path != "/curate/api/propose" {
				continue
			}
			t.Run(tt.name+" "+path, func(t *testing.T) {
				rec, out := post(t, h, path, tt.auth, body)
				code, _ := errorOf(out)
				if rec.Code != tt.wantCode || code != tt.wantErr {
					t.Errorf("POST %s with %q = %d %s, want %d %s", path, tt.auth, rec.Code, code, tt.wantCode, tt.wantErr)
				}
			})
		}
	}
}

func TestWritesStayInTheSeedFolder(t *testing.T) {
	dir := seedDir(t)
	h := Handler(Options{Token: token, SeedDir: dir})
	text, err := os.ReadFile("testdata/nieuw.txt")
	if err != nil {
		t.Fatal(err)
	}
	_, out := post(t, h, "/curate/api/propose", "Bearer "+token, map[string]any{"text": string(text), "file": "documents/nieuw.txt"})
	raw, _ := json.Marshal(out["draft"])
	var draft propose.Draft
	if err := json.Unmarshal(raw, &draft); err != nil || draft.Document.ID == "" {
		t.Fatalf("propose returned no draft: %v %s", err, raw)
	}
	withFile := func(file string) propose.Draft { d := draft; d.Document.File = file; return d }
	tests := []struct {
		name     string
		yamlName string
		draft    propose.Draft
		wantCode int
		wantErr  string
		wantMsg  string
	}{
		{"draft name with a parent dir", "../evil.yaml", draft, 400, "BAD_USER_INPUT", "outside the seed folder"},
		{"draft name absolute", "/tmp/evil.yaml", draft, 400, "BAD_USER_INPUT", "outside the seed folder"},
		{"draft name in a sub folder", "documents/evil.yaml", draft, 400, "BAD_USER_INPUT", "outside the seed folder"},
		{"draft name not yaml", "evil.sh", draft, 400, "BAD_USER_INPUT", "outside the seed folder"},
		{"document outside documents/", "ok.yaml", withFile("../x.txt"), 400, "BAD_USER_INPUT", "outside the seed folder"},
		{"document path climbing", "ok.yaml", withFile("documents/../../x.txt"), 400, "BAD_USER_INPUT", "outside the seed folder"},
		{"an existing seed file", "000-lerende-praktijk-veenendaal.yaml", draft, 409, "CONFLICT", "already exists"},
		{"good", "900-nieuw.yaml", draft, 200, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec, out := post(t, h, "/curate/api/save", "Bearer "+token, map[string]any{"name": tt.yamlName, "draft": tt.draft, "text": string(text)})
			code, msg := errorOf(out)
			if rec.Code != tt.wantCode || code != tt.wantErr || !strings.Contains(msg, tt.wantMsg) {
				t.Errorf("save %s (%s) = %d %s %q, want %d %s %q", tt.yamlName, tt.draft.Document.File, rec.Code, code, msg, tt.wantCode, tt.wantErr, tt.wantMsg)
			}
		})
	}
	for _, p := range []string{"900-nieuw.yaml", "documents/nieuw.txt"} {
		if _, err := os.Stat(filepath.Join(dir, p)); err != nil {
			t.Errorf("%s not written: %v", p, err)
		}
	}
	if _, err := os.Stat(filepath.Join(filepath.Dir(dir), "evil.yaml")); err == nil {
		t.Errorf("a file was written outside the seed folder")
	}
}

func TestInvalidDraftIsRejectedWithFileLine(t *testing.T) {
	dir := seedDir(t)
	h := Handler(Options{Token: token, SeedDir: dir})
	text := "Leren in Zwolle\n\nIn Zwolle leren scholen van elkaar."
	draft := propose.Draft{
		Document: propose.Document{ID: "doc-leren-in-zwolle", File: "documents/zwolle.txt", Title: "Leren in Zwolle", Kind: "blog"},
		Nodes: []*propose.Node{{ID: "region-zwolle", Label: "Region", Name: "Zwolle", Kind: "gemeente",
			Quotes: []string{"Deze zin staat niet in de tekst."}, Decision: propose.Accept}},
	}
	rec, out := post(t, h, "/curate/api/save", "Bearer "+token, map[string]any{"name": "901-zwolle.yaml", "draft": draft, "text": text})
	code, msg := errorOf(out)
	if rec.Code != http.StatusUnprocessableEntity || code != "INVALID_DRAFT" || !strings.Contains(msg, "901-zwolle.yaml:") || !strings.Contains(msg, "not found in the document") {
		t.Errorf("save of a draft with a made-up quote = %d %s %q, want 422 INVALID_DRAFT with 901-zwolle.yaml:LINE: ... not found in the document", rec.Code, code, msg)
	}
	for _, p := range []string{"901-zwolle.yaml", "documents/zwolle.txt"} {
		if _, err := os.Stat(filepath.Join(dir, p)); err == nil {
			t.Errorf("%s written although the draft is invalid", p)
		}
	}
}

// TestLoadRunsInTheBackground: a load answers 202 at once, refuses a second one while it runs,
// and reports its result through loadstatus. Load here is the loader's validation of the seed
// folder (the server's Load also writes to Neo4j; curator_e2e_test.go covers that).
func TestLoadRunsInTheBackground(t *testing.T) {
	dir := seedDir(t)
	release := make(chan struct{})
	h := Handler(Options{Token: token, SeedDir: dir, Load: func(ctx context.Context) (string, error) {
		<-release
		ds, err := loader.Parse(os.DirFS(dir))
		if err != nil {
			return "", err
		}
		return fmt.Sprintf("%d nodes", len(ds.Nodes)), nil
	}})
	auth := "Bearer " + token
	if rec, out := post(t, h, "/curate/api/load", auth, nil); rec.Code != http.StatusAccepted || out["status"] != "running" {
		t.Fatalf("POST load = %d %v, want 202 running", rec.Code, out)
	}
	if rec, out := post(t, h, "/curate/api/load", auth, nil); rec.Code != http.StatusConflict {
		t.Errorf("second POST load while running = %d %v, want 409", rec.Code, out)
	}
	close(release)
	var out map[string]any
	for i := 0; i < 200; i++ {
		_, out = post(t, h, "/curate/api/loadstatus", auth, nil)
		if out["status"] != "running" {
			break
		}
		time.Sleep(10 * time.Millisecond)
	}
	if out["status"] != "done" || !strings.HasSuffix(fmt.Sprint(out["summary"]), " nodes") {
		t.Errorf("loadstatus after the load = %v, want done with a summary", out)
	}
}

// TestSaveWritesExactlyTheAcceptedFacts: the curator decides on each fact; the saved file holds
// the accepted ones (also one below the threshold), not the rejected one nor an undecided one
// below the threshold, the loader takes it, and the save is logged with what it wrote.
func TestSaveWritesExactlyTheAcceptedFacts(t *testing.T) {
	dir := seedDir(t)
	var logs bytes.Buffer
	h := Handler(Options{Token: token, SeedDir: dir, Log: slog.New(slog.NewTextHandler(&logs, nil))})
	text, err := os.ReadFile("testdata/zwolle.txt")
	if err != nil {
		t.Fatal(err)
	}
	_, out := post(t, h, "/curate/api/propose", "Bearer "+token, map[string]any{"text": string(text), "file": "documents/zwolle.txt"})
	raw, _ := json.Marshal(out["draft"])
	var draft propose.Draft
	if err := json.Unmarshal(raw, &draft); err != nil {
		t.Fatalf("propose returned no draft: %v %s", err, raw)
	}
	decisions := map[string]string{"quantity": propose.Accept, "goal-cue": propose.Reject, "goal-cue-weak": propose.Accept}
	var want []string
	for _, f := range draft.Facts {
		f.Decision = decisions[f.Rule.Name]
		if f.Decision == propose.Accept {
			want = append(want, f.Type+" "+f.About)
		}
	}
	if len(want) != 2 || len(draft.Facts) < 3 {
		t.Fatalf("the example's facts changed: %+v; this test needs a quantity, a goal-cue and a goal-cue-weak fact", draft.Facts)
	}
	rec, out := post(t, h, "/curate/api/save", "Bearer "+token, map[string]any{"name": "902-zwolle.yaml", "draft": draft, "text": string(text)})
	if rec.Code != http.StatusOK {
		t.Fatalf("save = %d %v, want 200", rec.Code, out)
	}
	saved, err := os.ReadFile(filepath.Join(dir, "902-zwolle.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	var file struct {
		Facts []struct{ Type, About string }
	}
	if err := yaml.Unmarshal(saved, &file); err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, f := range file.Facts {
		got = append(got, f.Type+" "+f.About)
	}
	if !slices.Equal(got, want) {
		t.Errorf("saved facts = %v, want exactly the accepted %v\n%s", got, want, saved)
	}
	if _, err := loader.Parse(os.DirFS(dir)); err != nil {
		t.Errorf("the seed folder with the saved draft does not load: %v", err)
	}
	if l := logs.String(); !strings.Contains(l, `msg="curator saved a draft"`) || !strings.Contains(l, "902-zwolle.yaml") || !strings.Contains(l, "facts=2") {
		t.Errorf("the save is not logged with its file and facts:\n%s", l)
	}
}
