package graph_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/metandereogen/maograph/graph"
	"github.com/metandereogen/maograph/store"
	"github.com/metandereogen/maograph/store/storetest"
	"github.com/metandereogen/maograph/timing"
)

// TestServerTimingCountsTheStatements: every response names each Cypher statement the store
// ran in its Server-Timing header, and X-Statements equals the store's own count.
func TestServerTimingCountsTheStatements(t *testing.T) {
	s := storetest.Seeded(t)
	gql := graph.NewHandler(&graph.Resolver{Store: s}, graph.Options{})
	var ran int64
	h := timing.Handler(nil, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx, n := store.WithQueryCounter(r.Context())
		gql.ServeHTTP(w, r.WithContext(ctx))
		ran = n.Load()
	}))
	tests := []struct {
		name, query string
		vars        map[string]any
		phases      []string // GraphQL phases the header must name
		statement   string   // a statement it must name ("" for none)
		minRan      int64
	}{
		{"search", `query($q: String!) { search(query: $q, first: 5) { score } }`, map[string]any{"q": "Almere"},
			[]string{"read", "parse", "validate", "limits", "resolve", "marshal", "write", "total"}, "db-search", 1},
		{"list with total", `{ initiatives(first: 3) { totalCount nodes { id name } } }`, nil,
			[]string{"parse", "validate", "resolve", "marshal", "write", "total"}, "", 1},
		{"the benchmark's nested query", `{ regions(first: 10) { nodes { id name initiatives(first: 10) { edges { node { id name ... on Initiative {
		  partners(first: 5) { edges { role evidence { quote } node { id name } } } } } } } } } }`, nil,
			[]string{"parse", "validate", "resolve", "marshal", "write", "total"}, "", 3},
		{"parse error runs nothing", `{ regions(first: `, nil, []string{"total"}, "", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			body, _ := json.Marshal(map[string]any{"query": tt.query, "variables": tt.vars})
			req := httptest.NewRequest(http.MethodPost, "/graphql", bytes.NewReader(body))
			req.Header.Set("Content-Type", "application/json")
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			header := rec.Header().Get("Server-Timing")
			t.Logf("Server-Timing: %s", header)
			var names, statements []string
			for _, e := range strings.Split(header, ", ") {
				name := strings.SplitN(e, ";", 2)[0]
				names = append(names, name)
				if strings.HasPrefix(name, "db-") {
					statements = append(statements, name)
				}
			}
			count, err := strconv.ParseInt(rec.Header().Get("X-Statements"), 10, 64)
			if err != nil {
				t.Fatalf("X-Statements = %q: %v (Server-Timing %q)", rec.Header().Get("X-Statements"), err, header)
			}
			if count != ran || ran < tt.minRan {
				t.Errorf("X-Statements = %d, the store ran %d, want equal and at least %d", count, ran, tt.minRan)
			}
			if int64(len(statements)) != ran {
				t.Errorf("Server-Timing names %d statements %v, the store ran %d", len(statements), statements, ran)
			}
			noun := " statements"
			if ran == 1 {
				noun = " statement"
			}
			if want := `db;desc="` + strconv.FormatInt(ran, 10) + noun + `"`; !strings.Contains(header, want) {
				t.Errorf("Server-Timing = %q, want it to contain %q", header, want)
			}
			for _, p := range tt.phases {
				if !slices.Contains(names, p) {
					t.Errorf("Server-Timing = %q, want phase %q", header, p)
				}
			}
			if tt.statement != "" && !slices.Contains(statements, tt.statement) {
				t.Errorf("Server-Timing statements = %v, want %q among them", statements, tt.statement)
			}
		})
	}
}
