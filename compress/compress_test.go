package compress

import (
	"compress/gzip"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func TestHandler(t *testing.T) {
	big := strings.Repeat("thuiszitters ouderbetrokkenheid ", 200)
	tests := []struct {
		name, accept, body string
		status             int
		wantGzip           bool
	}{
		{"large, accepted", "gzip, deflate", big, 200, true},
		{"large, not accepted", "", big, 200, false},
		{"large, refused with q=0", "gzip;q=0", big, 200, false},
		{"small stays plain", "gzip", "{}", 200, false},
		{"error status kept", "gzip", big, 503, true},
		{"not modified has no body", "gzip", "", 304, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := Handler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				w.WriteHeader(tt.status)
				// write in pieces, as encoders do
				for i := 0; i < len(tt.body); i += 100 {
					w.Write([]byte(tt.body[i:min(i+100, len(tt.body))]))
				}
			}))
			req := httptest.NewRequest(http.MethodGet, "/", nil)
			if tt.accept != "" {
				req.Header.Set("Accept-Encoding", tt.accept)
			}
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			if rec.Code != tt.status {
				t.Errorf("status %d, want %d", rec.Code, tt.status)
			}
			gotGzip := rec.Header().Get("Content-Encoding") == "gzip"
			if gotGzip != tt.wantGzip {
				t.Fatalf("gzip %v, want %v", gotGzip, tt.wantGzip)
			}
			body := rec.Body.String()
			if gotGzip {
				if rec.Body.Len() >= len(tt.body) {
					t.Errorf("compressed %d bytes to %d", len(tt.body), rec.Body.Len())
				}
				zr, err := gzip.NewReader(rec.Body)
				if err != nil {
					t.Fatal(err)
				}
				b, _ := io.ReadAll(zr)
				body = string(b)
			}
			if body != tt.body {
				t.Errorf("body differs after the round trip (%d bytes, want %d)", len(body), len(tt.body))
			}
		})
	}
}
