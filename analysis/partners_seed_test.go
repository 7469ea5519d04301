package analysis_test

import (
	"flag"
	"os"
	"strings"
	"testing"

	"github.com/metandereogen/maograph/analysis"
	"github.com/metandereogen/maograph/bench/synth"
	"github.com/metandereogen/maograph/graph/model"
	"github.com/metandereogen/maograph/loader"
	"github.com/metandereogen/maograph/seeds"
)

var update = flag.Bool("update", false, "rewrite the evaluation figures in EVALUATION.md")

// seedGraph is the learning graph of the curated seeds.
func seedGraph(t testing.TB) *model.LearningGraph {
	t.Helper()
	ds, err := loader.Parse(seeds.FS)
	if err != nil {
		t.Fatalf("loader.Parse(seeds) = %v", err)
	}
	return analysis.GraphOf(ds)
}

// synthGraph is the learning graph of the XS synthetic network (bench/synth, seed 1).
func synthGraph(t testing.TB) *model.LearningGraph {
	t.Helper()
	ds, _, err := synth.Dataset(synth.XS, 1)
	if err != nil {
		t.Fatalf("synth.Dataset = %v", err)
	}
	return analysis.GraphOf(ds)
}

const (
	evalFile  = "EVALUATION.md"
	evalBegin = "<!-- EVALUATION-partners figures: begin (go test ./analysis -run TestEvaluationFigures -update) -->\n"
	evalEnd   = "<!-- EVALUATION-partners figures: end -->\n"
)

// TestEvaluationFigures guards the offline evaluation of learning partners: the figures in
// EVALUATION.md are what Evaluate computes on the seeds and the synthetic network; learning
// partners stay at least 5× the random baseline on both, at least 2× the same-region one on
// the synthetic network and above it on the seeds (where 2× is out of reach: EVALUATION.md).
func TestEvaluationFigures(t *testing.T) {
	seedsEval := analysis.Evaluate(seedGraph(t), 5, 1)
	synthEval := analysis.Evaluate(synthGraph(t), 5, 1)
	figures := "### Seeds (the five curated documents)\n\n| measure | value |\n|---|---|\n" + seedsEval.String() +
		"\n### Synthetic network XS (bench/synth, 200 initiatives, seed 1)\n\n| measure | value |\n|---|---|\n" + synthEval.String()
	raw, err := os.ReadFile(evalFile)
	if err != nil {
		t.Fatalf("read %s: %v", evalFile, err)
	}
	doc := string(raw)
	i, j := strings.Index(doc, evalBegin), strings.Index(doc, evalEnd)
	if i < 0 || j < i {
		t.Fatalf("%s has no figures section (%q … %q)", evalFile, evalBegin, evalEnd)
	}
	got := doc[i+len(evalBegin) : j]
	if *update {
		if err := os.WriteFile(evalFile, []byte(doc[:i+len(evalBegin)]+figures+doc[j:]), 0o644); err != nil {
			t.Fatal(err)
		}
	} else if got != figures {
		t.Errorf("%s figures are stale; run go test ./analysis -run TestEvaluationFigures -update\ngot in file:\n%s\nwant:\n%s", evalFile, got, figures)
	}
	p, s, r := seedsEval.Recall()
	if p < 5*r {
		t.Errorf("seeds: learningPartners recall %.3f < 5 × random %.3f", p, r)
	}
	if p <= s {
		t.Errorf("seeds: learningPartners recall %.3f ≤ same region %.3f", p, s)
	}
	p, s, r = synthEval.Recall()
	if p < 5*r || p < 2*s {
		t.Errorf("synthetic: learningPartners recall %.3f < 5 × random %.3f or 2 × same region %.3f", p, r, s)
	}
}

