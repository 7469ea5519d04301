package graph_test

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/metandereogen/maograph/bench/synth"
	"github.com/metandereogen/maograph/graph"
	"github.com/metandereogen/maograph/graph/model"
	"github.com/metandereogen/maograph/loader"
	"github.com/metandereogen/maograph/store/storetest"
)

type idPage struct {
	TotalCount int     `json:"totalCount"`
	Nodes      []named `json:"nodes"`
	PageInfo   struct {
		HasNextPage bool    `json:"hasNextPage"`
		EndCursor   *string `json:"endCursor"`
	} `json:"pageInfo"`
}

// walk pages through a connection (query takes $after) and returns its totalCount on the
// first page and the distinct ids over all pages; it fails on an id seen twice.
func (a *api) walk(t *testing.T, what, query string, vars map[string]any, pick func(data map[string]any) idPage) (int, map[string]bool) {
	t.Helper()
	ids, total := map[string]bool{}, -1
	var after any
	for range 1000 {
		v := map[string]any{"after": after}
		for k, x := range vars {
			v[k] = x
		}
		var data map[string]any
		a.must(query, v, &data)
		p := pick(data)
		if total < 0 {
			total = p.TotalCount
		}
		for _, n := range p.Nodes {
			if ids[n.ID] {
				t.Errorf("%s: %s appears on two pages", what, n.ID)
			}
			ids[n.ID] = true
		}
		if !p.PageInfo.HasNextPage {
			return total, ids
		}
		if p.PageInfo.EndCursor == nil {
			t.Fatalf("%s: a next page without an end cursor", what)
		}
		after = *p.PageInfo.EndCursor
	}
	t.Fatalf("%s: more than 1000 pages", what)
	return 0, nil
}

// decode re-reads a part of a generic answer into a typed value.
func decode[T any](t *testing.T, v any) T {
	t.Helper()
	var out T
	raw, _ := json.Marshal(v)
	if err := json.Unmarshal(raw, &out); err != nil {
		t.Fatalf("decode %s: %v", raw, err)
	}
	return out
}

type bucketAnswer struct {
	Key    string `json:"key"`
	Count  int    `json:"count"`
	Direct int    `json:"direct"`
	Via    int    `json:"via"`
	Total  int    `json:"total"`
}

type membersAnswer struct {
	TotalCount int `json:"totalCount"`
	Edges      []struct {
		Scope string `json:"scope"`
		Node  named  `json:"node"`
		Paths []struct {
			Length int `json:"length"`
			Steps  []struct {
				Evidence evidence `json:"evidence"`
			} `json:"steps"`
		} `json:"paths"`
	} `json:"edges"`
}

