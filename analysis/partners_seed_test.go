package analysis_test

import (
	"testing"

	"github.com/metandereogen/maograph/analysis"
	"github.com/metandereogen/maograph/graph/model"
	"github.com/metandereogen/maograph/loader"
	"github.com/metandereogen/maograph/seeds"
)

// seedGraph is the learning graph of the curated seeds.
func seedGraph(t testing.TB) *model.LearningGraph {
	t.Helper()
	ds, err := loader.Parse(seeds.FS)
	if err != nil {
		t.Fatalf("loader.Parse(seeds) = %v", err)
	}
	return analysis.GraphOf(ds)
}

func TestPartnersDump(t *testing.T) {
	ix := analysis.NewPartnerIndex(seedGraph(t))
	for _, f := range []string{"region-almere", "initiative-buurtteam-vo-so", "person-peet-de-graaf", "org-yolk"} {
		ps, _ := ix.Partners(f, 5)
		for _, p := range ps {
			t.Logf("%s -> %s %.3f", f, p.NodeID, p.Score)
			for _, r := range p.Reasons {
				t.Logf("   %s %.3f %s (%d/%d)", r.Kind, r.Weight, r.Description, len(r.FocusEvidence), len(r.PeerEvidence))
			}
		}
	}
}
