package propose

import (
	"fmt"
	"io/fs"
	"os"
	"path"
	"slices"
	"strings"
	"testing"

	"github.com/metandereogen/maograph/loader"
	"github.com/metandereogen/maograph/seeds"
)

func seedGazetteer(t testing.TB) *Gazetteer {
	t.Helper()
	ds, err := loader.Parse(seeds.FS)
	if err != nil {
		t.Fatalf("loader.Parse(seeds) = %v", err)
	}
	return NewGazetteer(ds)
}

// facts lists a draft's written-out proposals as "Label name" and "TYPE from -> to" (by name).
func facts(d *Draft) []string {
	names := map[string]string{d.Document.ID: "document"}
	var out []string
	for _, n := range d.Nodes {
		names[n.ID] = n.Name
		if n.Existing || n.Active() {
			out = append(out, n.Label+" "+n.Name)
		}
	}
	for _, r := range d.Relations {
		if r.Active() {
			out = append(out, fmt.Sprintf("%s %s -> %s", r.Type, names[r.From], names[r.To]))
		}
	}
	for _, f := range d.Facts {
		if !f.Active() {
			continue
		}
		s := fmt.Sprintf("%s of %s", f.Type, names[f.About])
		switch f.Type {
		case "quantity":
			s += fmt.Sprintf(": %v %s", f.Value, f.Unit)
		case "period":
			s += fmt.Sprintf(": %s-%s %s", f.Start, f.End, f.Duration)
		case "funding":
			s += " from " + names[f.Source]
			if f.Share != 0 {
				s += fmt.Sprintf(" share %v", f.Share)
			}
		case "role":
			s += fmt.Sprintf(": %s in %s", f.Role, names[f.In])
		}
		out = append(out, s)
	}
	return out
}

