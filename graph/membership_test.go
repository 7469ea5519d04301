package graph_test

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"os"
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
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
				Type     string   `json:"type"`
				Evidence evidence `json:"evidence"`
			} `json:"steps"`
		} `json:"paths"`
	} `json:"edges"`
}

// checkMemberships is the property of issue 11: for every label × dimension × bucket ×
// scope, the count equals the list filter's totalCount, equals the distinct ids on all the
// list's pages, equals the bucket's own member list, equals the entity page's field of the
// same scope where the wiring table has one; direct + via = total; every member shows paths
// of its scope, each step with a quote. pick chooses the buckets checked per label and
// dimension (everyBucket: all). page is the page size: a bucket whose list or field is longer is walked
// page by page, so a small page proves the cursors as well.
//
// With asOf (yyyy-mm-dd) counts, members and list filters are all asked as of that day, and
// every step of every member's paths must come from a document dated on or before it (the
// entity pages' fields have no date, so they are left out).
//
// One request asks a bucket's three scopes at once (nine connections under aliases): the
// property needs every bucket, and a request per list and scope made it the slowest test.
//
// It returns the sum of the counts (scope ALL) of every label by every dimension, over every
// bucket whether picked or not: what countedAll asks, from the counts the walk asked anyway.
func checkMemberships(t *testing.T, a *api, pick picker, page int, asOf string) int {
	checked := map[model.Dimension]int{}
	d := dating{}
	if asOf != "" {
		d.arg, d.dated = fmt.Sprintf(", asOf: %q", asOf), map[string]bool{}
		var docs struct {
			Documents struct{ Nodes []struct{ ID, Date string } }
		}
		a.must(`{ documents(first: 100) { nodes { id date } } }`, nil, &docs)
		for _, doc := range docs.Documents.Nodes {
			d.dated[doc.ID] = doc.Date != "" && doc.Date <= asOf
		}
	}
	// Each label's buckets in a parallel subtest of their own (the labels share nothing but
	// the read-only graph): the walk waits on Neo4j, and one label at a time left a core idle.
	// The group returns when every label is done, so the checks below see all of them.
	var mu sync.Mutex
	sum := 0
	t.Run("labels", func(t *testing.T) {
		for _, label := range model.Labels {
			t.Run(label, func(t *testing.T) {
				t.Parallel()
				a := a.on(t)
				for _, dim := range model.Dimensions {
					counts := bucketCounts(t, a, label, dim, d.arg)
					keys := slices.Collect(maps.Keys(counts[model.ScopeAll]))
					sort.Strings(keys)
					mu.Lock()
					for _, b := range counts[model.ScopeAll] {
						sum += b.Count
					}
					mu.Unlock()
					for _, key := range pick(t, a, label, dim, keys) {
						mu.Lock()
						checked[dim]++
						mu.Unlock()
						checkBucket(t, a, label, dim, key, counts, page, d)
					}
				}
			})
		}
	})
	t.Logf("buckets checked per dimension%s: %v", d.arg, checked)
	for _, dim := range model.Dimensions {
		if checked[dim] == 0 && asOf == "" { // early days may have no member of a dimension
			t.Errorf("no bucket of dimension %s was checked: the property proves nothing there", dim)
		}
	}
	return sum
}

// picker chooses, from one label's buckets of one dimension (keys, sorted), those the
// membership walk checks.
type picker func(t *testing.T, a *api, label string, dim model.Dimension, keys []string) []string

// everyBucket checks every bucket.
func everyBucket(_ *testing.T, _ *api, _ string, _ model.Dimension, keys []string) []string {
	return keys
}

// spread checks about n buckets: the first, the last and some between, in key order.
func spread(n int) picker {
	return func(_ *testing.T, _ *api, _ string, _ model.Dimension, keys []string) []string {
		if len(keys) <= n {
			return keys
		}
		step := len(keys) / n
		var picked []string
		for i := 0; i < len(keys); i += step {
			picked = append(picked, keys[i])
		}
		return append(picked, keys[len(keys)-1])
	}
}

