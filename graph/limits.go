package graph

import (
	"context"
	"fmt"
	"strings"

	"github.com/99designs/gqlgen/complexity"
	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/metandereogen/maograph/graph/model"
)

// limits rejects hostile operations after parsing and validation but before any resolver
// runs, so they never reach Neo4j: too deep, too many aliases or fields once fragments are
// expanded, too costly, or with an argument over its bound. An operation that passes enters
// the query cache.
type limits struct {
	opts  Options
	es    graphql.ExecutableSchema
	cache *queryCache
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
	if oc.Operation == nil {
		return nil
	}
	if err := l.check(ctx, oc); err != nil {
		return err
	}
	l.cache.admit(oc.RawQuery, oc.Doc)
	return nil
}

func (l *limits) check(ctx context.Context, oc *graphql.OperationContext) *gqlerror.Error {
	o := l.opts
	introspection := introspectionOnly(oc.Operation)
	maxDepth, maxFields, maxAliases := o.MaxDepth, o.MaxFields, o.MaxAliases
	if introspection {
		maxDepth, maxFields, maxAliases = o.IntrospectionMaxDepth, o.IntrospectionMaxFields, o.IntrospectionMaxAliases
	}
	m := &measure{frags: oc.Doc.Fragments, budget: maxFields, vars: oc.Variables, bounds: argBounds{o.MaxStringArg, o.MaxListArg}}
	m.walk(oc.Operation.SelectionSet, 1)
	switch {
	case m.depth > maxDepth:
		return tooComplex("The query is %d levels deep; the limit is %d.", m.depth, maxDepth)
	case m.aliases > maxAliases:
		return tooComplex("The query uses %d aliases; the limit is %d.", m.aliases, maxAliases)
	case m.fields > maxFields:
		return tooComplex("The query selects more than %d fields.", maxFields)
	case m.argErr != nil:
		return m.argErr
	}
	if introspection {
		return nil // no resolver of an introspection field reaches Neo4j
	}
	if c := complexity.Calculate(ctx, l.es, oc.Operation, oc.Variables); c > o.MaxComplexity {
		return tooComplex("The query's complexity is %d; the limit is %d. Ask for smaller pages or fewer nested lists.", c, o.MaxComplexity)
	}
	return nil
}

// introspectionOnly says whether every root selection of op is a __ field (__schema, __type,
// __typename): such an operation reads only the schema.
func introspectionOnly(op *ast.OperationDefinition) bool {
	if len(op.SelectionSet) == 0 {
		return false
	}
	for _, sel := range op.SelectionSet {
		f, ok := sel.(*ast.Field)
		if !ok || !strings.HasPrefix(f.Name, "__") {
			return false
		}
	}
	return true
}

// argBounds are the documented maxima of every argument, checked before any resolver runs:
// a string (an id, a name filter, a search text, a cursor) of at most strings bytes, a list
// (ids, relation types, node types) of at most items entries, also inside input objects and
// in variables.
type argBounds struct{ strings, items int }

func (b argBounds) value(v *ast.Value, vars map[string]any, where string) *gqlerror.Error {
	if v == nil {
		return nil
	}
	switch v.Kind {
	case ast.Variable:
		return b.goValue(vars[v.Raw], where)
	case ast.StringValue, ast.BlockValue:
		if len(v.Raw) > b.strings {
			return argTooLarge("%s is a string of %d bytes; the limit is %d.", where, len(v.Raw), b.strings)
		}
	case ast.ListValue:
		if len(v.Children) > b.items {
			return argTooLarge("%s is a list of %d items; the limit is %d.", where, len(v.Children), b.items)
		}
		for _, c := range v.Children {
			if err := b.value(c.Value, vars, where); err != nil {
				return err
			}
		}
	case ast.ObjectValue:
		for _, c := range v.Children {
			if err := b.value(c.Value, vars, where+"."+c.Name); err != nil {
				return err
			}
		}
	}
	return nil
}

func (b argBounds) goValue(v any, where string) *gqlerror.Error {
	switch x := v.(type) {
	case string:
		if len(x) > b.strings {
			return argTooLarge("%s is a string of %d bytes; the limit is %d.", where, len(x), b.strings)
		}
	case []any:
		if len(x) > b.items {
			return argTooLarge("%s is a list of %d items; the limit is %d.", where, len(x), b.items)
		}
		for _, c := range x {
			if err := b.goValue(c, where); err != nil {
				return err
			}
		}
	case map[string]any:
		for k, c := range x {
			if err := b.goValue(c, where+"."+clip(k, 40)); err != nil {
				return err
			}
		}
	}
	return nil
}

func argTooLarge(format string, args ...any) *gqlerror.Error {
	return requestError(model.EINVALID, format, args...)
}

// measure walks a selection set with fragments expanded. It stops counting once the field
// budget is spent, so a fragment that doubles at every level cannot make the walk itself slow.
type measure struct {
	frags                  ast.FragmentDefinitionList
	budget                 int
	depth, fields, aliases int
	visiting               map[string]bool
	vars                   map[string]any
	bounds                 argBounds
	argErr                 *gqlerror.Error // the first argument over its bound
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
			for _, a := range s.Arguments {
				if m.argErr == nil {
					m.argErr = m.bounds.value(a.Value, m.vars, "Argument "+s.Name+"("+a.Name+":)")
				}
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
