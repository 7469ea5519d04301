package main

// End-to-end test of curator mode: the review page in headless Chromium against the real
// server on the dev Neo4j, from a pasted document to new entities answering in the API.

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
	"gopkg.in/yaml.v3"

	"github.com/metandereogen/maograph/loader"
	"github.com/metandereogen/maograph/seeds"
	"github.com/metandereogen/maograph/store/storetest"
)

const curatorToken = "e2e-curator-token-0123456789"

// copySeeds writes the embedded seeds into a fresh seed folder.
func copySeeds(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	if err := os.CopyFS(dir, seeds.FS); err != nil {
		t.Fatal(err)
	}
	return dir
}

// restoreSeeds loads the embedded seeds again when the test ends, so the documents a test
// added leave the shared dev database.
func restoreSeeds(t *testing.T) {
	t.Cleanup(func() {
		if err := storetest.Load(context.Background(), storetest.MustOpen(t)); err != nil {
			t.Errorf("restore the seeds: %v", err)
		}
	})
}

// waitSlow is wait with its own deadline, for steps slower than a page update.
func waitSlow(expr string, d time.Duration) chromedp.Action[chromedp.Void] {
	return func(ctx context.Context, t *chromedp.Target) (chromedp.Void, error) {
		deadline := time.Now().Add(d)
		for {
			ok, err := chromedp.Evaluate[bool]("!!("+expr+")")(ctx, t)
			if err != nil {
				return chromedp.Void{}, err
			}
			if ok {
				return chromedp.Void{}, nil
			}
			if time.Now().After(deadline) {
				return chromedp.Void{}, fmt.Errorf("timed out after %s waiting for %s", d, expr)
			}
			select {
			case <-ctx.Done():
				return chromedp.Void{}, ctx.Err()
			case <-time.After(500 * time.Millisecond):
			}
		}
	}
}

func TestCuratorModeIsOffByDefault(t *testing.T) {
	base := newTestServer(t)
	for _, tt := range []struct{ method, path string }{
		{http.MethodGet, "/curate/"},
		{http.MethodPost, "/curate/api/propose"},
		{http.MethodPost, "/curate/api/save"},
		{http.MethodPost, "/curate/api/load"},
	} {
		req, _ := http.NewRequest(tt.method, base+tt.path, strings.NewReader("{}"))
		req.Header.Set("Authorization", "Bearer "+curatorToken)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusNotFound {
			t.Errorf("%s %s without curator mode = %d, want 404", tt.method, tt.path, resp.StatusCode)
		}
	}
}

func TestCuratorModeNeedsTokenAndSeedDir(t *testing.T) {
	tests := []struct {
		name    string
		env     map[string]string
		wantErr string
	}{
		{"no token", map[string]string{"MAO_CURATOR": "true", "MAO_SEED_DIR": "seeds"}, "needs MAO_CURATOR_TOKEN"},
		{"short token", map[string]string{"MAO_CURATOR": "true", "MAO_SEED_DIR": "seeds", "MAO_CURATOR_TOKEN": "kort"}, "at least 16 characters"},
		{"no seed folder", map[string]string{"MAO_CURATOR": "true", "MAO_CURATOR_TOKEN": curatorToken}, "needs -seed-dir"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := parseConfig("serve", nil, func(k string) string { return tt.env[k] })
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("parseConfig(%v) error = %v, want %q", tt.env, err, tt.wantErr)
			}
		})
	}
}

