package store

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"sort"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/metandereogen/maograph/graph/model"
)

// seedBatch is the number of rows per UNWIND: large enough to amortise a round trip, small
// enough to keep each statement's memory modest.
const seedBatch = 5000

// SeedSummary says what a load changed.
type SeedSummary struct {
	Unchanged        bool // the graph already held exactly this dataset
	NodesCreated     int
	NodesDeleted     int
	RelsCreated      int
	RelsDeleted      int
	PropertiesSet    int
	NodesByLabel     map[string]int
	RelationsByType  map[string]int
	Mentions         int
	Duration         time.Duration
}

// The sync queries. Labels and relationship types are dynamic (Cypher 5.26 `$(...)`), but
// always come from the validated dataset's fixed vocabulary, and travel as parameters.
const (
	// Taking the meta node's write lock first makes concurrent loads run one after the other;
	// SET then REMOVE leaves nothing changed.
	seedLockQuery = `MERGE (m:SeedMeta {id: 'seed'}) SET m.lock = true REMOVE m.lock`

	seedMetaQuery = `OPTIONAL MATCH (m:SeedMeta {id: 'seed'}) RETURN m.format AS format, m.hash AS hash`

	// A node is written only when something differs, so a second load sets no property.
	seedNodesQuery = `UNWIND $rows AS row
MERGE (n:Node {id: row.id})
WITH n, row WHERE properties(n) <> row.props OR NOT row.label IN labels(n)
SET n = row.props
SET n:$(row.label)`

	seedDeleteNodesQuery = `MATCH (n:Node) WHERE NOT n.id IN $ids DETACH DELETE n`

	// The relationship type is written literally (one query per type, below): MERGE with a
	// dynamic type $(row.type) is planned as a scan of every relationship for each row, which
	// made loading quadratic in the size of the graph; with a literal type it is an
	// Expand(Into) between the two ends. Found by the benchmark (bench/RESULTS.md).
	seedRelsTemplate = `UNWIND $rows AS row
MATCH (a:Node {id: row.from})
MATCH (b:Node {id: row.to})
MERGE (a)-[r:%s {id: row.id}]->(b)
WITH r, row WHERE properties(r) <> row.props
SET r = row.props`

	seedDeleteRelsQuery = `MATCH (:Node)-[r]->(:Node) WHERE r.id IS NOT NULL AND NOT r.id IN $ids DELETE r`

	seedMetaWriteQuery = `MERGE (m:SeedMeta {id: 'seed'})
WITH m WHERE m.hash IS NULL OR m.hash <> $hash OR m.format <> $format
SET m.format = $format, m.hash = $hash, m.loadedAt = datetime()`
)

// seedRelsQueries holds the MERGE of each relationship type, built once from the fixed
// vocabulary (model.RelationRules and MENTIONED_IN), never from input.
var seedRelsQueries = func() map[string]string {
	qs := map[string]string{model.MentionedIn: fmt.Sprintf(seedRelsTemplate, model.MentionedIn)}
	for t := range model.RelationRules {
		qs[t] = fmt.Sprintf(seedRelsTemplate, t)
	}
	return qs
}()

// byType groups relationship rows by type, types in sorted order, so each group can use its
// type's query.
func byType(rows []map[string]any) ([]string, map[string][]map[string]any, error) {
	groups := map[string][]map[string]any{}
	for _, r := range rows {
		t, _ := r["type"].(string)
		if _, ok := seedRelsQueries[t]; !ok {
			return nil, nil, fmt.Errorf("seed: relationship %v has unknown type %q", r["id"], t)
		}
		groups[t] = append(groups[t], r)
	}
	types := make([]string, 0, len(groups))
	for t := range groups {
		types = append(types, t)
	}
	sort.Strings(types)
	return types, groups, nil
}

