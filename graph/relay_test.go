package graph_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"
)

// TestPartialResults: a root field that fails alone leaves the other root fields' data in
// place, and its error says where (the widget of a dashboard that failed).
func TestPartialResults(t *testing.T) {
	a := newAPI(t)
	var got struct {
		OK *struct {
			TotalCount int `json:"totalCount"`
		} `json:"ok"`
		Bad *[]any `json:"bad"`
	}
	errs := a.do(`{ ok: regions(first: 1) { totalCount } bad: similarInitiatives(id: "initiative-nope") { score } }`, nil, &got)
	if got.OK == nil || got.OK.TotalCount == 0 {
		t.Errorf("data.ok = %+v, want the regions' total", got.OK)
	}
	if got.Bad != nil {
		t.Errorf("data.bad = %v, want null", *got.Bad)
	}
	if len(errs) != 1 || errs[0].Extensions["code"] != "NOT_FOUND" {
		t.Errorf("errors = %+v, want one NOT_FOUND for bad", errs)
	}
}

type pageInfo struct {
	HasNextPage     bool    `json:"hasNextPage"`
	HasPreviousPage bool    `json:"hasPreviousPage"`
	StartCursor     *string `json:"startCursor"`
	EndCursor       *string `json:"endCursor"`
}

type connPage struct {
	TotalCount int `json:"totalCount"`
	Edges      []struct {
		ID     string `json:"id"`
		Cursor string `json:"cursor"`
		Node   struct {
			ID string `json:"id"`
		} `json:"node"`
	} `json:"edges"`
	Nodes []struct {
		ID string `json:"id"`
	} `json:"nodes"`
	PageInfo pageInfo `json:"pageInfo"`
}

// key is what identifies an edge in a connection: its id where it has one, else its node's.
func (p connPage) keys() []string {
	out := make([]string, len(p.Edges))
	for i, e := range p.Edges {
		out[i] = e.ID
		if out[i] == "" {
			out[i] = e.Node.ID
		}
	}
	return out
}

// check asserts a page's own consistency: nodes are the edges' nodes, the page info's cursors
// are the first and last edge's.
func (p connPage) check(t *testing.T, what string) {
	t.Helper()
	if len(p.Nodes) != len(p.Edges) {
		t.Fatalf("%s: %d nodes for %d edges", what, len(p.Nodes), len(p.Edges))
	}
	for i, e := range p.Edges {
		if e.Node.ID != p.Nodes[i].ID || e.Cursor == "" {
			t.Errorf("%s: edge %d = %+v, node %s; want the same node and a cursor", what, i, e, p.Nodes[i].ID)
		}
	}
	if n := len(p.Edges); n > 0 {
		if p.PageInfo.StartCursor == nil || *p.PageInfo.StartCursor != p.Edges[0].Cursor ||
			p.PageInfo.EndCursor == nil || *p.PageInfo.EndCursor != p.Edges[n-1].Cursor {
			t.Errorf("%s: pageInfo %+v, want the first and last edge's cursors", what, p.PageInfo)
		}
	} else if p.PageInfo.StartCursor != nil || p.PageInfo.EndCursor != nil {
		t.Errorf("%s: empty page with cursors %+v", what, p.PageInfo)
	}
}

// walk pages a connection to its end, forward (first/after) or backward (last/before), and
// returns the keys in list order. fetch gets the page arguments and returns the connection.
func walk(t *testing.T, what string, size int, backward bool, fetch func(args string) connPage) ([]string, int) {
	t.Helper()
	var keys []string
	cursor := ""
	for range 200 {
		args := fmt.Sprintf("first: %d", size)
		if backward {
			args = fmt.Sprintf("last: %d", size)
		}
		if cursor != "" {
			args += map[bool]string{false: ", after: ", true: ", before: "}[backward] + fmt.Sprintf("%q", cursor)
		}
		p := fetch(args)
		p.check(t, what+"("+args+")")
		if len(p.Edges) > size {
			t.Fatalf("%s(%s): %d edges", what, args, len(p.Edges))
		}
		more, other := p.PageInfo.HasNextPage, p.PageInfo.HasPreviousPage
		if backward {
			more, other = other, more
			keys = append(p.keys(), keys...)
		} else {
			keys = append(keys, p.keys()...)
		}
		if other != (cursor != "") {
			t.Errorf("%s(%s): pageInfo %+v: the side the cursor came from should say a page is there", what, args, p.PageInfo)
		}
		if !more {
			return keys, p.TotalCount
		}
		if backward {
			cursor = *p.PageInfo.StartCursor
		} else {
			cursor = *p.PageInfo.EndCursor
		}
	}
	t.Fatalf("%s: still paging after 200 pages", what)
	return nil, 0
}