// checkMemberships is the property of issue 11: for every label × dimension × bucket ×
// scope, the count equals the list filter's totalCount, equals the distinct ids on all the
// list's pages, equals the bucket's own member list, equals the entity page's field of the
// same scope where the wiring table has one; direct + via = total; every member shows paths
// of its scope, each step with a quote. sample bounds the buckets checked per count (0: all).
// With asOf (yyyy-mm-dd) counts, members and list filters are all asked as of that day, and
// every step of every member's paths must come from a document dated on or before it (the
// entity pages' fields have no date, so they are left out).
func checkMemberships(t *testing.T, a *api, sample int, asOf string) {
	checked := map[model.Dimension]int{}
	arg, dated := "", map[string]bool{}
	if asOf != "" {
		arg = fmt.Sprintf(", asOf: %q", asOf)
		var docs struct {
			Documents struct{ Nodes []struct{ ID, Date string } }
		}
		a.must(`{ documents(first: 100) { nodes { id date } } }`, nil, &docs)
		for _, d := range docs.Documents.Nodes {
			dated[d.ID] = d.Date != "" && d.Date <= asOf
		}
	}
	for _, label := range model.Labels {
		for _, dim := range model.Dimensions {
			filter := model.Memberships[dim].Filter
			for _, scope := range model.AllScope {
				var got struct{ Counts []bucketAnswer }
				a.must(fmt.Sprintf(`{ counts(label: %s, by: %s, scope: %s%s) { key count direct via total } }`,
					strings.ToUpper(label), dim, scope, arg), nil, &got)
				buckets := got.Counts
				if sample > 0 && len(buckets) > sample {
					// The largest, the smallest and some between.
					step := len(buckets) / sample
					var picked []bucketAnswer
					for i := 0; i < len(buckets); i += step {
						picked = append(picked, buckets[i])
					}
					buckets = append(picked, buckets[len(buckets)-1])
				}
				for _, b := range buckets {
					what := fmt.Sprintf("%s by %s %s%s, bucket %s", label, dim, scope, arg, b.Key)
					checked[dim]++
					want := map[model.Scope]int{model.ScopeDirect: b.Direct, model.ScopeVia: b.Via, model.ScopeAll: b.Total}[scope]
					if b.Direct+b.Via != b.Total || b.Count != want || b.Count == 0 {
						t.Errorf("%s: count %d, direct %d + via %d = total %d: inconsistent", what, b.Count, b.Direct, b.Via, b.Total)
					}
					var members struct{ Members membersAnswer }
					a.must(fmt.Sprintf(`query($key: String!) { members(label: %s, by: %s, key: $key, scope: %s%s, first: 100) {
					  totalCount edges { scope node { id name } paths { length steps { evidence { quote offset document { id title } } } } } } }`,
						strings.ToUpper(label), dim, scope, arg), map[string]any{"key": b.Key}, &members)
					if members.Members.TotalCount != b.Count {
						t.Errorf("%s: count %d, its members' totalCount %d", what, b.Count, members.Members.TotalCount)
					}
					for _, m := range members.Members.Edges {
						if scope != model.ScopeAll && m.Scope != string(scope) || len(m.Paths) == 0 {
							t.Errorf("%s: member of scope %s with %d paths", what, m.Scope, len(m.Paths))
						}
						for _, p := range m.Paths {
							if (m.Scope == "DIRECT") != (p.Length == 1) && !(dim == model.DimensionSector && p.Length == 0) {
								t.Errorf("%s: a %s member shown by a path of length %d", what, m.Scope, p.Length)
							}
							for _, s := range p.Steps {
								if s.Evidence.Quote == "" || s.Evidence.Document.ID == "" {
									t.Errorf("%s: a step without a quote: %+v", what, s.Evidence)
								}
								if asOf != "" && !dated[s.Evidence.Document.ID] {
									t.Errorf("%s: a step from document %s, not dated on or before %s", what, s.Evidence.Document.ID, asOf)
								}
							}
						}
					}
					list := listFields[label]
					q := fmt.Sprintf(`query($key: String!, $after: String) { l: %s(where: {%s: $key, scope: %s%s}, first: 50, after: $after) {
					  totalCount nodes { id name } pageInfo { hasNextPage endCursor } } }`, list, filter, scope, arg)
					if filter != "sector" {
						q = strings.Replace(q, "$key: String!", "$key: ID!", 1)
					}
					total, ids := a.walk(t, what+" list", q, map[string]any{"key": b.Key}, func(d map[string]any) idPage { return decode[idPage](t, d["l"]) })
					if total != b.Count || len(ids) != b.Count {
						t.Errorf("%s: count %d, list totalCount %d, distinct ids on all pages %d", what, b.Count, total, len(ids))
					}
					bucketType := model.Memberships[dim].Bucket
					field, ok := graph.MemberFieldFor(bucketType, label, dim)
					if !ok || !model.Memberships[dim].NodeBucket() || asOf != "" {
						continue
					}
					q = fmt.Sprintf(`query($key: ID!, $after: String) { node(id: $key) { ... on %s { f: %s(scope: %s, first: 10, after: $after) {
					  totalCount nodes { id name } pageInfo { hasNextPage endCursor } } } } }`, bucketType, field, scope)
					total, fids := a.walk(t, what+" "+bucketType+"."+field, q, map[string]any{"key": b.Key}, func(d map[string]any) idPage {
						return decode[idPage](t, d["node"].(map[string]any)["f"])
					})
					if total != b.Count || len(fids) != b.Count {
						t.Errorf("%s: count %d, %s.%s totalCount %d, distinct ids on all pages %d", what, b.Count, bucketType, field, total, len(fids))
					}
					for id := range ids {
						if !fids[id] {
							t.Errorf("%s: %s is in the list but not in %s.%s", what, id, bucketType, field)
						}
					}
				}
			}
		}
	}
	for _, dim := range model.Dimensions {
		if checked[dim] == 0 && asOf == "" {
			t.Errorf("no bucket of dimension %s was checked: the property proves nothing there", dim)
		}
	}
}

