package graph_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/metandereogen/maograph/graph"
	"github.com/metandereogen/maograph/store/storetest"
)

// BenchmarkRejectHostile measures how long the limits take to turn a hostile query away
// (issue #7 asks for well under 100 ms). Run: go test ./graph -run '^$' -bench RejectHostile
func BenchmarkRejectHostile(b *testing.B) {
	h := graph.NewHandler(&graph.Resolver{Store: storetest.Seeded(b)}, graph.Options{})
	var aliases strings.Builder
	aliases.WriteString("{")
	for i := range 200 {
		aliases.WriteString(" a" + strings.Repeat("x", i) + ": stats { mentions }")
	}
	aliases.WriteString(" }")
	queries := map[string]string{
		"depth50":    "{ node(id: \"region-almere\") { ... on Region { " + strings.Repeat("parent { ", 50) + "id" + strings.Repeat(" }", 50) + " } } }",
		"aliases200": aliases.String(),
		"fragments":  "query { ...A } " + fragmentFan(12),
	}
	for name, q := range queries {
		body, _ := json.Marshal(map[string]any{"query": q})
		b.Run(name, func(b *testing.B) {
			for b.Loop() {
				req := httptest.NewRequest(http.MethodPost, "/graphql", bytes.NewReader(body))
				req.Header.Set("Content-Type", "application/json")
				rec := httptest.NewRecorder()
				h.ServeHTTP(rec, req)
				if !strings.Contains(rec.Body.String(), "QUERY_TOO_COMPLEX") && !strings.Contains(rec.Body.String(), "GRAPHQL_VALIDATION_FAILED") {
					b.Fatalf("not rejected: %s", rec.Body.String())
				}
			}
		})
	}
}

// fragmentFan builds fragments that each spread the next one twice: 2^n fields if expanded.
func fragmentFan(n int) string {
	var sb strings.Builder
	for i := range n {
		name, next := string(rune('A'+i)), string(rune('A'+i+1))
		if i == n-1 {
			sb.WriteString("fragment " + name + " on Query { stats { mentions } } ")
			continue
		}
		sb.WriteString("fragment " + name + " on Query { ..." + next + " x" + name + ": stats { mentions } ..." + next + " } ")
	}
	return sb.String()
}
