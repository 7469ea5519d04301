package model

import (
	"slices"
	"sync"
)

// Membership is the one definition of "X belongs to region / theme / bouwsteen / sector /
// event / document Y". The store builds from it the list filters and their index anchors, the
// dashboard counts, the coverage matrix and the member lists behind the entity pages' fields
// (Theme.initiatives, Region.initiatives, …), so a count always equals the list it opens.
// As of a date (asOf) the same routes count only when every relationship on them is stated by a
// document dated on or before it (a route without hops: when the member's own document is), so
// counts, coverage, member lists and list filters as of a date stay equal too; before the first
// dated document nothing is a member of anything.
//
// A membership runs along a route: a chain of hops from the member (n) to the bucket node
// (b). A route is DIRECT when it is one relationship a document states, VIA when it passes
// through something else. An entity with a DIRECT route to a bucket is a DIRECT member of it;
// one with only VIA routes a VIA member: the two never overlap, and ALL is both.

// Hop is one step of a route: a relationship of one of Types in direction Dir ("OUT", "IN"
// or "BOTH"), repeated Min to Max times (1..1 when both are 0).
type Hop struct {
	Types    []string
	Dir      string
	Min, Max int
}

// Route is one way of belonging: the hops from the member to the bucket node. A route
// without hops makes the member its own bucket node (an organisation has its own sector).
// Labels, when set, limits the route to members of those labels; the vocabulary
// (RelationRules) prunes it further, per label.
type Route struct {
	Direct bool
	Hops   []Hop
	Labels []string
}

// DimensionRule says what a dimension's buckets are and which routes lead to them.
type DimensionRule struct {
	// Bucket is the label of the bucket nodes; Key the property that is the bucket's key
	// ("id", or "sector" for sectors, whose key is not a node).
	Bucket, Key string
	// Filter is the list filter (EntityWhere field) that selects the members of one bucket.
	Filter string
	Routes []Route
}

// NodeBucket reports whether a bucket is a node (its key is its id).
func (d DimensionRule) NodeBucket() bool { return d.Key == "id" }

// Relation type sets the routes share.
var (
	takesPart  = []string{"WORKS_FOR", "LEADS", "COORDINATES", "INVOLVED_IN", "PARTNER_IN"}
	locatedIn  = []string{"LOCATED_IN", "PART_OF"}
	sectorLink = []string{"WORKS_FOR", "LEADS", "COORDINATES", "PARTNER_IN"}
)

func out(types ...string) Hop { return Hop{Types: types, Dir: "OUT"} }

func with(xs []string, more ...string) []string { return append(slices.Clone(xs), more...) }

// Memberships is the membership table: for each dimension, its buckets and routes.
var Memberships = map[Dimension]DimensionRule{
	DimensionRegion: {Bucket: LabelRegion, Key: "id", Filter: "region", Routes: []Route{
		// Located in it or part of it; an event is also in the region that organised it.
		{Direct: true, Hops: []Hop{out(locatedIn...)}},
		{Direct: true, Hops: []Hop{{Types: []string{"ORGANISED"}, Dir: "IN"}}},
		// In a sub-region, or part of something located in it.
		{Hops: []Hop{{Types: locatedIn, Dir: "OUT", Min: 2, Max: 6}}},
		// Through what it works for, takes part in, organised or presented at.
		{Hops: []Hop{out(with(takesPart, "ORGANISED", "PRESENTED_AT")...), {Types: locatedIn, Dir: "OUT", Min: 1, Max: 6}}},
	}},
	DimensionTheme: {Bucket: LabelTheme, Key: "id", Filter: "theme", Routes: []Route{
		{Direct: true, Hops: []Hop{out("ABOUT")}},
		// Through what it takes part in, is part of or was presented at.
		{Hops: []Hop{out(with(takesPart, "PART_OF", "PRESENTED_AT")...), out("ABOUT")}},
	}},
	DimensionBouwsteen: {Bucket: LabelBouwsteen, Key: "id", Filter: "bouwsteen", Routes: []Route{
		{Direct: true, Hops: []Hop{out("EMBODIES")}},
		{Hops: []Hop{out(takesPart...), out("EMBODIES")}},
	}},
	DimensionSector: {Bucket: LabelOrganisation, Key: "sector", Filter: "sector", Routes: []Route{
		// An organisation has its own sector; people and initiatives that of the
		// organisations they work for, lead or are partnered by.
		{Direct: true, Labels: []string{LabelOrganisation}},
		{Direct: true, Hops: []Hop{{Types: sectorLink, Dir: "BOTH"}},
			Labels: []string{LabelPerson, LabelInitiative, LabelProgramme, LabelEvent}},
	}},
	DimensionEvent: {Bucket: LabelEvent, Key: "id", Filter: "event", Routes: []Route{
		{Direct: true, Hops: []Hop{{Types: curatedTypeList(), Dir: "BOTH"}}},
	}},
	DimensionDocument: {Bucket: LabelDocument, Key: "id", Filter: "document", Routes: []Route{
		{Direct: true, Hops: []Hop{out(MentionedIn)}},
	}},
}

// curatedTypeList lists the curated relation types, sorted.
func curatedTypeList() []string {
	ts := make([]string, 0, len(RelationRules))
	for t := range RelationRules {
		ts = append(ts, t)
	}
	slices.Sort(ts)
	return ts
}

// Dimensions lists the dimensions in a fixed order.
var Dimensions = []Dimension{DimensionRegion, DimensionTheme, DimensionBouwsteen, DimensionSector, DimensionEvent, DimensionDocument}

