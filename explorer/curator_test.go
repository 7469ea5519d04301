package explorer

import (
	"io/fs"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// TestCuratorPageIsSeparate: the public explorer serves nothing of the curator's page; the
// curator handler (mounted only in curator mode) serves it and its bundles.
func TestCuratorPageIsSeparate(t *testing.T) {
	bundles, err := fs.Glob(files, "assets/curate-*")
	if err != nil || len(bundles) == 0 {
		t.Fatalf("no curate-* bundles in static/assets: %v", err)
	}
	tests := []struct {
		name    string
		handler http.Handler
		path    string
		want    int
	}{
		{"public: no review page", Handler(), "/curate/", http.StatusNotFound},
		{"public: no curator bundle", Handler(), "/" + bundles[0], http.StatusNotFound},
		{"public: no curate.html", Handler(), "/curate.html", http.StatusNotFound},
		{"curator: review page", CuratorHandler(), "/curate/", http.StatusOK},
		{"curator: its bundle", CuratorHandler(), "/curate/" + bundles[0], http.StatusOK},
		{"curator: not the public app", CuratorHandler(), "/curate/assets/favicon.svg", http.StatusNotFound},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := httptest.NewRecorder()
			tt.handler.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, tt.path, nil))
			if rec.Code != tt.want {
				t.Errorf("GET %s = %d, want %d", tt.path, rec.Code, tt.want)
			}
		})
	}
	rec := httptest.NewRecorder()
	CuratorHandler().ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/curate/", nil))
	if body := rec.Body.String(); !strings.Contains(body, `lang="nl"`) || !strings.Contains(body, "/curate/assets/curate-") {
		t.Errorf("GET /curate/ does not reference its bundles under /curate/assets/:\n%s", body)
	}
}
