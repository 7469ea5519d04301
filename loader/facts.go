package loader

import (
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"unicode"

	"github.com/metandereogen/maograph/graph/model"
)

// checkFacts checks a file's facts: each is about a defined node of a label its type allows,
// backed by a quote from the file's document, with values of the right type and vocabulary.
// A number or year that does not stand in the quote needs a note saying why the value is a
// justified reading of it ("vier jaar geleden" in a text of 2022 is 2018).
func (p *parser) checkFacts(f *seedFile) {
	doc, haveDoc := p.docs[f.Document.ID]
	for _, fa := range f.Facts {
		allowed, known := model.FactTypes[fa.Type]
		if !known {
			p.addf(f.name, fa.Line, "fact about %s: unknown type %q (allowed: %s)", show(fa.About), fa.Type, strings.Join(sortedKeys(model.FactTypes), ", "))
			continue
		}
		where := fmt.Sprintf("%s fact about %s", fa.Type, show(fa.About))
		def, found := p.defined[fa.About]
		switch {
		case fa.About == "":
			p.addf(f.name, fa.Line, "%s fact: missing about", fa.Type)
		case !found:
			p.addf(f.name, fa.Line, "%s: %q is not defined in any seed file", where, fa.About)
		case !slices.Contains(allowed, def.label):
			p.addf(f.name, fa.Line, "%s: a %s fact cannot be about a %s (allowed: %s)", where, fa.Type, def.label, strings.Join(allowed, ", "))
		}
		if strings.TrimSpace(fa.Quote) == "" {
			p.addf(f.name, fa.Line, "%s: missing quote", where)
		} else if haveDoc {
			p.requireQuote(f.name, fa.Line, doc, where+": quote", fa.Quote)
		}
		if strings.ContainsAny(fa.Note, "\n\r") {
			p.addf(f.name, fa.Line, "%s: note must be one line", where)
		}
		bad := func(format string, args ...any) {
			p.addf(f.name, fa.Line, where+": "+format, args...)
		}
		// inQuote reports a value missing from the quote unless a note explains it.
		inQuote := func(what string, ok bool) {
			if !ok && fa.Note == "" && fa.Quote != "" {
				bad("%s is not in the quote; add a note saying why it is a justified reading", what)
			}
		}
		switch fa.Type {
		case model.FactQuantity:
			switch {
			case fa.Value == nil:
				bad("missing value")
			case *fa.Value <= 0:
				bad("value %v must be positive", *fa.Value)
			default:
				inQuote(fmt.Sprintf("value %v", *fa.Value), mentionsNumber(fa.Quote, *fa.Value))
			}
			if _, ok := model.Units[fa.Unit]; !ok {
				bad("unknown unit %q (allowed: %s)", fa.Unit, strings.Join(sortedKeys(model.Units), ", "))
			}
			if strings.TrimSpace(fa.Counted) == "" {
				bad("missing counted (what is counted, as the document says it)")
			}
			if fa.Qualifier != "" && !slices.Contains(model.Qualifiers, fa.Qualifier) {
				bad("unknown qualifier %q (allowed: %s)", fa.Qualifier, strings.Join(model.Qualifiers, ", "))
			}
		case model.FactPeriod:
			if fa.Start == "" && fa.End == "" && fa.Duration == "" {
				bad("needs start, end or duration")
			}
			var dates []*model.FactDate
			for _, d := range []struct{ name, value string }{{"start", fa.Start}, {"end", fa.End}} {
				if d.value == "" {
					continue
				}
				fd, err := model.ParseFactDate(d.value)
				if err != nil {
					bad("%s: %v", d.name, err)
					continue
				}
				dates = append(dates, fd)
				inQuote(fmt.Sprintf("%s %s", d.name, d.value), yearsInQuote(fa.Quote, fd))
			}
			if len(dates) == 2 && dates[0].First() > dates[1].First() {
				bad("start %s is after end %s", fa.Start, fa.End)
			}
			if fa.Duration != "" {
				if d, err := parseDuration(fa.Duration); err != nil {
					bad("%v", err)
				} else {
					inQuote("duration "+fa.Duration, mentionsNumber(fa.Quote, d.Value))
				}
			}
		case model.FactGoal, model.FactResult:
			if strings.ContainsAny(fa.Text, "\n\r") {
				bad("text must be one line")
			}
		case model.FactFunding:
			rule := model.RelationRules[model.FundedBy]
			src, ok := p.defined[fa.Source]
			switch {
			case fa.Source == "":
				bad("missing source")
			case !ok:
				bad("source %q is not defined in any seed file", fa.Source)
			case !slices.Contains(rule.To, src.label):
				bad("source %q is a %s; allowed: %s", fa.Source, src.label, strings.Join(rule.To, ", "))
			}
			if fa.Share != nil {
				if *fa.Share <= 0 || *fa.Share > 1 {
					bad("share %v must be a fraction above 0 and at most 1", *fa.Share)
				} else {
					inQuote(fmt.Sprintf("share %v", *fa.Share), mentionsNumber(fa.Quote, *fa.Share))
				}
			}
			if fa.Amount != nil {
				if *fa.Amount <= 0 {
					bad("amount %v must be positive", *fa.Amount)
				} else {
					inQuote(fmt.Sprintf("amount %v", *fa.Amount), mentionsNumber(fa.Quote, *fa.Amount))
				}
			}
		case model.FactRole:
			if strings.TrimSpace(fa.Role) == "" {
				bad("missing role")
			}
			grp, ok := p.defined[fa.In]
			groups := []string{model.LabelInitiative, model.LabelProgramme, model.LabelEvent, model.LabelOrganisation}
			switch {
			case fa.In == "":
				bad("missing in (the group the role is in)")
			case !ok:
				bad("in %q is not defined in any seed file", fa.In)
			case !slices.Contains(groups, grp.label):
				bad("in %q is a %s; allowed: %s", fa.In, grp.label, strings.Join(groups, ", "))
			}
		}
	}
}

