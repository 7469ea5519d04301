package main

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"testing"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/metandereogen/maograph/bench/synth"
	"github.com/metandereogen/maograph/graph"
	"github.com/metandereogen/maograph/loader"
	"github.com/metandereogen/maograph/store"
	"github.com/metandereogen/maograph/store/storetest"
	"github.com/metandereogen/maograph/timing"
)

func TestMain(m *testing.M) { os.Exit(storetest.Main(m)) }

// TestSmoke keeps the benchmark honest without timing anything: it generates size XS, loads it
// through loader.Parse and store.Seed, and checks that every query of the mix gives MAO Graph's
// answer when asked as raw Cypher, and that a nested query costs one round trip per level.
func TestSmoke(t *testing.T) {
	s := storetest.MustOpen(t)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	dir := t.TempDir()
	st, err := synth.Generate(dir, synth.XS, 1)
	if err != nil {
		t.Fatalf("Generate(XS) = %v", err)
	}
	ds, err := loader.Parse(os.DirFS(dir))
	if err != nil {
		t.Fatalf("Parse(generated XS) = %v", err)
	}
	if len(ds.Relations) < st.Relations || len(ds.Mentions) == 0 {
		t.Fatalf("Parse(generated XS) has %d relations and %d mentions, want %d and some", len(ds.Relations), len(ds.Mentions), st.Relations)
	}
	if _, err := s.Seed(ctx, ds); err != nil {
		t.Fatalf("Seed(generated XS) = %v", err)
	}
	cfg := storetest.Config(t)
	driver, err := neo4j.NewDriverWithContext(cfg.URI, neo4j.BasicAuth(cfg.User, cfg.Password, ""))
	if err != nil {
		t.Fatal(err)
	}
	defer driver.Close(ctx)

	h := timing.Handler(nil, graph.NewHandler(&graph.Resolver{Store: s}, graph.Options{}))
	ask := func(q string, vars map[string]any) (json.RawMessage, int64) {
		t.Helper()
		req := httptest.NewRequest(http.MethodPost, "/graphql", bytes.NewReader(graphqlBody(q, vars)))
		req.Header.Set("Content-Type", "application/json")
		rctx, n := store.WithQueryCounter(req.Context())
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req.WithContext(rctx))
		var resp struct {
			Data   json.RawMessage
			Errors []any
		}
		if err := json.Unmarshal(rec.Body.Bytes(), &resp); err != nil || len(resp.Errors) > 0 {
			t.Fatalf("POST %.60q = %d %s", q, rec.Code, rec.Body.Bytes())
		}
		// The benchmark reports statements per request from this header.
		if got := statements(rec.Header()); int64(got) != n.Load() {
			t.Errorf("POST %.60q: %s = %d, the store ran %d", q, timing.HeaderStatements, got, n.Load())
		}
		return resp.Data, n.Load()
	}
	for _, q := range mix {
		t.Run(q.name, func(t *testing.T) {
			data, trips := ask(q.mao, q.maoVars(st))
			got, err := q.maoCanon(data)
			if err != nil || got == "" || got == "nodes= edges=" || got == "lengths=" {
				t.Fatalf("MAO %s = %q, %v; want a non-empty answer", q.name, got, err)
			}
			raw, err := q.cypher(ctx, driver, st)
			if err != nil {
				t.Fatalf("raw Cypher %s: %v", q.name, err)
			}
			if q.compare && raw != got {
				t.Errorf("raw Cypher %s = %.400s\nMAO answer   = %.400s", q.name, raw, got)
			}
			// regions, initiatives, partners: three levels, three round trips.
			if q.name == "nested" && trips > 3 {
				t.Errorf("nested query cost %d Cypher round trips, want at most 3 (one per level)", trips)
			}
		})
	}
}
