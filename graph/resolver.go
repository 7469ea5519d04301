// Package graph is the GraphQL layer: the gqlgen-generated executor, thin resolvers that call
// the Store, per-request dataloaders, and the HTTP handler with its limits.
package graph

//go:generate go run ./gen

import (
	"context"
	"log/slog"

	"github.com/metandereogen/maograph/graph/model"
)

// Resolver is the root resolver; server.go builds it once with its dependencies.
type Resolver struct {
	Store Store
	Log   *slog.Logger

	similar    similarityCache // built on first use; see similarityIndex
	partners   partnerCache    // built on first use; see partnerIndex
	aggregates aggregateCache  // counts and stats per graph version
}

// Store is what the resolvers need from the database. Batch methods return results keyed by
// id so that dataloaders can hand them out in key order.
type Store interface {
	// NodesByIDs returns the entities with these ids, keyed by id; missing ids are absent.
	NodesByIDs(ctx context.Context, ids []string) (map[string]model.Entity, error)
	// Relations returns one page (the window w) of the relations selected by q of each node,
	// keyed by node id, with each node's total.
	Relations(ctx context.Context, q model.RelQuery, ids []string, w model.RelWindow) (map[string]*model.RelPage, error)
	// Mentions returns where the documents name each entity, keyed by entity id.
	Mentions(ctx context.Context, ids []string) (map[string][]*model.Mention, error)
	// MentionsIn returns every mention in each document, keyed by document id.
	MentionsIn(ctx context.Context, docIDs []string) (map[string][]*model.Mention, error)
	// List returns a page of entities of a label.
	List(ctx context.Context, label string, args model.ListArgs) (*model.Page, error)
	// Search runs a full-text search; query is plain user text.
	Search(ctx context.Context, query string, labels []string, first int) ([]*model.SearchHit, error)
	// Suggest returns corrections of a search query's unknown words.
	Suggest(ctx context.Context, query string, first int) ([]string, error)
	// Network returns the relations of the given types within depth steps of focus (all of
	// them when focus is nil).
	Network(ctx context.Context, focus *string, depth int, labels, types []string, asOf string, read model.NetworkRead) (*model.Network, error)
	// Paths returns the shortest paths between two entities.
	Paths(ctx context.Context, from, to string, maxLength, first int, asOf string, read model.NetworkRead) ([]*model.Path, error)
	// InitiativeFeatures returns what similarity is computed from, for every initiative, and
	// the graph's version.
	InitiativeFeatures(ctx context.Context) (version string, features []model.InitiativeFeatures, names map[string]string, err error)
	// LearningGraph returns the curated graph with evidence and document dates, and the
	// graph's version.
	LearningGraph(ctx context.Context) (version string, g *model.LearningGraph, err error)
	// Skeleton returns the curated graph without properties.
	Skeleton(ctx context.Context) (*model.Skeleton, error)
	// Counts returns dashboard buckets.
	Counts(ctx context.Context, label string, by model.Dimension, asOf string) ([]*model.Bucket, error)
	// Members returns one page of the members of set for each bucket key, keyed by key
	// (restricted to the members of also, when given).
	Members(ctx context.Context, set model.MemberSet, keys []string, also *model.MemberSet, start, n int) (map[string]*model.MemberPage, error)
	// Coverage returns the non-empty cells of a coverage matrix.
	Coverage(ctx context.Context, label string, rows, columns model.Dimension, scope model.Scope, asOf string) ([]*model.CoverageCell, error)
	// Stats returns totals for the whole graph.
	Stats(ctx context.Context) (*model.Stats, error)
	// WorksWith returns the organisations that take part in an initiative the organisation
	// takes part in, each with both quotes.
	WorksWith(ctx context.Context, orgID string) ([]*model.WorksWith, error)
	// Version returns the graph's version, which every load that changes it moves; "" when
	// the graph was not written by a load.
	Version(ctx context.Context) (string, error)
}
