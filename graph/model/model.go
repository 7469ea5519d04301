// Package model holds the domain types of MAO Graph: the entities of the knowledge graph, their
// evidence, pages of results, and the one error type every layer returns. It imports nothing
// from the project, so every other package can depend on it.
package model

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// Common is what every entity has. Quotes and QuoteOffsets are parallel: the quotes that back
// the entity, and where each stands in SourceDocument.
type Common struct {
	ID             string
	Label          string
	Name           string
	Aliases        []string
	Description    *string
	Quotes         []string
	QuoteOffsets   []int
	SourceDocument string
	MentionCount   int
	// Facts are its typed, quoted attributes (quantities, periods, goals, …); never nil.
	Facts *Facts
}

// IsNode marks the entity as a GraphQL Node.
func (c *Common) IsNode() {}

// IsEntity marks the entity as a GraphQL Entity.
func (c *Common) IsEntity() {}

// GetID returns the global id.
func (c *Common) GetID() string { return c.ID }

// GetName returns the name.
func (c *Common) GetName() string { return c.Name }

// GetAliases returns the aliases.
func (c *Common) GetAliases() []string { return c.Aliases }

// GetDescription returns the verbatim description, if any.
func (c *Common) GetDescription() *string { return c.Description }

// GetMentionCount returns how often the documents name the entity.
func (c *Common) GetMentionCount() int { return c.MentionCount }

// GetEvidence returns the quotes that back the entity.
func (c *Common) GetEvidence() []*Evidence { return c.Evidence() }

// Evidence returns the quotes that back the entity, with where they stand.
func (c *Common) Evidence() []*Evidence {
	out := make([]*Evidence, len(c.Quotes))
	for i, q := range c.Quotes {
		off := 0
		if i < len(c.QuoteOffsets) {
			off = c.QuoteOffsets[i]
		}
		out[i] = &Evidence{Quote: q, DocumentID: c.SourceDocument, Offset: off, Backs: c.ID}
	}
	return out
}

// Common returns the shared part of any entity.
func (c *Common) Base() *Common { return c }

// Entity is any node of the graph: *Region, *Initiative, … all embed Common.
type Entity interface {
	IsNode()
	IsEntity()
	GetID() string
	GetName() string
	GetAliases() []string
	GetDescription() *string
	GetEvidence() []*Evidence
	GetMentionCount() int
	Base() *Common
}

// Node is anything with a global id.
type Node interface {
	IsNode()
	GetID() string
}

// Region is a province, region, municipality or neighbourhood.
type Region struct {
	Common
	Kind string
}

// Initiative is a project, programme, lerende praktijk, pilot or arrangement.
type Initiative struct {
	Common
	Kind         string
	TargetGroups []string
}

// Organisation is a school, samenwerkingsverband, youth care or welfare organisation, …
type Organisation struct {
	Common
	Sector string
}

// Person is a person named in the documents.
type Person struct {
	Common
	Functions []string
}

// Bouwsteen is a numbered principle of the network.
type Bouwsteen struct {
	Common
	Series string
	Number int
}

// Event is a dialogue session or network meeting.
type Event struct {
	Common
	Kind  string
	Date  string // as precise as the document gives it: see ParseFactDate
	Place *string
	// Planned is true for an event a document announces, Date being its intended date.
	Planned bool
}

// Theme is a theme such as thuiszitters.
type Theme struct{ Common }

// Programme is a programme such as Met Andere Ogen.
type Programme struct{ Common }

// Document is a source document.
type Document struct {
	Common
	Title string
	Kind  string
	Date  *string
	File  string
	Text  string
}

// Evidence is a verbatim quote and where it stands. Backs is the id of the entity or the
// relationship the quote backs.
type Evidence struct {
	Quote      string
	DocumentID string
	Offset     int
	Backs      string
}

// ID is the evidence's stable id: its document, offset and what it backs. A quote can back
// several facts; each fact's evidence is its own object (a cache must not merge them).
func (e *Evidence) ID() string {
	return "evidence/" + e.DocumentID + "/" + strconv.Itoa(e.Offset) + "/" + e.Backs
}

// Mention is a passage in a document that names an entity.
type Mention struct {
	NodeID     string
	DocumentID string
	Offset     int
	Text       string
	Snippet    string
}

// ID is the mention's stable id: the entity, the document and the offset of the name.
func (m *Mention) ID() string {
	return "mention/" + m.NodeID + "/" + m.DocumentID + "/" + strconv.Itoa(m.Offset)
}

