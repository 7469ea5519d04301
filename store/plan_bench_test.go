package store

import (
	"sync"
	"testing"

	"github.com/metandereogen/maograph/bench/synth"
	"github.com/metandereogen/maograph/graph/model"
)

// synthDatasets are the generated networks the plan benchmarks hash, made once per process.
var synthDatasets sync.Map // size name -> *model.Dataset

func synthDataset(b *testing.B, size synth.Size) *model.Dataset {
	if ds, ok := synthDatasets.Load(size.Name); ok {
		return ds.(*model.Dataset)
	}
	ds, _, err := synth.Dataset(size, 1)
	if err != nil {
		b.Fatal(err)
	}
	synthDatasets.Store(size.Name, ds)
	return ds
}

// BenchmarkPlan is the Go side of every load before it reads the graph: hashing each row of
// the dataset. At L it is most of what adding one document costs (bench/RESULTS.md).
func BenchmarkPlan(b *testing.B) {
	for _, size := range []synth.Size{synth.S, synth.M, synth.L} {
		b.Run(size.Name, func(b *testing.B) {
			ds := synthDataset(b, size)
			b.ReportAllocs()
			b.ResetTimer()
			for range b.N {
				if _, err := newPlan(ds); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
