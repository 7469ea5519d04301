package loader

import (
	"errors"
	"io/fs"
	"os"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/metandereogen/maograph/graph/model"
	"github.com/metandereogen/maograph/seeds"
)

// brokenFS puts one broken seed file next to the valid fixture's document.
func brokenFS(t *testing.T, name string) fs.FS {
	t.Helper()
	yamlText, err := os.ReadFile("testdata/broken/" + name)
	if err != nil {
		t.Fatal(err)
	}
	doc, err := os.ReadFile("testdata/valid/documents/doc.txt")
	if err != nil {
		t.Fatal(err)
	}
	return fstest.MapFS{
		name:                {Data: yamlText},
		"documents/doc.txt": {Data: doc},
	}
}

func TestParseBroken(t *testing.T) {
	tests := []struct {
		file string
		want []string // every line must appear in the error
	}{
		{"malformed.yaml", []string{"malformed.yaml:5: malformed YAML"}},
		{"duplicate-id.yaml", []string{`duplicate-id.yaml:12: duplicate id "person-emma-kager" (first defined at duplicate-id.yaml:8)`}},
		{"dangling.yaml", []string{`dangling.yaml:13: WORKS_FOR: to "org-veens-welzyn" is not defined in any seed file`}},
		{"quote-missing.yaml", []string{`quote-missing.yaml:8: node person-emma-kager: quote 1 not found in the document: "Emma Kager werkt als directeur bij Veens Welzijn"`}},
		{"unknown-type.yaml", []string{`unknown-type.yaml:18: unknown relation type "KNOWS" (allowed: ABOUT, ATTENDED,`}},
		{"wrong-endpoint.yaml", []string{`wrong-endpoint.yaml:19: WORKS_FOR: from "region-veenendaal" is a Region; allowed: Person`}},
		{"unknown-field.yaml", []string{`unknown-field.yaml:10: unknown field "nmae"`, `unknown-field.yaml:8: node person-emma-kager: missing name`}},
		{"newer-format.yaml", []string{"newer-format.yaml:1: format 3 is not supported; this build reads formats 1 to 2"}},
		{"facts-in-format-1.yaml", []string{"facts-in-format-1.yaml:1: facts and leftOut need format 2"}},
		{"fact-unit.yaml", []string{`fact-unit.yaml:19: quantity fact about initiative-lerende-praktijk: unknown unit "scholen" (allowed: casus,`}},
		{"fact-value-not-in-quote.yaml", []string{
			`fact-value-not-in-quote.yaml:19: quantity fact about initiative-lerende-praktijk: value 4 is not in the quote; add a note`,
			`fact-value-not-in-quote.yaml:25: quantity fact about initiative-lerende-praktijk: value -2 must be positive`,
			`fact-value-not-in-quote.yaml:31: quantity fact about initiative-lerende-praktijk: missing value`,
			`fact-value-not-in-quote.yaml:31: quantity fact about initiative-lerende-praktijk: missing counted`,
		}},
		{"fact-date.yaml", []string{
			`fact-date.yaml:19: period fact about initiative-lerende-praktijk: start: school year "2023-2025" must span two consecutive years`,
			`fact-date.yaml:23: period fact about initiative-lerende-praktijk: start: date "2023-02-30" is not a calendar day`,
			`fact-date.yaml:27: period fact about initiative-lerende-praktijk: start 2024 is after end 2023`,
			`fact-date.yaml:32: period fact about initiative-lerende-praktijk: start 2019 is not in the quote; add a note`,
			`fact-date.yaml:36: period fact about initiative-lerende-praktijk: duration "4 eeuwen": unknown unit "eeuwen"`,
			`fact-date.yaml:40: period fact about initiative-lerende-praktijk: needs start, end or duration`,
		}},
		{"fact-quote.yaml", []string{
			`fact-quote.yaml:19: goal fact about initiative-lerende-praktijk: quote not found in the document: "Het doel is de school te versterken."`,
			`fact-quote.yaml:23: result fact about initiative-lerende-praktijk: missing quote`,
		}},
		{"fact-type.yaml", []string{
			"fact-type.yaml:19: fact about initiative-lerende-praktijk: unknown type \"budget\"",
			`fact-type.yaml:22: goal fact about region-veenendaal: a goal fact cannot be about a Region (allowed: Initiative, Event, Programme)`,
			`fact-type.yaml:25: goal fact about initiative-nergens: "initiative-nergens" is not defined in any seed file`,
			"fact-type.yaml:30: wrong type: cannot unmarshal !!str `drie` into float64",
			`fact-type.yaml:36: unknown field "value" (allowed: about, type, quote, note, text)`,
		}},
		{"fact-funding.yaml", []string{
			`fact-funding.yaml:19: funding fact about initiative-lerende-praktijk: source "initiative-lerende-praktijk" is a Initiative; allowed: Programme, Organisation, Region`,
			`fact-funding.yaml:19: funding fact about initiative-lerende-praktijk: share 1.5 must be a fraction above 0 and at most 1`,
			`fact-funding.yaml:24: funding fact about initiative-lerende-praktijk: share 0.25 is not in the quote`,
			`fact-funding.yaml:29: role fact about initiative-lerende-praktijk: a role fact cannot be about a Initiative`,
			`fact-funding.yaml:29: role fact about initiative-lerende-praktijk: in "region-veenendaal" is a Region`,
			`fact-funding.yaml:35: FUNDED_BY is written as a funding fact (facts: type: funding), not as a relation`,
		}},
		{"left-out.yaml", []string{
			`left-out.yaml:23: leftOut: quote not found in the document: "Het gesprek werd lang gehouden."`,
			`left-out.yaml:25: leftOut "Het gesprek werd kort gehouden.": missing reason`,
		}},
		{"name-not-in-text.yaml", []string{`name-not-in-text.yaml:8: node org-gemeente-veenendaal: name "Gemeente Veenendaal" occurs in no document; use the text's name, or add a nameNote`}},
		{"planned-date.yaml", []string{
			`planned-date.yaml:8: node event-overleg: date "2023-11" is not YYYY-MM-DD (only a planned event may have a less precise date)`,
			`planned-date.yaml:14: node event-gepland: date "2023-13" has no month 13`,
			`planned-date.yaml:21: node region-veenendaal: only an Event can be planned`,
		}},
		{"many-problems.yaml", []string{
			`many-problems.yaml:8: node person-emma-kager: quote 1 not found in the document`,
			`many-problems.yaml:12: id "Org_Veens" is not lowercase kebab case`,
			`many-problems.yaml:12: node Org_Veens: Organisation needs sector`,
			`many-problems.yaml:17: WORKS_FOR: to "org-nergens" is not defined in any seed file`,
			`many-problems.yaml:17: WORKS_FOR person-emma-kager -> org-nergens: quote not found in the document`,
		}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			ds, err := Parse(brokenFS(t, tt.file))
			if err == nil {
				t.Fatalf("Parse(%s) = %d nodes, nil error; want an error", tt.file, len(ds.Nodes))
			}
			if ds != nil {
				t.Errorf("Parse(%s) returned a dataset with its error; want nil so nothing can be written", tt.file)
			}
			var ps Problems
			if !errors.As(err, &ps) && tt.file != "malformed.yaml" {
				t.Errorf("Parse(%s) error is %T, want Problems", tt.file, err)
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("Parse(%s) error =\n%v\nwant it to contain\n%s", tt.file, err, w)
				}
			}
		})
	}
}

