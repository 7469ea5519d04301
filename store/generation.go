package store

import (
	"context"
	"fmt"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

// A large load writes a shadow generation: its nodes carry only the ShadowLabel (their own
// label waits in a property), so no reader query, full-text index or constraint sees them,
// and its relationships join them only to each other, so no traversal from the graph reaches
// them. The switch is one transaction: the graph's nodes lose :Node and their label and become
// the retired generation, the shadow nodes get theirs, and the meta node the dataset's
// fingerprint, which is the graph's version (store/version.go). Relationship types cannot
// change, so relabelling the nodes, not copying the relationships, is what makes the switch
// cheap. The retired generation is then deleted in batches.
const (
	// ShadowLabel marks the nodes of a shadow generation, before its switch.
	ShadowLabel = "SeedShadow"
	// RetiredLabel marks the nodes of the generation a switch replaced, until they are deleted.
	RetiredLabel = "SeedRetired"
)

const (
	// Taking the lock node's write lock makes loads run one after the other. The transaction
	// that takes it stays open for the whole load, so a killed load frees it with its
	// connection; SET then REMOVE leaves nothing changed.
	seedLockQuery = `MERGE (l:SeedLock {id: 'seed'}) SET l.lock = true REMOVE l.lock`

	// A shadow node: no :Node, no label of the vocabulary until the switch.
	seedCreateShadowNodesQuery = `UNWIND $rows AS row
CREATE (n:SeedShadow)
SET n = row.props, n.seedLabel = row.label
RETURN row.props.id AS id, elementId(n) AS eid`

	seedShadowCountQuery = `MATCH (n:SeedShadow) RETURN count(n) AS n`

	// The switch, in one transaction: retire the graph's nodes, promote the shadow's, and
	// record the dataset's fingerprint and format.
	seedRetireQuery = `MATCH (n:Node)
WITH n, labels(n) AS old
SET n:SeedRetired
REMOVE n:$(old)`
	seedPromoteQuery = `MATCH (n:SeedShadow)
WITH n, n.seedLabel AS label
SET n:Node:$(label)
REMOVE n:SeedShadow, n.seedLabel`
	seedMetaSwitchQuery = `MERGE (m:SeedMeta {id: 'seed'})
SET m.format = $format, m.hash = $hash, m.loadedAt = datetime(), m.bucketNodes = $nodes, m.bucketSigs = $sigs`

	// What a generation that is not the graph holds: a shadow that was never switched to (its
	// load failed or was killed), or a retired one not yet deleted.
	seedGenerationsCountQuery = `MATCH (n:SeedShadow|SeedRetired) RETURN count(n) AS n, sum(COUNT { (n)-->() }) AS r`
	// Deleted in batches of transactions of their own, relationships first (they join only
	// nodes of the same generation), so that no transaction grows with the graph.
	seedRemoveGenerationRelsQuery = `MATCH (:SeedShadow|SeedRetired)-[r]->()
CALL (r) { DELETE r } IN TRANSACTIONS OF 10000 ROWS`
	seedRemoveGenerationNodesQuery = `MATCH (n:SeedShadow|SeedRetired)
CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS`
)

// seedLock is the load lock, held by an open transaction, which also reads what the graph
// holds.
type seedLock struct {
	sess neo4j.SessionWithContext
	tx   neo4j.ExplicitTransaction
}

// Step: lock. lockSeed waits until no other load runs, then holds the lock until release.
func (s *Store) lockSeed(ctx context.Context) (*seedLock, error) {
	sess := s.driver.NewSession(ctx, neo4j.SessionConfig{DatabaseName: s.database, AccessMode: neo4j.AccessModeWrite, FetchSize: 10000})
	tx, err := sess.BeginTransaction(ctx)
	if err != nil {
		sess.Close(ctx)
		return nil, err
	}
	l := &seedLock{sess: sess, tx: tx}
	if err := run(ctx, tx, seedLockQuery, nil, nil); err != nil {
		l.release(ctx)
		return nil, err
	}
	return l, nil
}

// release frees the lock, also when the load's context has ended.
func (l *seedLock) release(ctx context.Context) {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 30*time.Second)
	defer cancel()
	_ = l.tx.Rollback(ctx) // it wrote nothing; a broken connection has ended it already
	_ = l.sess.Close(ctx)
}

