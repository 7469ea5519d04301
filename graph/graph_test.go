package graph_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/metandereogen/maograph/graph"
	"github.com/metandereogen/maograph/graph/model"
	"github.com/metandereogen/maograph/store"
	"github.com/metandereogen/maograph/store/storetest"
	"github.com/metandereogen/maograph/timing"
)

// Every answer the tests ask for is checked against gqlgen's executor: the direct writer must
// give the same bytes or leave the operation to it (graph/direct.go).
func TestMain(m *testing.M) {
	graph.CompareExecutors(func(ctx context.Context) context.Context {
		ctx, _ = store.WithQueryCounter(ctx)
		ctx, _ = store.WithStatementTime(ctx)
		return timing.NewContext(ctx, nil)
	})
	os.Exit(storetest.MainBusy(m))
}

type gqlError struct {
	Message    string         `json:"message"`
	Extensions map[string]any `json:"extensions"`
}

type api struct {
	t       *testing.T
	h       http.Handler
	inner   http.Handler // the GraphQL handler h serves, without the round-trip counter
	queries atomic.Int64 // Cypher round trips of the last request
}

// newAPI serves the GraphQL handler over the seeded real Neo4j, counting each request's
// round trips to the database.
func newAPI(t *testing.T) *api {
	t.Helper()
	return newAPIWith(t, graph.Options{Introspection: true})
}

// newAPIWith is newAPI with other limits.
func newAPIWith(t *testing.T, opts graph.Options) *api {
	t.Helper()
	if opts.Timeout == 0 {
		// A busy machine must not fail a test that asserts answers, not speed.
		opts.Timeout = 2 * time.Minute
	}
	s := storetest.Seeded(t)
	return serve(t, graph.NewHandler(&graph.Resolver{Store: s}, opts))
}

// serve wraps a GraphQL handler in an api that reports to t and counts round trips.
func serve(t *testing.T, h http.Handler) *api {
	a := &api{t: t, inner: h}
	a.h = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx, n := store.WithQueryCounter(r.Context())
		h.ServeHTTP(w, r.WithContext(ctx))
		a.queries.Store(n.Load())
	})
	return a
}

// on returns an api on the same handler (same store, same caches) that reports to t: a
// parallel subtest must fail through its own t, never its parent's.
func (a *api) on(t *testing.T) *api { return serve(t, a.inner) }