// RelationEdge is a relationship seen from one end. ID is the relationship's id (the one
// NetworkEdge.ID has); the GraphQL id is ViewID, because the two ends see different nodes.
type RelationEdge struct {
	Cursor    string
	ID        string
	Node      Entity
	Type      RelationType
	Direction Direction
	Role      *string
	Evidence  *Evidence
}

// ViewID is the stable id of the relationship seen from this end: a relationship A->B is
// "id@OUT" from A (node B) and "id@IN" from B (node A).
func (e *RelationEdge) ViewID() string { return e.ID + "@" + string(e.Direction) }

// PageInfo is the cursor pagination state.
type PageInfo struct {
	HasNextPage     bool
	HasPreviousPage bool
	StartCursor     *string
	EndCursor       *string
}

// Counter computes a page's total only when a client asks for it.
type Counter struct {
	Count func(ctx context.Context) (int, error)
}

// TotalCount runs the count query behind the page.
func (c Counter) TotalCount(ctx context.Context) (int, error) {
	if c.Count == nil {
		return 0, nil
	}
	return c.Count(ctx)
}

// Page is one page of a list, as the store returns it: the entities and, for each, its cursor.
type Page struct {
	Nodes    []Entity
	Cursors  []string
	PageInfo *PageInfo
	Counter
}

// RelationConnection is a page of relations.
type RelationConnection struct {
	Edges    []*RelationEdge
	PageInfo *PageInfo
	Counter
}

// Nodes returns the entities at the far end of the page's relations.
func (c *RelationConnection) Nodes() []Entity {
	out := make([]Entity, len(c.Edges))
	for i, e := range c.Edges {
		out[i] = e.Node
	}
	return out
}

// RelWindow is one page of a node's relations in their order (type, far name, far id,
// direction, relationship id): N relations after the cursor After and before the cursor Before
// (each when not empty); with FromEnd, the last N of them instead of the first.
type RelWindow struct {
	After, Before string
	N             int
	FromEnd       bool
}

// Key identifies the window, so that one dataloader serves every node asking for it.
func (w RelWindow) Key() string {
	return fmt.Sprintf("%q,%q,%d,%t", w.After, w.Before, w.N, w.FromEnd)
}

// RelPage is one page of a node's relations, cut by the store, each edge with its cursor: the
// page in order and, when more follow in the window's direction, one more at that end (the
// last, or with FromEnd the first); and the total over all pages, or -1 when it was not counted.
type RelPage struct {
	Edges []*RelationEdge
	Total int
}

// MentionConnection is a page of mentions; Cursors are parallel to Nodes.
type MentionConnection struct {
	Nodes    []*Mention
	Cursors  []string
	PageInfo *PageInfo
	Counter
}

// Edges returns the page's entities with their cursors.
func (c *MentionConnection) Edges() []*MentionEdge {
	return edgesOf(c.Nodes, c.Cursors, func(cur string, n *Mention) *MentionEdge { return &MentionEdge{Cursor: cur, Node: n} })
}

// edgesOf pairs a page's nodes with their cursors.
func edgesOf[N, E any](nodes []N, cursors []string, edge func(string, N) E) []E {
	out := make([]E, len(nodes))
	for i, n := range nodes {
		c := ""
		if i < len(cursors) {
			c = cursors[i]
		}
		out[i] = edge(c, n)
	}
	return out
}

// Typed pages of the top-level lists; Cursors are parallel to Nodes.
type (
	RegionConnection struct {
		Nodes    []*Region
		Cursors  []string
		PageInfo *PageInfo
		Counter
	}
	InitiativeConnection struct {
		Nodes    []*Initiative
		Cursors  []string
		PageInfo *PageInfo
		Counter
	}
	OrganisationConnection struct {
		Nodes    []*Organisation
		Cursors  []string
		PageInfo *PageInfo
		Counter
	}
	PersonConnection struct {
		Nodes    []*Person
		Cursors  []string
		PageInfo *PageInfo
		Counter
	}
	BouwsteenConnection struct {
		Nodes    []*Bouwsteen
		Cursors  []string
		PageInfo *PageInfo
		Counter
	}
	EventConnection struct {
		Nodes    []*Event
		Cursors  []string
		PageInfo *PageInfo
		Counter
	}
	ThemeConnection struct {
		Nodes    []*Theme
		Cursors  []string
		PageInfo *PageInfo
		Counter
	}
	ProgrammeConnection struct {
		Nodes    []*Programme
		Cursors  []string
		PageInfo *PageInfo
		Counter
	}
	PublicationConnection struct {
		Nodes    []*Publication
		Cursors  []string
		PageInfo *PageInfo
		Counter
	}
	MeetingFormatConnection struct {
		Nodes    []*MeetingFormat
		Cursors  []string
		PageInfo *PageInfo
		Counter
	}
	DocumentConnection struct {
		Nodes    []*Document
		Cursors  []string
		PageInfo *PageInfo
		Counter
	}
)