// loadShadow writes the whole dataset as a shadow generation, a batch per transaction,
// switches the readers to it, and deletes the generation it replaced. A failure before the
// switch leaves the graph as it was; its partial shadow is removed now if the context allows,
// or by the next load.
func (s *Store) loadShadow(ctx context.Context, p *plan, sum *SeedSummary, cfg seedConfig, clock *stepClock) error {
	sess := s.driver.NewSession(ctx, neo4j.SessionConfig{DatabaseName: s.database, AccessMode: neo4j.AccessModeWrite, FetchSize: 10000})
	defer sess.Close(ctx)
	l := &load{p: p, c: p.everything(), eids: make(map[string]string, len(p.ds.Nodes)), sum: sum}
	w := perBatch{sess: sess, after: cfg.afterBatch}
	for _, step := range []struct {
		name string
		run  func(context.Context, batchWriter) error
	}{
		{"shadow nodes", l.createNodes(seedCreateShadowNodesQuery)},
		{"shadow relations", l.createRelations},
		{"shadow mentions", l.createMentions},
	} {
		if err := step.run(ctx, w); err != nil {
			if ctx.Err() == nil {
				_, _ = s.removeGenerations(ctx)
			}
			return fmt.Errorf("write the shadow generation: %w", err)
		}
		clock.done(step.name)
	}
	if err := s.switchGeneration(ctx, p); err != nil {
		if ctx.Err() == nil {
			_, _ = s.removeGenerations(ctx)
		}
		return fmt.Errorf("switch to the shadow generation: %w", err)
	}
	clock.done("switch")
	retired, rels, err := s.countGenerations(ctx)
	if err == nil {
		sum.NodesDeleted, sum.RelsDeleted = sum.NodesDeleted+retired, sum.RelsDeleted+rels
		_, err = s.removeGenerations(ctx)
	}
	sum.CleanupErr = err
	clock.done("remove retired")
	return nil
}

// Step: switch. switchGeneration makes the shadow generation the graph, in one transaction,
// once it holds every node of the dataset.
func (s *Store) switchGeneration(ctx context.Context, p *plan) error {
	return s.write(ctx, func(tx neo4j.ManagedTransaction) error {
		res, err := tx.Run(ctx, seedShadowCountQuery, nil)
		if err != nil {
			return err
		}
		rec, err := res.Single(ctx)
		if err != nil {
			return err
		}
		if n, _, _ := neo4j.GetRecordValue[int64](rec, "n"); int(n) != len(p.ds.Nodes) {
			return fmt.Errorf("the shadow generation holds %d nodes, the dataset %d: another load wrote into it", n, len(p.ds.Nodes))
		}
		for _, q := range []string{seedRetireQuery, seedPromoteQuery} {
			if err := run(ctx, tx, q, nil, nil); err != nil {
				return err
			}
		}
		return run(ctx, tx, seedMetaSwitchQuery, p.metaParams(), nil)
	})
}

// countGenerations counts the nodes of the shadow and retired generations, and their
// relationships.
func (s *Store) countGenerations(ctx context.Context) (nodes, rels int, err error) {
	res, err := neo4j.ExecuteQuery(ctx, s.driver, seedGenerationsCountQuery, nil, neo4j.EagerResultTransformer,
		neo4j.ExecuteQueryWithDatabase(s.database), neo4j.ExecuteQueryWithWritersRouting())
	if err != nil {
		return 0, 0, err
	}
	n, _, err := neo4j.GetRecordValue[int64](res.Records[0], "n")
	if err != nil {
		return 0, 0, err
	}
	r, _, _ := neo4j.GetRecordValue[int64](res.Records[0], "r") // null when there are no nodes
	return int(n), int(r), nil
}

// Step: remove generations. removeGenerations deletes what is not the graph: a shadow
// generation never switched to and a retired one, in batches. It returns how many nodes
// it deleted.
func (s *Store) removeGenerations(ctx context.Context) (int, error) {
	n, _, err := s.countGenerations(ctx)
	if err != nil || n == 0 {
		return 0, err
	}
	sess := s.driver.NewSession(ctx, neo4j.SessionConfig{DatabaseName: s.database, AccessMode: neo4j.AccessModeWrite})
	defer sess.Close(ctx)
	for _, q := range []string{seedRemoveGenerationRelsQuery, seedRemoveGenerationNodesQuery} {
		res, err := sess.Run(ctx, q, nil) // CALL ... IN TRANSACTIONS runs in an implicit transaction
		if err != nil {
			return 0, err
		}
		if _, err := res.Consume(ctx); err != nil {
			return 0, err
		}
	}
	return n, nil
}
