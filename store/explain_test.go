package store_test

import (
	"context"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/metandereogen/maograph/store"
	"github.com/metandereogen/maograph/store/storetest"
)

// TestKeyQueriesUseIndexes asks Neo4j for the plan of every request-path query (EXPLAIN, so
// nothing runs) and fails on a scan of a whole label or of all nodes: every filter, lookup and
// page has an index to start from, and a scan would grow with the graph.
func TestKeyQueriesUseIndexes(t *testing.T) {
	s := storetest.Seeded(t) // real statistics, so the plans are the ones requests get
	ctx, cancel := context.WithTimeout(context.Background(), 6*time.Minute)
	defer cancel()
	// The check must see a scan where there is one.
	if ops, err := s.PlanOperators(ctx, `MATCH (n:Initiative) WHERE n.targetGroups IS NOT NULL RETURN n`, nil); err != nil || !hasScan(ops) {
		t.Fatalf("EXPLAIN of a query without an index = %v, %v; want a NodeByLabelScan", ops, err)
	}
	qs := store.KeyQueries()
	sort.Slice(qs, func(i, j int) bool { return qs[i].Name < qs[j].Name })
	// Planning is the whole cost and the plans are independent: the queries are explained
	// in parallel subtests (as many at a time as -parallel allows), each checked as before.
	t.Run("plans", func(t *testing.T) {
		for _, q := range qs {
			t.Run(q.Name, func(t *testing.T) {
				t.Parallel()
				ops, err := s.PlanOperators(ctx, q.Cypher, q.Params)
				if err != nil {
					t.Errorf("EXPLAIN %s: %v", q.Name, err)
					return
				}
				if hasScan(ops) {
					t.Errorf("plan of %s scans a label or all nodes: %v\n%s", q.Name, ops, q.Cypher)
				}
			})
		}
	})
}

func hasScan(ops []string) bool {
	return slices.ContainsFunc(ops, func(op string) bool {
		op, _, _ = strings.Cut(op, "@")
		return op == "NodeByLabelScan" || op == "AllNodesScan"
	})
}