// everyStepKind checks the fewest buckets that together show every kind of membership the
// label has in the dimension: every scope with members, and every relationship type a DIRECT
// or a VIA member's path steps through (asked without a day, which is cheap). It picks
// greedily, the bucket adding the most kinds first, ties in key order, so the sample is the
// same on every run, holds at least one bucket of every label and dimension, and holds a
// route of every relationship type, the thing an as-of defect rides on (a step counted or
// shown although its document is later or undated).
func everyStepKind(t *testing.T, a *api, label string, dim model.Dimension, keys []string) []string {
	t.Helper()
	if len(keys) <= 1 {
		return keys
	}
	kinds := map[string]map[string]bool{} // key → "scope" and "scope type" it shows
	need := map[string]bool{}
	for _, key := range keys {
		var got map[string]membersAnswer
		a.must(fmt.Sprintf(`query($key: String!) {
		  DIRECT: members(label: %[1]s, by: %[2]s, key: $key, scope: DIRECT, first: 100) { totalCount edges { scope node { id name } paths { steps { type } } } }
		  VIA: members(label: %[1]s, by: %[2]s, key: $key, scope: VIA, first: 100) { totalCount edges { scope node { id name } paths { steps { type } } } } }`,
			strings.ToUpper(label), dim), map[string]any{"key": key}, &got)
		kinds[key] = map[string]bool{}
		for scope, m := range got {
			for _, e := range m.Edges {
				kinds[key][scope] = true
				for _, p := range e.Paths {
					for _, s := range p.Steps {
						kinds[key][scope+" "+s.Type] = true
					}
				}
			}
		}
		maps.Copy(need, kinds[key])
	}
	var picked []string
	for len(picked) == 0 || len(need) > 0 {
		best, gain := "", -1
		for _, key := range keys { // sorted: the first of equal gains wins
			n := 0
			for k := range kinds[key] {
				if need[k] {
					n++
				}
			}
			if n > gain && !slices.Contains(picked, key) {
				best, gain = key, n
			}
		}
		picked = append(picked, best)
		for k := range kinds[best] {
			delete(need, k)
		}
	}
	return picked
}

// bucketCounts asks counts(label, by) in the three scopes, by scope and key; it checks that
// every bucket's count is its scope's share of direct + via = total.
func bucketCounts(t *testing.T, a *api, label string, dim model.Dimension, arg string) map[model.Scope]map[string]bucketAnswer {
	t.Helper()
	var got map[string][]bucketAnswer
	var q strings.Builder
	q.WriteString("{")
	for _, scope := range model.AllScope {
		fmt.Fprintf(&q, " %s: counts(label: %s, by: %s, scope: %s%s) { key count direct via total }", scope, strings.ToUpper(label), dim, scope, arg)
	}
	q.WriteString(" }")
	a.must(q.String(), nil, &got)
	out := map[model.Scope]map[string]bucketAnswer{}
	for _, scope := range model.AllScope {
		out[scope] = map[string]bucketAnswer{}
		for _, b := range got[string(scope)] {
			want := map[model.Scope]int{model.ScopeDirect: b.Direct, model.ScopeVia: b.Via, model.ScopeAll: b.Total}[scope]
			if b.Direct+b.Via != b.Total || b.Count != want || b.Count == 0 {
				t.Errorf("%s by %s %s, bucket %s: count %d, direct %d + via %d = total %d: inconsistent", label, dim, scope, b.Key, b.Count, b.Direct, b.Via, b.Total)
			}
			out[scope][b.Key] = b
		}
	}
	for key, b := range out[model.ScopeAll] {
		if out[model.ScopeDirect][key].Count != b.Direct || out[model.ScopeVia][key].Count != b.Via {
			t.Errorf("%s by %s, bucket %s: ALL says direct %d, via %d; the DIRECT and VIA counts say %d, %d",
				label, dim, key, b.Direct, b.Via, out[model.ScopeDirect][key].Count, out[model.ScopeVia][key].Count)
		}
	}
	return out
}

// dating is an asOf day as the property asks it: the argument, and which documents are dated
// on or before it (nil without a day).
type dating struct {
	arg   string
	dated map[string]bool
}

