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
		// A load reads the nodes of the hash buckets that differ by range (seedBucketNodesQuery).
		`CREATE INDEX node_seedhash IF NOT EXISTS FOR (n:Node) ON (n.seedHash)`,
		`CREATE FULLTEXT INDEX ` + FulltextIndex + ` IF NOT EXISTS
FOR (n:` + strings.Join(model.Labels, "|") + `)
ON EACH [n.name, n.aliasText, n.description, n.quoteText, n.factText, n.text]
OPTIONS {indexConfig: {` + "`fulltext.analyzer`" + `: 'dutch'}}`,
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

// EnsureSchema creates the constraints and indexes that are missing and waits until they
// are online. It reads what exists first (SHOW INDEXES): each load calls it, and forty schema statements
// took 0.3-6 s of every load, most of adding one document, though they changed nothing.
func (s *Store) EnsureSchema(ctx context.Context) error {
	// A uniqueness constraint is listed here too: by the index it owns, which has its name.
	res, err := neo4j.ExecuteQuery(ctx, s.driver, `SHOW INDEXES YIELD name, state RETURN name, state`, nil, neo4j.EagerResultTransformer,
		neo4j.ExecuteQueryWithDatabase(s.database), neo4j.ExecuteQueryWithWritersRouting())
	if err != nil {
		return classify(ctx, "ensure schema", fmt.Errorf("read the schema: %w", err))
	}
	exists := map[string]bool{}
	online := true
	for _, rec := range res.Records {
		name, _ := rec.Values[0].(string)
		state, _ := rec.Values[1].(string)
		exists[name] = true
		online = online && state == "ONLINE"
	}
	var todo []string
	for _, name := range formerFulltextIndexes {
		if exists[name] {
			todo = append(todo, "DROP INDEX "+name+" IF EXISTS")
		}
	}
	for _, stmt := range schemaStatements {
		if !exists[schemaName(stmt)] {
			todo = append(todo, stmt)
		}
	}
	if len(todo) == 0 && online {
		return nil
	}
	for _, stmt := range append(todo, `CALL db.awaitIndexes(120)`) {
		_, err := neo4j.ExecuteQuery(ctx, s.driver, stmt, nil, neo4j.EagerResultTransformer,
			neo4j.ExecuteQueryWithDatabase(s.database), neo4j.ExecuteQueryWithWritersRouting())
		if err != nil {
			return classify(ctx, "ensure schema", fmt.Errorf("%s: %w", firstLine(stmt), err))
		}
	}
	return nil
}

// schemaName is the name a schema statement creates: the word before IF NOT EXISTS.
func schemaName(stmt string) string {
	f := strings.Fields(stmt)
	for i := 1; i < len(f); i++ {
		if f[i] == "IF" {
			return f[i-1]
		}
	}
	return ""
}

func firstLine(s string) string {
	for i, c := range s {
		if c == '\n' {
			return s[:i]
		}
	}
	return s
}