// checkBothWays pages a connection forward and backward in small pages and compares with
// one large page: the same items, each once, in the same order, as many as totalCount.
func checkBothWays(t *testing.T, what string, fetch func(args string) connPage) {
	t.Helper()
	all := fetch("first: 100")
	all.check(t, what)
	want := all.keys()
	fwd, total := walk(t, what, 3, false, fetch)
	back, _ := walk(t, what, 3, true, fetch)
	if !slices.Equal(fwd, want) || !slices.Equal(back, want) {
		t.Errorf("%s: paged forward %v,\nbackward %v,\nwant %v", what, fwd, back, want)
	}
	sorted := slices.Clone(want)
	slices.Sort(sorted)
	if len(slices.Compact(sorted)) != len(want) {
		t.Errorf("%s: an item appears twice: %v", what, want)
	}
	if total != len(want) {
		t.Errorf("%s: totalCount %d, paged %d", what, total, len(want))
	}
	if len(want) > 4 { // a window between two cursors
		between := fetch(fmt.Sprintf("first: 100, after: %q, before: %q", all.Edges[0].Cursor, all.Edges[4].Cursor))
		if got := between.keys(); !slices.Equal(got, want[1:4]) {
			t.Errorf("%s between edges 0 and 4 = %v, want %v", what, got, want[1:4])
		}
	}
}