// Seed makes the graph equal to the dataset in one transaction: it creates and updates nodes
// and relationships by id and deletes those the dataset no longer has. It refuses a database
// written by a newer seed format. Loading the same dataset twice changes nothing. A load that
// is killed midway leaves the previous graph, since nothing is committed before the end, and
// concurrent loads wait for each other.
func (s *Store) Seed(ctx context.Context, ds *model.Dataset) (*SeedSummary, error) {
	start := time.Now()
	if err := s.EnsureSchema(ctx); err != nil {
		return nil, err
	}
	hash, err := datasetHash(ds)
	if err != nil {
		return nil, err
	}
	nodeRows, nodeIDs := nodeRows(ds)
	relRows, relIDs := relationRows(ds)
	relTypes, relGroups, err := byType(relRows)
	if err != nil {
		return nil, err
	}

	sum := &SeedSummary{NodesByLabel: map[string]int{}, RelationsByType: map[string]int{}, Mentions: len(ds.Mentions)}
	for _, n := range ds.Nodes {
		sum.NodesByLabel[n.Label]++
	}
	for _, r := range ds.Relations {
		sum.RelationsByType[r.Type]++
	}

	sess := s.driver.NewSession(ctx, neo4j.SessionConfig{DatabaseName: s.database, AccessMode: neo4j.AccessModeWrite})
	defer sess.Close(ctx)
	_, err = sess.ExecuteWrite(ctx, func(tx neo4j.ManagedTransaction) (any, error) {
		*sum = SeedSummary{NodesByLabel: sum.NodesByLabel, RelationsByType: sum.RelationsByType, Mentions: sum.Mentions}
		if err := run(ctx, tx, seedLockQuery, nil, nil); err != nil {
			return nil, err
		}
		if err := checkFormat(ctx, tx); err != nil {
			return nil, err
		}
		type step struct {
			query string
			rows  []map[string]any
		}
		steps := []step{{seedNodesQuery, nodeRows}}
		for _, t := range relTypes {
			steps = append(steps, step{seedRelsQueries[t], relGroups[t]})
		}
		for _, st := range steps {
			for i := 0; i < len(st.rows); i += seedBatch {
				batch := st.rows[i:min(i+seedBatch, len(st.rows))]
				if err := run(ctx, tx, st.query, map[string]any{"rows": batch}, sum); err != nil {
					return nil, err
				}
			}
		}
		if err := run(ctx, tx, seedDeleteRelsQuery, map[string]any{"ids": relIDs}, sum); err != nil {
			return nil, err
		}
		if err := run(ctx, tx, seedDeleteNodesQuery, map[string]any{"ids": nodeIDs}, sum); err != nil {
			return nil, err
		}
		return nil, run(ctx, tx, seedMetaWriteQuery, map[string]any{"hash": hash, "format": model.SeedFormat}, nil)
	})
	if err != nil {
		return nil, classify(ctx, "seed", err)
	}
	sum.Unchanged = sum.NodesCreated+sum.NodesDeleted+sum.RelsCreated+sum.RelsDeleted+sum.PropertiesSet == 0
	sum.Duration = time.Since(start)
	return sum, nil
}

func run(ctx context.Context, tx neo4j.ManagedTransaction, q string, params map[string]any, sum *SeedSummary) error {
	res, err := tx.Run(ctx, q, params)
	if err != nil {
		return err
	}
	rs, err := res.Consume(ctx)
	if err != nil {
		return err
	}
	if sum != nil {
		c := rs.Counters()
		sum.NodesCreated += c.NodesCreated()
		sum.NodesDeleted += c.NodesDeleted()
		sum.RelsCreated += c.RelationshipsCreated()
		sum.RelsDeleted += c.RelationshipsDeleted()
		sum.PropertiesSet += c.PropertiesSet()
	}
	return nil
}

// checkFormat refuses to overwrite a graph written by a newer seed format: its data may carry
// meaning this build would silently drop.
func checkFormat(ctx context.Context, tx neo4j.ManagedTransaction) error {
	res, err := tx.Run(ctx, seedMetaQuery, nil)
	if err != nil {
		return err
	}
	rec, err := res.Single(ctx)
	if err != nil {
		return err
	}
	format, _, err := neo4j.GetRecordValue[int64](rec, "format")
	if err != nil {
		return nil // no graph yet
	}
	if format > model.SeedFormat {
		return fmt.Errorf("the database holds a graph of seed format %d, newer than this build's format %d: upgrade mao-graph before loading", format, model.SeedFormat)
	}
	return nil
}

func nodeRows(ds *model.Dataset) ([]map[string]any, []string) {
	rows := make([]map[string]any, 0, len(ds.Nodes))
	ids := make([]string, 0, len(ds.Nodes))
	for _, n := range ds.Nodes {
		props := make(map[string]any, len(n.Props)+1)
		for k, v := range n.Props {
			props[k] = v
		}
		props["id"] = n.ID
		rows = append(rows, map[string]any{"id": n.ID, "label": n.Label, "props": props})
		ids = append(ids, n.ID)
	}
	return rows, ids
}

func relationRows(ds *model.Dataset) ([]map[string]any, []string) {
	rows := make([]map[string]any, 0, len(ds.Relations)+len(ds.Mentions))
	ids := make([]string, 0, cap(rows))
	for _, r := range ds.Relations {
		props := map[string]any{"id": r.ID, "quote": r.Quote, "document": r.Document, "offset": r.Offset}
		if r.Role != "" {
			props["role"] = r.Role
		}
		rows = append(rows, map[string]any{"id": r.ID, "type": r.Type, "from": r.From, "to": r.To, "props": props})
		ids = append(ids, r.ID)
	}
	for _, m := range ds.Mentions {
		props := map[string]any{"id": m.ID, "document": m.Document, "offset": m.Offset, "text": m.Text, "snippet": m.Snippet}
		rows = append(rows, map[string]any{"id": m.ID, "type": model.MentionedIn, "from": m.Node, "to": m.Document, "props": props})
		ids = append(ids, m.ID)
	}
	return rows, ids
}

// datasetHash fingerprints a dataset, so the meta node changes only when the data does.
func datasetHash(ds *model.Dataset) (string, error) {
	nodes := append([]model.SeedNode(nil), ds.Nodes...)
	sort.Slice(nodes, func(i, j int) bool { return nodes[i].ID < nodes[j].ID })
	b, err := json.Marshal(struct {
		N []model.SeedNode
		R []model.SeedRelation
		M []model.SeedMention
	}{nodes, ds.Relations, ds.Mentions})
	if err != nil {
		return "", fmt.Errorf("hash dataset: %w", err)
	}
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:]), nil
}