func TestParseValid(t *testing.T) {
	ds, err := Parse(os.DirFS("testdata/valid"))
	if err != nil {
		t.Fatalf("Parse(valid) error: %v", err)
	}
	labels := map[string]int{}
	for _, n := range ds.Nodes {
		labels[n.Label]++
	}
	want := map[string]int{"Document": 1, "Person": 1, "Organisation": 1, "Region": 1, "Initiative": 1}
	for l, n := range want {
		if labels[l] != n {
			t.Errorf("Parse(valid) has %d %s nodes, want %d", labels[l], l, n)
		}
	}
	// Three curated relations and the FUNDED_BY derived from the funding fact.
	if len(ds.Relations) != 4 {
		t.Errorf("Parse(valid) has %d relations, want 4", len(ds.Relations))
	}
	if r := ds.Relations[3]; r.Type != model.FundedBy || r.From != "initiative-lerende-praktijk" || r.To != "region-veenendaal" || r.Offset < 0 {
		t.Errorf("derived relation = %+v, want FUNDED_BY initiative-lerende-praktijk -> region-veenendaal with its quote's offset", r)
	}
	// The curly quotes and the line break inside the document still match straight quotes.
	for _, r := range ds.Relations {
		if r.Type == "COORDINATES" && r.Offset < 0 {
			t.Errorf("COORDINATES quote with straight quotes was not found across the document's curly quotes and line break")
		}
	}
	// "Emma" alone and "Emma Kager" are both found, and the longer name wins where both start.
	var emma []model.SeedMention
	for _, m := range ds.Mentions {
		if m.Node == "person-emma-kager" {
			emma = append(emma, m)
		}
	}
	if len(emma) != 2 || emma[0].Text != "Emma Kager" || emma[1].Text != "Emma" {
		t.Errorf("mentions of Emma Kager = %+v, want [Emma Kager, Emma]", emma)
	}
}

