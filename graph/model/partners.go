package model

import (
	"slices"
	"strings"
)

// GraphNode is a node of the curated graph as the analyses read it: what it is called, what
// it says about itself and the quotes that back it.
type GraphNode struct {
	ID           string
	Label        string
	Name         string
	Aliases      []string
	TargetGroups []string
	Evidence     []Evidence // its quotes, in its source document
	Document     string     // the document that defines it
}

// GraphRelation is one curated relationship with its evidence.
type GraphRelation struct {
	ID       string
	Type     string
	From     string
	To       string
	Role     string
	Evidence Evidence
}

// LearningGraph is the curated graph with its evidence (mentions left out), and the date of
// every document ("" when the document states none): what learning partners are computed from.
type LearningGraph struct {
	Nodes         []GraphNode     // ordered by id
	Relations     []GraphRelation // ordered by id
	DocumentDates map[string]string
}

// Node returns the node with the id, found by binary search (Nodes are ordered by id).
func (g *LearningGraph) Node(id string) (*GraphNode, bool) {
	i, ok := slices.BinarySearchFunc(g.Nodes, id, func(n GraphNode, id string) int { return strings.Compare(n.ID, id) })
	if !ok {
		return nil, false
	}
	return &g.Nodes[i], true
}

// LearningPartner is a peer the focus could learn from, with the reasons that make up its score.
type LearningPartner struct {
	NodeID  string
	Score   float64
	Reasons []*PartnerReason
}

// PartnerReason is one reason a peer is suggested, with the quotes that back it on the
// focus's side and on the peer's side.
type PartnerReason struct {
	Kind          PartnerReasonKind
	Weight        float64
	Description   string
	SharedIDs     []string
	Values        []string
	FocusEvidence []*Evidence
	PeerEvidence  []*Evidence
}

// TimelineEntry is one fact about an entity and when the documents first state it.
type TimelineEntry struct {
	Date      *string
	Type      *RelationType
	Direction *Direction
	OtherID   *string
	Evidence  *Evidence
}
