package graph

import (
	"context"

	"github.com/metandereogen/maograph/analysis"
	"github.com/metandereogen/maograph/graph/model"
)

func (r *Resolver) learningPaths(ctx context.Context, from, to string, maxLength, first *int, asOf *string) ([]*model.Path, error) {
	l, n := intOr(maxLength, 4), intOr(first, 5)
	switch {
	case l < 1 || l > maxPathLength:
		return nil, model.Errorf(model.EINVALID, "maxLength must be between 1 and %d, got %d.", maxPathLength, l)
	case n < 1 || n > maxPaths:
		return nil, model.Errorf(model.EINVALID, "first must be between 1 and %d, got %d.", maxPaths, n)
	case from == to:
		return nil, model.Errorf(model.EINVALID, "from and to are the same node %q.", from)
	}
	if err := checkDate(asOf); err != nil {
		return nil, err
	}
	for _, id := range []string{from, to} {
		if _, err := r.entity(ctx, id); err != nil {
			return nil, err
		}
	}
	g, err := r.learningGraph(ctx, asOf)
	if err != nil {
		return nil, err
	}
	found := analysis.LearningPaths(g, from, to, l, n)
	out := make([]*model.Path, 0, len(found))
	for _, steps := range found {
		ids := []string{from}
		for _, s := range steps {
			ids = append(ids, s.To)
		}
		nodes, err := r.entities(ctx, ids)
		if err != nil {
			return nil, err
		}
		if len(nodes) != len(ids) {
			continue // an entity went away since the graph was read
		}
		p := &model.Path{Length: len(steps), Nodes: nodes}
		for i, s := range steps {
			rel := s.Relation
			var role *string
			if rel.Role != "" {
				role = &rel.Role
			}
			ev := rel.Evidence
			p.Steps = append(p.Steps, &model.PathStep{From: nodes[i], To: nodes[i+1], Type: model.RelationType(rel.Type),
				Forward: rel.From == s.From, Role: role, Evidence: &ev})
		}
		out = append(out, p)
	}
	return out, nil
}

func (r *Resolver) timeline(ctx context.Context, id string, asOf *string) ([]*model.TimelineEntry, error) {
	if err := checkDate(asOf); err != nil {
		return nil, err
	}
	if _, err := r.entity(ctx, id); err != nil {
		return nil, err
	}
	g, err := r.learningGraph(ctx, asOf)
	if err != nil {
		return nil, err
	}
	facts := analysis.Timeline(g, id)
	out := make([]*model.TimelineEntry, 0, len(facts))
	for _, f := range facts {
		e := &model.TimelineEntry{Evidence: &f.Evidence}
		if f.Date != "" {
			e.Date = &f.Date
		}
		if rel := f.Relation; rel != nil {
			t, dir, other := model.RelationType(rel.Type), model.DirectionOut, rel.To
			if rel.From != id {
				dir, other = model.DirectionIn, rel.From
			}
			e.Type, e.Direction, e.OtherID = &t, &dir, &other
		}
		out = append(out, e)
	}
	return out, nil
}
