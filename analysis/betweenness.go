package analysis

import (
	"sort"
)

// Centrality is a node's normalised betweenness.
type Centrality struct {
	ID    string
	Score float64
}

// Betweenness computes the betweenness centrality of every node of an undirected, unweighted
// graph with Brandes' algorithm, normalised to [0,1]. Nodes whose label is in skip are left
// out of the graph entirely (themes and documents would otherwise connect everything).
// Results are sorted by score, then id.
func Betweenness(labels map[string]string, edges [][2]string, skip map[string]bool) []Centrality {
	index := map[string]int{}
	var ids []string
	for id, l := range labels {
		if !skip[l] {
			ids = append(ids, id)
		}
	}
	sort.Strings(ids)
	for i, id := range ids {
		index[id] = i
	}
	n := len(ids)
	adj := make([][]int, n)
	seen := map[[2]int]bool{}
	for _, e := range edges {
		a, okA := index[e[0]]
		b, okB := index[e[1]]
		if !okA || !okB || a == b {
			continue
		}
		if a > b {
			a, b = b, a
		}
		if seen[[2]int{a, b}] {
			continue
		}
		seen[[2]int{a, b}] = true
		adj[a] = append(adj[a], b)
		adj[b] = append(adj[b], a)
	}

	cb := make([]float64, n)
	sigma := make([]float64, n)
	dist := make([]int, n)
	delta := make([]float64, n)
	preds := make([][]int, n)
	stack := make([]int, 0, n)
	queue := make([]int, 0, n)
	for s := 0; s < n; s++ {
		stack, queue = stack[:0], queue[:0]
		for i := range n {
			sigma[i], dist[i], delta[i], preds[i] = 0, -1, 0, preds[i][:0]
		}
		sigma[s], dist[s] = 1, 0
		queue = append(queue, s)
		for len(queue) > 0 {
			v := queue[0]
			queue = queue[1:]
			stack = append(stack, v)
			for _, w := range adj[v] {
				if dist[w] < 0 {
					dist[w] = dist[v] + 1
					queue = append(queue, w)
				}
				if dist[w] == dist[v]+1 {
					sigma[w] += sigma[v]
					preds[w] = append(preds[w], v)
				}
			}
		}
		for i := len(stack) - 1; i >= 0; i-- {
			w := stack[i]
			for _, v := range preds[w] {
				delta[v] += sigma[v] / sigma[w] * (1 + delta[w])
			}
			if w != s {
				cb[w] += delta[w]
			}
		}
	}
	// Each pair was counted from both ends; normalise by the number of pairs not involving v.
	norm := 1.0
	if n > 2 {
		norm = float64((n-1)*(n-2)) / 2
	}
	out := make([]Centrality, n)
	for i, id := range ids {
		out[i] = Centrality{ID: id, Score: round(cb[i] / 2 / norm)}
	}
	sort.Slice(out, func(a, b int) bool {
		if out[a].Score != out[b].Score {
			return out[a].Score > out[b].Score
		}
		return out[a].ID < out[b].ID
	})
	return out
}