func TestPropose(t *testing.T) {
	g := seedGazetteer(t)
	tests := []struct {
		name string
		text string
		want []string
	}{
		{"function before the name, employer after",
			"Verslag\n\nProjectleider Sanne de Vries, beleidsadviseur bij Stichting Kindkracht, opende de middag.",
			[]string{"Person Sanne de Vries", "Organisation Stichting Kindkracht", "WORKS_FOR Sanne de Vries -> Stichting Kindkracht"}},
		{"name, function van organisation",
			"Verslag\n\nTom Bakker, regiomanager van SWV PO Noordwijk, vertelt over de aanpak.",
			[]string{"Person Tom Bakker", "Organisation SWV PO Noordwijk", "WORKS_FOR Tom Bakker -> SWV PO Noordwijk"}},
		{"a director leads the organisation",
			"Verslag\n\nLies Jansen, directeur-bestuurder van Stichting Kompas, sprak.",
			[]string{"LEADS Lies Jansen -> Stichting Kompas"}},
		{"is projectleider bij an initiative",
			"Verslag\n\nDaarom startte het project Kansrijk Kind in Zwolle. Anna Smit is projectleider bij Kansrijk Kind.",
			[]string{"Initiative Kansrijk Kind", "LEADS Anna Smit -> Kansrijk Kind", "Region Zwolle", "LOCATED_IN Kansrijk Kind -> Zwolle"}},
		{"region with the town it lies around",
			"Verslag\n\nIn de regio Noordoost (rond Assen) zijn afspraken gemaakt.",
			[]string{"Region Noordoost", "Region Assen", "PART_OF Assen -> Noordoost"}},
		{"gemeente is an organisation in a region",
			"Verslag\n\nDe gemeente Deventer betaalt de koffie.",
			[]string{"Organisation gemeente Deventer", "Region Deventer", "LOCATED_IN gemeente Deventer -> Deventer"}},
		{"a graph entity in possessive form",
			"Verslag\n\nAlmere’s aanpak en de Veenendaalse praktijk van Veens Welzijn.",
			[]string{"Region Almere", "Organisation Veens Welzijn"}},
		{"a graph entity in capitals and another case",
			"Verslag\n\nHET NEDERLANDS JEUDINSTITUUT en het nederlands jeugdinstituut.",
			[]string{"Organisation Nederlands Jeugdinstituut"}},
		{"a list of schools",
			"Verslag\n\nDrie basisscholen – De Linde, Het Anker en De Wissel – werkten samen.",
			[]string{"Organisation De Linde", "Organisation Het Anker", "Organisation De Wissel"}},
		{"event with date and place, and who organised it",
			"Verslag\n\nDe dialoogsessie vond plaats op maandag 3 april 2023 in Zwolle. De gemeente Zwolle organiseerde de dialoogsessie.",
			[]string{"Event Dialoogsessie", "ORGANISED gemeente Zwolle -> Dialoogsessie"}},
		{"themes from the lexicon, twice makes the document about it",
			"Verslag\n\nHet gaat om thuiszitters. Thuiszittende leerlingen krijgen onderwijs.",
			[]string{"Theme thuiszitters", "ABOUT document -> thuiszitters"}},
		{"learning cue between two entities",
			"Verslag\n\nDe Lerende Praktijk Veenendaal wil leren van de Lerende Praktijk Amsterdam.",
			[]string{"LEARNS_FROM Lerende Praktijk Veenendaal -> Lerende Praktijk Amsterdam"}},
		{"funding cue",
			"Verslag\n\nHet project Buitenkans is opgezet met middelen van het Nationaal Programma Onderwijs.",
			[]string{"funding of Buitenkans from Nationaal Programma Onderwijs"}},
		{"funding with a share",
			"Verslag\n\nBuitenkans kreeg de helft van de middelen van het Nationaal Programma Onderwijs.",
			[]string{"funding of Buitenkans from Nationaal Programma Onderwijs share 0.5"}},
		{"quantities in digits and words, with a qualifier",
			"Verslag\n\nBuitenkans werkt met 42 scholen en 11.000 leerlingen. Buitenkans bracht ruim vijftig professionals bijeen.",
			[]string{"quantity of Buitenkans: 42 school", "quantity of Buitenkans: 11000 leerling", "quantity of Buitenkans: 50 professional"}},
		{"a compound unit word and a unit per week",
			"Verslag\n\nBuitenkans werkt met drie kernscholen. Buitenkans zet vijf docenten één dag per week in.",
			[]string{"quantity of Buitenkans: 3 school", "quantity of Buitenkans: 5 docent", "quantity of Buitenkans: 1 dag per week"}},
		{"periods: school year, since, duration",
			"Verslag\n\nBuitenkans begon in schooljaar 2023-2024. Buitenkans loopt sinds maart 2019. Buitenkans is een tweejarig project.",
			[]string{"period of Buitenkans: 2023-2024- ", "period of Buitenkans: 2019-03- ", "period of Buitenkans: - 2 jaar"}},
		{"publications: a quoted title, a named report, a newsletter the text appeared in",
			"Verslag\n\nLees het rapport ‘Samen aan tafel’. Zie ook het Publieksverslag Kansrijk Zwolle. Deze tekst verscheen eerder in de mei-nieuwsbrief.",
			[]string{"Publication Samen aan tafel", "REFERS_TO document -> Samen aan tafel", "Publication Publieksverslag Kansrijk Zwolle",
				"REFERS_TO document -> Publieksverslag Kansrijk Zwolle", "Publication mei-nieuwsbrief", "PUBLISHED_IN document -> mei-nieuwsbrief"}},
		{"a part of a series",
			"Verslag\n\nReeks 'Sterke wijken: Deel 2'",
			[]string{"Publication Reeks Sterke wijken", "PUBLISHED_IN document -> Reeks Sterke wijken"}},
		{"meeting formats used by the event",
			"Verslag\n\nDe dialoogsessie vond plaats op maandag 3 april 2023 in Zwolle. Er waren werksessies en inspiratietafels.",
			[]string{"MeetingFormat werksessies", "USES_FORMAT Dialoogsessie -> werksessies", "USES_FORMAT Dialoogsessie -> inspiratietafels"}},
		{"goal and result",
			"Verslag\n\nHet doel van Buitenkans is minder thuiszitters. Buitenkans heeft geleid tot kortere lijnen.",
			[]string{"goal of Buitenkans", "result of Buitenkans"}},
		{"numbered principles under a bouwstenen line",
			"Dialoog #9\n\nMet Andere Ogen – bouwstenen #9\n  1. Geef ouders de hoofdrol.\n  2. Begin bij de inhoud.",
			[]string{"Bouwsteen Geef ouders de hoofdrol", "Bouwsteen Begin bij de inhoud"}},
		{"byline",
			"Samen leren\n\nEen tekst over samen leren.\n\nTekst: Joost Mulder en Fatima Bakker",
			[]string{"Person Joost Mulder", "AUTHORED Joost Mulder -> document", "AUTHORED Fatima Bakker -> document"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := Propose(tt.text, Meta{File: "documents/t.txt"}, g)
			if err != nil {
				t.Fatalf("Propose(%q) error: %v", tt.text, err)
			}
			got := facts(d)
			for _, w := range tt.want {
				if !slices.Contains(got, w) {
					t.Errorf("Propose(%q) lacks %q; got %q", tt.text, w, got)
				}
			}
			if _, err := Check(seeds.FS, "zz-draft.yaml", d.YAML(), "documents/t.txt", []byte(tt.text)); err != nil {
				t.Errorf("the draft of %q does not load: %v\n%s", tt.text, err, d.YAML())
			}
		})
	}
}