// TestConnectionsPageBothWays: every list, a relation connection and a mention connection page
// to their end in both directions with Relay's arguments.
func TestConnectionsPageBothWays(t *testing.T) {
	a := newAPI(t)
	const page = `totalCount edges { cursor node { id } } nodes { id }
	  pageInfo { hasNextPage hasPreviousPage startCursor endCursor }`
	for _, list := range []string{"regions", "initiatives", "organisations", "people", "bouwstenen", "events", "themes", "programmes", "documents"} {
		for _, order := range []string{"{field: NAME, direction: ASC}", "{field: MENTIONS, direction: DESC}", "[{field: MENTIONS, direction: DESC}, {field: NAME, direction: DESC}]"} {
			what := list + " by " + order
			t.Run(what, func(t *testing.T) {
				t.Parallel() // read-only pages of the shared seeds
				a := a.on(t)
				checkBothWays(t, what, func(args string) connPage {
					var got map[string]connPage
					a.must(fmt.Sprintf(`{ %s(orderBy: %s, %s) { %s } }`, list, order, args, page), nil, &got)
					return got[list]
				})
			})
		}
	}
	var busiest struct {
		Organisations struct{ Nodes []named }
	}
	a.must(`{ organisations(first: 1, orderBy: {field: MENTIONS, direction: DESC}) { nodes { id name } } }`, nil, &busiest)
	id := busiest.Organisations.Nodes[0].ID
	t.Run("relations of "+id, func(t *testing.T) {
		t.Parallel() // read-only pages of the shared seeds
		a := a.on(t)
		checkBothWays(t, "relations", func(args string) connPage {
			var got struct{ Node struct{ Relations connPage } }
			a.must(fmt.Sprintf(`{ node(id: %q) { ... on Entity { relations(%s) { totalCount
			  edges { id cursor node { id } } nodes { id } pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } } } }`, id, args), nil, &got)
			return got.Node.Relations
		})
	})
	// Member connections: a bucket's members, the same set as an entity page's field, and a
	// filtered list of the same members, in every scope.
	var buckets struct{ Counts []struct{ Key string } }
	a.must(`{ counts(label: INITIATIVE, by: THEME) { key } }`, nil, &buckets)
	theme := buckets.Counts[0].Key
	const members = `totalCount edges { id cursor node { id } } nodes { id } pageInfo { hasNextPage hasPreviousPage startCursor endCursor }`
	for _, scope := range []string{"ALL", "DIRECT", "VIA"} {
		t.Run("members of "+theme+" "+scope, func(t *testing.T) {
			t.Parallel() // read-only pages of the shared seeds
			a := a.on(t)
			checkBothWays(t, "members", func(args string) connPage {
				var got struct{ Members connPage }
				a.must(fmt.Sprintf(`{ members(label: INITIATIVE, by: THEME, key: %q, scope: %s, %s) { %s } }`, theme, scope, args, members), nil, &got)
				return got.Members
			})
		})
		t.Run("Theme.initiatives of "+theme+" "+scope, func(t *testing.T) {
			t.Parallel() // read-only pages of the shared seeds
			a := a.on(t)
			checkBothWays(t, "Theme.initiatives", func(args string) connPage {
				var got struct {
					Node struct{ Initiatives connPage }
				}
				a.must(fmt.Sprintf(`{ node(id: %q) { ... on Theme { initiatives(scope: %s, %s) { %s } } } }`, theme, scope, args, members), nil, &got)
				return got.Node.Initiatives
			})
		})
		t.Run("initiatives where theme "+theme+" "+scope, func(t *testing.T) {
			t.Parallel() // read-only pages of the shared seeds
			a := a.on(t)
			checkBothWays(t, "initiatives where theme", func(args string) connPage {
				var got struct{ Initiatives connPage }
				a.must(fmt.Sprintf(`{ initiatives(where: {theme: %q, scope: %s}, %s) { %s } }`, theme, scope, args, page), nil, &got)
				return got.Initiatives
			})
		})
	}
	var cov struct {
		Coverage struct {
			Cells []struct{ ID, Row, Column string }
		}
	}
	a.must(`{ coverage { cells { id row column } } }`, nil, &cov)
	if len(cov.Coverage.Cells) == 0 {
		t.Fatal("coverage: no cells")
	}
	cell := cov.Coverage.Cells[0]
	t.Run("coverage cell "+cell.ID, func(t *testing.T) {
		t.Parallel() // read-only pages of the shared seeds
		a := a.on(t)
		checkBothWays(t, "cell members", func(args string) connPage {
			var got struct {
				Coverage struct {
					Cells []struct {
						Row, Column string
						Members     connPage
					}
				}
			}
			a.must(fmt.Sprintf(`{ coverage { cells { row column members(%s) { %s } } } }`, args, members), nil, &got)
			for _, c := range got.Coverage.Cells {
				if c.Row == cell.Row && c.Column == cell.Column {
					return c.Members
				}
			}
			t.Fatalf("coverage: cell %s lost", cell.ID)
			return connPage{}
		})
	})
	t.Run("mentions of "+id, func(t *testing.T) {
		t.Parallel() // read-only pages of the shared seeds
		a := a.on(t)
		checkBothWays(t, "mentions", func(args string) connPage {
			var got struct{ Node struct{ Mentions connPage } }
			a.must(fmt.Sprintf(`{ node(id: %q) { ... on Entity { mentions(%s) { totalCount
			  edges { cursor node { id } } nodes { id } pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } } } }`, id, args), nil, &got)
			// mentions' nodes are Mentions: their ids identify them.
			for i := range got.Node.Mentions.Edges {
				got.Node.Mentions.Edges[i].ID = got.Node.Mentions.Edges[i].Node.ID
			}
			return got.Node.Mentions
		})
	})
}

// TestPageArgumentsRefused: first with last, bad cursors and sizes over the limit are
// BAD_USER_INPUT that names the argument.
func TestPageArgumentsRefused(t *testing.T) {
	a := newAPI(t)
	tests := []struct{ name, query, wantMsg string }{
		{"first and last", `{ regions(first: 2, last: 2) { totalCount } }`, "first or last"},
		{"last too big", `{ regions(last: 101) { totalCount } }`, "last must be between 0 and 100"},
		{"bad before", `{ regions(last: 2, before: "nope") { totalCount } }`, "before:"},
		{"bad relation after", `{ node(id: "org-veens-welzijn") { ... on Entity { relations(after: "bzox") { totalCount } } } }`, "after:"},
		{"bad mention before", `{ node(id: "org-veens-welzijn") { ... on Entity { mentions(last: 1, before: "x") { totalCount } } } }`, "before:"},
		{"relation last too big", `{ node(id: "org-veens-welzijn") { ... on Entity { relations(last: 201) { totalCount } } } }`, "last must be between 0 and 200"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			errs := a.do(tt.query, nil, nil)
			if len(errs) != 1 || errs[0].Extensions["code"] != "BAD_USER_INPUT" || !strings.Contains(errs[0].Message, tt.wantMsg) {
				t.Errorf("%s: errors = %+v, want one BAD_USER_INPUT saying %q", tt.query, errs, tt.wantMsg)
			}
		})
	}
}

