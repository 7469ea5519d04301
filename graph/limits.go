package graph

import (
	"context"
	"fmt"

	"github.com/99designs/gqlgen/complexity"
	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/metandereogen/maograph/graph/model"
)

// limits rejects hostile operations after parsing and validation but before any resolver
// runs, so they never reach Neo4j: too deep, too many aliases or fields, too costly.
type limits struct {
	opts Options
	es   graphql.ExecutableSchema
}

func (l *limits) ExtensionName() string                   { return "MaoLimits" }
func (l *limits) Validate(graphql.ExecutableSchema) error { return nil }

func tooComplex(format string, args ...any) *gqlerror.Error {
	return &gqlerror.Error{
		Message:    fmt.Sprintf(format, args...),
		Extensions: map[string]any{"code": model.ETOOCOMPLEX},
	}
}

func (l *limits) MutateOperationContext(ctx context.Context, oc *graphql.OperationContext) *gqlerror.Error {
	if n := len(oc.RawQuery); n > l.opts.MaxQueryLength {
		return tooComplex("The query is %d bytes long; the limit is %d.", n, l.opts.MaxQueryLength)
	}
	if oc.Operation == nil {
		return nil
	}
	m := &measure{frags: oc.Doc.Fragments, budget: l.opts.MaxFields}
	m.walk(oc.Operation.SelectionSet, 1)
	switch {
	// TEMPORARY (relay branch, for the real-client tests): standard introspection queries are
	// 13-15 levels deep, so operations that read only the schema skip the depth limit and keep
	// the field, alias and length budgets. The http branch replaces this with its own budget.
	case m.depth > l.opts.MaxDepth && !introspectionOnly(oc.Operation.SelectionSet):
		return tooComplex("The query is %d levels deep; the limit is %d.", m.depth, l.opts.MaxDepth)
	case m.aliases > l.opts.MaxAliases:
		return tooComplex("The query uses %d aliases; the limit is %d.", m.aliases, l.opts.MaxAliases)
	case m.fields > l.opts.MaxFields:
		return tooComplex("The query selects more than %d fields.", l.opts.MaxFields)
	}
	if c := complexity.Calculate(ctx, l.es, oc.Operation, oc.Variables); c > l.opts.MaxComplexity {
		return tooComplex("The query's complexity is %d; the limit is %d. Ask for smaller pages or fewer nested lists.", c, l.opts.MaxComplexity)
	}
	return nil
}

// introspectionOnly reports whether an operation's root fields all read the schema.
func introspectionOnly(set ast.SelectionSet) bool {
	for _, sel := range set {
		f, ok := sel.(*ast.Field)
		if !ok || (f.Name != "__schema" && f.Name != "__type" && f.Name != "__typename") {
			return false
		}
	}
	return len(set) > 0
}

// measure walks a selection set with fragments expanded. It stops counting once the field
// budget is spent, so a fragment that doubles at every level cannot make the walk itself slow.
type measure struct {
	frags                  ast.FragmentDefinitionList
	budget                 int
	depth, fields, aliases int
	visiting               map[string]bool
}

func (m *measure) walk(set ast.SelectionSet, level int) {
	for _, sel := range set {
		if m.fields > m.budget {
			return
		}
		switch s := sel.(type) {
		case *ast.Field:
			m.fields++
			if s.Alias != "" && s.Alias != s.Name {
				m.aliases++
			}
			if len(s.SelectionSet) > 0 {
				m.depth = max(m.depth, level+1)
				m.walk(s.SelectionSet, level+1)
			} else {
				m.depth = max(m.depth, level)
			}
		case *ast.InlineFragment:
			m.walk(s.SelectionSet, level)
		case *ast.FragmentSpread:
			// Validation already rejects fragment cycles; this guard keeps the walk safe anyway.
			if m.visiting == nil {
				m.visiting = map[string]bool{}
			}
			if f := m.frags.ForName(s.Name); f != nil && !m.visiting[s.Name] {
				m.visiting[s.Name] = true
				m.walk(f.SelectionSet, level)
				delete(m.visiting, s.Name)
			}
		}
	}
}