// Edges returns the page's entities with their cursors.
func (c *RegionConnection) Edges() []*RegionEdge {
	return edgesOf(c.Nodes, c.Cursors, func(cur string, n *Region) *RegionEdge { return &RegionEdge{Cursor: cur, Node: n} })
}

// Edges returns the page's entities with their cursors.
func (c *InitiativeConnection) Edges() []*InitiativeEdge {
	return edgesOf(c.Nodes, c.Cursors, func(cur string, n *Initiative) *InitiativeEdge { return &InitiativeEdge{Cursor: cur, Node: n} })
}

// Edges returns the page's entities with their cursors.
func (c *OrganisationConnection) Edges() []*OrganisationEdge {
	return edgesOf(c.Nodes, c.Cursors, func(cur string, n *Organisation) *OrganisationEdge { return &OrganisationEdge{Cursor: cur, Node: n} })
}

// Edges returns the page's entities with their cursors.
func (c *PersonConnection) Edges() []*PersonEdge {
	return edgesOf(c.Nodes, c.Cursors, func(cur string, n *Person) *PersonEdge { return &PersonEdge{Cursor: cur, Node: n} })
}

// Edges returns the page's entities with their cursors.
func (c *BouwsteenConnection) Edges() []*BouwsteenEdge {
	return edgesOf(c.Nodes, c.Cursors, func(cur string, n *Bouwsteen) *BouwsteenEdge { return &BouwsteenEdge{Cursor: cur, Node: n} })
}

// Edges returns the page's entities with their cursors.
func (c *EventConnection) Edges() []*EventEdge {
	return edgesOf(c.Nodes, c.Cursors, func(cur string, n *Event) *EventEdge { return &EventEdge{Cursor: cur, Node: n} })
}

// Edges returns the page's entities with their cursors.
func (c *ThemeConnection) Edges() []*ThemeEdge {
	return edgesOf(c.Nodes, c.Cursors, func(cur string, n *Theme) *ThemeEdge { return &ThemeEdge{Cursor: cur, Node: n} })
}

// Edges returns the page's entities with their cursors.
func (c *PublicationConnection) Edges() []*PublicationEdge {
	return edgesOf(c.Nodes, c.Cursors, func(cur string, n *Publication) *PublicationEdge { return &PublicationEdge{Cursor: cur, Node: n} })
}

// Edges returns the page's entities with their cursors.
func (c *MeetingFormatConnection) Edges() []*MeetingFormatEdge {
	return edgesOf(c.Nodes, c.Cursors, func(cur string, n *MeetingFormat) *MeetingFormatEdge { return &MeetingFormatEdge{Cursor: cur, Node: n} })
}

// Edges returns the page's entities with their cursors.
func (c *ProgrammeConnection) Edges() []*ProgrammeEdge {
	return edgesOf(c.Nodes, c.Cursors, func(cur string, n *Programme) *ProgrammeEdge { return &ProgrammeEdge{Cursor: cur, Node: n} })
}

// Edges returns the page's entities with their cursors.
func (c *DocumentConnection) Edges() []*DocumentEdge {
	return edgesOf(c.Nodes, c.Cursors, func(cur string, n *Document) *DocumentEdge { return &DocumentEdge{Cursor: cur, Node: n} })
}

// SearchHit is one search result.
type SearchHit struct {
	Node    Entity
	Score   float64
	Snippet string
	// Via is the match a hit was found through (its theme, bouwsteen, region or programme);
	// nil when the hit's own text matched.
	Via Entity
}

// NetworkEdge is a relation in a network picture.
type NetworkEdge struct {
	ID       string
	Source   string
	Target   string
	Type     RelationType
	Role     *string
	Evidence *Evidence
}

