package model

import (
	"encoding/json"
	"io"
	"strconv"
	"time"

	"github.com/99designs/gqlgen/graphql"
)

// Where is the filter of every list (InitiativeWhere, RegionWhere, … in the schema, each
// offering only the fields that can apply to its label): conditions on the entity's own
// properties, memberships (region, theme, bouwsteen, sector, event, document) in Scope and as
// of AsOf, and
// AND / OR / NOT of further filters. All given conditions must hold.
type Where struct {
	NameContains *string
	Name         *StringFilter
	Kind         *StringFilter
	Date         *DateRange
	Region       *string
	Theme        *string
	Bouwsteen    *string
	Sector       *string
	Event        *string
	Document     *string
	Scope        *Scope
	AsOf         *string // the memberships as of this day (yyyy-mm-dd)
	And          []*Where
	Or           []*Where
	Not          *Where
}

// Key identifies the filter with its values, so that a loader serves every node asking the
// same filtered page; "" for no filter.
func (w *Where) Key() string {
	if w == nil {
		return ""
	}
	b, _ := json.Marshal(w) // plain strings, pointers and slices: it cannot fail
	return string(b)
}

// StringFilter holds conditions on a text; all given must hold.
type StringFilter struct {
	Eq         *string
	In         []string
	StartsWith *string
	Contains   *string
}

// DateRange is a range of ISO dates; either end may be open, both are included.
type DateRange struct {
	From *string
	To   *string
}

// MarshalDate writes an ISO date (yyyy-mm-dd).
func MarshalDate(s string) graphql.Marshaler {
	return graphql.WriterFunc(func(w io.Writer) { _, _ = io.WriteString(w, strconv.Quote(s)) })
}

// UnmarshalDate reads an ISO date (yyyy-mm-dd); anything else is an error saying so.
func UnmarshalDate(v any) (string, error) {
	s, ok := v.(string)
	if !ok {
		return "", Errorf(EINVALID, "A Date is a string yyyy-mm-dd, not a %T.", v)
	}
	if _, err := time.Parse(time.DateOnly, s); err != nil {
		return "", Errorf(EINVALID, "%q is not a date yyyy-mm-dd.", s)
	}
	return s, nil
}
