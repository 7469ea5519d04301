package analysis

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/metandereogen/maograph/graph/model"
)

// syntheticFeatures builds n initiatives shaped like bench/synth's size of that many: tens of
// bouwstenen and themes, a handful of sectors and target groups, hundreds of municipalities,
// descriptions drawn from a Zipf-distributed vocabulary.
func syntheticFeatures(n int) []model.InitiativeFeatures {
	r := rand.New(rand.NewPCG(1, 2))
	zipf := rand.NewZipf(r, 1.1, 1, 3000)
	word := func() string { return fmt.Sprintf("woord%d", zipf.Uint64()) }
	pick := func(prefix string, of, k int) []string {
		out := make([]string, 0, k)
		for range k {
			out = append(out, fmt.Sprintf("%s%d", prefix, r.IntN(of)))
		}
		return out
	}
	fs := make([]model.InitiativeFeatures, n)
	for i := range fs {
		var text strings.Builder
		for range 25 {
			text.WriteString(word() + " ")
		}
		fs[i] = model.InitiativeFeatures{
			ID: fmt.Sprintf("initiative-%06d", i), Name: fmt.Sprint(i), Text: text.String(),
			Bouwstenen: pick("b", 30, 2), Themes: pick("t", 12, 2), TargetGroups: pick("g", 8, 1),
			Sectors: pick("s", 6, 3), Regions: pick("r", n/200+1, 1),
		}
	}
	return fs
}

// BenchmarkIndexSimilar is similarInitiatives' work per request at sizes M and L, once the
// index is built.
func BenchmarkIndexSimilar(b *testing.B) {
	for _, n := range []int{10_000, 100_000} {
		fs := syntheticFeatures(n)
		ix := NewIndex(fs, map[string]string{})
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			i := 0
			for b.Loop() {
				ix.Similar(fs[i%len(fs)].ID, 5)
				i += 7919
			}
		})
	}
}
