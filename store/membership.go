package store

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/metandereogen/maograph/graph/model"
)

// Every membership query is written here from the one membership table
// (model.Memberships, pruned per label by model.MemberRoutes): the list filters and their
// index anchors (list.go), the counts, the coverage matrix and the member pages. A route
// becomes one Cypher pattern from the member n to the bucket node b, with the relationship
// types written literally, so that the planner follows only their chains; the same pattern
// serves a count (which starts from n), an anchor and a member page (which start from b).

// routePattern renders a route of label as a pattern from (n) to (b); a route without hops
// has no pattern ("": the member is its own bucket node).
func routePattern(label, bucket string, r model.Route) string {
	if len(r.Hops) == 0 {
		return ""
	}
	var b strings.Builder
	fmt.Fprintf(&b, "(n:%s)", label)
	for i, h := range r.Hops {
		rep := ""
		if h.Max > 1 || h.Min > 1 {
			rep = fmt.Sprintf("*%d..%d", h.Min, h.Max)
		}
		rel := "[:" + strings.Join(h.Types, "|") + rep + "]"
		switch h.Dir {
		case "OUT":
			b.WriteString("-" + rel + "->")
		case "IN":
			b.WriteString("<-" + rel + "-")
		default:
			b.WriteString("-" + rel + "-")
		}
		if i == len(r.Hops)-1 {
			fmt.Fprintf(&b, "(b:%s)", bucket)
		} else {
			b.WriteString("()")
		}
	}
	return b.String()
}

// A membership as of a date takes the ids of the documents dated on or before it (undated
// documents never among them: documentsAsOf) in a parameter, $asOfDocs for counts, coverage
// and member pages, a numbered one in a list filter. Each relationship is checked against
// the list as the route is walked: a plain property test the planner applies during the
// expansion, so a route as of a date costs about what it costs without one.

// asOfPath is the condition that every relationship of the path v is stated by one of the
// documents in $param (a mention: the document it is in).
func asOfPath(v, param string) string {
	return fmt.Sprintf("all(asofr IN relationships(%s) WHERE coalesce(asofr.document, endNode(asofr).id) IN $%s)", v, param)
}

// asOfNode is the condition that the node v's own document is one of those in $param: what a
// route without hops (an organisation's own sector) rests on.
func asOfNode(v, param string) string {
	return fmt.Sprintf("%s.sourceDocument IN $%s", v, param)
}

// routeMatch renders a route of label as what follows MATCH and the condition asOf adds to it:
// with asOf (the name of its parameter; "" for none) the route is named asofp and every
// relationship on it must pass asOfPath. A route without hops gives "" (see asOfNode).
func routeMatch(label, bucket string, r model.Route, asOf string) (match, cond string) {
	p := routePattern(label, bucket, r)
	if p == "" || asOf == "" {
		return p, ""
	}
	return "asofp = " + p, asOfPath("asofp", asOf)
}

// and joins conditions, leaving out the empty ones.
func and(conds ...string) string {
	var out []string
	for _, c := range conds {
		if c != "" {
			out = append(out, c)
		}
	}
	return strings.Join(out, " AND ")
}

// memberRoutes returns the routes of label in d, split by scope.
func memberRoutes(label string, d model.Dimension) (direct, via []model.Route) {
	for _, r := range model.MemberRoutes(label, d) {
		if r.Direct {
			direct = append(direct, r)
		} else {
			via = append(via, r)
		}
	}
	return direct, via
}

// scopeOf returns the scope, ALL when none is given.
func scopeOf(s *model.Scope) model.Scope {
	if s == nil || !s.IsValid() {
		return model.ScopeAll
	}
	return *s
}