// checkLeftOut checks the sentences a file consciously leaves without a fact.
func (p *parser) checkLeftOut(f *seedFile) {
	doc, ok := p.docs[f.Document.ID]
	for _, lo := range f.LeftOut {
		if ok {
			p.requireQuote(f.name, lo.Line, doc, "leftOut: quote", lo.Quote)
		}
		switch {
		case strings.TrimSpace(lo.Reason) == "":
			p.addf(f.name, lo.Line, "leftOut %q: missing reason", short(lo.Quote))
		case strings.ContainsAny(lo.Reason, "\n\r"):
			p.addf(f.name, lo.Line, "leftOut %q: reason must be one line", short(lo.Quote))
		}
	}
}

var durationForm = regexp.MustCompile(`^(\d+(?:\.\d+)?) (\S+)$`)

// parseDuration reads "2 jaar", "3 maand": a positive number and a unit of DurationUnits.
func parseDuration(s string) (*model.Duration, error) {
	m := durationForm.FindStringSubmatch(s)
	if m == nil {
		return nil, fmt.Errorf("duration %q is not a number and a unit, e.g. \"2 jaar\"", s)
	}
	v, _ := strconv.ParseFloat(m[1], 64)
	if v <= 0 {
		return nil, fmt.Errorf("duration %q must be positive", s)
	}
	if _, ok := model.DurationUnits[m[2]]; !ok {
		return nil, fmt.Errorf("duration %q: unknown unit %q (allowed: %s)", s, m[2], strings.Join(sortedKeys(model.DurationUnits), ", "))
	}
	return &model.Duration{Value: v, Unit: m[2]}, nil
}

// numberWords are the Dutch words for numbers the documents write out.
var numberWords = map[string]float64{
	"een": 1, "één": 1, "twee": 2, "drie": 3, "vier": 4, "vijf": 5, "zes": 6, "zeven": 7, "acht": 8,
	"negen": 9, "tien": 10, "elf": 11, "twaalf": 12, "dertien": 13, "veertien": 14, "vijftien": 15,
	"zestien": 16, "zeventien": 17, "achttien": 18, "negentien": 19, "twintig": 20, "dertig": 30,
	"veertig": 40, "vijftig": 50, "zestig": 60, "zeventig": 70, "tachtig": 80, "negentig": 90,
	"honderd": 100, "duizend": 1000, "tiental": 10, "helft": 0.5, "half": 0.5,
}

var thousands = regexp.MustCompile(`^\d{1,3}(\.\d{3})+$`)

// mentionsNumber reports whether the quote writes v: in digits ("20", "11.000") or as a Dutch
// word, also at the start of a longer word ("tweejarig", "drietal").
func mentionsNumber(quote string, v float64) bool {
	for _, tok := range strings.FieldsFunc(strings.ToLower(quote), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '.' && r != ','
	}) {
		tok = strings.Trim(tok, ".,")
		if tok == "" {
			continue
		}
		if unicode.IsDigit([]rune(tok)[0]) {
			digits := tok
			if thousands.MatchString(digits) {
				digits = strings.ReplaceAll(digits, ".", "")
			}
			digits = strings.ReplaceAll(digits, ",", ".")
			if n, err := strconv.ParseFloat(digits, 64); err == nil && n == v {
				return true
			}
			continue
		}
		best := ""
		for w := range numberWords {
			if strings.HasPrefix(tok, w) && len(w) > len(best) {
				best = w
			}
		}
		if best != "" && numberWords[best] == v {
			return true
		}
	}
	return false
}