// Network is part of the graph, ready to draw.
type Network struct {
	Nodes []Entity
	Edges []*NetworkEdge
}

// PathStep is one step of a path.
type PathStep struct {
	From     Entity
	To       Entity
	Type     RelationType
	Forward  bool
	Role     *string
	Evidence *Evidence
}

// Path is a path between two entities.
type Path struct {
	Length int
	Nodes  []Entity
	Steps  []*PathStep
}

// SimilarInitiative is an initiative similar to another (FromID), with its reasons.
type SimilarInitiative struct {
	FromID       string
	InitiativeID string
	Score        float64
	Reasons      []*SimilarityReason
}

// ID is the pair's stable id.
func (s *SimilarInitiative) ID() string { return "similar/" + s.FromID + "/" + s.InitiativeID }

// SimilarityReason is one reason two initiatives are similar.
type SimilarityReason struct {
	Kind        SimilarityKind
	Weight      float64
	Description string
	SharedIDs   []string
	Values      []string
}

// Broker is a person or organisation that bridges parts of the network.
type Broker struct {
	NodeID    string
	Score     float64
	BridgeIDs []string
}

// Bucket is one bar of a dashboard chart: the members of one region, theme, bouwsteen,
// sector, event or document, counted DIRECT, VIA and in total; Count is the number in Scope.
// Label and Dimension, with Key and Scope, say which members (Store.Members lists them).
type Bucket struct {
	Key       string
	Name      string
	NodeID    *string
	Count     int
	Scope     Scope
	Direct    int
	Via       int
	Total     int
	Label     string
	Dimension Dimension
	// AsOf is the day the count is as of (yyyy-mm-dd): only memberships that documents dated
	// on or before it state; "" for every document.
	AsOf string
}

// InScope returns the bucket's number of members in scope.
func (b *Bucket) InScope(scope Scope) int {
	switch scope {
	case ScopeDirect:
		return b.Direct
	case ScopeVia:
		return b.Via
	}
	return b.Total
}

// MemberSet names the members of one bucket: entities of Label that belong to the bucket Key
// of Dimension in Scope, as of AsOf (yyyy-mm-dd: only the memberships that documents dated on
// or before it state; "" for every document); with Where, only those that also pass the list
// filter of Label (as the top-level list applies it). The filter narrows the page, not the
// set: a member's id and paths stay the same.
type MemberSet struct {
	Label     string
	Dimension Dimension
	Key       string
	Scope     Scope
	AsOf      string
	Where     *Where
	// What is read of each member, not which members there are (neither is part of the set's
	// ID): Light reads only its id and name, for a selection that asks nothing else of the
	// node; NoPaths leaves out the paths that make it a member, for one that does not ask
	// for them.
	Light, NoPaths bool
}

// Member is one member of a bucket, with the paths (each hop with its evidence) that make it
// one.
type Member struct {
	Cursor string
	// Of names the set (MemberSet.ID) or, for a coverage cell, both sets it is a member of.
	Of    string
	Node  Entity
	Scope Scope
	Paths []*Path
}

// MemberPage is one page of a bucket's members and their total.
type MemberPage struct {
	Members []*Member
	Total   int
}

// MemberConnection is a page of members.
type MemberConnection struct {
	Edges    []*Member
	Nodes    []Entity
	PageInfo *PageInfo
	Counter
}

// Coverage is a coverage matrix.
type Coverage struct {
	Rows    []*Bucket
	Columns []*Bucket
	Cells   []*CoverageCell
}

// CoverageCell is one non-empty cell of a coverage matrix: the members of Row's bucket that
// are also members of Column's, in the matrix's scope.
type CoverageCell struct {
	Row    string
	Column string
	Count  int
	// Set is the row's member set; Also the column's.
	Set, Also MemberSet
}

// ID is the bucket's stable id: what is counted, by what, in which scope, and the key (its
// count and members depend on all four), with "@" and the date when it is counted as of one.
func (b *Bucket) ID() string {
	return MemberSet{Label: b.Label, Dimension: b.Dimension, Key: b.Key, Scope: b.Scope, AsOf: b.AsOf}.ID()
}

// Cell returns the cell of row and column, or nil when that cell is empty.
func (c *Coverage) Cell(row, column string) *CoverageCell {
	for _, x := range c.Cells {
		if x.Row == row && x.Column == column {
			return x
		}
	}
	return nil
}

