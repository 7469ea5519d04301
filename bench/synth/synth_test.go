package synth_test

import (
	"bytes"
	"io/fs"
	"os"
	"testing"

	"github.com/metandereogen/maograph/bench/synth"
	"github.com/metandereogen/maograph/graph/model"
	"github.com/metandereogen/maograph/loader"
)

// generate writes size XS with seed into a fresh folder and returns it.
func generate(t *testing.T, seed uint64) string {
	t.Helper()
	dir := t.TempDir()
	if _, err := synth.Generate(dir, synth.XS, seed); err != nil {
		t.Fatalf("Generate(XS, %d) = %v", seed, err)
	}
	return dir
}

// TestGenerateIsDeterministic: the same size and seed give byte-identical files.
func TestGenerateIsDeterministic(t *testing.T) {
	a, b := generate(t, 3), generate(t, 3)
	files := 0
	err := fs.WalkDir(os.DirFS(a), ".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		files++
		x, errA := os.ReadFile(a + "/" + path)
		y, errB := os.ReadFile(b + "/" + path)
		if errA != nil || errB != nil || !bytes.Equal(x, y) {
			t.Errorf("%s differs between two runs with the same seed (%v, %v)", path, errA, errB)
		}
		return nil
	})
	if err != nil || files == 0 {
		t.Fatalf("walk %s: %v, %d files", a, err, files)
	}
}

// TestLearningFollowsWhatPeersShare checks the generative model of the learning relations: the
// network loads (every quote verbatim), and clearly more learning pairs share a partner
// organisation, bouwsteen, theme or target group than pairs of initiatives drawn at random
// (with 24 themes and 10 target groups, many random pairs share one by chance).
func TestLearningFollowsWhatPeersShare(t *testing.T) {
	ds, err := loader.Parse(os.DirFS(generate(t, 1)))
	if err != nil {
		t.Fatalf("Parse(generated XS) = %v", err)
	}
	features := map[string]map[string]bool{} // initiative -> "type|other end" and target groups
	have := func(id, f string) {
		if features[id] == nil {
			features[id] = map[string]bool{}
		}
		features[id][f] = true
	}
	var inits []string
	for _, n := range ds.Nodes {
		if n.Label == model.LabelInitiative {
			inits = append(inits, n.ID)
			tgs, _ := n.Props["targetGroups"].([]string)
			for _, tg := range tgs {
				have(n.ID, "g|"+tg)
			}
		}
	}
	var pairs [][2]string
	for _, r := range ds.Relations {
		switch r.Type {
		case "PARTNER_IN":
			have(r.To, "o|"+r.From)
		case "EMBODIES", "ABOUT":
			have(r.From, r.Type+"|"+r.To)
		case model.LearnsFrom, model.Inspires:
			pairs = append(pairs, [2]string{r.From, r.To})
		}
	}
	share := func(a, b string) bool {
		for f := range features[a] {
			if features[b][f] {
				return true
			}
		}
		return false
	}
	learning, chance := 0, 0
	for i, p := range pairs {
		if share(p[0], p[1]) {
			learning++
		}
		if share(inits[(i*7919)%len(inits)], inits[(i*104729+13)%len(inits)]) {
			chance++
		}
	}
	if len(pairs) < 50 || learning*100 < 60*len(pairs) || learning*2 < 3*chance {
		t.Errorf("%d learning pairs, %d share something; %d of as many other pairs do: want at least 60 %% and 1.5 times the others",
			len(pairs), learning, chance)
	}
}