// TestStableIDs: the objects a client cache normalises have ids that name them: the two ends
// of one relationship see different ids with the same relationshipId (NetworkEdge's id); an
// edge has the same cursor in every list it is in; evidence, mentions, similar pairs, buckets
// and brokers have ids that stay the same from one request to the next and differ between
// different objects.
func TestStableIDs(t *testing.T) {
	a := newAPI(t)
	type relEdge struct {
		ID             string
		RelationshipID string
		Cursor         string
		Direction      string
		Node           named
		Evidence       struct{ ID string }
	}
	type rels struct {
		Edges []relEdge
	}
	var got struct {
		Node struct {
			Name     string
			Regions  rels
			Located  rels `json:"located"`
			Evidence []struct{ ID string }
		}
	}
	query := `{ node(id: "initiative-passende-samenwerking-foodvalley") { ... on Initiative { name
	  regions { edges { id relationshipId cursor direction node { id name } evidence { id } } }
	  located: relations(types: [LOCATED_IN], direction: OUT) { edges { id relationshipId cursor direction node { id name } evidence { id } } }
	  evidence { id } } } }`
	a.must(query, nil, &got)
	if len(got.Node.Regions.Edges) == 0 {
		t.Fatalf("%s has no regions", got.Node.Name)
	}
	if !slices.Equal(got.Node.Regions.Edges, got.Node.Located.Edges) {
		t.Errorf("regions = %+v,\nrelations(LOCATED_IN, OUT) = %+v: the same edges should have the same ids and cursors", got.Node.Regions.Edges, got.Node.Located.Edges)
	}
	out := got.Node.Regions.Edges[0]
	// Region.initiatives lists members (by the membership table); the region's own view of
	// the relationship is in its relations.
	var back struct {
		Node struct {
			Relations rels
		}
	}
	a.must(fmt.Sprintf(`{ node(id: %q) { ... on Region { relations(types: [LOCATED_IN], direction: IN, first: 200) { edges { id relationshipId cursor direction node { id name } evidence { id } } } } } }`, out.Node.ID), nil, &back)
	var in *relEdge
	for i, e := range back.Node.Relations.Edges {
		if e.RelationshipID == out.RelationshipID {
			in = &back.Node.Relations.Edges[i]
		}
	}
	switch {
	case in == nil:
		t.Errorf("relationship %s is not among %s's initiatives", out.RelationshipID, out.Node.ID)
	case in.ID == out.ID || in.Direction == out.Direction || in.Cursor == out.Cursor:
		t.Errorf("the two ends of relationship %s: %+v and %+v, want different ids, directions and cursors", out.RelationshipID, out, *in)
	case in.Evidence.ID != out.Evidence.ID:
		t.Errorf("the two ends of relationship %s have evidence %s and %s, want the same", out.RelationshipID, out.Evidence.ID, in.Evidence.ID)
	}

	// NetworkEdge.id is the relationshipId of the same relationship seen as an edge.
	var net struct {
		LearningNetwork struct {
			Edges []struct{ ID, Source, Target string }
		}
	}
	a.must(`{ learningNetwork { edges { id source target } } }`, nil, &net)
	if len(net.LearningNetwork.Edges) == 0 {
		t.Fatal("the learning network has no edges")
	}
	ne := net.LearningNetwork.Edges[0]
	var from struct{ Node struct{ Relations rels } }
	a.must(fmt.Sprintf(`{ node(id: %q) { ... on Entity { relations(types: [LEARNS_FROM, INSPIRES], direction: OUT, first: 200) { edges { id relationshipId cursor direction node { id name } evidence { id } } } } } }`, ne.Source), nil, &from)
	if !slices.ContainsFunc(from.Node.Relations.Edges, func(e relEdge) bool { return e.RelationshipID == ne.ID && e.Node.ID == ne.Target }) {
		t.Errorf("network edge %+v is not among %s's relations %+v", ne, ne.Source, from.Node.Relations.Edges)
	}

	// Ids of the other cacheable objects: unique within an answer, the same in the next one.
	idsOf := func() []string {
		var got struct {
			Node struct {
				Evidence []struct{ ID string }
				Mentions struct{ Nodes []struct{ ID string } }
			}
			SimilarInitiatives []struct{ ID string }
			Counts             []struct{ ID string }
			Direct             []struct{ ID string }
			Brokers            []struct{ ID string }
			Members            struct{ Edges []struct{ ID string } }
			Via                struct{ Edges []struct{ ID string } }
			Coverage           struct {
				Cells []struct {
					ID      string
					Members struct{ Edges []struct{ ID string } }
				}
			}
		}
		a.must(`{ node(id: "initiative-passende-samenwerking-foodvalley") { ... on Entity { evidence { id } mentions { nodes { id } } } }
		  similarInitiatives(id: "initiative-passende-samenwerking-foodvalley") { id }
		  counts(label: INITIATIVE, by: REGION) { id } direct: counts(label: INITIATIVE, by: REGION, scope: DIRECT) { id } brokers { id }
		  members(label: INITIATIVE, by: REGION, key: "region-foodvalley", scope: DIRECT, first: 100) { edges { id } }
		  via: members(label: INITIATIVE, by: REGION, key: "region-foodvalley", scope: VIA, first: 100) { edges { id } }
		  coverage { cells { id members(first: 100) { edges { id } } } } }`, nil, &got)
		var ids []string
		for _, e := range got.Node.Evidence {
			ids = append(ids, e.ID)
		}
		for _, m := range got.Node.Mentions.Nodes {
			ids = append(ids, m.ID)
		}
		for _, s := range got.SimilarInitiatives {
			ids = append(ids, s.ID)
		}
		for _, b := range got.Counts {
			ids = append(ids, b.ID)
		}
		for _, b := range got.Brokers {
			ids = append(ids, b.ID)
		}
		for _, b := range got.Direct {
			ids = append(ids, b.ID)
		}
		for _, m := range append(got.Members.Edges, got.Via.Edges...) {
			ids = append(ids, m.ID)
		}
		for _, c := range got.Coverage.Cells {
			ids = append(ids, c.ID)
			for _, m := range c.Members.Edges {
				ids = append(ids, m.ID)
			}
		}
		return ids
	}
	first, second := idsOf(), idsOf()
	if !slices.Equal(first, second) {
		t.Errorf("ids changed between two requests:\n%v\n%v", first, second)
	}
	unique := slices.Clone(first)
	slices.Sort(unique)
	if slices.Contains(first, "") || len(slices.Compact(unique)) != len(first) {
		t.Errorf("ids are empty or not unique: %v", first)
	}
}

