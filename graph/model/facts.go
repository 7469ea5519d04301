package model

import (
	"fmt"
	"regexp"
	"strconv"
	"time"
)

// Facts are the typed, quoted attributes of an entity (seeds/FORMAT.md, facts): what the
// documents state about it as values rather than only as text. Each fact carries the quote that
// backs it. The store keeps them as one JSON property of the node.
type Facts struct {
	Quantities []*Quantity  `json:"quantities,omitempty"`
	Periods    []*Period    `json:"periods,omitempty"`
	Goals      []*Statement `json:"goals,omitempty"`
	Results    []*Statement `json:"results,omitempty"`
	Funding    []*Funding   `json:"funding,omitempty"`
	Roles      []*GroupRole `json:"roles,omitempty"`
}

// FactEvidence is where a fact's quote stands, and why a value not literally in the quote is a
// justified reading of it (Note).
type FactEvidence struct {
	Quote      string  `json:"quote"`
	DocumentID string  `json:"document"`
	Offset     int     `json:"offset"`
	Note       *string `json:"note,omitempty"`
}

// Evidence returns the fact's quote as evidence.
func (f FactEvidence) Evidence() *Evidence {
	return &Evidence{Quote: f.Quote, DocumentID: f.DocumentID, Offset: f.Offset}
}

// Quantity is a number the documents state: how many schools, pupils, hours, partners.
type Quantity struct {
	Value     float64 `json:"value"`
	Unit      string  `json:"unit"`      // one of Units
	Counted   string  `json:"counted"`   // what is counted, as the document says it
	Qualifier string  `json:"qualifier"` // one of Qualifiers
	FactEvidence
}

// Period is when something runs: a start, an end, a duration, or some of these.
type Period struct {
	Start    *FactDate `json:"start,omitempty"`
	End      *FactDate `json:"end,omitempty"`
	Duration *Duration `json:"duration,omitempty"`
	FactEvidence
}

// Duration is a length of time ("tweejarig", "drie jaar lang").
type Duration struct {
	Value float64 `json:"value"`
	Unit  string  `json:"unit"` // one of DurationUnits
}

// Statement is a goal, ambition or result in the document's words (Text may shorten the quote).
type Statement struct {
	Text string `json:"text"`
	FactEvidence
}

// Funding is where an initiative's money comes from, with its share or amount when stated.
type Funding struct {
	SourceID string   `json:"source"`
	Share    *float64 `json:"share,omitempty"`  // fraction of the source's budget, 0 < share <= 1
	Amount   *float64 `json:"amount,omitempty"` // euros
	FactEvidence
}

// GroupRole is a role an organisation or person has in a group: a school being one of a
// project's kernscholen.
type GroupRole struct {
	Role    string `json:"role"`
	GroupID string `json:"group"`
	FactEvidence
}

// FactDate is a date as precise as the document gives it.
type FactDate struct {
	Value     string        `json:"value"` // 2023-11-09, 2023-11, 2023 or 2023-2024
	Precision DatePrecision `json:"precision"`
}

// DatePrecision says which part of a FactDate is known.
type DatePrecision string

// The precisions of a FactDate.
const (
	PrecisionDay        DatePrecision = "DAY"
	PrecisionMonth      DatePrecision = "MONTH"
	PrecisionYear       DatePrecision = "YEAR"
	PrecisionSchoolYear DatePrecision = "SCHOOLYEAR"
)

var (
	dayForm        = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)
	monthForm      = regexp.MustCompile(`^(\d{4})-(\d{2})$`)
	yearForm       = regexp.MustCompile(`^\d{4}$`)
	schoolYearForm = regexp.MustCompile(`^(\d{4})-(\d{4})$`)
)

