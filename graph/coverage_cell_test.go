package graph_test

import (
	"fmt"
	"testing"
)

// TestCoverageCell: Coverage.cell(row, column) is the cell of cells with that row and column,
// with the same count and the same members; an empty pair is null.
func TestCoverageCell(t *testing.T) {
	a := newAPI(t)
	for _, tt := range []struct{ columns, scope string }{{"THEME", "ALL"}, {"THEME", "VIA"}, {"BOUWSTEEN", "DIRECT"}} {
		t.Run(tt.columns+"/"+tt.scope, func(t *testing.T) {
			t.Parallel() // read-only: the matrices are independent
			a := a.on(t)
			var all struct {
				Coverage struct {
					Cells []struct {
						Row, Column string
						Count       int
					}
				}
			}
			a.must(fmt.Sprintf(`{ coverage(rows: REGION, columns: %s, scope: %s) { cells { row column count } } }`, tt.columns, tt.scope), nil, &all)
			if len(all.Coverage.Cells) == 0 {
				t.Fatalf("coverage(REGION × %s, %s) has no cells: the test proves nothing", tt.columns, tt.scope)
			}
			for _, c := range all.Coverage.Cells[:min(3, len(all.Coverage.Cells))] {
				var one struct {
					Coverage struct {
						Cell *struct {
							Row, Column string
							Count       int
							Members     membersAnswer
						}
					}
				}
				a.must(fmt.Sprintf(`query($r: String!, $c: String!) { coverage(rows: REGION, columns: %s, scope: %s) {
				  cell(row: $r, column: $c) { row column count members(first: 100) { totalCount edges { scope node { id name } } } } } }`, tt.columns, tt.scope),
					map[string]any{"r": c.Row, "c": c.Column}, &one)
				got := one.Coverage.Cell
				if got == nil || got.Row != c.Row || got.Column != c.Column || got.Count != c.Count || got.Members.TotalCount != c.Count {
					t.Errorf("cell(%q, %q) = %+v, want the cell of count %d", c.Row, c.Column, got, c.Count)
				}
			}
			var none struct {
				Coverage struct{ Cell *struct{ Count int } }
			}
			a.must(fmt.Sprintf(`{ coverage(rows: REGION, columns: %s, scope: %s) { cell(row: "region-nowhere", column: "theme-nothing") { count } } }`, tt.columns, tt.scope), nil, &none)
			if none.Coverage.Cell != nil {
				t.Errorf("cell of an empty pair = %+v, want null", none.Coverage.Cell)
			}
		})
	}
}