// TestPartnersSeedEvidence checks every suggestion for every entity of the seeds: reasons'
// weights add up to the score, every reason has evidence on both sides, and every quote
// stands verbatim in its document; the ranking is by score, ties by id, and never suggests
// an entity the focus already learns from or inspires.
func TestPartnersSeedEvidence(t *testing.T) {
	ds, err := loader.Parse(seeds.FS)
	if err != nil {
		t.Fatal(err)
	}
	texts := map[string][]rune{}
	for _, n := range ds.Nodes {
		if n.Label == model.LabelDocument {
			texts[n.ID] = []rune(n.Props["text"].(string))
		}
	}
	learns := map[[2]string]bool{}
	for _, r := range ds.Relations {
		if r.Type == model.LearnsFrom || r.Type == model.Inspires {
			learns[[2]string{r.From, r.To}], learns[[2]string{r.To, r.From}] = true, true
		}
	}
	g := analysis.GraphOf(ds)
	ix := analysis.NewPartnerIndex(g)
	checked := 0
	for _, n := range g.Nodes {
		ps, ok := ix.Partners(n.ID, 10)
		if ok != ix.Has(n.ID) {
			t.Fatalf("Partners(%q) ok = %v, Has = %v", n.ID, ok, ix.Has(n.ID))
		}
		for k, p := range ps {
			if learns[[2]string{n.ID, p.NodeID}] || p.NodeID == n.ID {
				t.Errorf("Partners(%q) suggests %q, which it already learns from or inspires", n.ID, p.NodeID)
			}
			if k > 0 && (ps[k-1].Score < p.Score || ps[k-1].Score == p.Score && ps[k-1].NodeID > p.NodeID) {
				t.Errorf("Partners(%q): %q (%.3f) ranked after %q (%.3f)", n.ID, p.NodeID, p.Score, ps[k-1].NodeID, ps[k-1].Score)
			}
			sum := 0.0
			for _, r := range p.Reasons {
				sum += r.Weight
				if len(r.FocusEvidence) == 0 || len(r.PeerEvidence) == 0 {
					t.Errorf("Partners(%q) → %q: %s reason without evidence on both sides", n.ID, p.NodeID, r.Kind)
				}
				for _, e := range append(append([]*model.Evidence{}, r.FocusEvidence...), r.PeerEvidence...) {
					text := texts[e.DocumentID]
					if e.Quote == "" || e.Offset < 0 || e.Offset > len(text) || !strings.HasPrefix(foldQuote(string(text[e.Offset:min(len(text), e.Offset+2*len(e.Quote)+20)])), foldQuote(e.Quote)) {
						t.Errorf("Partners(%q) → %q: quote %q not at %s:%d", n.ID, p.NodeID, e.Quote, e.DocumentID, e.Offset)
					}
					checked++
				}
			}
			if d := sum - p.Score; d > 0.002 || d < -0.002 {
				t.Errorf("Partners(%q) → %q: score %.3f, reasons add up to %.3f", n.ID, p.NodeID, p.Score, sum)
			}
		}
	}
	if checked == 0 {
		t.Fatal("no evidence checked")
	}
	again := analysis.NewPartnerIndex(analysis.GraphOf(ds))
	for _, id := range []string{"region-almere", "initiative-buurtteam-vo-so", "person-peet-de-graaf"} {
		a, _ := ix.Partners(id, 5)
		b, _ := again.Partners(id, 5)
		for k := range a {
			if a[k].NodeID != b[k].NodeID || a[k].Score != b[k].Score {
				t.Errorf("Partners(%q) differs between two indexes of the same graph at %d: %v vs %v", id, k, a[k], b[k])
			}
		}
	}
}

// foldQuote folds whitespace runs to one space and curly quotes to straight ones, as the
// loader compares quotes with their documents (seeds/FORMAT.md).
func foldQuote(s string) string {
	s = strings.NewReplacer("‘", "'", "’", "'", "“", "\"", "”", "\"", "„", "\"").Replace(s)
	return strings.Join(strings.Fields(s), " ")
}