// countedAll sums the counts (scope ALL) of every label by every dimension, as of asOf when
// it is not "".
func countedAll(a *api, asOf string) int {
	arg := ""
	if asOf != "" {
		arg = fmt.Sprintf(", asOf: %q", asOf)
	}
	sum := 0
	for _, label := range model.Labels {
		for _, dim := range model.Dimensions {
			var got struct{ Counts []bucketAnswer }
			a.must(fmt.Sprintf(`{ counts(label: %s, by: %s%s) { count } }`, strings.ToUpper(label), dim, arg), nil, &got)
			for _, b := range got.Counts {
				sum += b.Count
			}
		}
	}
	return sum
}

// TestEveryNumberIsItsList checks the membership property over the curated seeds, every bucket.
func TestEveryNumberIsItsList(t *testing.T) {
	checkMemberships(t, newAPI(t), 0, "")
}

// TestEveryNumberIsItsListAsOf checks the membership property as of days on the seeds: after
// the first dated document (2022-11-17) and after the second (2023-11-09). Before the first
// nothing counts; each day counts at least as much as the day before it, and less than the
// whole graph, whose undated documents never count.
func TestEveryNumberIsItsListAsOf(t *testing.T) {
	a := newAPI(t)
	all := countedAll(a, "")
	prev := 0
	for _, tt := range []struct {
		asOf string
		some bool
	}{{"2022-11-16", false}, {"2022-12-31", true}, {"2023-12-31", true}} {
		if tt.some {
			checkMemberships(t, a, 0, tt.asOf)
		}
		got := countedAll(a, tt.asOf)
		if (got > 0) != tt.some || got < prev || got >= all {
			t.Errorf("as of %s: %d counted in all counts, want %s, at least %d (the day before) and below %d (no date)",
				tt.asOf, got, map[bool]string{true: "some", false: "none"}[tt.some], prev, all)
		}
		prev = got
	}
	// Before the first dated document a bucket that has members without a date has none,
	// in its member list, the list filter and the coverage matrix alike.
	const before = "2022-11-16"
	var got struct {
		Members  struct{ TotalCount int }
		L        struct{ TotalCount int }
		All      struct{ TotalCount int }
		Coverage struct{ Rows, Cells []any }
	}
	a.must(`query($d: Date) { members(label: INITIATIVE, by: THEME, key: "theme-thuiszitters", asOf: $d) { totalCount }
	  l: initiatives(where: {theme: "theme-thuiszitters", asOf: $d}) { totalCount }
	  all: initiatives(where: {theme: "theme-thuiszitters"}) { totalCount }
	  coverage(asOf: $d) { rows { key } cells { row } } }`, map[string]any{"d": before}, &got)
	if got.All.TotalCount == 0 || got.Members.TotalCount != 0 || got.L.TotalCount != 0 || len(got.Coverage.Rows) != 0 || len(got.Coverage.Cells) != 0 {
		t.Errorf("as of %s: %d members, list %d (without a date %d), coverage %d rows and %d cells; want nothing",
			before, got.Members.TotalCount, got.L.TotalCount, got.All.TotalCount, len(got.Coverage.Rows), len(got.Coverage.Cells))
	}
	for _, q := range []string{`{ counts(label: INITIATIVE, by: THEME, asOf: "2023-02-30") { key } }`,
		`{ initiatives(where: {asOf: "2023-01-01"}) { totalCount } }`} {
		if errs := a.do(q, nil, nil); len(errs) != 1 || !strings.Contains(errs[0].Message, "asOf") && !strings.Contains(errs[0].Message, "yyyy-mm-dd") {
			t.Errorf("%s = %+v, want one error about asOf", q, errs)
		}
	}
}

// TestEveryNumberIsItsListSynthetic checks it over a generated network (bench/synth, size XS),
// a sample of buckets per count, and puts the seeds back afterwards.
func TestEveryNumberIsItsListSynthetic(t *testing.T) {
	a := newAPI(t)
	s := storetest.Seeded(t)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	t.Cleanup(func() {
		if err := storetest.Load(context.Background(), s); err != nil {
			t.Errorf("put the seeds back: %v", err)
		}
	})
	dir := t.TempDir()
	if _, err := synth.Generate(dir, synth.XS, 7); err != nil {
		t.Fatalf("Generate(XS) = %v", err)
	}
	ds, err := loader.Parse(os.DirFS(dir))
	if err != nil {
		t.Fatalf("Parse(generated XS) = %v", err)
	}
	if _, err := s.Seed(ctx, ds); err != nil {
		t.Fatalf("Seed(generated XS) = %v", err)
	}
	checkMemberships(t, a, 2, "")
}