// MemberRoutes returns the routes by which an entity of label can belong to a bucket of d,
// each with its hop types pruned by the vocabulary: only types the label (or, further on, what
// the previous hop reaches) may have on that side, and from whose far end the bucket can still
// be reached. Routes left without a way through are dropped.
// The routes are worked out once per label and dimension (the rules do not change while the
// process runs): every list filter and member field asks for them, and pruning them again on
// every request was a tenth of a filtered list's Go CPU (bench/PROFILE.md). Callers must not
// modify the slice.
func MemberRoutes(label string, d Dimension) []Route {
	key := routeKey{label, d}
	if r, ok := memberRoutes.Load(key); ok {
		return r.([]Route)
	}
	r := pruneRoutes(label, d)
	memberRoutes.Store(key, r)
	return r
}

type routeKey struct {
	label string
	d     Dimension
}

var memberRoutes sync.Map // routeKey -> []Route

func pruneRoutes(label string, d Dimension) []Route {
	rule, ok := Memberships[d]
	if !ok {
		return nil
	}
	var out []Route
	for _, r := range rule.Routes {
		if len(r.Labels) > 0 && !slices.Contains(r.Labels, label) {
			continue
		}
		if len(r.Hops) == 0 {
			if label == rule.Bucket {
				out = append(out, r)
			}
			continue
		}
		if pruned, ok := pruneRoute(label, r, rule.Bucket); ok {
			out = append(out, pruned)
		}
	}
	return out
}

// HasMembers reports whether entities of label can be members of any bucket of d.
func HasMembers(label string, d Dimension) bool { return len(MemberRoutes(label, d)) > 0 }

// DimensionOfFilter returns the dimension whose list filter is name.
func DimensionOfFilter(name string) (Dimension, bool) {
	for _, d := range Dimensions {
		if Memberships[d].Filter == name {
			return d, true
		}
	}
	return "", false
}

// pruneRoute keeps, on every hop, the types that lead from the labels reached so far toward
// the bucket: a forward pass finds the labels each hop can reach, a backward pass keeps what
// can still arrive at the bucket.
func pruneRoute(label string, r Route, bucket string) (Route, bool) {
	n := len(r.Hops)
	// reach[i]: labels the member can stand at before hop i (forward).
	reach := make([]map[string]bool, n+1)
	reach[0] = map[string]bool{label: true}
	for i, h := range r.Hops {
		reach[i+1] = hopReach(reach[i], h)
	}
	if !reach[n][bucket] {
		return Route{}, false
	}
	// need[i]: labels before hop i from which the bucket can still be reached (backward).
	need := make([]map[string]bool, n+1)
	need[n] = map[string]bool{bucket: true}
	for i := n - 1; i >= 0; i-- {
		need[i] = map[string]bool{}
		for l := range reach[i] {
			if intersects(hopReach(map[string]bool{l: true}, r.Hops[i]), need[i+1]) {
				need[i][l] = true
			}
		}
	}
	pruned := Route{Direct: r.Direct, Labels: r.Labels}
	for i, h := range r.Hops {
		kept := h.Types
		if h.Max <= 1 { // a repeated hop mixes its types along the way: keep them all
			kept = nil
			for _, t := range h.Types {
				if intersects(hopReach(need[i], Hop{Types: []string{t}, Dir: h.Dir}), need[i+1]) {
					kept = append(kept, t)
				}
			}
		}
		if len(kept) == 0 {
			return Route{}, false
		}
		pruned.Hops = append(pruned.Hops, Hop{Types: kept, Dir: h.Dir, Min: h.Min, Max: h.Max})
	}
	return pruned, true
}

// hopReach returns the labels one hop (with its repetitions) leads to from the labels in from.
func hopReach(from map[string]bool, h Hop) map[string]bool {
	lo, hi := h.Min, h.Max
	if lo == 0 && hi == 0 {
		lo, hi = 1, 1
	}
	cur, got := from, map[string]bool{}
	for step := 1; step <= hi; step++ {
		next := map[string]bool{}
		for l := range cur {
			for _, t := range h.Types {
				for _, far := range ends(t, l, h.Dir) {
					next[far] = true
				}
			}
		}
		if step >= lo {
			for l := range next {
				got[l] = true
			}
		}
		cur = next
	}
	return got
}

// ends returns the labels at the far end of a relationship of type t from label in dir.
func ends(t, label, dir string) []string {
	rule, curated := RelationRules[t]
	if !curated { // MENTIONED_IN: any entity, to a document
		if t == MentionedIn && dir != "IN" {
			return []string{LabelDocument}
		}
		return nil
	}
	var out []string
	if (dir == "OUT" || dir == "BOTH") && slices.Contains(rule.From, label) {
		out = append(out, rule.To...)
	}
	if (dir == "IN" || dir == "BOTH") && slices.Contains(rule.To, label) {
		out = append(out, rule.From...)
	}
	return out
}

func intersects(a, b map[string]bool) bool {
	for k := range a {
		if b[k] {
			return true
		}
	}
	return false
}

// CheckAsOf checks an asOf date: "" (every document) or a Date (UnmarshalDate: the one
// rule for the form). Errors: EINVALID.
func CheckAsOf(d string) error {
	if d == "" {
		return nil
	}
	if _, err := UnmarshalDate(d); err != nil {
		return Errorf(EINVALID, "asOf: %s", ErrorMessage(err))
	}
	return nil
}