// yearsInQuote reports whether every year of the date stands in the quote.
func yearsInQuote(quote string, d *model.FactDate) bool {
	years := []string{d.Value[:4]}
	if d.Precision == model.PrecisionSchoolYear {
		years = append(years, d.Value[5:9])
	}
	for _, y := range years {
		if !strings.Contains(quote, y) {
			return false
		}
	}
	return true
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// buildFacts gathers the facts of every file by the node they are about, and derives the
// FUNDED_BY relation of every funding fact. Facts are checked: values parse.
func (p *parser) buildFacts(files []*seedFile) (map[string]*model.Facts, []model.SeedRelation) {
	out := map[string]*model.Facts{}
	var rels []model.SeedRelation
	for _, f := range files {
		docID := f.Document.ID
		doc := p.docs[docID]
		for _, fa := range f.Facts {
			facts := out[fa.About]
			if facts == nil {
				facts = &model.Facts{}
				out[fa.About] = facts
			}
			ev := model.FactEvidence{Quote: fa.Quote, DocumentID: docID, Offset: doc.find(fa.Quote)}
			if fa.Note != "" {
				ev.Note = &fa.Note
			}
			text := fa.Text
			if text == "" {
				text = fa.Quote
			}
			switch fa.Type {
			case model.FactQuantity:
				q := fa.Qualifier
				if q == "" {
					q = "exact"
				}
				facts.Quantities = append(facts.Quantities, &model.Quantity{Value: *fa.Value, Unit: fa.Unit, Counted: fa.Counted, Qualifier: q, FactEvidence: ev})
			case model.FactPeriod:
				per := &model.Period{FactEvidence: ev}
				per.Start, _ = parseOptionalDate(fa.Start)
				per.End, _ = parseOptionalDate(fa.End)
				if fa.Duration != "" {
					per.Duration, _ = parseDuration(fa.Duration)
				}
				facts.Periods = append(facts.Periods, per)
			case model.FactGoal:
				facts.Goals = append(facts.Goals, &model.Statement{Text: text, FactEvidence: ev})
			case model.FactResult:
				facts.Results = append(facts.Results, &model.Statement{Text: text, FactEvidence: ev})
			case model.FactFunding:
				facts.Funding = append(facts.Funding, &model.Funding{SourceID: fa.Source, Share: fa.Share, Amount: fa.Amount, FactEvidence: ev})
				rels = append(rels, model.SeedRelation{
					ID:   model.FundedBy + "|" + fa.About + "|" + fa.Source + "|" + docID,
					Type: model.FundedBy, From: fa.About, To: fa.Source, Role: shareRole(fa.Share),
					Quote: fa.Quote, Document: docID, Offset: ev.Offset,
				})
			case model.FactRole:
				facts.Roles = append(facts.Roles, &model.GroupRole{Role: fa.Role, GroupID: fa.In, FactEvidence: ev})
			}
		}
	}
	return out, rels
}

func parseOptionalDate(s string) (*model.FactDate, error) {
	if s == "" {
		return nil, nil
	}
	return model.ParseFactDate(s)
}

// shareRole is the role a derived FUNDED_BY relation shows: its share of the source, if known.
func shareRole(share *float64) string {
	if share == nil {
		return ""
	}
	return fmt.Sprintf("aandeel %s", strconv.FormatFloat(*share, 'f', -1, 64))
}

// factProps are the node properties that hold its facts: the facts as JSON for the API, and
// their words for the full-text index (what is counted, goals, results, roles).
func factProps(facts *model.Facts) (string, string) {
	data, err := json.Marshal(facts)
	if err != nil {
		panic(fmt.Sprintf("facts do not marshal: %v", err)) // plain structs of strings and numbers
	}
	var words []string
	for _, q := range facts.Quantities {
		words = append(words, q.Counted)
	}
	for _, s := range append(append([]*model.Statement{}, facts.Goals...), facts.Results...) {
		words = append(words, s.Text)
	}
	for _, r := range facts.Roles {
		words = append(words, r.Role)
	}
	return string(data), strings.Join(words, " … ")
}

// MentionsNumber reports whether the quote writes v as the loader requires of a fact's value:
// in digits or as a Dutch number word. The proposer checks its facts with it before writing them.
func MentionsNumber(quote string, v float64) bool { return mentionsNumber(quote, v) }

// NumberWord returns the value of a whole Dutch number word ("zes", "twaalf", "tiental").
func NumberWord(w string) (float64, bool) {
	v, ok := numberWords[strings.ToLower(w)]
	return v, ok
}