// checkBucket asks one bucket's members, list and entity field in every scope in one request
// and holds each to the bucket's count (0 where the scope's counts leave the bucket out).
func checkBucket(t *testing.T, a *api, label string, dim model.Dimension, key string, counts map[model.Scope]map[string]bucketAnswer, page int, d dating) {
	t.Helper()
	filter := model.Memberships[dim].Filter
	bucketType := model.Memberships[dim].Bucket
	field, hasField := graph.MemberFieldFor(bucketType, label, dim)
	hasField = hasField && model.Memberships[dim].NodeBucket() && d.dated == nil
	keyType := "ID!"
	if filter == "sector" {
		keyType = "String!"
	}
	const conn = `totalCount nodes { id name } pageInfo { hasNextPage endCursor }`
	listQuery := func(scope model.Scope) string {
		return fmt.Sprintf(`%s(where: {%s: $lkey, scope: %s%s}, first: %d) { %s }`, listFields[label], filter, scope, d.arg, page, conn)
	}
	fieldQuery := func(scope model.Scope) string {
		return fmt.Sprintf(`%s(scope: %s, first: %d) { %s }`, field, scope, page, conn)
	}
	var q strings.Builder
	idVar := ""
	if hasField {
		idVar = ", $id: ID!"
	}
	fmt.Fprintf(&q, "query($key: String!, $lkey: %s%s) {", keyType, idVar)
	for _, scope := range model.AllScope {
		// ALL is DIRECT and VIA together: its members are held to their union below, and
		// their paths are the ones DIRECT and VIA show already.
		paths := " paths { length steps { evidence { quote offset document { id title } } } }"
		if scope == model.ScopeAll {
			paths = ""
		}
		fmt.Fprintf(&q, "\n m%s: members(label: %s, by: %s, key: $key, scope: %s%s, first: 100) { totalCount edges { scope node { id name }%s } }",
			scope, strings.ToUpper(label), dim, scope, d.arg, paths)
		fmt.Fprintf(&q, "\n l%s: %s", scope, listQuery(scope))
	}
	if hasField {
		fmt.Fprintf(&q, "\n node(id: $id) { ... on %s {", bucketType)
		for _, scope := range model.AllScope {
			fmt.Fprintf(&q, " f%s: %s", scope, fieldQuery(scope))
		}
		q.WriteString(" } }")
	}
	q.WriteString("\n}")
	vars := map[string]any{"key": key, "lkey": key}
	if hasField {
		vars["id"] = key
	}
	var data map[string]any
	a.must(q.String(), vars, &data)

	// pages gives a connection's totalCount and distinct ids on all its pages: the first page
	// from the answer, the others walked with the same selection.
	pages := func(what string, first idPage, walkQuery string, walkVars map[string]any, pick func(map[string]any) idPage) (int, map[string]bool) {
		if !first.PageInfo.HasNextPage {
			ids := map[string]bool{}
			for _, n := range first.Nodes {
				if ids[n.ID] {
					t.Errorf("%s: %s appears twice", what, n.ID)
				}
				ids[n.ID] = true
			}
			return first.TotalCount, ids
		}
		return a.walk(t, what, walkQuery, walkVars, pick)
	}
	scoped := map[string]string{} // member id → its scope, from the DIRECT and VIA lists
	complete := true              // every DIRECT and VIA member is on its first page
	for _, scope := range model.AllScope {
		what := fmt.Sprintf("%s by %s %s%s, bucket %s", label, dim, scope, d.arg, key)
		want := counts[scope][key].Count
		members := decode[membersAnswer](t, data["m"+string(scope)])
		if members.TotalCount != want {
			t.Errorf("%s: count %d, its members' totalCount %d", what, want, members.TotalCount)
		}
		if scope == model.ScopeAll {
			if complete && members.TotalCount <= len(members.Edges) {
				for _, m := range members.Edges {
					if scoped[m.Node.ID] != m.Scope {
						t.Errorf("%s: %s is a member of scope %s, but the DIRECT and VIA lists say %q", what, m.Node.ID, m.Scope, scoped[m.Node.ID])
					}
				}
				if len(members.Edges) != len(scoped) {
					t.Errorf("%s: %d members, DIRECT and VIA have %d together", what, len(members.Edges), len(scoped))
				}
			}
		} else {
			complete = complete && members.TotalCount <= len(members.Edges)
			for _, m := range members.Edges {
				scoped[m.Node.ID] = m.Scope
			}
		}
		for _, m := range members.Edges {
			if scope == model.ScopeAll {
				continue // no paths asked: see above
			}
			if m.Scope != string(scope) || len(m.Paths) == 0 {
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
					if d.dated != nil && !d.dated[s.Evidence.Document.ID] {
						t.Errorf("%s: a step from document %s, not dated on or before the day", what, s.Evidence.Document.ID)
					}
				}
			}
		}
		walkList := fmt.Sprintf(`query($lkey: %s, $after: String) { l: %s }`, keyType,
			strings.Replace(listQuery(scope), "first:", "after: $after, first:", 1))
		total, ids := pages(what+" list", decode[idPage](t, data["l"+string(scope)]), walkList, map[string]any{"lkey": key},
			func(d map[string]any) idPage { return decode[idPage](t, d["l"]) })
		if total != want || len(ids) != want {
			t.Errorf("%s: count %d, list totalCount %d, distinct ids on all pages %d", what, want, total, len(ids))
		}
		if !hasField {
			continue
		}
		node, _ := data["node"].(map[string]any)
		if node == nil {
			t.Errorf("%s: node(%q) answered nothing", what, key)
			continue
		}
		walkField := fmt.Sprintf(`query($id: ID!, $after: String) { node(id: $id) { ... on %s { f: %s } } }`, bucketType,
			strings.Replace(fieldQuery(scope), "first:", "after: $after, first:", 1))
		ftotal, fids := pages(what+" "+bucketType+"."+field, decode[idPage](t, node["f"+string(scope)]), walkField, map[string]any{"id": key},
			func(d map[string]any) idPage { return decode[idPage](t, d["node"].(map[string]any)["f"]) })
		if ftotal != want || len(fids) != want {
			t.Errorf("%s: count %d, %s.%s totalCount %d, distinct ids on all pages %d", what, want, bucketType, field, ftotal, len(fids))
		}
		for id := range ids {
			if !fids[id] {
				t.Errorf("%s: %s is in the list but not in %s.%s", what, id, bucketType, field)
			}
		}
	}
}