// existsAny is the predicate that n has one of the routes to a bucket whose key is $param,
// as of the date in $asOf when asOf is not "".
func existsAny(label string, d model.Dimension, routes []model.Route, param, asOf string) string {
	rule := model.Memberships[d]
	if len(routes) == 0 {
		return "false"
	}
	var parts []string
	for _, r := range routes {
		if p, c := routeMatch(label, rule.Bucket, r, asOf); p != "" {
			parts = append(parts, fmt.Sprintf("EXISTS { MATCH %s WHERE %s }", p, and(fmt.Sprintf("b.%s = $%s", rule.Key, param), c)))
		} else if asOf != "" {
			parts = append(parts, fmt.Sprintf("(n.%s = $%s AND %s)", rule.Key, param, asOfNode("n", asOf)))
		} else {
			parts = append(parts, fmt.Sprintf("n.%s = $%s", rule.Key, param))
		}
	}
	return "(" + strings.Join(parts, " OR ") + ")"
}

// membershipCheck is the list filter of d in scope as a predicate on n, its bucket key in $param;
// as of the date in $asOf when asOf is not "" (only routes documents dated by then state).
func membershipCheck(label string, d model.Dimension, scope model.Scope, param, asOf string) string {
	direct, via := memberRoutes(label, d)
	switch scope {
	case model.ScopeDirect:
		return existsAny(label, d, direct, param, asOf)
	case model.ScopeVia:
		return fmt.Sprintf("(NOT %s AND %s)", existsAny(label, d, direct, param, asOf), existsAny(label, d, via, param, asOf))
	}
	return existsAny(label, d, append(direct, via...), param, asOf)
}

// unionFromBucket is a CALL (b) body that yields each member n of the bound bucket node b by
// the given routes, with d = 1 for a direct route and 0 for a via route (UNION: each once); as
// of $asOf when asOf is not "".
func unionFromBucket(label string, d model.Dimension, routes []model.Route, asOf string) string {
	rule := model.Memberships[d]
	var branches []string
	for _, r := range routes {
		if p, c := routeMatch(label, rule.Bucket, r, asOf); p != "" {
			branches = append(branches, fmt.Sprintf("  MATCH %s%s RETURN n, %d AS d", p, where(c), direct(r)))
		} else if asOf != "" {
			branches = append(branches, fmt.Sprintf("  WITH b AS n WHERE n:%s AND %s RETURN n, %d AS d", label, asOfNode("n", asOf), direct(r)))
		} else {
			branches = append(branches, fmt.Sprintf("  WITH b AS n WHERE n:%s RETURN n, %d AS d", label, direct(r)))
		}
	}
	return strings.Join(branches, "\n  UNION\n")
}

// pathsBetween is a CALL (b, n, d) body that yields every path p of the routes from the bound
// member n to the bound bucket node b, with pd = 1 for a direct route and 0 for a via route;
// as of $asOf when asOf is not "". A direct member (d = 1) skips the via routes: its paths
// are the direct ones.
func pathsBetween(label string, d model.Dimension, routes []model.Route, asOf string) string {
	rule := model.Memberships[d]
	var branches []string
	for _, r := range routes {
		guard := ""
		if !r.Direct {
			guard = "      WITH b, n WHERE d = 0\n"
		}
		if p := routePattern(label, rule.Bucket, r); p != "" {
			c := ""
			if asOf != "" {
				c = asOfPath("p", asOf)
			}
			branches = append(branches, fmt.Sprintf("%s      MATCH p = %s%s RETURN p, %d AS pd", guard, p, where(c), direct(r)))
		} else {
			c := ""
			if asOf != "" {
				c = asOfNode("n", asOf)
			}
			branches = append(branches, fmt.Sprintf("%s      MATCH p = (n) WHERE %s RETURN p, %d AS pd", guard, and("n = b", c), direct(r)))
		}
	}
	return strings.Join(branches, "\n      UNION ALL\n")
}

// where is " WHERE cond", or "" when cond is "".
func where(cond string) string {
	if cond == "" {
		return ""
	}
	return " WHERE " + cond
}

// direct is 1 for a direct route, 0 for a via route.
func direct(r model.Route) int {
	if r.Direct {
		return 1
	}
	return 0
}