// TestSeedsEvidence checks the curated seeds themselves: every quote's offset points at that
// quote in its document, and every mention's offset at the name it reports.
func TestSeedsEvidence(t *testing.T) {
	ds, err := Parse(seeds.FS)
	if err != nil {
		t.Fatalf("Parse(seeds) error: %v", err)
	}
	texts := map[string][]rune{}
	for _, n := range ds.Nodes {
		if n.Label == model.LabelDocument {
			texts[n.ID] = []rune(n.Props["text"].(string))
		}
	}
	if len(texts) != 5 {
		t.Fatalf("seeds have %d documents, want the 5 source documents", len(texts))
	}
	for _, r := range ds.Relations {
		text := texts[r.Document]
		q := fold(r.Quote).text
		if r.Offset < 0 || r.Offset >= len(text) {
			t.Errorf("%s: offset %d outside its document", r.ID, r.Offset)
			continue
		}
		got := fold(string(text[r.Offset:min(len(text), r.Offset+len(q)*2)])).text
		if !strings.HasPrefix(string(got), string(q)) {
			t.Errorf("%s: text at offset %d = %q, want the quote %q", r.ID, r.Offset, string(got), string(q))
		}
	}
	for _, m := range ds.Mentions {
		text := texts[m.Document]
		if got := string(text[m.Offset : m.Offset+len([]rune(m.Text))]); got != m.Text {
			t.Errorf("mention of %s in %s at %d: text at offset = %q, want %q", m.Node, m.Document, m.Offset, got, m.Text)
		}
	}
	if len(ds.Mentions) == 0 {
		t.Error("the seeds produced no mentions")
	}
}

func TestFoldFind(t *testing.T) {
	doc := fold("Hij zei: “Wij houden  ons\nsteeds voor”, en ging.")
	tests := []struct {
		quote string
		want  int
	}{
		{`"Wij houden ons steeds voor"`, 9},
		{"Wij houden ons steeds voor", 10},
		{"“Wij houden ons steeds voor”", 9},
		{"zei:   “Wij", 4},
		{"Wij houden ons niet", -1},
		{"", -1},
	}
	for _, tt := range tests {
		if got := doc.find(tt.quote); got != tt.want {
			t.Errorf("find(%q) = %d, want %d", tt.quote, got, tt.want)
		}
	}
}

func TestParseResolvesTopLevelAliases(t *testing.T) {
	doc, err := os.ReadFile("testdata/valid/documents/doc.txt")
	if err != nil {
		t.Fatal(err)
	}
	// relations refers to the list anchored at nodes (both empty): an alias is the list itself.
	self := "format: 1\ndocument: {id: doc-klein, file: documents/doc.txt, title: Een kleine praktijk, kind: verslag}\nnodes: &n []\nrelations: *n\n"
	ds, err := Parse(fstest.MapFS{"s.yaml": {Data: []byte(self)}, "documents/doc.txt": {Data: doc}})
	if err != nil || ds == nil {
		t.Errorf("Parse(relations: *n) error = %v; want the alias read as the list it names", err)
	}
}
