package compress

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"syscall"
	"testing"
	"time"
)

// graphqlLike is a GraphQL answer of about n bytes: nodes with ids, names and roles, as the
// lists and nested queries return them.
func graphqlLike(n int) []byte {
	var b strings.Builder
	b.WriteString(`{"data":{"initiatives":{"nodes":[`)
	for i := 0; b.Len() < n-4; i++ {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, `{"id":"initiative-%05d","name":"Samen sterk in wijk %d","kind":"project","role":"partner %d"}`, i*7919%100000, i*31%977, i%13)
	}
	b.WriteString("]}}}")
	return []byte(b.String())
}

// BenchmarkHandler measures what gzip costs a response of each size: cpu-ns/op is the CPU
// per response with and without compression, out-bytes/op what goes on the wire.
func BenchmarkHandler(b *testing.B) {
	for _, size := range []int{512, 1 << 10, 2 << 10, 4 << 10, 8 << 10, 32 << 10} {
		body := graphqlLike(size)
		for _, accept := range []string{"", "gzip"} {
			name := fmt.Sprintf("%dB/plain", size)
			if accept != "" {
				name = fmt.Sprintf("%dB/gzip", size)
			}
			b.Run(name, func(b *testing.B) {
				h := Handler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
					w.Write(body)
				}))
				req := httptest.NewRequest(http.MethodPost, "/graphql", nil)
				if accept != "" {
					req.Header.Set("Accept-Encoding", accept)
				}
				out := 0
				b.ReportAllocs()
				cpu0 := cpuTime()
				for b.Loop() {
					rec := httptest.NewRecorder()
					h.ServeHTTP(rec, req)
					out = rec.Body.Len()
				}
				b.ReportMetric(float64(cpuTime()-cpu0)/float64(b.N), "cpu-ns/op")
				b.ReportMetric(float64(out), "out-bytes/op")
			})
		}
	}
}

func cpuTime() time.Duration {
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