// membershipAnchor yields, from an index seek on the bucket node(s) keyed $param, exactly the
// nodes n of label that are members in scope (as of $asOf when asOf is not ""); it ends in a
// WITH of n that a WHERE may follow. As on member pages (membersTemplate), ALL and VIA share a
// text, the scope read from $scopeParam, and DIRECT has its own, of the direct routes alone.
func membershipAnchor(label string, d model.Dimension, scope model.Scope, scopeParam, param, asOf string) string {
	rule := model.Memberships[d]
	direct, via := memberRoutes(label, d)
	routes := append(slices.Clone(direct), via...)
	if scope == model.ScopeDirect {
		routes = direct
	}
	if len(routes) == 0 { // no route in this scope: no member
		return "UNWIND [] AS n\nWITH n"
	}
	head := fmt.Sprintf("MATCH (b:%s {%s: $%s})\nCALL (b) {\n%s\n}\n", rule.Bucket, rule.Key, param, unionFromBucket(label, d, routes, asOf))
	if scope == model.ScopeDirect {
		return head + "WITH DISTINCT n"
	}
	return head + fmt.Sprintf("WITH n, max(d) AS d WHERE %s\nWITH n", scopeParamCond(scopeParam))
}

// keyBranches yields, for n (bound or not), every bucket key of d it belongs to with the
// bucket's name and d = 1 for a direct route, 0 for a via route; as of $asOf when asOf is not "".
func keyBranches(label string, d model.Dimension, routes []model.Route, asOf string) []string {
	rule := model.Memberships[d]
	var branches []string
	for _, r := range routes {
		dv := 0
		if r.Direct {
			dv = 1
		}
		name := "b.name"
		if !rule.NodeBucket() {
			name = "b." + rule.Key
		}
		if p, c := routeMatch(label, rule.Bucket, r, asOf); p != "" {
			branches = append(branches, fmt.Sprintf("  MATCH %s%s RETURN n, b.%s AS key, %s AS name, %d AS d", p, where(c), rule.Key, name, dv))
		} else if asOf != "" {
			branches = append(branches, fmt.Sprintf("  MATCH (n:%s) WHERE %s WITH n, n AS b RETURN n, b.%s AS key, %s AS name, %d AS d", label, asOfNode("n", asOf), rule.Key, name, dv))
		} else {
			branches = append(branches, fmt.Sprintf("  MATCH (n:%s) WITH n, n AS b RETURN n, b.%s AS key, %s AS name, %d AS d", label, rule.Key, name, dv))
		}
	}
	return branches
}

// countsQuery counts the members of label per bucket of d: total and direct (via is the rest);
// as of $asOf when asOf is not "".
func countsQuery(label string, d model.Dimension, routes []model.Route, asOf string) string {
	branches := keyBranches(label, d, routes, asOf)
	if len(branches) == 0 {
		return ""
	}
	return fmt.Sprintf(`CALL () {
%s
}
WITH key, name, n, max(d) AS d WHERE key IS NOT NULL
RETURN key, name, count(n) AS total, sum(d) AS direct
ORDER BY total DESC, name`, strings.Join(branches, "\n  UNION ALL\n"))
}