// TestFiltersThatCannotApplyAreErrors: a filter no entity of the list's label can pass is not
// offered by the list's input type, so asking for it is a validation error naming the field,
// never a silent 0.
func TestFiltersThatCannotApplyAreErrors(t *testing.T) {
	a := newAPI(t)
	tests := []struct{ query, field, input string }{
		{`{ regions(where: {sector: "school"}) { totalCount } }`, "sector", "RegionWhere"},
		{`{ people(where: {kind: {eq: "gemeente"}}) { totalCount } }`, "kind", "PersonWhere"},
		{`{ themes(where: {region: "region-veenendaal"}) { totalCount } }`, "region", "ThemeWhere"},
		{`{ organisations(where: {date: {from: "2024-01-01"}}) { totalCount } }`, "date", "OrganisationWhere"},
	}
	for _, tt := range tests {
		errs := a.do(tt.query, nil, nil)
		if len(errs) != 1 || !strings.Contains(errs[0].Message, `"`+tt.field+`"`) || !strings.Contains(errs[0].Message, tt.input) {
			t.Errorf("%s = %+v, want one error naming %s of %s", tt.query, errs, tt.field, tt.input)
		}
	}
}

// TestFilterTrees: AND, OR, NOT, StringFilter and date ranges select what they say, over the
// seeds, and agree with the lists they combine.
func TestFilterTrees(t *testing.T) {
	a := newAPI(t)
	ids := func(q string) map[string]bool {
		t.Helper()
		var got struct {
			L struct{ Nodes []named }
		}
		a.must(q, nil, &got)
		out := map[string]bool{}
		for _, n := range got.L.Nodes {
			out[n.ID] = true
		}
		return out
	}
	haaglanden := ids(`{ l: initiatives(where: {region: "region-haaglanden"}, first: 100) { nodes { id name } } }`)
	thuis := ids(`{ l: initiatives(where: {theme: "theme-thuiszitters"}, first: 100) { nodes { id name } } }`)
	all := ids(`{ l: initiatives(first: 100) { nodes { id name } } }`)
	and := ids(`{ l: initiatives(where: {AND: [{region: "region-haaglanden"}, {theme: "theme-thuiszitters"}]}, first: 100) { nodes { id name } } }`)
	or := ids(`{ l: initiatives(where: {OR: [{region: "region-haaglanden"}, {theme: "theme-thuiszitters"}]}, first: 100) { nodes { id name } } }`)
	not := ids(`{ l: initiatives(where: {NOT: {theme: "theme-thuiszitters"}}, first: 100) { nodes { id name } } }`)
	if len(haaglanden) == 0 || len(thuis) == 0 {
		t.Fatalf("the seeds have %d initiatives in Haaglanden and %d about thuiszitters; the test needs some", len(haaglanden), len(thuis))
	}
	for id := range all {
		if and[id] != (haaglanden[id] && thuis[id]) || or[id] != (haaglanden[id] || thuis[id]) || not[id] != !thuis[id] {
			t.Errorf("%s: AND %v, OR %v, NOT %v; in Haaglanden %v, about thuiszitters %v", id, and[id], or[id], not[id], haaglanden[id], thuis[id])
		}
	}
	tests := []struct {
		query string
		want  []string
		not   []string
	}{
		{`{ l: organisations(where: {name: {startsWith: "SWV"}}, first: 100) { nodes { id name } } }`, []string{"org-swv-po-de-meierij"}, []string{"org-veens-welzijn"}},
		{`{ l: organisations(where: {name: {in: ["Veens Welzijn"]}}, first: 100) { nodes { id name } } }`, []string{"org-veens-welzijn"}, []string{"org-swv-po-de-meierij"}},
		{`{ l: regions(where: {kind: {in: ["gemeente"]}}, first: 100) { nodes { id name } } }`, []string{"region-den-haag"}, []string{"region-haaglanden"}},
		{`{ l: events(where: {date: {from: "1900-01-01", to: "2999-12-31"}}, first: 100) { nodes { id name } } }`, []string{"event-dialoogsessie-6"}, nil},
		{`{ l: events(where: {date: {to: "1900-01-01"}}, first: 100) { nodes { id name } } }`, nil, []string{"event-dialoogsessie-6"}},
	}
	for _, tt := range tests {
		got := ids(tt.query)
		for _, w := range tt.want {
			if !got[w] {
				t.Errorf("%s lacks %s", tt.query, w)
			}
		}
		for _, w := range tt.not {
			if got[w] {
				t.Errorf("%s has %s", tt.query, w)
			}
		}
	}
	if errs := a.do(`{ events(where: {date: {from: "5 mei"}}) { totalCount } }`, nil, nil); len(errs) == 0 || !strings.Contains(errs[0].Message, "yyyy-mm-dd") {
		t.Errorf("a malformed date = %+v, want an error saying the form", errs)
	}
}