// TestCuratorE2E: propose → review (entities, and facts one by one: one accepted and edited,
// one rejected) → save → load in the review page, then the new entities and the accepted fact
// answer in the API with their quotes, and the saved file holds exactly the accepted facts.
// It counts the clicks a curator needs to accept a correct draft.
func TestCuratorE2E(t *testing.T) {
	if testing.Short() {
		t.Skip("curator e2e: skipped under -short")
	}
	dir := copySeeds(t)
	restoreSeeds(t)
	srv := startTestServerEnv(t, map[string]string{
		"MAO_CURATOR": "true", "MAO_CURATOR_TOKEN": curatorToken, "MAO_SEED_DIR": dir,
	})
	ctx := newBrowser(t)
	axe := axeSource(t)
	text, err := os.ReadFile("testdata/propose/voorbeeld-zwolle.txt")
	if err != nil {
		t.Fatal(err)
	}
	clicks := 0
	click := func(sel string) chromedp.Action[chromedp.Void] {
		return chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
			clicks++
			_, err := chromedp.Click(chromedp.CSS(sel))(ctx, tg)
			return err
		})
	}
	setValue := func(id, value string) chromedp.Action[chromedp.Void] {
		return chromedp.SetValue(chromedp.CSS("#"+id), value)
	}
	// Two facts of the example: the curator accepts the quantity (ruim veertig professionals) and
	// edits what it counts, and rejects the goal proposed for Schoolnabije Ondersteuning.
	const (
		quantity = `[...document.querySelectorAll("#feiten li")].find(li => li.textContent.startsWith("Hoeveelheid"))`
		goal     = `[...document.querySelectorAll("#feiten li")].find(li => li.textContent.startsWith("Doel") && li.textContent.includes("Schoolnabije"))`
		counted  = "professionals uit onderwijs, jeugdhulp en welzijn"
	)
	steps := []struct {
		name    string
		actions chromedp.Action[chromedp.Void]
	}{
		{"open the review page", chromedp.Steps(
			chromedp.Navigate(srv.URL+"/curate/"),
			chromedp.WaitVisible(chromedp.CSS(`#tekst`)),
			check(`document.documentElement.lang === "nl" ? "" : "lang is " + document.documentElement.lang`),
		)},
		{"a wrong token is refused", chromedp.Steps(
			setValue("token", "wrong-token-0123456789"),
			setValue("tekst", string(text)),
			setValue("docnaam", "documents/voorbeeld-zwolle.txt"),
			chromedp.Click(chromedp.CSS(`#voorstellen`)),
			wait(`document.getElementById("uitvoer").textContent.includes("FORBIDDEN")`),
		)},
		{"propose", chromedp.Steps(
			setValue("token", curatorToken),
			click(`#voorstellen`),
			wait(`document.querySelectorAll("#entiteiten li").length > 3`),
			check(`document.querySelector('#document mark[data-id="person-sanne-de-vries"]') ? "" : "Sanne de Vries is not highlighted in the text"`),
			noCSPViolations,
		)},
		{"review by keyboard", chromedp.Steps(
			// Focus a new proposal, reject it with x, undo with u, move on with j and back with k.
			check(`(document.querySelector('#entiteiten li[data-id="person-sanne-de-vries"]').focus(), "")`),
			chromedp.KeyEvent("x"),
			wait(`document.querySelector('#entiteiten li.reject[data-id="person-sanne-de-vries"]')`),
			chromedp.KeyEvent("u"),
			wait(`document.querySelectorAll("#entiteiten li.reject").length === 0`),
			chromedp.KeyEvent("j"),
			check(`document.activeElement.dataset.id !== "person-sanne-de-vries" && document.activeElement.closest(".proplist") ? "" : "j did not move the focus: " + document.activeElement.outerHTML.slice(0, 80)`),
			chromedp.KeyEvent("k"),
			check(`document.activeElement.dataset.id === "person-sanne-de-vries" ? "" : "k did not move the focus back: " + document.activeElement.outerHTML.slice(0, 80)`),
		)},
		{"review the facts one by one", chromedp.Steps(
			wait(quantity+` && `+goal),
			// Keyboard: focus the quantity, see its quote highlighted in the text, accept it with a,
			// edit what it counts with e, go back with Escape.
			check(`(`+quantity+`.focus(), "")`),
			check(`(document.querySelector("#document span.feit.focus")?.textContent || "").includes("ruim veertig professionals") ? "" : "the quantity's quote is not highlighted: " + document.querySelector("#document span.feit.focus")?.textContent`),
			chromedp.KeyEvent("a"),
			wait(quantity+`.classList.contains("accept")`),
			chromedp.KeyEvent("e"),
			check(`document.activeElement.dataset.veld === "about" ? "" : "e did not open the fact's editor: " + document.activeElement.outerHTML.slice(0, 80)`),
			chromedp.SetValue(chromedp.CSS(`#feiten li.accept [data-veld="counted"]`), counted),
			check(`(document.querySelector('#feiten li.accept [data-veld="counted"]').dispatchEvent(new Event("change")), "")`),
			wait(quantity+`.querySelector(".samenvatting").textContent.includes("`+counted+`")`),
			chromedp.KeyEvent(kb.Escape),
			check(`document.activeElement === `+quantity+` ? "" : "Escape did not return to the fact"`),
			// Mouse: a click on the goal's quote in the text selects the goal; reject it with its button.
			check(`(document.querySelector('#document span.feit[data-feiten~="' + `+goal+`.dataset.fact + '"]').click(), "")`),
			check(`document.activeElement === `+goal+` ? "" : "a click on the quote did not select its fact: " + document.activeElement.outerHTML.slice(0, 80)`),
			chromedp.Click(chromedp.CSS(`#feiten li:focus button:nth-of-type(2)`)),
			wait(goal+`?.classList.contains("reject")`),
			axeClean(axe, "review page with a fact's editor open"),
		)},
		{"accept the draft", chromedp.Steps(
			click(`#allesaccepteren`),
			wait(`document.querySelectorAll("#entiteiten li.accept").length > 3`),
			check(`document.querySelector("#precisie tbody tr") ? "" : "no rule precision shown"`),
		)},
		{"save", chromedp.Steps(
			click(`#bewaar`),
			wait(`document.getElementById("uitvoer").textContent.startsWith("Opgeslagen")`),
		)},
		{"load", chromedp.Steps(
			click(`#laad`),
			// Loading the whole seed folder takes a minute or more on a busy machine.
			waitSlow(`document.getElementById("uitvoer").textContent.startsWith("Geladen")`, 8*time.Minute),
		)},
	}
	for _, st := range steps {
		if _, err := st.actions(ctx, chromedp.FromContext(ctx).Target); err != nil {
			out, _ := chromedp.Evaluate[string](`document.getElementById("uitvoer").textContent`)(ctx, chromedp.FromContext(ctx).Target)
			t.Fatalf("step %q: %v\npage says: %s\nserver log:\n%s", st.name, err, out, srv.log.String())
		}
	}
	t.Logf("clicks to accept a correct draft: %d (propose, accept all, save, load)", clicks)
	if clicks > 4 {
		t.Errorf("accepting a correct draft took %d clicks, want at most 4", clicks)
	}
	for _, p := range []string{"voorbeeld-zwolle.yaml", "documents/voorbeeld-zwolle.txt"} {
		if _, err := os.Stat(filepath.Join(dir, p)); err != nil {
			t.Errorf("%s not in the seed folder: %v", p, err)
		}
	}
	// The saved file holds exactly the accepted facts, and the loader takes the seed folder.
	if _, err := loader.Parse(os.DirFS(dir)); err != nil {
		t.Errorf("the seed folder with the saved draft does not load: %v", err)
	}
	saved, err := os.ReadFile(filepath.Join(dir, "voorbeeld-zwolle.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	var file struct {
		Facts []struct{ Type, About, Counted, Quote string }
	}
	if err := yaml.Unmarshal(saved, &file); err != nil {
		t.Fatalf("read the saved draft: %v", err)
	}
	if len(file.Facts) != 1 || file.Facts[0].Type != "quantity" || file.Facts[0].About != "event-netwerkbijeenkomst-samen-sterker" || file.Facts[0].Counted != counted {
		t.Errorf("saved facts = %+v, want only the accepted quantity about the event, counting %q", file.Facts, counted)
	}
	status, out := graphql(t, srv.URL, `{ node(id: "person-sanne-de-vries") { ... on Person { name functions evidence { quote document { id } } } } }`)
	person, _ := out["data"].(map[string]any)["node"].(map[string]any)
	if status != http.StatusOK || person == nil || person["name"] != "Sanne de Vries" {
		t.Fatalf("the new person does not answer in the API: %d %v", status, out)
	}
	ev, _ := person["evidence"].([]any)
	if len(ev) == 0 || !strings.Contains(ev[0].(map[string]any)["quote"].(string), "Sanne de Vries") {
		t.Errorf("the new person's evidence = %v, want its quote", ev)
	}
	status, out = graphql(t, srv.URL, `{ node(id: "event-netwerkbijeenkomst-samen-sterker") { ... on Event { quantities { value counted evidence { quote } } goals { text } } } }`)
	event, _ := out["data"].(map[string]any)["node"].(map[string]any)
	if status != http.StatusOK || event == nil {
		t.Fatalf("the new event does not answer in the API: %d %v", status, out)
	}
	qs, _ := event["quantities"].([]any)
	if len(qs) != 1 {
		t.Fatalf("the new event's quantities = %v, want the one accepted\nsaved:\n%s\nserver log:\n%s", qs, saved, srv.log.String())
	}
	q := qs[0].(map[string]any)
	if q["value"] != 40.0 || q["counted"] != counted || !strings.Contains(q["evidence"].(map[string]any)["quote"].(string), "ruim veertig professionals") {
		t.Errorf("the accepted quantity answers as %v, want 40 %s with its quote", q, counted)
	}
}
