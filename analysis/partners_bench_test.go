package analysis_test

import (
	"os"
	"runtime"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/metandereogen/maograph/analysis"
	"github.com/metandereogen/maograph/bench/synth"
	"github.com/metandereogen/maograph/graph/model"
)

var synthGraphs sync.Map // size name -> *model.LearningGraph

// synthGraphOf generates (once per process) the synthetic network of a size and builds its
// learning graph, as the server reads it from Neo4j after loading it.
func synthGraphOf(b *testing.B, size synth.Size) *model.LearningGraph {
	if g, ok := synthGraphs.Load(size.Name); ok {
		return g.(*model.LearningGraph)
	}
	ds, _, err := synth.Dataset(size, 1)
	if err != nil {
		b.Fatal(err)
	}
	g := analysis.GraphOf(ds)
	synthGraphs.Store(size.Name, g)
	return g
}

// BenchmarkPartners is learningPartners' work per request once the index is built (the
// server keeps it per graph version), over every initiative of the synthetic network as
// focus in turn, with the median and 95th percentile of single requests as metrics: wall time,
// and the CPU time of the thread that ran them (on Linux), which a busy machine does not
// inflate. Sizes XS and S by default; set MAO_BENCH_PARTNERS_M=1 for M (generating and
// parsing M takes minutes), MAO_BENCH_PARTNERS_L=1 for L as well.
func BenchmarkPartners(b *testing.B) {
	sizes := []synth.Size{synth.XS, synth.S}
	if os.Getenv("MAO_BENCH_PARTNERS_M") != "" {
		sizes = append(sizes, synth.M)
	}
	if os.Getenv("MAO_BENCH_PARTNERS_L") != "" {
		sizes = append(sizes, synth.L)
	}
	for _, size := range sizes {
		b.Run(size.Name, func(b *testing.B) {
			g := synthGraphOf(b, size)
			start := time.Now()
			ix := analysis.NewPartnerIndex(g)
			b.ReportMetric(float64(time.Since(start).Milliseconds()), "build-ms")
			var foci []string
			for _, n := range g.Nodes {
				if n.Label == model.LabelInitiative {
					foci = append(foci, n.ID)
				}
			}
			var took []time.Duration
			var cpu []float64
			runtime.LockOSThread() // the thread's CPU time is the requests' own
			defer runtime.UnlockOSThread()
			i := 0
			b.ResetTimer()
			for b.Loop() {
				t := time.Now()
				c0, ok0 := threadCPU()
				ix.Partners(foci[i%len(foci)], 5)
				c1, ok1 := threadCPU()
				took = append(took, time.Since(t))
				if ok0 && ok1 {
					cpu = append(cpu, c1-c0)
				}
				i += 7919
			}
			slices.Sort(took)
			b.ReportMetric(float64(took[len(took)/2].Microseconds())/1000, "p50-ms")
			b.ReportMetric(float64(took[len(took)*95/100].Microseconds())/1000, "p95-ms")
			if len(cpu) > 0 {
				slices.Sort(cpu)
				b.ReportMetric(cpu[len(cpu)/2], "cpu-p50-ms")
				b.ReportMetric(cpu[len(cpu)*95/100], "cpu-p95-ms")
			}
		})
	}
}