// TestSortedByTwoKeys: a list sorted by mentions then name pages through every item once, in
// that order.
func TestSortedByTwoKeys(t *testing.T) {
	a := newAPI(t)
	q := `query($after: String) { l: organisations(orderBy: [{field: MENTIONS, direction: DESC}, {field: NAME, direction: ASC}], first: 7, after: $after) {
	  totalCount nodes { id name mentionCount } pageInfo { hasNextPage endCursor } } }`
	var all []struct {
		ID           string
		Name         string
		MentionCount int
	}
	var after any
	for range 100 {
		var got struct {
			L struct {
				TotalCount int
				Nodes      []struct {
					ID           string
					Name         string
					MentionCount int
				}
				PageInfo struct {
					HasNextPage bool
					EndCursor   *string
				}
			}
		}
		a.must(q, map[string]any{"after": after}, &got)
		all = append(all, got.L.Nodes...)
		if !got.L.PageInfo.HasNextPage {
			if len(all) != got.L.TotalCount {
				t.Errorf("paged %d organisations, totalCount %d", len(all), got.L.TotalCount)
			}
			break
		}
		after = *got.L.PageInfo.EndCursor
	}
	for i := 1; i < len(all); i++ {
		p, c := all[i-1], all[i]
		if p.MentionCount < c.MentionCount || p.MentionCount == c.MentionCount && p.Name > c.Name {
			t.Errorf("%s (%d) before %s (%d): not by mentions desc, then name", p.Name, p.MentionCount, c.Name, c.MentionCount)
		}
	}
}

// TestCoverageCellsAreTheirLists: every cell of the coverage matrices (initiatives and
// organisations per region × theme and region × bouwsteen, each scope) counts what its member
// list holds and what the list filtered on both its row and its column holds, and each member
// shows a path to the row and one to the column.
func TestCoverageCellsAreTheirLists(t *testing.T) {
	a := newAPI(t)
	cells := 0
	for _, label := range []string{"INITIATIVE", "ORGANISATION"} {
		for _, columns := range []string{"THEME", "BOUWSTEEN"} {
			for _, scope := range model.AllScope {
				for _, arg := range []string{"", `, asOf: "2023-12-31"`} {
					var got struct {
						Coverage struct {
							Rows  []bucketAnswer
							Cells []struct {
								Row, Column string
								Count       int
								Members     membersAnswer
							}
						}
					}
					a.must(fmt.Sprintf(`{ coverage(label: %s, rows: REGION, columns: %s, scope: %s%s) { rows { key count }
				  cells { row column count members(first: 100) { totalCount edges { scope node { id name } paths { length steps { evidence { quote offset document { id title } } } } } } } } }`,
						label, columns, scope, arg), nil, &got)
					list := map[string]string{"INITIATIVE": "initiatives", "ORGANISATION": "organisations"}[label]
					filter := strings.ToLower(columns)
					for _, c := range got.Coverage.Cells {
						cells++
						what := fmt.Sprintf("%s %s × %s (%s%s)", label, c.Row, c.Column, scope, arg)
						var l struct{ L idPage }
						a.must(fmt.Sprintf(`query($r: ID!, $c: ID!) { l: %s(where: {region: $r, %s: $c, scope: %s%s}, first: 100) { totalCount nodes { id name } } }`,
							list, filter, scope, arg), map[string]any{"r": c.Row, "c": c.Column}, &l)
						if c.Count == 0 || c.Members.TotalCount != c.Count || l.L.TotalCount != c.Count || len(c.Members.Edges) != min(c.Count, 100) {
							t.Errorf("%s: count %d, members %d (%d listed), filtered list %d", what, c.Count, c.Members.TotalCount, len(c.Members.Edges), l.L.TotalCount)
						}
						for _, m := range c.Members.Edges {
							if len(m.Paths) < 2 {
								t.Errorf("%s: %s shows %d paths, want one to the row and one to the column", what, m.Node.ID, len(m.Paths))
							}
						}
					}
				}
			}
		}
	}
	if cells == 0 {
		t.Fatal("no coverage cell in the seeds: the test proves nothing")
	}
}
