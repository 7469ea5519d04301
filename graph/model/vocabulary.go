package model

// Node labels of the graph. Every node also carries the label Node, which holds the unique id.
const (
	LabelDocument     = "Document"
	LabelRegion       = "Region"
	LabelInitiative   = "Initiative"
	LabelOrganisation = "Organisation"
	LabelPerson       = "Person"
	LabelBouwsteen    = "Bouwsteen"
	LabelEvent        = "Event"
	LabelTheme        = "Theme"
	LabelProgramme    = "Programme"
)

// Labels lists every node label, in the order the API lists them.
var Labels = []string{LabelRegion, LabelInitiative, LabelOrganisation, LabelPerson,
	LabelBouwsteen, LabelEvent, LabelTheme, LabelProgramme, LabelDocument}

// IDPrefix is the prefix every id of a label starts with.
var IDPrefix = map[string]string{
	LabelDocument: "doc-", LabelRegion: "region-", LabelInitiative: "initiative-",
	LabelOrganisation: "org-", LabelPerson: "person-", LabelBouwsteen: "bouwsteen-",
	LabelEvent: "event-", LabelTheme: "theme-", LabelProgramme: "programme-",
}

// MentionedIn is the relationship type of mentions found by the loader (not curated).
const MentionedIn = "MENTIONED_IN"

// Learning relation types: A LEARNS_FROM B is the same fact as B INSPIRES A.
const (
	LearnsFrom = "LEARNS_FROM"
	Inspires   = "INSPIRES"
)

// RelationRule says which labels may stand on each side of a curated relation type.
type RelationRule struct {
	From []string
	To   []string
}

var learners = []string{LabelInitiative, LabelRegion, LabelOrganisation, LabelPerson, LabelProgramme, LabelEvent}

// RelationRules are the curated relation types and their allowed endpoints (seeds/FORMAT.md).
var RelationRules = map[string]RelationRule{
	"WORKS_FOR":    {From: []string{LabelPerson}, To: []string{LabelOrganisation}},
	"LEADS":        {From: []string{LabelPerson, LabelOrganisation}, To: []string{LabelInitiative, LabelOrganisation, LabelProgramme, LabelEvent}},
	"COORDINATES":  {From: []string{LabelPerson, LabelOrganisation}, To: []string{LabelInitiative, LabelProgramme, LabelEvent}},
	"INVOLVED_IN":  {From: []string{LabelPerson}, To: []string{LabelInitiative, LabelProgramme, LabelEvent}},
	"LOCATED_IN":   {From: []string{LabelOrganisation, LabelInitiative, LabelEvent, LabelRegion}, To: []string{LabelRegion}},
	"PART_OF":      {From: []string{LabelRegion, LabelInitiative, LabelOrganisation, LabelEvent}, To: []string{LabelRegion, LabelInitiative, LabelProgramme, LabelOrganisation}},
	"PARTNER_IN":   {From: []string{LabelOrganisation}, To: []string{LabelInitiative, LabelProgramme, LabelEvent}},
	"FUNDED_BY":    {From: []string{LabelInitiative, LabelProgramme}, To: []string{LabelProgramme, LabelOrganisation, LabelRegion}},
	"PRESENTED_AT": {From: []string{LabelPerson, LabelInitiative, LabelOrganisation}, To: []string{LabelEvent}},
	"ATTENDED":     {From: []string{LabelPerson, LabelOrganisation}, To: []string{LabelEvent}},
	"ORGANISED":    {From: []string{LabelOrganisation, LabelPerson, LabelRegion}, To: []string{LabelEvent}},
	"AUTHORED":     {From: []string{LabelPerson, LabelOrganisation}, To: []string{LabelDocument}},
	"EMBODIES":     {From: []string{LabelInitiative, LabelRegion, LabelOrganisation}, To: []string{LabelBouwsteen}},
	"DERIVED_FROM": {From: []string{LabelBouwsteen}, To: []string{LabelEvent, LabelDocument}},
	"ABOUT":        {From: []string{LabelInitiative, LabelEvent, LabelDocument, LabelBouwsteen, LabelProgramme, LabelOrganisation}, To: []string{LabelTheme}},
	LearnsFrom:     {From: learners, To: learners},
	Inspires:       {From: learners, To: learners},
}