// TestDeferIsNotAdvertised: the endpoint does not stream, so the schema does not declare
// @defer and an operation using it is refused instead of silently answered in one piece. And
// every directive location introspection shows is one graphql-js 16 (the tools' parser) knows.
func TestDeferIsNotAdvertised(t *testing.T) {
	a := newAPI(t)
	var got struct {
		Schema struct {
			Directives []struct {
				Name      string
				Locations []string
			}
		} `json:"__schema"`
	}
	a.must(`{ __schema { directives { name locations } } }`, nil, &got)
	known := map[string]bool{}
	for _, l := range strings.Fields(`QUERY MUTATION SUBSCRIPTION FIELD FRAGMENT_DEFINITION FRAGMENT_SPREAD
	  INLINE_FRAGMENT VARIABLE_DEFINITION SCHEMA SCALAR OBJECT FIELD_DEFINITION ARGUMENT_DEFINITION
	  INTERFACE UNION ENUM ENUM_VALUE INPUT_OBJECT INPUT_FIELD_DEFINITION`) {
		known[l] = true
	}
	for _, d := range got.Schema.Directives {
		if d.Name == "defer" {
			t.Errorf("introspection lists @defer")
		}
		for _, l := range d.Locations {
			if !known[l] {
				t.Errorf("@%s is declared on %s, which graphql-js 16 cannot parse", d.Name, l)
			}
		}
	}
	errs := a.do(`{ regions(first: 1) { ... @defer { totalCount } } }`, nil, nil)
	if len(errs) != 1 || errs[0].Extensions["code"] != "GRAPHQL_VALIDATION_FAILED" {
		t.Errorf("a query with @defer: errors = %+v, want GRAPHQL_VALIDATION_FAILED", errs)
	}
}