// countedAll sums the counts (scope ALL) of every label by every dimension, as of asOf when
// it is not "". The labels are asked in parallel subtests, as in checkMemberships.
func countedAll(t *testing.T, a *api, asOf string) int {
	arg := ""
	if asOf != "" {
		arg = fmt.Sprintf(", asOf: %q", asOf)
	}
	var mu sync.Mutex
	sum := 0
	t.Run("counted "+cmp.Or(asOf, "undated"), func(t *testing.T) {
		for _, label := range model.Labels {
			t.Run(label, func(t *testing.T) {
				t.Parallel()
				a := a.on(t)
				for _, dim := range model.Dimensions {
					var got struct{ Counts []bucketAnswer }
					a.must(fmt.Sprintf(`{ counts(label: %s, by: %s%s) { count } }`, strings.ToUpper(label), dim, arg), nil, &got)
					mu.Lock()
					for _, b := range got.Counts {
						sum += b.Count
					}
					mu.Unlock()
				}
			})
		}
	})
	return sum
}

// bigQueries lets the property ask a bucket's nine connections in one request.
var bigQueries = graph.Options{Introspection: true, MaxComplexity: 100000}

// TestEveryNumberIsItsList checks the membership property over the curated seeds, every bucket.
func TestEveryNumberIsItsList(t *testing.T) {
	checkMemberships(t, newAPIWith(t, bigQueries), everyBucket, 100, "")
}

// TestEveryNumberIsItsListAsOf checks the membership property as of days on the seeds: after
// the first dated document (2022-11-17) and after the second (2023-11-09). Before the first
// nothing counts; each day counts at least as much as the day before it, and less than the
// whole graph, whose undated documents never count.
func TestEveryNumberIsItsListAsOf(t *testing.T) {
	a := newAPIWith(t, bigQueries)
	all := countedAll(t, a, "")
	prev := 0
	for _, tt := range []struct {
		asOf string
		some bool
	}{{"2022-11-16", false}, {"2022-12-31", true}, {"2023-12-31", true}} {
		var got int
		if tt.asOf == "2023-12-31" {
			// A sample on the last day: every bucket is checked without a day, and the day
			// only narrows the same queries (the counts above hold every day). The sample
			// (everyStepKind) still holds every label, dimension, scope and relationship type
			// of the seeds' memberships. The walk asks every bucket's counts as of the day,
			// so its sum is countedAll's, without asking them again.
			got = checkMemberships(t, a, everyStepKind, 100, tt.asOf)
		} else {
			got = countedAll(t, a, tt.asOf)
		}
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
	a := newAPIWith(t, bigQueries)
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
	checkMemberships(t, a, spread(2), 10, "")
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
	var cells atomic.Int64
	// Each matrix in a parallel subtest of its own: they only read the seeds, and the group
	// returns when all are done, so the count below sees every cell.
	t.Run("matrices", func(t *testing.T) {
		for _, label := range []string{"INITIATIVE", "ORGANISATION"} {
			for _, columns := range []string{"THEME", "BOUWSTEEN"} {
				for _, scope := range model.AllScope {
					// As of a day only in scope ALL, which holds the DIRECT and VIA members alike.
					days := []string{""}
					if scope == model.ScopeAll {
						days = append(days, `, asOf: "2023-12-31"`)
					}
					for _, arg := range days {
						t.Run(fmt.Sprintf("%s×%s %s%s", label, columns, scope, arg), func(t *testing.T) {
							t.Parallel()
							a := a.on(t)
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
								cells.Add(1)
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
						})
					}
				}
			}
		}
	})
	if cells.Load() == 0 {
		t.Fatal("no coverage cell in the seeds: the test proves nothing")
	}
}
