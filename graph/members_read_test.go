package graph_test

import (
	"encoding/json"
	"testing"
)

// TestMemberFieldsReadWhatTheyAsk: a member field reads its members' properties and paths only
// when its selection asks for them (light, no paths); whatever it asks, the answer is the one
// the full read gives, also for two selections of the same set side by side in one request.
func TestMemberFieldsReadWhatTheyAsk(t *testing.T) {
	t.Parallel()
	a := newAPI(t)
	const page = `(scope: ALL, first: 50)`
	var ref struct {
		Regions struct {
			Nodes []struct {
				ID          string
				Initiatives struct {
					Edges []struct {
						Scope string
						Paths []struct{ Length int }
						Node  struct {
							ID, Name, Kind string
							Description    *string
						}
					}
				}
			}
		}
	}
	a.must(`{ regions(first: 50) { nodes { id initiatives`+page+` { edges { scope paths { length } node { id name ... on Initiative { kind description } } } } } } }`, nil, &ref)
	members, paths, described := 0, 0, 0
	for _, r := range ref.Regions.Nodes {
		for _, e := range r.Initiatives.Edges {
			members++
			paths += len(e.Paths)
			if e.Node.Description != nil {
				described++
			}
		}
	}
	if members == 0 || paths == 0 || described == 0 {
		t.Fatalf("%d members, %d paths, %d described: the seeds give the comparison too little", members, paths, described)
	}
	// Each selection is compared, field by field, with the reference's answer cut to it.
	for _, sel := range []string{
		`edges { node { id name } }`,
		`edges { scope node { id } }`,
		`edges { node { id ... on Initiative { description } } }`,
		`edges { paths { length } node { id } }`,
		`nodes { id ... on Initiative { kind } }`,
	} {
		t.Run(sel, func(t *testing.T) {
			var got, want map[string]any
			q := `{ regions(first: 50) { nodes { id a: initiatives` + page + ` { ` + sel + ` } b: initiatives` + page + ` { edges { paths { length } node { id } } } } } }`
			a.must(q, nil, &got)
			full := `{ regions(first: 50) { nodes { id a: initiatives` + page + ` { edges { scope paths { length } node { id name ... on Initiative { kind description } } } nodes { id ... on Initiative { kind } } } b: initiatives` + page + ` { edges { paths { length } node { id } } } } } }`
			a.must(full, nil, &want)
			if g, w := cut(got), cut(project(want, got)); g != w {
				t.Errorf("answer\n%s\nwant\n%s", g, w)
			}
		})
	}
}

// project keeps of want only the keys that got has, recursively.
func project(want, got any) any {
	switch g := got.(type) {
	case map[string]any:
		w, _ := want.(map[string]any)
		out := map[string]any{}
		for k, v := range g {
			out[k] = project(w[k], v)
		}
		return out
	case []any:
		w, _ := want.([]any)
		if len(w) != len(g) {
			return want // a list of another length is a difference of its own
		}
		out := make([]any, len(g))
		for i := range g {
			out[i] = project(w[i], g[i])
		}
		return out
	}
	return want
}

func cut(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}
