package main

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"strconv"
	"testing"
	"time"

	"github.com/metandereogen/maograph/bench/synth"
	"github.com/metandereogen/maograph/compress"
	"github.com/metandereogen/maograph/graph"
	"github.com/metandereogen/maograph/loader"
	"github.com/metandereogen/maograph/store/storetest"
	"github.com/metandereogen/maograph/timing"
)

// BenchmarkMix runs each query of the mix in process through the server's GraphQL stack
// (timing, gzip, the GraphQL handler) against this package's dev Neo4j loaded with a
// synthetic network (MAO_BENCH_SIZE, default S), for CPU profiles of the Go side:
//
//	go test ./bench -run '^$' -bench 'Mix/nested' -cpuprofile /tmp/nested.prof
//
// cpu-ns/op is this process's CPU per request (Neo4j runs in its own process); statements/op
// the X-Statements the responses report.
func BenchmarkMix(b *testing.B) {
	name := os.Getenv("MAO_BENCH_SIZE")
	if name == "" {
		name = "S"
	}
	sz, ok := synth.SizeByName(name)
	if !ok {
		b.Fatalf("MAO_BENCH_SIZE=%q is not XS, S, M or L", name)
	}
	s := storetest.MustOpen(b)
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Minute)
	defer cancel()
	dir := b.TempDir()
	st, err := synth.Generate(dir, sz, 1)
	if err != nil {
		b.Fatalf("Generate(%s) = %v", sz.Name, err)
	}
	ds, err := loader.Parse(os.DirFS(dir))
	if err != nil {
		b.Fatalf("Parse(generated %s) = %v", sz.Name, err)
	}
	if _, err := s.Seed(ctx, ds); err != nil {
		b.Fatalf("Seed(generated %s) = %v", sz.Name, err)
	}
	ds = nil
	h := compress.Handler(timing.Handler(nil, graph.NewHandler(&graph.Resolver{Store: s}, graph.Options{Timeout: 2 * time.Minute})))
	for _, q := range mix {
		b.Run(q.name, func(b *testing.B) {
			body := graphqlBody(q.mao, q.maoVars(st))
			do := func() *httptest.ResponseRecorder {
				req := httptest.NewRequest(http.MethodPost, "/graphql", bytes.NewReader(body))
				req.Header.Set("Content-Type", "application/json")
				req.Header.Set("Accept-Encoding", "gzip")
				rec := httptest.NewRecorder()
				h.ServeHTTP(rec, req)
				if rec.Code != http.StatusOK || bytes.Contains(rec.Body.Bytes(), []byte(`"errors"`)) {
					b.Fatalf("%s: %d %.300s", q.name, rec.Code, rec.Body.Bytes())
				}
				return rec
			}
			do() // warm: plans and caches
			b.ReportAllocs()
			stmts := 0
			cpu0 := selfCPU()
			for b.Loop() {
				n, _ := strconv.Atoi(do().Header().Get(timing.HeaderStatements))
				stmts += n
			}
			b.ReportMetric(float64(selfCPU()-cpu0)/float64(b.N), "cpu-ns/op")
			b.ReportMetric(float64(stmts)/float64(b.N), "statements/op")
		})
	}
}
