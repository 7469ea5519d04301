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
		{"newer-format.yaml", []string{"newer-format.yaml:1: format 2 is not supported; this build reads format 1"}},
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
	if len(ds.Relations) != 3 {
		t.Errorf("Parse(valid) has %d relations, want 3", len(ds.Relations))
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