func TestProposeErrors(t *testing.T) {
	tests := []struct {
		name    string
		text    string
		meta    Meta
		wantErr string
	}{
		{"title not in the text", "Een tekst.", Meta{Title: "Iets anders"}, `title "Iets anders" is not in the text`},
		{"date not ISO", "Een tekst.", Meta{Date: "3-4-2023"}, `date "3-4-2023" is not yyyy-mm-dd`},
		{"date not stated", "Een tekst van 3 april 2023.", Meta{Date: "2023-04-04"}, "date 2023-04-04 is not stated in the text"},
		{"no title at all", " \n\n ", Meta{}, "no line that can be its title"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Propose(tt.text, tt.meta, nil)
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("Propose(%q, %+v) error = %v, want %q", tt.text, tt.meta, err, tt.wantErr)
			}
		})
	}
}

// TestSeedDraftsLoad proposes each seed document as if it were new, against the full graph,
// and runs the loader over the seeds plus the draft; the leave-one-out drafts are checked by
// TestEvaluation.
func TestSeedDraftsLoad(t *testing.T) {
	g := seedGazetteer(t)
	docs, err := fs.Glob(seeds.FS, "documents/*.txt")
	if err != nil || len(docs) == 0 {
		t.Fatalf("no seed documents: %v", err)
	}
	for _, doc := range docs {
		t.Run(path.Base(doc), func(t *testing.T) {
			text, err := fs.ReadFile(seeds.FS, doc)
			if err != nil {
				t.Fatal(err)
			}
			d, err := Propose(string(text), Meta{File: doc}, g)
			if err != nil {
				t.Fatalf("Propose(%s) error: %v", doc, err)
			}
			y := d.YAML()
			if _, err := Check(seeds.FS, "zz-draft.yaml", y, doc, text); err != nil {
				t.Errorf("draft of %s does not load with the seeds: %v", doc, err)
			}
			// Low-confidence proposals are written, but only as comments.
			for _, n := range d.Nodes {
				if !n.Existing && !n.Active() && strings.Contains(string(y), "\n  - id: "+n.ID+"\n") {
					t.Errorf("node %s (confidence %.2f) is written uncommented", n.ID, n.Rule.Confidence)
				}
			}
			for _, q := range d.quotes() {
				if !loader.QuoteIn(string(text), q) {
					t.Errorf("quote %q is not verbatim in %s", q, doc)
				}
			}
		})
	}
}