// do posts a query and decodes data into out; it returns the GraphQL errors.
func (a *api) do(query string, vars map[string]any, out any) []gqlError {
	a.t.Helper()
	body, _ := json.Marshal(map[string]any{"query": query, "variables": vars})
	req := httptest.NewRequest(http.MethodPost, "/graphql", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	rec := httptest.NewRecorder()
	a.h.ServeHTTP(rec, req)
	raw, _ := io.ReadAll(rec.Body)
	var resp struct {
		Data   json.RawMessage `json:"data"`
		Errors []gqlError      `json:"errors"`
	}
	if err := json.Unmarshal(raw, &resp); err != nil {
		a.t.Fatalf("response is not JSON (%d): %s", rec.Code, raw)
	}
	if out != nil && len(resp.Data) > 0 && string(resp.Data) != "null" {
		if err := json.Unmarshal(resp.Data, out); err != nil {
			a.t.Fatalf("decode data: %v\n%s", err, resp.Data)
		}
	}
	return resp.Errors
}

// must posts a query that must succeed.
func (a *api) must(query string, vars map[string]any, out any) {
	a.t.Helper()
	if errs := a.do(query, vars, out); len(errs) > 0 {
		a.t.Fatalf("query failed: %+v\n%s", errs, query)
	}
}

type named struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

type evidence struct {
	Quote    string `json:"quote"`
	Offset   int    `json:"offset"`
	Document struct {
		ID    string `json:"id"`
		Title string `json:"title"`
		Text  string `json:"text"`
	} `json:"document"`
}

// checkEvidence asserts that a quote really stands at its offset in its document.
func checkEvidence(t *testing.T, what string, e evidence) {
	t.Helper()
	if e.Quote == "" || e.Document.ID == "" || e.Document.Title == "" {
		t.Errorf("%s: evidence %+v lacks quote or document", what, e)
		return
	}
	if e.Document.Text == "" {
		return
	}
	text := []rune(e.Document.Text)
	first := strings.Fields(e.Quote)[0]
	if e.Offset < 0 || e.Offset >= len(text) || !strings.HasPrefix(string(text[e.Offset:]), strings.Trim(first, `"“”‘’'`)) &&
		!strings.HasPrefix(string(text[e.Offset+1:]), strings.Trim(first, `"“”‘’'`)) {
		t.Errorf("%s: document text at offset %d does not start with the quote %q", what, e.Offset, e.Quote)
	}
}

func TestNode(t *testing.T) {
	a := newAPI(t)
	var got struct {
		Node *struct {
			Name   string `json:"name"`
			Sector string `json:"sector"`
			People struct {
				Edges []struct {
					Type     string   `json:"type"`
					Role     string   `json:"role"`
					Node     named    `json:"node"`
					Evidence evidence `json:"evidence"`
				} `json:"edges"`
			} `json:"people"`
		} `json:"node"`
		Missing *named `json:"missing"`
	}
	a.must(`{
	  node(id: "org-veens-welzijn") { ... on Organisation { name sector
	    people { edges { type role node { id name } evidence { quote offset document { id title text } } } } } }
	  missing: node(id: "org-bestaat-niet") { id }
	}`, nil, &got)
	if got.Node == nil || got.Node.Name != "Veens Welzijn" || got.Node.Sector != "welzijn" {
		t.Fatalf("node(org-veens-welzijn) = %+v, want Veens Welzijn, sector welzijn", got.Node)
	}
	var leader bool
	for _, e := range got.Node.People.Edges {
		checkEvidence(t, "Veens Welzijn people", e.Evidence)
		if e.Type == "LEADS" && e.Node.ID == "person-peet-de-graaf" && e.Role == "directeur-bestuurder" {
			leader = true
		}
	}
	if !leader {
		t.Errorf("Veens Welzijn people = %+v, want Peet de Graaf LEADS as directeur-bestuurder", got.Node.People.Edges)
	}
	if got.Missing != nil {
		t.Errorf("node(missing) = %+v, want null", got.Missing)
	}
}

func TestListsFilterAndPaginate(t *testing.T) {
	a := newAPI(t)
	type page struct {
		Nodes      []named `json:"nodes"`
		TotalCount int     `json:"totalCount"`
		PageInfo   struct {
			HasNextPage bool   `json:"hasNextPage"`
			EndCursor   string `json:"endCursor"`
		} `json:"pageInfo"`
	}
	var all struct{ People page }
	a.must(`{ people(first: 100) { nodes { id name } totalCount pageInfo { hasNextPage endCursor } } }`, nil, &all)
	if len(all.People.Nodes) != all.People.TotalCount || all.People.PageInfo.HasNextPage {
		t.Fatalf("people(first:100) gave %d of totalCount %d, hasNextPage %v", len(all.People.Nodes), all.People.TotalCount, all.People.PageInfo.HasNextPage)
	}
	var walked []named
	after := ""
	for range 20 {
		var p struct{ People page }
		a.must(`query($after: String) { people(first: 5, after: $after) { nodes { id name } totalCount pageInfo { hasNextPage endCursor } } }`,
			map[string]any{"after": after}, &p)
		walked = append(walked, p.People.Nodes...)
		if !p.People.PageInfo.HasNextPage {
			break
		}
		after = p.People.PageInfo.EndCursor
	}
	if !slices.Equal(walked, all.People.Nodes) {
		t.Errorf("paging by 5 gave %d people, want the same %d in the same order as one page", len(walked), len(all.People.Nodes))
	}

	tests := []struct {
		name, query string
		want        []string // ids that must be in the answer
		notWant     []string
	}{
		{"regions in a region: its parts, not itself", `{ list: regions(where: {region: "region-haaglanden"}) { nodes { id name } } }`,
			[]string{"region-den-haag"}, []string{"region-veenendaal", "region-haaglanden"}},
		{"initiatives in a region", `{ list: initiatives(where: {region: "region-holland-rijnland"}) { nodes { id name } } }`,
			[]string{"initiative-holland-rijnland-methode"}, []string{"initiative-buitenkans"}},
		{"theme", `{ list: initiatives(where: {theme: "theme-thuiszitters"}) { nodes { id name } } }`,
			[]string{"initiative-buurtteam-vo-so", "initiative-holland-rijnland-methode"}, []string{"initiative-koffieochtenden-veenendaal"}},
		{"bouwsteen", `{ list: initiatives(where: {bouwsteen: "bouwsteen-mao-dialoog-6-2"}) { nodes { id name } } }`,
			[]string{"initiative-passende-samenwerking-foodvalley"}, []string{"initiative-buurtteam-vo-so"}},
		{"sector", `{ list: organisations(where: {sector: "samenwerkingsverband"}) { nodes { id name } } }`,
			[]string{"org-swv-po-de-meierij", "org-ppo-nk"}, []string{"org-cello"}},
		{"document", `{ list: people(where: {document: "doc-mao-dialoog-6"}) { nodes { id name } } }`,
			[]string{"person-bas-wijnen"}, []string{"person-peet-de-graaf"}},
		{"event", `{ list: people(where: {event: "event-dialoogsessie-6"}) { nodes { id name } } }`,
			[]string{"person-astrid-ottenheym"}, []string{"person-emma-kager"}},
		{"name contains", `{ list: organisations(where: {nameContains: "swv"}) { nodes { id name } } }`,
			[]string{"org-swv-po-de-meierij"}, []string{"org-veens-welzijn"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got struct{ List page }
			a.must(tt.query, nil, &got)
			ids := map[string]bool{}
			for _, n := range got.List.Nodes {
				ids[n.ID] = true
			}
			for _, w := range tt.want {
				if !ids[w] {
					t.Errorf("%s: %v lacks %s", tt.query, got.List.Nodes, w)
				}
			}
			for _, w := range tt.notWant {
				if ids[w] {
					t.Errorf("%s: %v includes %s", tt.query, got.List.Nodes, w)
				}
			}
		})
	}

	var byMentions struct {
		People struct {
			Nodes []struct {
				MentionCount int `json:"mentionCount"`
			} `json:"nodes"`
		} `json:"people"`
	}
	a.must(`{ people(first: 100, orderBy: {field: MENTIONS, direction: DESC}) { nodes { mentionCount } } }`, nil, &byMentions)
	for i := 1; i < len(byMentions.People.Nodes); i++ {
		if byMentions.People.Nodes[i].MentionCount > byMentions.People.Nodes[i-1].MentionCount {
			t.Fatalf("people ordered by MENTIONS DESC are not descending at %d", i)
		}
	}
}

func TestSearch(t *testing.T) {
	a := newAPI(t)
	type hit struct {
		Score   float64 `json:"score"`
		Snippet string  `json:"snippet"`
		Node    struct {
			Typename string `json:"__typename"`
			ID       string `json:"id"`
		} `json:"node"`
	}
	var got struct{ Search []hit }
	a.must(`{ search(query: "thuiszitters", types: [INITIATIVE], first: 3) { score snippet node { __typename id } } }`, nil, &got)
	var ids []string
	for _, h := range got.Search {
		ids = append(ids, h.Node.ID)
		if !strings.Contains(h.Snippet, "<mark>") {
			t.Errorf("hit %s snippet %q has no <mark>", h.Node.ID, h.Snippet)
		}
		if h.Node.Typename != "Initiative" {
			t.Errorf("search with types [INITIATIVE] returned a %s", h.Node.Typename)
		}
	}
	for _, want := range []string{"initiative-buurtteam-vo-so", "initiative-holland-rijnland-methode"} {
		if !slices.Contains(ids, want) {
			t.Errorf("search(thuiszitters) top 3 initiatives = %v, want %s among them", ids, want)
		}
	}

	// Dutch stemming: "ouder" finds "ouders" and "ouderbetrokkenheid" is a theme of its own.
	var ouders struct{ Search []hit }
	a.must(`{ search(query: "ouder", first: 10) { score snippet node { __typename id } } }`, nil, &ouders)
	if len(ouders.Search) == 0 {
		t.Errorf("search(ouder) found nothing; the Dutch analyzer should match ouders")
	}

	// Lucene syntax typed by a user is text, never syntax: no error, same meaning as the words.
	for _, q := range []string{`thuiszitters AND (`, `name:"x`, `*`, `ouders~2 OR [a TO z]`, `\`, `NOT`, `)))(((`, `title:/regex/`} {
		if errs := a.do(`query($q: String!) { search(query: $q) { node { id } } }`, map[string]any{"q": q}, nil); len(errs) > 0 {
			t.Errorf("search(%q) errors = %+v, want none", q, errs)
		}
	}
	errs := a.do(`{ search(query: "   ") { node { id } } }`, nil, nil)
	if len(errs) != 1 || errs[0].Extensions["code"] != "BAD_USER_INPUT" {
		t.Errorf("search(blank) errors = %+v, want BAD_USER_INPUT", errs)
	}
}

func TestLearning(t *testing.T) {
	a := newAPI(t)
	var got struct {
		Node struct {
			LearnsFrom struct {
				TotalCount int `json:"totalCount"`
				Edges      []struct {
					Type     string   `json:"type"`
					Node     named    `json:"node"`
					Evidence evidence `json:"evidence"`
				} `json:"edges"`
			} `json:"learnsFrom"`
		} `json:"node"`
	}
	a.must(`{ node(id: "region-almere") { ... on Region { learnsFrom { totalCount edges { type node { id name } evidence { quote offset document { id title text } } } } } } }`, nil, &got)
	if got.Node.LearnsFrom.TotalCount == 0 {
		t.Fatal("learnsFrom of Almere is empty")
	}
	for _, e := range got.Node.LearnsFrom.Edges {
		checkEvidence(t, "Almere learnsFrom", e.Evidence)
	}

	// De Meierij: the school learns from youth care and the other way round.
	var meierij struct {
		Node struct {
			LearnsFrom, Inspires struct {
				Edges []struct{ Node named } `json:"edges"`
			}
		} `json:"node"`
	}
	a.must(`{ node(id: "org-swv-po-de-meierij") { ... on Organisation {
	  learnsFrom { edges { node { id name } } } inspires { edges { node { id name } } } } } }`, nil, &meierij)
	has := func(edges []struct{ Node named }, id string) bool {
		return slices.ContainsFunc(edges, func(e struct{ Node named }) bool { return e.Node.ID == id })
	}
	if !has(meierij.Node.LearnsFrom.Edges, "org-cello") || !has(meierij.Node.Inspires.Edges, "org-cello") {
		t.Errorf("SWV PO de Meierij learnsFrom %v / inspires %v, want Cello in both", meierij.Node.LearnsFrom.Edges, meierij.Node.Inspires.Edges)
	}

	var net struct {
		LearningNetwork struct {
			Nodes []named `json:"nodes"`
			Edges []struct {
				Source   string   `json:"source"`
				Target   string   `json:"target"`
				Type     string   `json:"type"`
				Evidence evidence `json:"evidence"`
			} `json:"edges"`
		} `json:"learningNetwork"`
	}
	for _, q := range []string{
		`{ learningNetwork(focus: "region-almere", depth: 2) { nodes { id name } edges { source target type evidence { quote document { id title } } } } }`,
		`{ learningNetwork { nodes { id name } edges { source target type evidence { quote document { id title } } } } }`,
	} {
		a.must(q, nil, &net)
		ids := map[string]bool{}
		for _, n := range net.LearningNetwork.Nodes {
			ids[n.ID] = true
		}
		if len(net.LearningNetwork.Edges) == 0 {
			t.Errorf("%s: no edges", q)
		}
		for _, e := range net.LearningNetwork.Edges {
			if !ids[e.Source] || !ids[e.Target] {
				t.Errorf("%s: edge %s->%s refers to a node not in the picture", q, e.Source, e.Target)
			}
			if e.Type != "LEARNS_FROM" && e.Type != "INSPIRES" {
				t.Errorf("%s: edge of type %s in the learning network", q, e.Type)
			}
			checkEvidence(t, "network edge", e.Evidence)
		}
	}
}

func TestPaths(t *testing.T) {
	a := newAPI(t)
	var got struct {
		Paths []struct {
			Length int     `json:"length"`
			Nodes  []named `json:"nodes"`
			Steps  []struct {
				From     named    `json:"from"`
				To       named    `json:"to"`
				Type     string   `json:"type"`
				Evidence evidence `json:"evidence"`
			} `json:"steps"`
		} `json:"paths"`
	}
	a.must(`{ paths(from: "person-peet-de-graaf", to: "person-bas-wijnen", maxLength: 5) {
	  length nodes { id name } steps { from { id } to { id } type evidence { quote offset document { id title text } } } } }`, nil, &got)
	if len(got.Paths) == 0 {
		t.Fatal("no path from Peet de Graaf to Bas Wijnen")
	}
	for _, p := range got.Paths {
		if p.Nodes[0].ID != "person-peet-de-graaf" || p.Nodes[len(p.Nodes)-1].ID != "person-bas-wijnen" || len(p.Steps) != p.Length {
			t.Errorf("path %+v does not run from Peet de Graaf to Bas Wijnen in %d steps", p.Nodes, p.Length)
		}
		for i, s := range p.Steps {
			if s.From.ID != p.Nodes[i].ID || s.To.ID != p.Nodes[i+1].ID {
				t.Errorf("step %d %s->%s does not follow the path's nodes", i, s.From.ID, s.To.ID)
			}
			checkEvidence(t, "path step "+s.Type, s.Evidence)
		}
	}
	errs := a.do(`{ paths(from: "person-peet-de-graaf", to: "person-niemand") { length } }`, nil, nil)
	if len(errs) != 1 || errs[0].Extensions["code"] != "NOT_FOUND" {
		t.Errorf("paths to a missing node errors = %+v, want NOT_FOUND", errs)
	}
}

func TestSimilarInitiatives(t *testing.T) {
	a := newAPI(t)
	type result struct {
		Score      float64 `json:"score"`
		Initiative named   `json:"initiative"`
		Reasons    []struct {
			Kind        string  `json:"kind"`
			Weight      float64 `json:"weight"`
			Description string  `json:"description"`
			Shared      []named `json:"shared"`
		} `json:"reasons"`
	}
	query := `{ similarInitiatives(id: "initiative-passende-samenwerking-foodvalley", first: 5) {
	  score initiative { id name } reasons { kind weight description shared { id name } } } }`
	var got, again struct{ SimilarInitiatives []result }
	a.must(query, nil, &got)
	a.must(query, nil, &again)
	if len(got.SimilarInitiatives) == 0 {
		t.Fatal("Foodvalley has no similar initiatives")
	}
	b1, _ := json.Marshal(got)
	b2, _ := json.Marshal(again)
	if string(b1) != string(b2) {
		t.Error("similarInitiatives gave two different answers for the same graph")
	}
	var sharedBouwsteen bool
	for i, r := range got.SimilarInitiatives {
		sum := 0.0
		for _, reason := range r.Reasons {
			sum += reason.Weight
			if reason.Kind == "BOUWSTEEN" && slices.ContainsFunc(reason.Shared, func(n named) bool { return n.ID == "bouwsteen-mao-dialoog-6-1" }) &&
				strings.Contains(reason.Description, "Geef ouders de hoofdrol") {
				sharedBouwsteen = true
			}
		}
		if d := sum - r.Score; d > 0.01 || d < -0.01 {
			t.Errorf("%s: score %v is not the sum of its reasons' weights %v", r.Initiative.ID, r.Score, sum)
		}
		if i > 0 && r.Score > got.SimilarInitiatives[i-1].Score {
			t.Errorf("results not ordered by score at %d", i)
		}
	}
	if !sharedBouwsteen {
		t.Errorf("similar initiatives of Foodvalley = %+v, want a BOUWSTEEN reason naming “Geef ouders de hoofdrol”", got.SimilarInitiatives)
	}
}

func TestDashboard(t *testing.T) {
	a := newAPI(t)
	var got struct {
		Counts []struct {
			Key   string `json:"key"`
			Name  string `json:"name"`
			Count int    `json:"count"`
			Node  *named `json:"node"`
		} `json:"counts"`
		Stats struct {
			Nodes []struct {
				Label string `json:"label"`
				Count int    `json:"count"`
			} `json:"nodes"`
			Mentions int `json:"mentions"`
		} `json:"stats"`
		Filtered struct {
			TotalCount int `json:"totalCount"`
		} `json:"filtered"`
		Sectors []struct {
			Key   string `json:"key"`
			Count int    `json:"count"`
		} `json:"sectors"`
	}
	a.must(`{
	  counts(label: INITIATIVE, by: REGION) { key name count node { id name } }
	  filtered: initiatives(where: {region: "region-haaglanden"}) { totalCount }
	  sectors: counts(label: ORGANISATION, by: SECTOR) { key count }
	  stats { nodes { label count } mentions }
	}`, nil, &got)
	var haaglanden int
	for _, b := range got.Counts {
		if b.Key == "region-haaglanden" {
			haaglanden = b.Count
		}
		if b.Node == nil || b.Node.ID != b.Key {
			t.Errorf("bucket %s has node %+v, want the region itself", b.Key, b.Node)
		}
	}
	if haaglanden == 0 || haaglanden != got.Filtered.TotalCount {
		t.Errorf("initiatives in Haaglanden: counts says %d, the filtered list %d; want the same, non-zero", haaglanden, got.Filtered.TotalCount)
	}
	if len(got.Sectors) == 0 || got.Stats.Mentions == 0 || len(got.Stats.Nodes) != len(model.Labels) {
		t.Errorf("sectors %v, stats %+v: want sectors, mentions and every one of the %d labels", got.Sectors, got.Stats, len(model.Labels))
	}
}

func TestBrokers(t *testing.T) {
	a := newAPI(t)
	var got struct {
		Brokers []struct {
			Score   float64                       `json:"score"`
			Node    struct{ Typename, ID string } `json:"node"`
			Bridges []named                       `json:"bridges"`
		} `json:"brokers"`
	}
	a.must(`{ brokers(first: 5) { score node { Typename: __typename ID: id } bridges { id name } } }`, nil, &got)
	if len(got.Brokers) == 0 {
		t.Fatal("no brokers")
	}
	for i, b := range got.Brokers {
		if b.Node.Typename != "Person" && b.Node.Typename != "Organisation" {
			t.Errorf("broker %s is a %s, want a person or organisation", b.Node.ID, b.Node.Typename)
		}
		if b.Score <= 0 || (i > 0 && b.Score > got.Brokers[i-1].Score) {
			t.Errorf("broker scores not positive and descending: %+v", got.Brokers)
		}
	}
}

func TestMentions(t *testing.T) {
	a := newAPI(t)
	var got struct {
		Node struct {
			Mentions struct {
				TotalCount int `json:"totalCount"`
				Nodes      []struct {
					Text     string `json:"text"`
					Snippet  string `json:"snippet"`
					Offset   int    `json:"offset"`
					Document struct {
						Text string `json:"text"`
					} `json:"document"`
				} `json:"nodes"`
			} `json:"mentions"`
		} `json:"node"`
	}
	a.must(`{ node(id: "person-emma-kager") { ... on Person { mentions { totalCount nodes { text snippet offset document { text } } } } } }`, nil, &got)
	if got.Node.Mentions.TotalCount < 3 {
		t.Fatalf("Emma Kager mentioned %d times, want at least 3 (two documents name her)", got.Node.Mentions.TotalCount)
	}
	for _, m := range got.Node.Mentions.Nodes {
		text := []rune(m.Document.Text)
		if string(text[m.Offset:m.Offset+len([]rune(m.Text))]) != m.Text || !strings.Contains(m.Snippet, m.Text) {
			t.Errorf("mention %q at %d does not match its document or snippet", m.Text, m.Offset)
		}
	}
}

// TestRoundTripsBoundedByDepth: a query three levels deep over many regions costs one Cypher
// round trip per level, not one per row; prefetch serves the levels under an inline fragment
// too (the benchmark's nested shape).
func TestRoundTripsBoundedByDepth(t *testing.T) {
	a := newAPI(t)
	// The evidence documents of the last level load through the nodes dataloader, whose
	// batchWait window a busy machine can split in two (CI saw 5 once): one batch more is
	// allowed there, where one per row would be dozens.
	tests := []struct {
		name, query string
		trips, more int64
	}{
		{"four levels, evidence documents last", `{ regions(first: 100) { nodes { name initiatives { edges { node { name
		  ... on Initiative { partners { edges { role node { name } evidence { quote document { title } } } } } } } } } } }`, 4, 1},
		{"the benchmark's nested query", `{ regions(first: 50) { nodes { id name initiatives(scope: DIRECT, first: 10) { edges { node { id name ... on Initiative {
		  partners(first: 5) { edges { role evidence { quote } node { id name } } } } } } } } } }`, 3, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got struct {
				Regions struct {
					Nodes []struct {
						Initiatives struct {
							Edges []struct {
								Node struct {
									Partners struct{ Edges []struct{ Role *string } }
								}
							}
						}
					}
				}
			}
			a.must(tt.query, nil, &got)
			rows, partners := len(got.Regions.Nodes), 0
			for _, r := range got.Regions.Nodes {
				for _, e := range r.Initiatives.Edges {
					partners += len(e.Node.Partners.Edges)
				}
			}
			if rows < 10 || partners == 0 {
				t.Fatalf("the query touched %d regions and %d partners; the test needs real fan-out", rows, partners)
			}
			if n := a.queries.Load(); n < tt.trips || n > tt.trips+tt.more {
				t.Errorf("nested query over %d regions cost %d Cypher round trips, want %d (one per level)", rows, n, tt.trips)
			}
		})
	}
}

// TestAnalystQueriesAreOneStatement: a network around a focus and the paths between two
// entities are each one traversal, and the store asks Neo4j for each in one statement, the
// check that the ends exist included; a missing end is NOT_FOUND from that same statement. A
// list page with its totalCount is one statement too.
func TestAnalystQueriesAreOneStatement(t *testing.T) {
	a := newAPI(t)
	tests := []struct {
		name, query string
		code        string // the error code wanted ("" for an answer)
	}{
		{"network depth 1", `{ learningNetwork(focus: "region-almere", depth: 1) { nodes { id name } edges { id source target type } } }`, ""},
		{"network depth 3", `{ learningNetwork(focus: "region-almere", depth: 3) { nodes { id name } edges { id source target type evidence { quote } } } }`, ""},
		{"network of a missing focus", `{ learningNetwork(focus: "region-atlantis", depth: 2) { nodes { id } } }`, "NOT_FOUND"},
		{"paths", `{ paths(from: "person-peet-de-graaf", to: "person-bas-wijnen", maxLength: 5) { length nodes { id name } steps { type evidence { quote } } } }`, ""},
		{"paths from a missing node", `{ paths(from: "person-niemand", to: "person-bas-wijnen") { length } }`, "NOT_FOUND"},
		{"paths to a missing node", `{ paths(from: "person-peet-de-graaf", to: "person-niemand") { length } }`, "NOT_FOUND"},
		{"list with totalCount", `{ initiatives(where: {theme: "theme-thuiszitters"}, first: 3) { totalCount nodes { id name } } }`, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got map[string]json.RawMessage
			errs := a.do(tt.query, nil, &got)
			switch {
			case tt.code == "" && len(errs) > 0:
				t.Fatalf("errors = %+v, want none", errs)
			case tt.code != "" && (len(errs) != 1 || errs[0].Extensions["code"] != tt.code):
				t.Fatalf("errors = %+v, want one %s", errs, tt.code)
			}
			if n := a.queries.Load(); n != 1 {
				t.Errorf("%s cost %d statements, want 1", tt.name, n)
			}
		})
	}
}

// TestNetworkNodesReadWhatTheyAsk: a picture that names its nodes and draws its edges gets the
// same nodes, names and edges as one that asks more of them, and the one that asks more gets
// it: kinds of nodes, quotes of edges; so do paths.
func TestNetworkNodesReadWhatTheyAsk(t *testing.T) {
	a := newAPI(t)
	type picture struct {
		LearningNetwork struct {
			Nodes []struct {
				Typename string `json:"__typename"`
				ID, Name string
				Kind     string
			}
			Edges []struct {
				ID, Source, Target string
				Evidence           struct{ Quote string }
			}
		}
	}
	var names, more picture
	a.must(`{ learningNetwork(focus: "region-almere", depth: 2) { nodes { __typename id name } edges { id source target } } }`, nil, &names)
	a.must(`{ learningNetwork(focus: "region-almere", depth: 2) { nodes { __typename id name ... on Region { kind } ... on Initiative { kind } }
	  edges { id source target evidence { quote } } } }`, nil, &more)
	if len(names.LearningNetwork.Edges) == 0 || len(names.LearningNetwork.Edges) != len(more.LearningNetwork.Edges) {
		t.Fatalf("%d edges without evidence, %d with; want the same, more than none", len(names.LearningNetwork.Edges), len(more.LearningNetwork.Edges))
	}
	for i, e := range more.LearningNetwork.Edges {
		n := names.LearningNetwork.Edges[i]
		if n.ID != e.ID || n.Source != e.Source || n.Target != e.Target {
			t.Errorf("edge %d: %s %s->%s without evidence, %s %s->%s with", i, n.ID, n.Source, n.Target, e.ID, e.Source, e.Target)
		}
		if e.Evidence.Quote == "" {
			t.Errorf("edge %s asked for its evidence has no quote", e.ID)
		}
	}
	if len(names.LearningNetwork.Nodes) < 2 || len(names.LearningNetwork.Nodes) != len(more.LearningNetwork.Nodes) {
		t.Fatalf("%d nodes by name, %d with kinds; want the same, more than the focus", len(names.LearningNetwork.Nodes), len(more.LearningNetwork.Nodes))
	}
	kinds := 0
	for i, n := range names.LearningNetwork.Nodes {
		m := more.LearningNetwork.Nodes[i]
		if n.Typename != m.Typename || n.ID != m.ID || n.Name != m.Name {
			t.Errorf("node %d: %s %s %q by name, %s %s %q with kinds", i, n.Typename, n.ID, n.Name, m.Typename, m.ID, m.Name)
		}
		if m.Kind != "" {
			kinds++
		}
	}
	if kinds == 0 {
		t.Error("no node of the picture that asks for kinds has one")
	}

	// Paths: the entities along them, and the ends of each step.
	type trail struct {
		Paths []struct {
			Nodes []struct{ ID, Name, Description string }
			Steps []struct {
				From, To struct{ ID, Description string }
			}
		}
	}
	// Each part is asked for descriptions on its own: a light read of either shows.
	const q = `query($nodes: Boolean!, $ends: Boolean!) { paths(from: "person-peet-de-graaf", to: "person-bas-wijnen", maxLength: 5) {
	  nodes { id name description @include(if: $nodes) }
	  steps { from { id description @include(if: $ends) } to { id description @include(if: $ends) } } } }`
	var bare, described, ended trail
	a.must(q, map[string]any{"nodes": false, "ends": false}, &bare)
	a.must(q, map[string]any{"nodes": true, "ends": false}, &described)
	a.must(q, map[string]any{"nodes": false, "ends": true}, &ended)
	if len(bare.Paths) == 0 || len(bare.Paths) != len(described.Paths) || len(bare.Paths) != len(ended.Paths) {
		t.Fatalf("%d paths by name, %d with described nodes, %d with described ends; want the same, more than none",
			len(bare.Paths), len(described.Paths), len(ended.Paths))
	}
	nodes, ends := 0, 0
	for i, p := range described.Paths {
		b, e := bare.Paths[i], ended.Paths[i]
		if len(b.Nodes) != len(p.Nodes) || len(b.Steps) != len(e.Steps) {
			t.Fatalf("path %d: %d nodes, %d steps by name; %d nodes described, %d steps with described ends", i, len(b.Nodes), len(b.Steps), len(p.Nodes), len(e.Steps))
		}
		for j, n := range p.Nodes {
			if b.Nodes[j].ID != n.ID || b.Nodes[j].Name != n.Name {
				t.Errorf("path %d node %d: %s %q by name, %s %q described", i, j, b.Nodes[j].ID, b.Nodes[j].Name, n.ID, n.Name)
			}
			if n.Description != "" {
				nodes++
			}
		}
		for _, st := range e.Steps {
			if st.From.Description != "" || st.To.Description != "" {
				ends++
			}
		}
	}
	if nodes == 0 || ends == 0 {
		t.Errorf("the paths that ask for descriptions have %d described nodes and %d described step ends; want some of each", nodes, ends)
	}
}

// TestListNodesReadWhatTheyAsk: a list whose nodes are asked only names lists the same
// nodes as one that asks for their descriptions, evidence and kinds (also through fragments
// on the interfaces), and the one that asks gets them.
func TestListNodesReadWhatTheyAsk(t *testing.T) {
	a := newAPI(t)
	var names struct {
		Initiatives struct{ Nodes []struct{ ID, Name string } }
	}
	a.must(`{ initiatives(first: 50) { nodes { id name } } }`, nil, &names)
	// edges { node } and nodes are the same rows: read the fields from the edges.
	var edges struct {
		Initiatives struct {
			Edges []struct {
				Node struct {
					ID, Name, Kind, Description string
					Evidence                    []struct{ Quote string }
					Themes                      struct{ TotalCount int }
				}
			}
		}
	}
	a.must(`fragment d on Entity { description } fragment e on Node { ... on Initiative { evidence { quote } } }
	{ initiatives(first: 50) { edges { node { id name kind ...d ...e themes { totalCount } } } nodes { id } } }`, nil, &edges)
	if len(names.Initiatives.Nodes) < 2 || len(edges.Initiatives.Edges) != len(names.Initiatives.Nodes) {
		t.Fatalf("%d initiatives by name, %d with more; want the same, more than one", len(names.Initiatives.Nodes), len(edges.Initiatives.Edges))
	}
	kinds, descriptions, quotes, themes := 0, 0, 0, 0
	for i, e := range edges.Initiatives.Edges {
		n := names.Initiatives.Nodes[i]
		if e.Node.ID != n.ID || e.Node.Name != n.Name {
			t.Errorf("initiative %d: %s %q by name, %s %q with more", i, n.ID, n.Name, e.Node.ID, e.Node.Name)
		}
		if e.Node.Kind != "" {
			kinds++
		}
		if e.Node.Description != "" {
			descriptions++
		}
		if len(e.Node.Evidence) > 0 && e.Node.Evidence[0].Quote != "" {
			quotes++
		}
		themes += e.Node.Themes.TotalCount
	}
	if kinds == 0 || descriptions == 0 || quotes == 0 || themes == 0 {
		t.Errorf("the list that asks has %d kinds, %d descriptions, %d quoted evidence, %d themes; want some of each", kinds, descriptions, quotes, themes)
	}
}

// TestEmptyListsCountInTheirPage: a list whose first page from either end is empty has no
// entity at all, so its totalCount is 0 without a count statement; an empty page after a
// cursor says nothing about the rows before it, and still counts them.
func TestEmptyListsCountInTheirPage(t *testing.T) {
	a := newAPI(t)
	type list struct {
		Initiatives struct {
			TotalCount int
			Nodes      []struct{ ID string }
			PageInfo   struct{ EndCursor *string }
		}
	}
	for _, tt := range []struct {
		name, query string
	}{
		{"no member of a theme that does not exist", `{ initiatives(where: {theme: "theme-bestaat-niet"}, first: 5) { totalCount nodes { id } } }`},
		{"no name holds the words", `{ initiatives(where: {nameContains: "geen-enkele-naam"}, first: 5) { totalCount nodes { id } } }`},
		{"the last page, read from the end", `{ initiatives(where: {nameContains: "geen-enkele-naam"}, last: 5) { totalCount nodes { id } } }`},
	} {
		var got list
		a.must(tt.query, nil, &got)
		if got.Initiatives.TotalCount != 0 || len(got.Initiatives.Nodes) != 0 {
			t.Errorf("%s: totalCount %d, %d nodes; want none", tt.name, got.Initiatives.TotalCount, len(got.Initiatives.Nodes))
		}
		if n := a.queries.Load(); n != 1 {
			t.Errorf("%s: %d statements, want 1 (the page)", tt.name, n)
		}
	}
	var all list
	a.must(`{ initiatives(last: 1) { totalCount nodes { id } pageInfo { endCursor } } }`, nil, &all)
	if all.Initiatives.TotalCount == 0 || all.Initiatives.PageInfo.EndCursor == nil {
		t.Fatalf("the seeds list %d initiatives, end cursor %v: the test needs some", all.Initiatives.TotalCount, all.Initiatives.PageInfo.EndCursor)
	}
	var after list
	a.must(`query($after: String) { initiatives(first: 5, after: $after) { totalCount nodes { id } } }`,
		map[string]any{"after": *all.Initiatives.PageInfo.EndCursor}, &after)
	if len(after.Initiatives.Nodes) != 0 || after.Initiatives.TotalCount != all.Initiatives.TotalCount {
		t.Errorf("after the last initiative: %d nodes, totalCount %d; want none of %d", len(after.Initiatives.Nodes), after.Initiatives.TotalCount, all.Initiatives.TotalCount)
	}
	if n := a.queries.Load(); n != 2 {
		t.Errorf("an empty page after a cursor cost %d statements, want 2 (the page, the count)", n)
	}
}

// TestSimilarInitiativesNamedFromTheIndex: once the similarity index is built, a similarity
// answer that reads only id and name of its initiatives costs the version check alone, and
// gives the names the initiatives themselves have.
func TestSimilarInitiativesNamedFromTheIndex(t *testing.T) {
	a := newAPI(t)
	type answer struct {
		SimilarInitiatives []struct {
			Initiative struct{ ID, Name, Kind string }
		}
	}
	const light = `{ similarInitiatives(id: "initiative-passende-samenwerking-foodvalley", first: 5) { initiative { id name } } }`
	const full = `{ similarInitiatives(id: "initiative-passende-samenwerking-foodvalley", first: 5) { initiative { id name kind } } }`
	var got, want answer
	a.must(light, nil, &got) // builds the index
	a.must(light, nil, &got)
	if n := a.queries.Load(); n != 1 {
		t.Errorf("similar initiatives by id and name cost %d statements, want 1 (the graph version)", n)
	}
	a.must(full, nil, &want)
	if n := a.queries.Load(); n != 2 {
		t.Errorf("similar initiatives with kind cost %d statements, want 2 (the version, the initiatives)", n)
	}
	if len(got.SimilarInitiatives) == 0 || len(got.SimilarInitiatives) != len(want.SimilarInitiatives) {
		t.Fatalf("similar initiatives: %d by id and name, %d loaded; want the same, more than none", len(got.SimilarInitiatives), len(want.SimilarInitiatives))
	}
	for i, g := range got.SimilarInitiatives {
		if w := want.SimilarInitiatives[i].Initiative; g.Initiative.ID != w.ID || g.Initiative.Name != w.Name || w.Kind == "" {
			t.Errorf("similar initiative %d = %+v from the index, %+v loaded; want the same id and name", i, g.Initiative, w)
		}
	}
}

// TestLearningPartnersNamedFromTheGraph: once the learning graph is built, partners whose
// nodes are read for id and name only (and __typename, which clients add) cost the version
// check alone, and are the nodes' own types and names.
func TestLearningPartnersNamedFromTheGraph(t *testing.T) {
	a := newAPI(t)
	type answer struct {
		LearningPartners []struct {
			Node struct {
				Typename string `json:"__typename"`
				ID, Name string
				Kind     *string
			}
		}
	}
	const light = `{ learningPartners(id: "region-almere", first: 8) { node { __typename id name } } }`
	const full = `{ learningPartners(id: "region-almere", first: 8) { node { __typename id name ... on Region { kind } ... on Initiative { kind } } } }`
	var got, want answer
	a.must(light, nil, &got) // builds the learning graph
	a.must(light, nil, &got)
	if n := a.queries.Load(); n != 1 {
		t.Errorf("learning partners by id and name cost %d statements, want 1 (the graph version)", n)
	}
	a.must(full, nil, &want)
	if n := a.queries.Load(); n != 2 {
		t.Errorf("learning partners with kind cost %d statements, want 2 (the version, the nodes)", n)
	}
	if len(got.LearningPartners) == 0 || len(got.LearningPartners) != len(want.LearningPartners) {
		t.Fatalf("learning partners: %d by id and name, %d loaded; want the same, more than none", len(got.LearningPartners), len(want.LearningPartners))
	}
	for i, g := range got.LearningPartners {
		if w := want.LearningPartners[i].Node; g.Node.ID != w.ID || g.Node.Name != w.Name || g.Node.Typename != w.Typename {
			t.Errorf("partner %d = %+v from the graph, %+v loaded; want the same type, id and name", i, g.Node, w)
		}
	}
}

func TestLimitsRejectHostileQueriesWithoutTouchingNeo4j(t *testing.T) {
	a := newAPI(t)
	deep := "{ node(id: \"region-almere\") { ... on Region { " + strings.Repeat("parent { ", 50) + "id" + strings.Repeat(" }", 50) + " } } }"
	var aliases strings.Builder
	aliases.WriteString("{")
	for i := range 200 {
		aliases.WriteString(" a" + string(rune('0'+i%10)) + strings.Repeat("x", i/10) + ": stats { mentions }")
	}
	aliases.WriteString(" }")
	nested := `{ people(first: 100) { nodes { organisations(first: 200) { edges { node { ... on Organisation {
	  people(first: 200) { edges { node { ... on Person { events(first: 200) { edges { node { name } } } } } } } } } } } } } }`
	tests := []struct {
		name, query, code string
	}{
		{"depth 50", deep, "QUERY_TOO_COMPLEX"},
		{"alias bomb", aliases.String(), "QUERY_TOO_COMPLEX"},
		{"nested large pages", nested, "QUERY_TOO_COMPLEX"},
		{"page size 10 000", `{ people(first: 10000) { nodes { name } } }`, "BAD_USER_INPUT"},
		{"relation page size 10 000", `{ node(id: "org-cello") { ... on Organisation { people(first: 10000) { edges { node { id } } } } } }`, "BAD_USER_INPUT"},
		{"bad cursor", `{ people(after: "bm90LWEtY3Vyc29y") { nodes { name } } }`, "BAD_USER_INPUT"},
		{"parse error", `{ people(first: ) }`, "GRAPHQL_PARSE_FAILED"},
		{"unknown field", `{ people { nodes { salary } } }`, "GRAPHQL_VALIDATION_FAILED"},
		{"fragment cycle", `query { ...A } fragment A on Query { ...B } fragment B on Query { ...A }`, "GRAPHQL_VALIDATION_FAILED"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			errs := a.do(tt.query, nil, nil)
			if len(errs) == 0 {
				t.Fatalf("query was accepted; want %s", tt.code)
			}
			if errs[0].Extensions["code"] != tt.code {
				t.Errorf("error = %+v, want code %s", errs[0], tt.code)
			}
			if n := a.queries.Load(); n != 0 && tt.name != "relation page size 10 000" {
				t.Errorf("rejected query still ran %d Cypher queries", n)
			}
		})
	}
}

func TestPersistedQuery(t *testing.T) {
	a := newAPI(t)
	const q = `{ stats { mentions } }`
	const hash = "sha256Hash"
	sum := sha256Hex(q)
	ext := map[string]any{"persistedQuery": map[string]any{"version": 1, hash: sum}}
	send := func(withQuery bool) []gqlError {
		body := map[string]any{"extensions": ext}
		if withQuery {
			body["query"] = q
		}
		b, _ := json.Marshal(body)
		req := httptest.NewRequest(http.MethodPost, "/graphql", bytes.NewReader(b))
		req.Header.Set("Content-Type", "application/json")
		rec := httptest.NewRecorder()
		a.h.ServeHTTP(rec, req)
		var resp struct{ Errors []gqlError }
		_ = json.Unmarshal(rec.Body.Bytes(), &resp)
		return resp.Errors
	}
	if errs := send(false); len(errs) == 0 || errs[0].Message != "PersistedQueryNotFound" {
		t.Errorf("unknown hash errors = %+v, want PersistedQueryNotFound", errs)
	}
	if errs := send(true); len(errs) != 0 {
		t.Errorf("registering the query: %+v", errs)
	}
	if errs := send(false); len(errs) != 0 {
		t.Errorf("hash only, after registering: %+v", errs)
	}
	_ = context.Background
}

func TestIntrospectionCanBeTurnedOff(t *testing.T) {
	s := storetest.Seeded(t)
	for _, tt := range []struct {
		on      bool
		wantErr bool
	}{{true, false}, {false, true}} {
		h := graph.NewHandler(&graph.Resolver{Store: s}, graph.Options{Introspection: tt.on})
		a := &api{t: t, h: h}
		errs := a.do(`{ __schema { queryType { name } } }`, nil, nil)
		if (len(errs) > 0) != tt.wantErr {
			t.Errorf("introspection %v: errors %+v, want error %v", tt.on, errs, tt.wantErr)
		}
		if tt.wantErr && len(errs) > 0 && errs[0].Extensions["code"] != "BAD_USER_INPUT" {
			t.Errorf("introspection off: error %+v, want code BAD_USER_INPUT", errs[0])
		}
	}
}

func TestInitiativeFamilyIsLeftOutOfSimilar(t *testing.T) {
	a := newAPI(t)
	var got struct {
		InitiativeFamily []struct {
			Tie        string `json:"tie"`
			Initiative named  `json:"initiative"`
		} `json:"initiativeFamily"`
		SimilarInitiatives []struct {
			Initiative named `json:"initiative"`
		} `json:"similarInitiatives"`
		Part []struct {
			Tie        string `json:"tie"`
			Initiative named  `json:"initiative"`
		} `json:"part"`
	}
	a.must(`{ initiativeFamily(id: "initiative-buitenkans") { tie initiative { id name } }
		similarInitiatives(id: "initiative-buitenkans", first: 10) { initiative { id } }
		part: initiativeFamily(id: "initiative-ouderpartnerschap-po") { tie initiative { id } } }`, nil, &got)
	// The two parts of Buitenkans are siblings: worked out from their parents (analysis).
	partFamily := map[string]string{}
	for _, m := range got.Part {
		partFamily[m.Initiative.ID] = m.Tie
	}
	if partFamily["initiative-welbevinden-vo"] != "SIBLING" || partFamily["initiative-buitenkans"] != "WHOLE" {
		t.Errorf("initiativeFamily(ouderpartnerschap-po) = %v, want welbevinden-vo as SIBLING and buitenkans as WHOLE", partFamily)
	}
	want := map[string]string{
		"initiative-ouderpartnerschap-po":                        "PART",
		"initiative-welbevinden-vo":                              "PART",
		"initiative-samenwerking-passend-onderwijs-en-jeugdhulp": "LINEAGE",
	}
	family := map[string]string{}
	for _, m := range got.InitiativeFamily {
		family[m.Initiative.ID] = m.Tie
	}
	for id, tie := range want {
		if family[id] != tie {
			t.Errorf("initiativeFamily(buitenkans)[%s] = %q, want %q (family %v)", id, family[id], tie, family)
		}
	}
	for _, s := range got.SimilarInitiatives {
		if _, kin := family[s.Initiative.ID]; kin {
			t.Errorf("similarInitiatives(buitenkans) lists %s, of its own family", s.Initiative.ID)
		}
	}
	errs := a.do(`{ initiativeFamily(id: "initiative-bestaat-niet") { tie } }`, nil, nil)
	if len(errs) != 1 || errs[0].Extensions["code"] != "NOT_FOUND" {
		t.Errorf("initiativeFamily(unknown) errors = %+v, want NOT_FOUND", errs)
	}
}

func TestSearchViaAndSuggestions(t *testing.T) {
	a := newAPI(t)
	tests := []struct {
		name, query string
		wantHit     string // id among the hits
		wantVia     string // what it was found through
		wantSuggest []string
	}{
		{"through the theme", "thuiszitters", "initiative-flexarrangement-zuid-kennemerland", "theme-thuiszitters", []string{}},
		{"a typo", "thuiszittrs", "", "", []string{"thuiszitters"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got struct {
				Search []struct {
					Node named  `json:"node"`
					Via  *named `json:"via"`
				} `json:"search"`
				SearchSuggestions []string `json:"searchSuggestions"`
			}
			a.must(`query($q: String!) { search(query: $q, types: [INITIATIVE], first: 50) { node { id name } via { id name } } searchSuggestions(query: $q) }`,
				map[string]any{"q": tt.query}, &got)
			if !slices.Equal(got.SearchSuggestions, tt.wantSuggest) {
				t.Errorf("searchSuggestions(%q) = %q, want %q", tt.query, got.SearchSuggestions, tt.wantSuggest)
			}
			if tt.wantHit == "" {
				return
			}
			for _, h := range got.Search {
				if h.Node.ID == tt.wantHit {
					if h.Via == nil || h.Via.ID != tt.wantVia {
						t.Errorf("search(%q): %s via %+v, want via %s", tt.query, tt.wantHit, h.Via, tt.wantVia)
					}
					return
				}
			}
			t.Errorf("search(%q) does not find %s", tt.query, tt.wantHit)
		})
	}
	errs := a.do(`{ searchSuggestions(query: "x", first: 0) }`, nil, nil)
	if len(errs) != 1 || errs[0].Extensions["code"] != "BAD_USER_INPUT" {
		t.Errorf("searchSuggestions(first: 0) errors = %+v, want BAD_USER_INPUT", errs)
	}
}
