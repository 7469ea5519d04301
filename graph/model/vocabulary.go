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
	// LabelPublication is a report, article, newsletter or series a document refers to or
	// appeared in.
	LabelPublication = "Publication"
	// LabelMeetingFormat is a recurring way the network meets (dialoogsessie, inspiratietafel).
	LabelMeetingFormat = "MeetingFormat"
)

// Labels lists every node label, in the order the API lists them.
var Labels = []string{LabelRegion, LabelInitiative, LabelOrganisation, LabelPerson,
	LabelBouwsteen, LabelEvent, LabelTheme, LabelProgramme, LabelPublication, LabelMeetingFormat, LabelDocument}

// IDPrefix is the prefix every id of a label starts with.
var IDPrefix = map[string]string{
	LabelDocument: "doc-", LabelRegion: "region-", LabelInitiative: "initiative-",
	LabelOrganisation: "org-", LabelPerson: "person-", LabelBouwsteen: "bouwsteen-",
	LabelEvent: "event-", LabelTheme: "theme-", LabelProgramme: "programme-",
	LabelPublication: "publication-", LabelMeetingFormat: "format-",
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
	"AUTHORED":     {From: []string{LabelPerson, LabelOrganisation}, To: []string{LabelDocument, LabelPublication}},
	"EMBODIES":     {From: []string{LabelInitiative, LabelRegion, LabelOrganisation}, To: []string{LabelBouwsteen}},
	"DERIVED_FROM": {From: []string{LabelBouwsteen}, To: []string{LabelEvent, LabelDocument}},
	"ABOUT":        {From: []string{LabelInitiative, LabelEvent, LabelDocument, LabelBouwsteen, LabelProgramme, LabelOrganisation}, To: []string{LabelTheme}},
	"REFERS_TO":    {From: []string{LabelDocument, LabelPublication}, To: []string{LabelPublication, LabelEvent}},
	"PUBLISHED_IN": {From: []string{LabelDocument, LabelPublication}, To: []string{LabelPublication}},
	"USES_FORMAT":  {From: []string{LabelProgramme, LabelInitiative, LabelOrganisation, LabelEvent}, To: []string{LabelMeetingFormat}},
	LearnsFrom:     {From: learners, To: learners},
	Inspires:       {From: learners, To: learners},
}

// FundedBy is the relation type a funding fact (seeds/FORMAT.md, facts) is written as: the
// loader derives one FUNDED_BY relation from every funding fact, so the fact is its one home.
const FundedBy = "FUNDED_BY"

// WorksWithVia are the relation types by which an organisation takes part in an initiative for
// the derived "works with" answer: two organisations work with each other when both have one
// of these relations to the same initiative.
var WorksWithVia = []string{"PARTNER_IN", "COORDINATES", "LEADS"}

// Fact types of the seed format's facts list.
const (
	FactQuantity = "quantity"
	FactPeriod   = "period"
	FactGoal     = "goal"
	FactResult   = "result"
	FactFunding  = "funding"
	FactRole     = "role"
)

// FactTypes are the fact types, each with the labels a fact of that type may be about.
var FactTypes = map[string][]string{
	FactQuantity: {LabelInitiative, LabelEvent, LabelOrganisation, LabelProgramme, LabelRegion},
	FactPeriod:   {LabelInitiative, LabelEvent, LabelOrganisation, LabelProgramme},
	FactGoal:     {LabelInitiative, LabelEvent, LabelProgramme},
	FactResult:   {LabelInitiative, LabelEvent, LabelProgramme},
	FactFunding:  {LabelInitiative, LabelProgramme},
	FactRole:     {LabelOrganisation, LabelPerson},
}

// Units is the closed vocabulary of what a quantity counts or measures, each with its Dutch
// plural as the explorer shows it.
var Units = map[string]string{
	"school":               "scholen",
	"leerling":             "leerlingen",
	"professional":         "professionals",
	"docent":               "docenten",
	"jeugdondersteuner":    "jeugdondersteuners",
	"samenwerkingsverband": "samenwerkingsverbanden",
	"gemeente":             "gemeenten",
	"wijk":                 "wijken",
	"locatie":              "locaties",
	"knooppunt":            "knooppunten",
	"project":              "projecten",
	"lerende praktijk":     "lerende praktijken",
	"pitch":                "pitches",
	"casus":                "casussen",
	"tafel":                "tafels",
	"uur per week":         "uur per week",
	"dag per week":         "dagen per week",
}

// DurationUnits is the closed vocabulary of a period's duration.
var DurationUnits = map[string]string{"dag": "dagen", "week": "weken", "maand": "maanden", "jaar": "jaar", "schooljaar": "schooljaren"}

// Qualifiers say how exact a quantity is: "exact" (the default), "approx" ("een tiental"),
// "more-than" ("ruim vijftig", "meer dan vijftien").
var Qualifiers = []string{"exact", "approx", "more-than"}

// NewEntity returns the typed entity of a label with the common fields c and nothing else,
// or nil for a label outside the vocabulary. It is the one place a label becomes a Go type:
// the store fills in each type's own fields, and answers built from an index (learning
// partners) stop at the common ones.
func NewEntity(label string, c Common) Entity {
	c.Label = label
	switch label {
	case LabelRegion:
		return &Region{Common: c}
	case LabelInitiative:
		return &Initiative{Common: c}
	case LabelOrganisation:
		return &Organisation{Common: c}
	case LabelPerson:
		return &Person{Common: c}
	case LabelBouwsteen:
		return &Bouwsteen{Common: c}
	case LabelEvent:
		return &Event{Common: c}
	case LabelTheme:
		return &Theme{Common: c}
	case LabelProgramme:
		return &Programme{Common: c}
	case LabelPublication:
		return &Publication{Common: c}
	case LabelMeetingFormat:
		return &MeetingFormat{Common: c}
	case LabelDocument:
		return &Document{Common: c}
	}
	return nil
}