// ID is the cell's stable id: its row's member set and its column's.
func (c *CoverageCell) ID() string { return c.Set.ID() + "&" + c.Also.ID() }

// ID is the set's stable name: what is listed, by what, in which scope, and the key, with "@"
// and the date when it is listed as of one.
func (s MemberSet) ID() string {
	id := s.Label + "/" + string(s.Dimension) + "/" + string(s.Scope) + "/" + s.Key
	if s.AsOf != "" {
		id += "@" + s.AsOf
	}
	return id
}

// ID is the member's stable id: the set it is a member of (for a coverage cell's member, both
// sets) and its entity; its scope and paths depend on both.
func (m *Member) ID() string { return "member/" + m.Of + "/" + m.Node.GetID() }

// ID is the broker's stable id, from its entity's.
func (b *Broker) ID() string { return "broker/" + b.NodeID }

// NetworkRead is what a network or paths request reads of what it finds: LightNodes, only the
// entities' id and name; BareEdges, only each relation's id, ends and type (no role, no
// evidence), so that a picture of names does not carry every quote across.
type NetworkRead struct{ LightNodes, BareEdges bool }

// RelPair selects relationships of one type in one direction ("OUT", "IN" or "BOTH").
type RelPair struct {
	Type string
	Dir  string
}

// RelQuery selects the relations of a node: any of Pairs, to nodes with any of Labels (all
// labels when empty). Light asks only for the far node's id and name, for a request that
// reads nothing else of it; Total asks for the count of all of them, not only the page.
// Where keeps only the far nodes that pass the list filter of their label (it needs exactly
// one label in Labels): the same filter, built the same way, as the top-level list's.
type RelQuery struct {
	Pairs  []RelPair
	Labels []string
	Light  bool
	Total  bool
	Where  *Where
}

// Key identifies the query, so that one dataloader serves every node asking the same thing.
// Pairs and labels are sorted and deduplicated first: a request listing the same types in
// another order or twice asks the same thing, and building the key stays O(n log n).
func (q RelQuery) Key() string {
	pairs := make([]string, len(q.Pairs))
	for i, p := range q.Pairs {
		pairs[i] = p.Type + ">" + p.Dir
	}
	slices.Sort(pairs)
	labels := slices.Clone(q.Labels)
	slices.Sort(labels)
	var k strings.Builder
	for _, p := range slices.Compact(pairs) {
		k.WriteString(p)
		k.WriteByte(',')
	}
	for _, l := range slices.Compact(labels) {
		k.WriteString(l)
		k.WriteByte(';')
	}
	if q.Light {
		k.WriteString("light;")
	}
	if q.Total {
		k.WriteString("total;")
	}
	if q.Where != nil {
		k.WriteString("where:" + q.Where.Key())
	}
	return k.String()
}

// ListArgs are a list's filter, order and page: First entities after the cursor After (when
// not empty) and before the cursor Before (when not empty); with FromEnd, the last First of
// them instead.
type ListArgs struct {
	Where   *Where
	Order   []EntityOrder
	First   int
	After   *string
	Before  *string
	FromEnd bool
	// WithTotal says the caller will ask for the total, so the store may count alongside.
	WithTotal bool
	// Fields are the fields asked of the nodes that are read from the node itself (not those
	// that load by id): the store reads only the properties behind them. Nil reads them all.
	Fields []string
}

// InitiativeFeatures is what similarity is computed from.
type InitiativeFeatures struct {
	ID           string
	Name         string
	TargetGroups []string
	Text         string // description and quotes
	Bouwstenen   []string
	Themes       []string
	Sectors      []string
	Regions      []string        // where it works, with every larger region
	Family       []*FamilyMember // its parts, wholes and lineage, left out of its similar initiatives
	// Parents are the initiatives and programmes it is directly part of. Initiatives with a
	// parent in common are siblings, family too; they are worked out where needed (package
	// analysis), not listed here: a programme with thousands of parts would make millions of pairs.
	Parents []string
}

// FamilyMember is an initiative of another's own family: one it is part of or that is part of
// it, that shares a whole with it, or that it grew from or into.
type FamilyMember struct {
	InitiativeID string
	Tie          FamilyTieKind
}

// GraphEdge is a curated relation reduced to its ends, for graph algorithms.
type GraphEdge struct {
	From, To string
}

// Skeleton is the curated graph without properties, for graph algorithms.
type Skeleton struct {
	Labels map[string]string // id -> label
	Edges  []GraphEdge
}