// membersTemplate pages the members of each bucket key: %[1]s the bucket label, %[2]s its key
// property, %[3]s the routes from the bucket (unionFromBucket), %[4]s the scope's condition on
// d, %[5]s an optional further condition (membership of another bucket, $alsoKey), %[6]s the
// routes between a member and its bucket (pathsBetween). First the members alone, ordered by
// name and id, are found and counted; then only the page's members look for their paths, of
// their own scope (at most $maxPaths, the shortest chosen in Go). The nodes along a path are
// read light; i keeps the page's order.
//
// What a page reads is in parameters, not in the text (memberPageParams): whether it wants
// the $paths (the UNWIND of no key skips their search, index seek included) and whether its
// members are read $light (what a list of names needs) or whole but for their text. ALL and
// VIA share a text too, their $scope a condition after the routes; DIRECT keeps a text of its
// own, of the direct routes alone, because the variable-length via routes are the costly part
// and even skipped behind a guard their union cost a DIRECT page a quarter more time in
// Neo4j (bench/PROFILE.md). Neo4j plans a text of this size in 0.5–1 s the first time it sees
// it: five texts per label and dimension made that planning most of the time of the
// membership tests and of a first visit to each member page.
const membersTemplate = `UNWIND $keys AS key
CALL (key) {
  MATCH (b:%[1]s {%[2]s: key})
  CALL (b) {
%[3]s
  }
  WITH n, max(d) AS d
  WHERE %[4]s%[5]s
  RETURN n, d ORDER BY n.name, n.id
}
WITH key, collect([n, d]) AS rows
WITH key, size(rows) AS total, rows[$start..$start + $limit] AS page
CALL (key, page) {
  UNWIND range(0, size(page) - 1) AS i
  WITH i, page[i][0] AS n, page[i][1] AS d
  CALL (key, n, d) {
    UNWIND CASE WHEN $paths THEN [key] ELSE [] END AS k
    MATCH (b:%[1]s {%[2]s: k})
    CALL (b, n, d) {
%[6]s
    }
    WITH p, pd, d WHERE pd = d
    RETURN collect(p)[..$maxPaths] AS paths
  }
  RETURN collect([i, CASE WHEN $light THEN n {.id, .name} ELSE n {.*, text: null} END, labels(n), d, [p IN paths | [
    [x IN nodes(p) | [x.id, x.name, labels(x)]],
    [r IN relationships(p) | [type(r), startNode(r).id, r.role,
      CASE WHEN type(r) = 'MENTIONED_IN'
        THEN substring(endNode(r).text, coalesce(r.offsets, [r.offset])[0], coalesce(r.lengths, [size(r.text)])[0])
        ELSE r.quote END,
      CASE WHEN type(r) = 'MENTIONED_IN' THEN endNode(r).id ELSE r.document END,
      CASE WHEN type(r) = 'MENTIONED_IN' THEN coalesce(r.offsets, [r.offset])[0] ELSE r.offset END]]
  ]]]) AS out
}
RETURN key, total, out AS page`

// memberPageParams sets the parameters through which a member page query reads what set
// asks: its scope, its paths unless NoPaths, and its members light (MemberSet.Light) or whole.
// A page that asks for names only read every property and every path in the benchmark's
// nested query: most of its Neo4j time.
func memberPageParams(set model.MemberSet, params map[string]any) {
	params["scope"] = string(set.Scope) // read by the text of ALL and VIA
	params["paths"] = !set.NoPaths
	params["light"] = set.Light
}

// maxPathsRead bounds the paths read per member; maxPathsShown how many the API shows.
const (
	maxPathsRead  = 20
	maxPathsShown = 5
)

var membersQueries sync.Map // label|dimension|direct|asOf|also -> string

// asOfParam is the name of the parameter of a set's queries that lists the documents dated
// by its date: "asOfDocs" when the set is counted as of a date, "" when not.
func asOfParam(set model.MemberSet) string {
	if set.AsOf == "" {
		return ""
	}
	return "asOfDocs"
}

// membersQuery returns the member page query of set's label and dimension (as of $asOf when
// the set has a date), restricted to the members of also when given; "" when the label has no
// route in the dimension. Its reads, and the scope of all but a DIRECT page, are parameters
// (memberPageParams).
func membersQuery(set model.MemberSet, also *model.MemberSet) string {
	return membersQueryWhere(set, also, "")
}

