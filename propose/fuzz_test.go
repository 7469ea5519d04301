package propose

import (
	"testing"

	"github.com/metandereogen/maograph/seeds"
)

// FuzzPropose: whatever the text, Propose does not panic, and a draft it returns loads with
// the seeds.
func FuzzPropose(f *testing.F) {
	for _, s := range []string{
		"Titel\n\nProjectleider Sanne de Vries, beleidsadviseur bij Stichting Kindkracht.",
		"1. Kop\nTekst.\n\nbouwstenen #3\n  1. Doe iets.\n  2. Doe meer.",
		"In de regio X (rond Y) en in A, B en C. De gemeente Q organiseerde de dialoogsessie op 1 mei 2020 in Q.",
		"“Citaat” – ‘nog een’ … \u00a0 ’s Avonds: Almere’s school.",
		"12 maart 2024",
		"a",
	} {
		f.Add(s)
	}
	// The draft is checked against the seeds, so it is proposed with the graph they make, as
	// `mao-graph propose` does: with an empty gazetteer it would redefine the graph's ids.
	g := seedGazetteer(f)
	f.Fuzz(func(t *testing.T, text string) {
		d, err := Propose(text, Meta{File: "documents/fuzz.txt"}, g)
		if err != nil {
			return
		}
		if _, err := Check(seeds.FS, "zz-fuzz.yaml", d.YAML(), "documents/fuzz.txt", []byte(text)); err != nil {
			t.Errorf("draft of %q does not load: %v\n%s", text, err, d.YAML())
		}
	})
}