// TestEvaluation fails when the leave-one-document-out figures drop below those committed in
// EVALUATION.md (refresh it with `go run . propose -evaluate -o propose/EVALUATION.md`).
func TestEvaluation(t *testing.T) {
	ev, err := Evaluate(seeds.FS)
	if err != nil {
		t.Fatalf("Evaluate(seeds) error: %v", err)
	}
	md, err := os.ReadFile("EVALUATION.md")
	if err != nil {
		t.Fatal(err)
	}
	committed, err := ParseFigures(string(md))
	if err != nil {
		t.Fatalf("EVALUATION.md: %v", err)
	}
	got := ev.Figures()
	for name, want := range committed {
		if got[name] < want-1e-4 {
			t.Errorf("%s = %.4f, below the committed %.4f", name, got[name], want)
		}
	}
	for _, d := range ev.Docs {
		if d.Valid != nil {
			t.Errorf("the leave-one-out draft of %s does not load: %v", d.File, d.Valid)
		}
	}
	if got["verbatim"] != 1 {
		t.Errorf("verbatim = %.4f, want every quote verbatim", got["verbatim"])
	}
}

func TestExampleDraft(t *testing.T) {
	const file = "../testdata/propose/voorbeeld-zwolle.txt"
	text, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	d, err := Propose(string(text), Meta{File: "documents/voorbeeld-zwolle.txt"}, seedGazetteer(t))
	if err != nil {
		t.Fatal(err)
	}
	got := facts(d)
	for _, w := range []string{
		"Person Sanne de Vries", "WORKS_FOR Sanne de Vries -> Stichting Kindkracht",
		"Initiative Lerende Praktijk Veenendaal", "Region IJsselland",
		"ORGANISED gemeente Zwolle -> Netwerkbijeenkomst Samen Sterker",
	} {
		if !slices.Contains(got, w) {
			t.Errorf("draft of %s lacks %q; got %q", file, w, got)
		}
	}
}

// TestCuratorDecisionsInTheDraft: what the written draft holds after a curator's decisions. A
// node merged into an entity of the graph takes its relations and facts along to that entity;
// a fact moved to an entity of the graph stays; one about a rejected node is commented out.
func TestCuratorDecisionsInTheDraft(t *testing.T) {
	doc := Document{ID: "doc-x", File: "documents/x.txt", Title: "X", Kind: "blog"}
	node := func(id, label string, d string) *Node {
		return &Node{ID: id, Label: label, Name: id, Kind: "project", Quotes: []string{"q"}, Rule: Rule{"r", 0.9}, Decision: d}
	}
	rel := &Relation{Type: "LOCATED_IN", From: "initiative-nieuw", To: "region-veenendaal", Quote: "q", Rule: Rule{"r", 0.9}}
	fact := func(about string) *Fact {
		return &Fact{Type: "goal", About: about, Quote: "q", Rule: Rule{"r", 0.9}}
	}
	tests := []struct {
		name     string
		node     *Node
		fact     *Fact
		want     []string
		wantNone []string
	}{
		{"merged into the graph", &Node{ID: "initiative-nieuw", Label: "Initiative", Name: "Nieuw", Kind: "project", Quotes: []string{"q"}, Rule: Rule{"r", 0.9}, MergeWith: "initiative-lerende-praktijk-veenendaal", Decision: Merge},
			fact("initiative-nieuw"),
			[]string{"  - type: LOCATED_IN\n    from: initiative-lerende-praktijk-veenendaal\n", "  - about: initiative-lerende-praktijk-veenendaal\n"},
			[]string{"id: initiative-nieuw"}},
		{"a fact moved to an entity of the graph", node("initiative-nieuw", "Initiative", Accept), fact("initiative-buitenkans"),
			[]string{"  - about: initiative-buitenkans\n", "  - id: initiative-nieuw\n"}, nil},
		{"a rejected node", node("initiative-nieuw", "Initiative", Reject), fact("initiative-nieuw"),
			[]string{"  # - about: initiative-nieuw\n", "  # - type: LOCATED_IN\n"}, []string{"id: initiative-nieuw"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := *rel
			d := &Draft{Document: doc, Nodes: []*Node{tt.node}, Relations: []*Relation{&r}, Facts: []*Fact{tt.fact}}
			y := string(d.YAML())
			for _, w := range tt.want {
				if !strings.Contains(y, w) {
					t.Errorf("draft does not hold %q:\n%s", w, y)
				}
			}
			for _, w := range tt.wantNone {
				if strings.Contains(y, w) {
					t.Errorf("draft holds %q:\n%s", w, y)
				}
			}
		})
	}
}