// membersQueryWhere is membersQuery restricted further by where, a list filter on n as
// filter.cond renders it ("" for none). A filtered text is not kept: it varies with the filter.
func membersQueryWhere(set model.MemberSet, also *model.MemberSet, where string) string {
	label, d, asOf := set.Label, set.Dimension, asOfParam(set)
	direct := set.Scope == model.ScopeDirect
	key := fmt.Sprintf("%s|%s|%t|%s", label, d, direct, asOf)
	extra := ""
	if also != nil {
		key += "|" + string(also.Dimension) + "|" + string(also.Scope)
		// Each key is a pair [key, alsoKey]: one query serves every cell of a matrix.
		extra = "\n  AND " + strings.ReplaceAll(membershipCheck(label, also.Dimension, also.Scope, "alsoKey", asOf), "$alsoKey", "alsoKey")
	}
	if where != "" {
		extra += "\n  AND " + where
	} else if q, ok := membersQueries.Load(key); ok {
		return q.(string)
	}
	rule := model.Memberships[d]
	routes := model.MemberRoutes(label, d)
	cond := scopeParamCond("scope")
	if direct {
		cond = "d = 1"
		if directRoutes, _ := memberRoutes(label, d); len(directRoutes) > 0 {
			// A direct member is one a direct route reaches, and its paths are the direct
			// ones: the via routes cannot change a direct page.
			routes = directRoutes
		}
	}
	q := ""
	if len(routes) > 0 {
		q = fmt.Sprintf(membersTemplate, rule.Bucket, rule.Key, unionFromBucket(label, d, routes, asOf), cond, extra, pathsBetween(label, d, routes, asOf))
		if also != nil {
			q = strings.NewReplacer(
				"UNWIND $keys AS key\n", "UNWIND $keys AS pair\nWITH pair[0] AS key, pair[1] AS alsoKey\n",
				"CALL (key) {", "CALL (key, alsoKey) {",
				"WITH key, collect([n, d]) AS rows", "WITH key, alsoKey, collect([n, d]) AS rows",
				"WITH key, size(rows) AS total", "WITH key, alsoKey, size(rows) AS total",
				"RETURN key, total, out AS page", "RETURN key + '|' + alsoKey AS key, total, out AS page",
			).Replace(q)
		}
	}
	if where == "" {
		membersQueries.Store(key, q)
	}
	return q
}

// checkMemberSet validates a member set's label, dimension and scope.
func checkMemberSet(set model.MemberSet) error {
	if !slices.Contains(model.Labels, set.Label) {
		return model.Errorf(model.EINVALID, "%q is not a node label.", set.Label)
	}
	if _, ok := model.Memberships[set.Dimension]; !ok {
		return model.Errorf(model.EINVALID, "%q is not a dimension.", set.Dimension)
	}
	if !set.Scope.IsValid() {
		return model.Errorf(model.EINVALID, "%q is not a scope.", set.Scope)
	}
	return model.CheckAsOf(set.AsOf)
}

// Members returns one page (n from offset start) of the members of set for each bucket key,
// keyed by key, with each key's total; every key gets a page, empty when it has no members.
// With also, only the entities that are also members of also's set count (coverage cells):
// then each key is "key|alsoKey", the key of set's bucket and that of also's (also.Key unused),
// both sets as of set's date. With set.AsOf only the routes that documents dated on or before
// it state make a member. With set.Where, only the members that pass that list filter count
// (also.Where is unused). Errors: EINVALID for an unknown label, dimension or scope, a date
// that is not yyyy-mm-dd, an also of another label or date, or a filter that cannot apply.
func (s *Store) Members(ctx context.Context, set model.MemberSet, keys []string, also *model.MemberSet, start, n int) (map[string]*model.MemberPage, error) {
	if err := checkMemberSet(set); err != nil {
		return nil, err
	}
	params := map[string]any{"keys": keys, "start": int64(start), "limit": int64(n), "maxPaths": int64(maxPathsRead)}
	memberPageParams(set, params)

	if also != nil {
		if err := checkMemberSet(*also); err != nil {
			return nil, err
		}
		if also.Label != set.Label {
			return nil, model.Errorf(model.EINVALID, "members of %s cannot also be members of a set of %s.", set.Label, also.Label)
		}
		if also.AsOf != set.AsOf {
			return nil, model.Errorf(model.EINVALID, "members as of %q cannot also be members as of %q.", set.AsOf, also.AsOf)
		}
		pairs := make([][]string, len(keys))
		for i, k := range keys {
			row, col, ok := strings.Cut(k, "|")
			if !ok {
				return nil, model.Errorf(model.EINVALID, "member key %q of a cell is not key|alsoKey.", k)
			}
			pairs[i] = []string{row, col}
		}
		params["keys"] = pairs
	}
	if start < 0 || n < 0 {
		return nil, model.Errorf(model.EINVALID, "member page from %d, size %d: both must be at least 0.", start, n)
	}
	out := make(map[string]*model.MemberPage, len(keys))
	for _, k := range keys {
		out[k] = &model.MemberPage{Members: []*model.Member{}}
	}
	// A filter on the members is the list filter of their label, rendered as the list does.
	f := &filter{label: set.Label, params: params}
	where, err := f.cond(set.Where, "where", "")
	if err != nil {
		return nil, err
	}
	if err := s.documentsOfDates(ctx, params); err != nil { // the filter's own asOf
		return nil, err
	}
	q := membersQueryWhere(set, also, where)
	if q == "" || len(keys) == 0 {
		return out, nil
	}
	if set.AsOf != "" {
		docs, err := s.documentsAsOf(ctx, set.AsOf)
		if err != nil {
			return nil, err
		}
		params["asOfDocs"] = docs
	}
	res, err := s.read(ctx, "members", q, params)
	if err != nil {
		return nil, err
	}
	for _, rec := range res.Records {
		if len(rec.Values) != 3 {
			return nil, fmt.Errorf("members: row of %d columns", len(rec.Values))
		}
		key, _ := rec.Values[0].(string)
		total, _ := rec.Values[1].(int64)
		rows, _ := rec.Values[2].([]any)
		p := &model.MemberPage{Members: make([]*model.Member, len(rows)), Total: int(total)}
		for _, row := range rows {
			i, m, err := memberOf(row)
			if err != nil || i < 0 || i >= len(rows) || p.Members[i] != nil {
				return nil, fmt.Errorf("members of %s: row %d: %w", key, i, err)
			}
			p.Members[i] = m
		}
		out[key] = p
	}
	return out, nil
}

