package loader

import (
	"fmt"
	"io/fs"
	"math/rand/v2"
	"reflect"
	"testing"

	"github.com/metandereogen/maograph/seeds"
)

// TestMentionIndexEqualsScan checks the one-pass mention index against the plain scan it
// replaced, on the curated documents and on random texts built to provoke edge cases
// (overlapping names, names inside words, names starting with punctuation, repeats).
func TestMentionIndexEqualsScan(t *testing.T) {
	names := [][]string{{"Den Haag", "regio Den Haag"}, {"Haag"}, {"'t Gooi", "Gooi"}, {"Ede"}, {"ede-zuid", "Ede"},
		{"MAO DIALOOG #6", "mao"}, {"a"}, {"x y"}, {"Zuid-Limburg"}, {"(Buitenkans)", "Buitenkans"}, {"ouders"}, {"ouder"}}
	words := []string{"den", "haag", "regio", "'t", "gooi", "ede", "-", "zuid", "limburg", "mao", "dialoog", "#6",
		"x", "y", "ouders", "ouder", "(buitenkans)", "buitenkans", "edele", " ", ",", "."}
	var texts [][]rune
	r := rand.New(rand.NewPCG(1, 2))
	for range 300 {
		s := ""
		for range r.IntN(40) {
			s += words[r.IntN(len(words))]
			if r.IntN(3) > 0 {
				s += " "
			}
		}
		texts = append(texts, lowerRunes(fold(s).text))
	}
	docs, _ := fs.Glob(seeds.FS, "documents/*.txt")
	for _, d := range docs {
		b, _ := fs.ReadFile(seeds.FS, d)
		texts = append(texts, lowerRunes(fold(string(b)).text))
	}
	ix := newMentionIndex(names)
	for i, text := range texts {
		var want []nodeMentions
		for n, ns := range names {
			if spans := findMentions(text, ns); len(spans) > 0 {
				want = append(want, nodeMentions{n, spans})
			}
		}
		got := ix.find(text)
		if len(got) == 0 && len(want) == 0 {
			continue
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("text %d %q: index = %v, want %v", i, short(string(text)), fmt.Sprint(got), fmt.Sprint(want))
		}
	}
}
