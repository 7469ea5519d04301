package store_test

import (
	"context"
	"testing"

	"github.com/metandereogen/maograph/graph/model"
	"github.com/metandereogen/maograph/store/storetest"
)

// TestMembersReadOnlyWhatIsAsked: a member page read light (id and name) or without paths
// has the same members, in the same order, with the same scopes and total, as the full read;
// it leaves out the properties or the paths, and nothing else.
func TestMembersReadOnlyWhatIsAsked(t *testing.T) {
	s := storetest.Seeded(t)
	ctx := context.Background()
	buckets, err := s.Counts(ctx, model.LabelInitiative, model.DimensionRegion, "")
	if err != nil {
		t.Fatal(err)
	}
	var keys []string
	for _, b := range buckets {
		keys = append(keys, b.Key)
	}
	if len(keys) == 0 {
		t.Fatal("no region has initiatives in the seeds")
	}
	for _, scope := range []model.Scope{model.ScopeDirect, model.ScopeAll} {
		set := model.MemberSet{Label: model.LabelInitiative, Dimension: model.DimensionRegion, Scope: scope}
		full, err := s.Members(ctx, set, keys, nil, 0, 50)
		if err != nil {
			t.Fatal(err)
		}
		paths, props := 0, 0
		for _, read := range []struct {
			name           string
			light, noPaths bool
		}{{"light", true, false}, {"no paths", false, true}, {"light, no paths", true, true}} {
			t.Run(string(scope)+" "+read.name, func(t *testing.T) {
				set := set
				set.Light, set.NoPaths = read.light, read.noPaths
				got, err := s.Members(ctx, set, keys, nil, 0, 50)
				if err != nil {
					t.Fatal(err)
				}
				for _, k := range keys {
					want, have := full[k], got[k]
					if have.Total != want.Total || len(have.Members) != len(want.Members) {
						t.Fatalf("%s: %d of %d members, want %d of %d", k, len(have.Members), have.Total, len(want.Members), want.Total)
					}
					for i, m := range have.Members {
						w := want.Members[i]
						if m.Node.GetID() != w.Node.GetID() || m.Node.GetName() != w.Node.GetName() || m.Scope != w.Scope {
							t.Fatalf("%s #%d: %s %q %s, want %s %q %s", k, i, m.Node.GetID(), m.Node.GetName(), m.Scope, w.Node.GetID(), w.Node.GetName(), w.Scope)
						}
						if n := len(w.Paths); read.noPaths && len(m.Paths) != 0 || !read.noPaths && len(m.Paths) != n {
							t.Errorf("%s #%d: %d paths, want %d", k, i, len(m.Paths), map[bool]int{true: 0, false: n}[read.noPaths])
						}
						paths += len(w.Paths)
						hasProps := w.Node.GetDescription() != nil || len(w.Node.(*model.Initiative).Quotes) > 0
						if hasProps {
							props++
						}
						light := m.Node.GetDescription() == nil && len(m.Node.(*model.Initiative).Quotes) == 0
						if read.light && !light || !read.light && hasProps && light {
							t.Errorf("%s #%d: read light %v, but its description and quotes say otherwise", k, i, read.light)
						}
					}
				}
			})
		}
		if paths == 0 || props == 0 {
			t.Errorf("%s: the full read has %d paths and %d members with a description or quotes: the comparison proves little", scope, paths, props)
		}
	}
}