// memberOf reads one row of a member page: its place on the page, node, labels, d, paths.
func memberOf(row any) (int, *model.Member, error) {
	cols, _ := row.([]any)
	if len(cols) != 5 {
		return -1, nil, fmt.Errorf("member row of %d columns", len(cols))
	}
	i, _ := cols[0].(int64)
	props, _ := cols[1].(map[string]any)
	m := &model.Member{Node: entityOf(anyStrings(cols[2]), props), Scope: model.ScopeVia}
	if d, _ := cols[3].(int64); d == 1 {
		m.Scope = model.ScopeDirect
	}
	raw, _ := cols[4].([]any)
	for _, rp := range raw {
		parts, _ := rp.([]any)
		if len(parts) != 2 {
			return -1, nil, fmt.Errorf("path of %d parts", len(parts))
		}
		m.Paths = append(m.Paths, pathOf(parts[0], parts[1]))
	}
	slices.SortStableFunc(m.Paths, func(a, b *model.Path) int { return a.Length - b.Length })
	m.Paths = m.Paths[:min(len(m.Paths), maxPathsShown)]
	return int(i), m, nil
}

// pathOf builds a path from its nodes ([id, name, labels]) and relationships ([type, start
// id, role, quote, document, offset]).
func pathOf(rawNodes, rawRels any) *model.Path {
	nodes, _ := rawNodes.([]any)
	rels, _ := rawRels.([]any)
	p := &model.Path{Length: len(rels)}
	for _, rn := range nodes {
		c, _ := rn.([]any)
		if len(c) != 3 {
			continue
		}
		id, _ := c[0].(string)
		name, _ := c[1].(string)
		p.Nodes = append(p.Nodes, entityOf(anyStrings(c[2]), map[string]any{"id": id, "name": name}))
	}
	for i, rr := range rels {
		c, _ := rr.([]any)
		if len(c) != 6 || i+1 >= len(p.Nodes) {
			continue
		}
		typ, _ := c[0].(string)
		startID, _ := c[1].(string)
		var role *string
		if r, ok := c[2].(string); ok && r != "" {
			role = &r
		}
		quote, _ := c[3].(string)
		doc, _ := c[4].(string)
		off, _ := c[5].(int64)
		from, to := p.Nodes[i], p.Nodes[i+1]
		p.Steps = append(p.Steps, &model.PathStep{
			From: from, To: to, Type: model.RelationType(typ), Forward: startID == from.GetID(),
			Role: role, Evidence: &model.Evidence{Quote: quote, DocumentID: doc, Offset: int(off)},
		})
	}
	return p
}