// ParseFactDate reads a date in one of its four forms, the form giving its precision:
// 2023-11-09 (day), 2023-11 (month), 2023 (year) or 2023-2024 (school year, two consecutive
// years). It is the one place the seed format's dates are defined.
func ParseFactDate(s string) (*FactDate, error) {
	switch {
	case dayForm.MatchString(s):
		if _, err := time.Parse(time.DateOnly, s); err != nil {
			return nil, fmt.Errorf("date %q is not a calendar day", s)
		}
		return &FactDate{Value: s, Precision: PrecisionDay}, nil
	case schoolYearForm.MatchString(s):
		m := schoolYearForm.FindStringSubmatch(s)
		a, _ := strconv.Atoi(m[1])
		b, _ := strconv.Atoi(m[2])
		if b != a+1 {
			return nil, fmt.Errorf("school year %q must span two consecutive years", s)
		}
		return &FactDate{Value: s, Precision: PrecisionSchoolYear}, nil
	case monthForm.MatchString(s):
		m := monthForm.FindStringSubmatch(s)
		if mo, _ := strconv.Atoi(m[2]); mo < 1 || mo > 12 {
			return nil, fmt.Errorf("date %q has no month %s", s, m[2])
		}
		return &FactDate{Value: s, Precision: PrecisionMonth}, nil
	case yearForm.MatchString(s):
		return &FactDate{Value: s, Precision: PrecisionYear}, nil
	}
	return nil, fmt.Errorf("date %q is not YYYY-MM-DD, YYYY-MM, YYYY or a school year YYYY-YYYY", s)
}

// First is the first day the date can mean, for ordering: a school year starts on 1 August.
func (d *FactDate) First() string {
	switch d.Precision {
	case PrecisionMonth:
		return d.Value + "-01"
	case PrecisionYear:
		return d.Value + "-01-01"
	case PrecisionSchoolYear:
		return d.Value[:4] + "-08-01"
	}
	return d.Value
}

func (c *Common) facts() *Facts {
	if c.Facts == nil {
		return &Facts{}
	}
	return c.Facts
}

func orEmpty[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

// Quantities returns the numbers the documents state about the entity.
func (c *Common) Quantities() []*Quantity { return orEmpty(c.facts().Quantities) }

// Periods returns when the entity runs.
func (c *Common) Periods() []*Period { return orEmpty(c.facts().Periods) }

// Goals returns the entity's stated aims.
func (c *Common) Goals() []*Statement { return orEmpty(c.facts().Goals) }

// Results returns the entity's stated results.
func (c *Common) Results() []*Statement { return orEmpty(c.facts().Results) }

// Funding returns where the entity's money comes from.
func (c *Common) Funding() []*Funding { return orEmpty(c.facts().Funding) }

// Roles returns the entity's roles in groups.
func (c *Common) Roles() []*GroupRole { return orEmpty(c.facts().Roles) }

// UnitLabel is the unit's Dutch plural.
func (q *Quantity) UnitLabel() string {
	if l, ok := Units[q.Unit]; ok {
		return l
	}
	return q.Unit
}

// DatePrecision says how precise the event's date is.
func (e *Event) DatePrecision() DatePrecision {
	if d, err := ParseFactDate(e.Date); err == nil {
		return d.Precision
	}
	return PrecisionDay
}

// IsValid reports whether the precision is one of the four.
func (p DatePrecision) IsValid() bool {
	switch p {
	case PrecisionDay, PrecisionMonth, PrecisionYear, PrecisionSchoolYear:
		return true
	}
	return false
}

// Publication is a report, article, newsletter or series a document refers to or appeared in.
type Publication struct {
	Common
	Kind string
}

// MeetingFormat is a way the network meets (dialoogsessie, inspiratietafel, koffieochtend).
type MeetingFormat struct{ Common }

// WorksWith is another organisation taking part in the same initiative: derived from two
// relations (model.WorksWithVia), with both quotes.
type WorksWith struct {
	OrganisationID string
	InitiativeID   string
	Via            string
	OtherVia       string
	Evidence       []*Evidence
}
