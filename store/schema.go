package store

import (
	"context"
	"fmt"
	"strings"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/metandereogen/maograph/graph/model"
)

// FulltextIndex is the name of the Dutch full-text index over names, aliases, descriptions,
// quotes, facts (what is counted, goals, results, group roles) and document text. Its name
// changes with what it covers, since CREATE ... IF NOT EXISTS never alters an existing index;
// the former one is dropped (formerFulltextIndexes).
const FulltextIndex = "mao_text_v2"

// formerFulltextIndexes are the names earlier builds gave the full-text index.
var formerFulltextIndexes = []string{"mao_text"}

// schemaStatements create what the queries rely on. Each is idempotent (IF NOT EXISTS).
var schemaStatements = func() []string {
	stmts := []string{
		`CREATE CONSTRAINT node_id IF NOT EXISTS FOR (n:Node) REQUIRE n.id IS UNIQUE`,
		`CREATE CONSTRAINT seedmeta_id IF NOT EXISTS FOR (n:SeedMeta) REQUIRE n.id IS UNIQUE`,
		`CREATE CONSTRAINT seedlock_id IF NOT EXISTS FOR (n:SeedLock) REQUIRE n.id IS UNIQUE`,
		`CREATE INDEX node_name IF NOT EXISTS FOR (n:Node) ON (n.name)`,
		`CREATE INDEX node_mentions IF NOT EXISTS FOR (n:Node) ON (n.mentionCount)`,
		`CREATE INDEX organisation_sector IF NOT EXISTS FOR (n:Organisation) ON (n.sector)`,
		`CREATE INDEX node_kind IF NOT EXISTS FOR (n:Node) ON (n.kind)`,
		`CREATE FULLTEXT INDEX ` + FulltextIndex + ` IF NOT EXISTS
FOR (n:` + strings.Join(model.Labels, "|") + `)
ON EACH [n.name, n.aliasText, n.description, n.quoteText, n.factText, n.text]
OPTIONS {indexConfig: {` + "`fulltext.analyzer`" + `: 'dutch'}}`,
	}
	for _, name := range formerFulltextIndexes {
		stmts = append([]string{"DROP INDEX " + name + " IF EXISTS"}, stmts...)
	}
	// Kind filters start from the label's own index on kind.
	for l := range kindLabels {
		stmts = append(stmts, fmt.Sprintf("CREATE INDEX %s_kind IF NOT EXISTS FOR (n:%s) ON (n.kind)", lower(l), l))
	}
	// Per-label uniqueness: lookups by label and id use the label's own index. Labels are the
	// fixed vocabulary of model.Labels, never user input.
	for _, l := range model.Labels {
		stmts = append(stmts, fmt.Sprintf("CREATE CONSTRAINT %s_id IF NOT EXISTS FOR (n:%s) REQUIRE n.id IS UNIQUE", lower(l), l))
		stmts = append(stmts, fmt.Sprintf("CREATE INDEX %s_name IF NOT EXISTS FOR (n:%s) ON (n.name)", lower(l), l))
		stmts = append(stmts, fmt.Sprintf("CREATE INDEX %s_mentions IF NOT EXISTS FOR (n:%s) ON (n.mentionCount)", lower(l), l))
	}
	return stmts
}()

func lower(s string) string {
	b := []byte(s)
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}

// EnsureSchema creates the constraints and indexes and waits until they are online.
func (s *Store) EnsureSchema(ctx context.Context) error {
	for _, stmt := range append(schemaStatements, `CALL db.awaitIndexes(120)`) {
		_, err := neo4j.ExecuteQuery(ctx, s.driver, stmt, nil, neo4j.EagerResultTransformer,
			neo4j.ExecuteQueryWithDatabase(s.database), neo4j.ExecuteQueryWithWritersRouting())
		if err != nil {
			return classify(ctx, "ensure schema", fmt.Errorf("%s: %w", firstLine(stmt), err))
		}
	}
	return nil
}

func firstLine(s string) string {
	for i, c := range s {
		if c == '\n' {
			return s[:i]
		}
	}
	return s
}