func anyStrings(v any) []string {
	raw, _ := v.([]any)
	out := make([]string, 0, len(raw))
	for _, x := range raw {
		if s, ok := x.(string); ok {
			out = append(out, s)
		}
	}
	return out
}

// scopeCond is the condition on a member's d (1 direct, 0 via only) for scope.
func scopeCond(v string, scope model.Scope) string {
	switch scope {
	case model.ScopeDirect:
		return " AND " + v + " = 1"
	case model.ScopeVia:
		return " AND " + v + " = 0"
	}
	return ""
}

// scopeParamCond is scopeCond for the text that ALL and VIA share, the scope read from
// $scopeParam and the member's d: VIA keeps only the members no direct route reaches. (DIRECT
// has a text of its own, of the direct routes alone.)
func scopeParamCond(scopeParam string) string {
	return fmt.Sprintf("($%s <> 'VIA' OR d = 0)", scopeParam)
}

// coverageQuery counts the entities of label that are members of each pair of a row bucket of
// rows and a column bucket of columns, both in scope (as of $asOf when asOf is not ""); ""
// when label has no route in one.
func coverageQuery(label string, rows, columns model.Dimension, scope model.Scope, asOf string) string {
	rb, cb := keyBranches(label, rows, model.MemberRoutes(label, rows), asOf), keyBranches(label, columns, model.MemberRoutes(label, columns), asOf)
	for i, b := range cb { // n is bound by the rows: the columns return only its buckets
		cb[i] = strings.Replace(b, "RETURN n, ", "RETURN ", 1)
	}
	if len(rb) == 0 || len(cb) == 0 {
		return ""
	}
	return fmt.Sprintf(`CALL () {
%s
}
WITH n, key AS row, max(d) AS rd WHERE row IS NOT NULL%s
CALL (n) {
%s
}
WITH n, row, key AS column, max(d) AS cd WHERE column IS NOT NULL%s
RETURN row, column, count(DISTINCT n) AS count
ORDER BY count DESC, row, column`, strings.Join(rb, "\n  UNION ALL\n"), scopeCond("rd", scope),
		strings.Join(cb, "\n  UNION ALL\n"), scopeCond("cd", scope))
}

// Coverage returns the non-empty cells of the coverage matrix of label by rows × columns in
// scope, largest first; with asOf (yyyy-mm-dd, "" for none) only the memberships documents
// dated on or before it state. Errors: EINVALID for an unknown label, dimension or scope, or
// a date that is not yyyy-mm-dd.
func (s *Store) Coverage(ctx context.Context, label string, rows, columns model.Dimension, scope model.Scope, asOf string) ([]*model.CoverageCell, error) {
	sets := []model.MemberSet{{Label: label, Dimension: rows, Scope: scope, AsOf: asOf}, {Label: label, Dimension: columns, Scope: scope, AsOf: asOf}}
	for _, set := range sets {
		if err := checkMemberSet(set); err != nil {
			return nil, err
		}
	}
	out := []*model.CoverageCell{}
	q := coverageQuery(label, rows, columns, scope, asOfParam(sets[0]))
	if q == "" {
		return out, nil
	}
	var params map[string]any
	if asOf != "" {
		docs, err := s.documentsAsOf(ctx, asOf)
		if err != nil {
			return nil, err
		}
		params = map[string]any{"asOfDocs": docs}
	}
	res, err := s.read(ctx, "coverage", q, params)
	if err != nil {
		return nil, err
	}
	for _, rec := range res.Records {
		m := rec.AsMap()
		row, col := str(m, "row"), str(m, "column")
		out = append(out, &model.CoverageCell{Row: row, Column: col, Count: num(m, "count"),
			Set:  model.MemberSet{Label: label, Dimension: rows, Key: row, Scope: scope, AsOf: asOf},
			Also: model.MemberSet{Label: label, Dimension: columns, Key: col, Scope: scope, AsOf: asOf}})
	}
	return out, nil
}
