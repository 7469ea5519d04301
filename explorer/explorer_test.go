package explorer

import (
	"crypto/sha256"
	"encoding/hex"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// sourcesHash computes what web/build.mjs writes to static/SOURCES.sha256: sha256 over
// package.json, package-lock.json, build.mjs and every file under src/, sorted by path
// (relative to web/, with /), each written as path NUL content NUL.
func sourcesHash(t *testing.T, web string) string {
	t.Helper()
	names := []string{"package.json", "package-lock.json", "build.mjs"}
	err := filepath.WalkDir(filepath.Join(web, "src"), func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, err := filepath.Rel(web, p)
		names = append(names, filepath.ToSlash(rel))
		return err
	})
	if err != nil {
		t.Fatalf("walk %s: %v", web, err)
	}
	sort.Strings(names)
	h := sha256.New()
	for _, n := range names {
		b, err := os.ReadFile(filepath.Join(web, filepath.FromSlash(n)))
		if err != nil {
			t.Fatalf("read source: %v", err)
		}
		h.Write([]byte(n + "\x00"))
		h.Write(b)
		h.Write([]byte("\x00"))
	}
	return hex.EncodeToString(h.Sum(nil))
}

func TestBundleIsFresh(t *testing.T) {
	b, err := fs.ReadFile(static, "static/SOURCES.sha256")
	if err != nil {
		t.Fatalf("read embedded SOURCES.sha256: %v (run make explorer)", err)
	}
	got, want := strings.TrimSpace(string(b)), sourcesHash(t, "web")
	if got != want {
		t.Fatalf("explorer bundle is stale: run make explorer (SOURCES.sha256 = %s, sources hash to %s)", got, want)
	}
}

// anAsset returns the path of a built bundle with the given extension, e.g. /assets/app-XXXX.js.
func anAsset(t *testing.T, prefix, ext string) string {
	t.Helper()
	entries, err := fs.ReadDir(files, "assets")
	if err != nil {
		t.Fatalf("read embedded assets: %v", err)
	}
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), prefix+"-") && path.Ext(e.Name()) == ext {
			return "/assets/" + e.Name()
		}
	}
	t.Fatalf("no embedded asset %s-*%s", prefix, ext)
	return ""
}

func TestHandler(t *testing.T) {
	appJS := anAsset(t, "app", ".js")
	tests := []struct {
		name        string
		method      string
		path        string
		wantStatus  int
		wantType    string // prefix of Content-Type
		wantBody    string // substring of the body
		wantCaching string // substring of Cache-Control
	}{
		{name: "explorer", path: "/", wantStatus: 200, wantType: "text/html; charset=utf-8", wantBody: `<html lang="nl">`, wantCaching: "no-cache"},
		{name: "explorer references app bundle", path: "/", wantStatus: 200, wantType: "text/html", wantBody: `src="` + appJS + `"`},
		{name: "graphiql", path: "/graphiql", wantStatus: 200, wantType: "text/html; charset=utf-8", wantBody: `id="graphiql"`, wantCaching: "no-cache"},
		{name: "head graphiql", method: http.MethodHead, path: "/graphiql", wantStatus: 200, wantType: "text/html"},
		{name: "app js", path: appJS, wantStatus: 200, wantType: "text/javascript; charset=utf-8", wantCaching: "immutable"},
		{name: "app css", path: anAsset(t, "app", ".css"), wantStatus: 200, wantType: "text/css; charset=utf-8", wantBody: "mark"},
		{name: "graphiql js", path: anAsset(t, "graphiql", ".js"), wantStatus: 200, wantType: "text/javascript"},
		{name: "graphiql css", path: anAsset(t, "graphiql", ".css"), wantStatus: 200, wantType: "text/css", wantBody: ".graphiql-container"},
		{name: "favicon", path: "/assets/favicon.svg", wantStatus: 200, wantType: "image/svg+xml"},
		{name: "missing asset", path: "/assets/nope-123.js", wantStatus: 404},
		{name: "assets listing", path: "/assets/", wantStatus: 404},
		{name: "index.html by name", path: "/index.html", wantStatus: 404},
		{name: "sources hash not served", path: "/SOURCES.sha256", wantStatus: 404},
		{name: "go source not served", path: "/assets/explorer.go", wantStatus: 404},
		{name: "unknown page", path: "/nope", wantStatus: 404},
	}
	h := Handler()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			method := tt.method
			if method == "" {
				method = http.MethodGet
			}
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, httptest.NewRequest(method, tt.path, nil))
			res := rec.Result()
			if res.StatusCode != tt.wantStatus {
				t.Fatalf("%s %s: status = %d, want %d", method, tt.path, res.StatusCode, tt.wantStatus)
			}
			if got := res.Header.Get("Content-Type"); !strings.HasPrefix(got, tt.wantType) {
				t.Errorf("%s %s: Content-Type = %q, want prefix %q", method, tt.path, got, tt.wantType)
			}
			if got := rec.Body.String(); !strings.Contains(got, tt.wantBody) {
				t.Errorf("%s %s: body does not contain %q", method, tt.path, tt.wantBody)
			}
			if got := res.Header.Get("Cache-Control"); !strings.Contains(got, tt.wantCaching) {
				t.Errorf("%s %s: Cache-Control = %q, want it to contain %q", method, tt.path, got, tt.wantCaching)
			}
		})
	}
}

func TestPageNotModified(t *testing.T) {
	h := Handler()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/", nil))
	etag := rec.Header().Get("ETag")
	if etag == "" {
		t.Fatalf("GET / sent no ETag")
	}
	req := httptest.NewRequest(http.MethodGet, "/", nil)
	req.Header.Set("If-None-Match", etag)
	rec = httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Code != http.StatusNotModified {
		t.Errorf("GET / with If-None-Match %s: status = %d, want %d", etag, rec.Code, http.StatusNotModified)
	}
}

// TestBundlesAreCSPSafe checks the shipped JavaScript never evaluates strings, which the
// server's Content-Security-Policy (script-src 'self', no 'unsafe-eval') would block.
func TestBundlesAreCSPSafe(t *testing.T) {
	entries, err := fs.ReadDir(files, "assets")
	if err != nil {
		t.Fatalf("read embedded assets: %v", err)
	}
	forbidden := []string{"eval(", "new Function", `Function("return this")`, `Function('return this')`}
	for _, e := range entries {
		if path.Ext(e.Name()) != ".js" {
			continue
		}
		b, err := fs.ReadFile(files, "assets/"+e.Name())
		if err != nil {
			t.Fatalf("read %s: %v", e.Name(), err)
		}
		for _, f := range forbidden {
			if i := strings.Index(string(b), f); i >= 0 {
				t.Errorf("%s contains %q at byte %d", e.Name(), f, i)
			}
		}
	}
	for _, p := range []string{"index.html", "graphiql.html"} {
		b, err := fs.ReadFile(files, p)
		if err != nil {
			t.Fatalf("read %s: %v", p, err)
		}
		for _, f := range []string{"<script>", "onload=", "onclick=", "javascript:"} {
			if strings.Contains(string(b), f) {
				t.Errorf("%s contains %q: inline scripts are blocked by the CSP", p, f)
			}
		}
	}
}
