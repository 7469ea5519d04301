package store

import (
	"cmp"
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"maps"
	"math"
	"math/bits"
	"runtime"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/metandereogen/maograph/graph/model"
)

// seedBatch is the number of rows per UNWIND: large enough to amortise a round trip, small
// enough to keep each statement's memory modest. Rows are built one batch at a time. In a
// shadow generation it is also the size of each transaction.
const seedBatch = 5000

// ShadowRows is the number of rows to write (nodes, relationships and mention relationships
// created, updated or deleted) above which Seed writes a shadow generation instead of changing
// the graph in place. An in-place load is one transaction, whose memory grows with its rows:
// the one-transaction loads of format 2 and 3 took about 3.3 KiB of Neo4j transaction memory
// per row (8.3 GiB for size L's 2.7 M rows, bench/RESULTS.md), so 50 000 rows take about
// 160 MiB, under a quarter of what the dev Neo4j's default 1 GiB heap allows all transactions
// together (70%), which leaves room for the readers. Above it, the batches of a shadow
// generation bound the memory; below it, writing only the changed rows is far cheaper than
// writing the whole graph again.
const ShadowRows = 50_000

const (
	// seedHashProp is the property holding a node's or relationship's row hash: a fingerprint
	// of everything the dataset says about it, so a load finds what changed without reading it.
	seedHashProp = "seedHash"
	// seedOutHashProp holds the sum of the row hashes of a node's outgoing relationships (its
	// relations and mentions), so a load reads the relationships of the nodes whose sum
	// differs only: adding a document reads and writes its own rows, not the graph's.
	seedOutHashProp = "seedOutHash"
)

// SeedSummary says what a load changed.
type SeedSummary struct {
	Unchanged       bool // the graph already held exactly this dataset
	NodesCreated    int
	NodesDeleted    int
	RelsCreated     int
	RelsDeleted     int
	PropertiesSet   int
	NodesByLabel    map[string]int
	RelationsByType map[string]int
	Mentions        int // occurrences of names in documents
	MentionPairs    int // the MENTIONED_IN relationships holding them: one per entity and document
	// Rows is how many nodes, relationships and mention relationships differed from the graph.
	Rows int
	// NodesRead is how many of the graph's nodes the load read to compare them: those in the
	// hash buckets whose sums differ from the dataset's, or every node (an older format, or
	// most buckets differ).
	NodesRead int
	// SumsKept says the bucket sums compared were the ones the last load kept on the meta
	// node. When it is false Neo4j summed every node's hashes: on the first load of a graph
	// written by an older build, or when the graph's node count no longer matches the sums.
	SumsKept bool
	// Shadow says the load wrote a shadow generation in batches and switched the readers to
	// it, as it does when more than the shadow threshold of rows differ (ShadowRows).
	Shadow bool
	// LeftoverNodes is how many nodes of an unfinished earlier load (a shadow generation it
	// never switched to, or a retired one it had not removed yet) this load removed first.
	LeftoverNodes int
	// CleanupErr is why the generation a shadow load replaced could not be removed after the
	// switch; the graph holds the new dataset all the same, and the next load removes it.
	CleanupErr error
	Duration   time.Duration
	Steps      []SeedStep // where the time went, step by step
}

// SeedStep is one named step of a load and how long it took.
type SeedStep struct {
	Name string
	Took time.Duration
}

// stepClock records the steps of a load as they end.
type stepClock struct {
	steps []SeedStep
	last  time.Time
}

func (c *stepClock) done(name string) {
	now := time.Now()
	c.steps = append(c.steps, SeedStep{name, now.Sub(c.last)})
	c.last = now
}

// SeedOption changes how Seed loads.
type SeedOption func(*seedConfig)

type seedConfig struct {
	shadowRows int
	afterBatch func() // called after each committed batch of a shadow generation (tests)
}

// ShadowAbove sets the number of differing rows above which a load writes a shadow generation
// (default ShadowRows); 0 writes every load that changes anything as a shadow generation.
func ShadowAbove(rows int) SeedOption { return func(c *seedConfig) { c.shadowRows = rows } }

// The sync queries. Labels are dynamic (Cypher 5.26 `$(...)`) but always come from the
// validated dataset's fixed vocabulary, and travel as parameters; relationship types are
// written literally, one query per type of the vocabulary (below).
const (
	seedMetaQuery = `OPTIONAL MATCH (m:SeedMeta {id: 'seed'}) RETURN m.format AS format, m.hash AS hash`

	// What the graph holds now, read while the load holds the lock: every node the seeds own
	// with its row hash, the sum of its outgoing relationships' hashes and its element id.
	seedExistingNodesQuery = `MATCH (n:Node) RETURN n.id AS id, elementId(n) AS eid, n.seedHash AS hash, n.seedOutHash AS out`
	// The graph's nodes in buckets by row hash, each bucket summed (hashes shifted right by 20
	// bits, so that no sum overflows): the load compares them with the plan's and reads only
	// the nodes of the buckets that differ. A bucket is a range of hashes ($width of them,
	// bucketOf): floor division, which Cypher's integer division (towards zero) gives for
	// negative hashes as (h + 1) / w - 1. The sums are Neo4j's work, a row per bucket crosses
	// the wire. The last load keeps them on the meta node (seedKeptSumsQuery): this is the
	// way when they are not there or no longer hold.
	seedBucketSumsQuery = `MATCH (n:Node)
WITH n.seedHash AS h, coalesce(n.seedOutHash, 0) AS o
WITH CASE WHEN h >= 0 THEN h / $width ELSE (h + 1) / $width - 1 END + $buckets / 2 AS b, h / 1048576 AS h, o / 1048576 AS o
RETURN b, count(*) AS n, sum(h) AS h, sum(o) AS o`
	// The sums the last load kept, with the node count they were made for: the graph's own
	// count (from Neo4j's count store, not a scan) must still agree, or a node was added or
	// deleted outside a load and the sums are made again from the nodes.
	seedKeptSumsQuery = `OPTIONAL MATCH (m:SeedMeta {id: 'seed'})
RETURN m.bucketNodes AS nodes, m.bucketSigs AS sigs`
	seedNodeCountQuery = `MATCH (n:Node) RETURN count(n) AS n`
	// The nodes of some buckets: a seek of the range index on seedHash per bucket.
	seedBucketNodesQuery = `UNWIND $ranges AS r
MATCH (n:Node) WHERE n.seedHash >= r[0] AND n.seedHash <= r[1]
RETURN n.id AS id, elementId(n) AS eid, n.seedHash AS hash, n.seedOutHash AS out`
	// The element ids of nodes in buckets that were not read: the ends of new relationships.
	seedNodeEidsQuery = `UNWIND $ids AS id
MATCH (n:Node {id: id})
RETURN id, elementId(n) AS eid`
	// Every relationship at once, when the nodes' sums cannot be trusted (an older format).
	seedExistingRelsQuery = `MATCH (a:Node)-[r]->(b:Node) WHERE r.id IS NOT NULL OR r:MENTIONED_IN
RETURN r:MENTIONED_IN AS mention, CASE WHEN r:MENTIONED_IN THEN a.id + '|' + b.id ELSE r.id END AS id,
  elementId(r) AS eid, type(r) AS type, r.seedHash AS hash`
	// The outgoing relationships of some nodes (by element id). A mention relationship is
	// known by its ends: it has no id of its own.
	seedExistingOutQuery = `UNWIND $eids AS eid
MATCH (a) WHERE elementId(a) = eid
MATCH (a)-[r]->(b:Node) WHERE r.id IS NOT NULL OR r:MENTIONED_IN
RETURN r:MENTIONED_IN AS mention, CASE WHEN r:MENTIONED_IN THEN a.id + '|' + b.id ELSE r.id END AS id,
  elementId(r) AS eid, type(r) AS type, r.seedHash AS hash`

	// A new node is created: no lookup, the diff knows its id is free.
	seedCreateNodesQuery = `UNWIND $rows AS row
CREATE (n:Node:$(row.label))
SET n = row.props
RETURN row.props.id AS id, elementId(n) AS eid`

	// A changed node gets all its properties, and its label, which replaces any other.
	seedUpdateNodesQuery = `UNWIND $rows AS row
MATCH (n) WHERE elementId(n) = row.eid
SET n = row.props
WITH n, row, [l IN labels(n) WHERE l <> 'Node' AND l <> row.label] AS stale
REMOVE n:$(stale)
SET n:$(row.label)`

	// An unchanged node whose outgoing relationships changed gets their new sum.
	seedOutHashQuery = `UNWIND $rows AS row
MATCH (n) WHERE elementId(n) = row.eid
SET n.seedOutHash = row.out`

	seedDeleteNodesQuery = `UNWIND $eids AS eid
MATCH (n) WHERE elementId(n) = eid
DETACH DELETE n`

	// Relationship queries per type (%s, from the vocabulary): with a literal type Neo4j seeks
	// a relationship by element id, where an untyped pattern may be planned as a scan of every
	// relationship per row; MERGE with a dynamic type $(row.type) was, which made loading
	// quadratic (bench/RESULTS.md). The ends are found by element id too, which needs neither
	// an index nor its locks. The property maps are literal, which keeps the planner from
	// buffering each batch (Eager) before it writes.
	seedCreateRelsTemplate = `UNWIND $rows AS row
MATCH (a) WHERE elementId(a) = row.a
MATCH (b) WHERE elementId(b) = row.b
CREATE (a)-[:%s {id: row.id, seedHash: row.hash, quote: row.quote, document: row.document, offset: row.offset, role: row.role}]->(b)`
	seedUpdateRelsTemplate = `UNWIND $rows AS row
MATCH ()-[r:%s]->() WHERE elementId(r) = row.eid
SET r = row.props`
	seedDeleteRelsTemplate = `UNWIND $eids AS eid
MATCH ()-[r:%s]->() WHERE elementId(r) = eid
DELETE r`

	// Mentions: one relationship per (node, document), holding the rune offset and length of
	// every occurrence. Their texts and snippets are cut from the document's text when read
	// (store/mentions.go): a relationship holds three small properties and no string, which
	// keeps the load's transaction memory down (bench/RESULTS.md, Loading).
	seedCreateMentionsQuery = `UNWIND $rows AS row
MATCH (a) WHERE elementId(a) = row.a
MATCH (b) WHERE elementId(b) = row.b
CREATE (a)-[:MENTIONED_IN {seedHash: row.hash, offsets: row.offsets, lengths: row.lengths}]->(b)`

	// A relationship of a type outside the vocabulary (never written by this build) can only
	// be deleted, and is found the slow way.
	seedDeleteOtherRelsQuery = `MATCH (:Node)-[r]->(:Node) WHERE elementId(r) IN $eids DELETE r`

	seedMetaWriteQuery = `MERGE (m:SeedMeta {id: 'seed'})
WITH m WHERE m.hash IS NULL OR m.hash <> $hash OR m.format <> $format OR m.bucketSigs IS NULL
SET m.format = $format, m.hash = $hash, m.loadedAt = datetime(), m.bucketNodes = $nodes, m.bucketSigs = $sigs`
)

// relQueries are the per-type relationship queries, built once from the fixed vocabulary
// (model.RelationRules and MENTIONED_IN), never from input.
type relQueries struct{ create, update, delete string }

var seedRelQueries = func() map[string]relQueries {
	qs := map[string]relQueries{}
	for t := range model.RelationRules {
		qs[t] = relQueries{
			create: fmt.Sprintf(seedCreateRelsTemplate, t),
			update: fmt.Sprintf(seedUpdateRelsTemplate, t),
			delete: fmt.Sprintf(seedDeleteRelsTemplate, t),
		}
	}
	qs[model.MentionedIn] = relQueries{
		create: seedCreateMentionsQuery,
		update: fmt.Sprintf(seedUpdateRelsTemplate, model.MentionedIn),
		delete: fmt.Sprintf(seedDeleteRelsTemplate, model.MentionedIn),
	}
	return qs
}()

// mentionPair is the occurrences of one node in one document, ms[from:to] of the dataset's
// mentions (sorted by offset): one MENTIONED_IN relationship.
type mentionPair struct {
	from, to int
}

// mentionKey identifies the MENTIONED_IN relationship of a node and a document.
func mentionKey(node, doc string) string { return node + "|" + doc }

// plan is a load worked out before it touches the graph: every row's hash, the mentions
// grouped into pairs, and the sum of each node's outgoing relationships' hashes.
type plan struct {
	ds       *model.Dataset
	mentions []model.SeedMention // ds.Mentions, or a sorted copy when they were not grouped
	pairs    []mentionPair
	nodeHash []int64
	relHash  []int64
	pairHash []int64
	out      []int64        // by node index: the sum of its outgoing relationships' hashes
	index    map[string]int // node id -> its index in ds.Nodes
	// nodeRels and nodePairs list the i-th node's outgoing relations and mention pairs (indexes
	// into ds.Relations and pairs) from nodeRelsAt[i] to nodeRelsAt[i+1], and likewise: the
	// diff visits only the rows of the nodes it did not find clean.
	nodeRels, nodeRelsAt   []int32
	nodePairs, nodePairsAt []int32
	datasetID              string // fingerprint of the whole dataset, kept on the meta node
	byLabel, byType        map[string]int
}

// Seed makes the graph equal to the dataset. It takes the load lock (concurrent loads run
// one after the other), removes what an unfinished earlier load left, reads what the graph
// holds and compares each row's hash with the dataset's. When few rows differ (ShadowRows,
// or ShadowAbove) it writes them in place in one transaction; when many do, it writes the
// whole dataset as a shadow generation, in batches of separate transactions that no reader
// sees, and switches the readers to it in one transaction. Either way readers see the old
// graph or the new one, never a mix, and a load that fails or is killed midway leaves the old
// graph (the next load removes a partial shadow generation). A second load of the same
// dataset writes nothing. It refuses a database written by a newer seed format.
func (s *Store) Seed(ctx context.Context, ds *model.Dataset, opts ...SeedOption) (*SeedSummary, error) {
	start := time.Now()
	cfg := seedConfig{shadowRows: ShadowRows}
	for _, o := range opts {
		o(&cfg)
	}
	clock := &stepClock{last: start}
	p, err := newPlan(ds)
	if err != nil {
		return nil, err
	}
	clock.done("plan")
	if err := s.EnsureSchema(ctx); err != nil {
		return nil, err
	}
	clock.done("schema")
	sum, err := s.seed(ctx, p, cfg, clock)
	if err != nil {
		return nil, classify(ctx, "seed", err)
	}
	sum.Steps = clock.steps
	sum.Unchanged = sum.NodesCreated+sum.NodesDeleted+sum.RelsCreated+sum.RelsDeleted+sum.PropertiesSet == 0
	sum.Duration = time.Since(start)
	return sum, nil
}

// seed runs the load's steps under the lock.
func (s *Store) seed(ctx context.Context, p *plan, cfg seedConfig, clock *stepClock) (*SeedSummary, error) {
	lock, err := s.lockSeed(ctx)
	if err != nil {
		return nil, err
	}
	defer lock.release(ctx)
	clock.done("lock")
	base := p.summary()
	if base.LeftoverNodes, err = s.removeGenerations(ctx); err != nil {
		return nil, fmt.Errorf("remove what an unfinished load left: %w", err)
	}
	clock.done("leftovers")
	st, err := p.readState(ctx, lock.tx)
	if err != nil {
		return nil, err
	}
	clock.done("read existing")
	base.NodesRead, base.SumsKept = len(st.nodes), st.sumsKept
	c := p.diff(st)
	base.Rows = c.rows()
	clock.done("diff")
	if base.Rows > cfg.shadowRows {
		base.Shadow = true
		return &base, s.loadShadow(ctx, p, &base, cfg, clock)
	}
	eids := make(map[string]string, len(st.nodes))
	for id, e := range st.nodes {
		if e.seen {
			eids[id] = e.eid
		}
	}
	if err := p.lookupEnds(ctx, lock.tx, st, c, eids); err != nil {
		return nil, err
	}
	clock.done("find ends")
	var sum SeedSummary
	err = s.write(ctx, func(tx neo4j.ManagedTransaction) error {
		sum = base // a retried transaction starts over
		l := &load{p: p, st: st, c: c, sum: &sum, eids: maps.Clone(eids)}
		return l.inPlace(ctx, inTx{tx})
	})
	clock.done("write in place")
	return &sum, err
}

// summary is what a load reports whatever it writes: the dataset's counts.
func (p *plan) summary() SeedSummary {
	return SeedSummary{NodesByLabel: maps.Clone(p.byLabel), RelationsByType: maps.Clone(p.byType),
		Mentions: len(p.ds.Mentions), MentionPairs: len(p.pairs)}
}

// count counts the dataset's nodes by label and relations by type, for the load's summary;
// newPlan runs it beside the hashing (0.1 s at L).
func (p *plan) count() {
	p.byLabel, p.byType = map[string]int{}, map[string]int{}
	for _, n := range p.ds.Nodes {
		p.byLabel[n.Label]++
	}
	for _, r := range p.ds.Relations {
		p.byType[r.Type]++
	}
}

// write runs fn in one write transaction, retried on transient errors.
func (s *Store) write(ctx context.Context, fn func(tx neo4j.ManagedTransaction) error) error {
	sess := s.driver.NewSession(ctx, neo4j.SessionConfig{DatabaseName: s.database, AccessMode: neo4j.AccessModeWrite, FetchSize: 10000})
	defer sess.Close(ctx)
	_, err := sess.ExecuteWrite(ctx, func(tx neo4j.ManagedTransaction) (any, error) { return nil, fn(tx) })
	return err
}

// existing is a node or relationship the graph holds.
type existing struct {
	eid, typ string
	hash     int64
	hashed   bool // format 1 wrote no hashes
	out      int64
	outKnown bool // the node carries the sum of its outgoing relationships' hashes
	seen     bool
}

// changed reports whether the graph's entity differs from the dataset's row.
func (e *existing) changed(hash int64) bool { return !e.hashed || e.hash != hash }

// graphState is what the graph holds, as far as the load needs to know it.
type graphState struct {
	format   int64                // the seed format of the graph; 0: no graph yet
	nodes    map[string]*existing // by id
	rels     map[string]*existing // by id
	mentions map[string]*existing // by mentionKey
	dups     []*existing          // a second relationship with a key already seen: deleted
	// settled are the nodes whose outgoing relationships are as the dataset says (their
	// stored sum equals the plan's): neither read nor compared.
	settled map[string]bool
	// dirty are the hash buckets whose sums differ from the plan's, the only ones read; the
	// graph holds the nodes of every other bucket exactly as the plan has them, outgoing
	// relationships included. Nil when every node was read.
	dirty    map[int64]bool
	buckets  int64
	sumsKept bool // the sums compared were the meta node's (SeedSummary.SumsKept)
}

// unread reports whether the plan's i-th node is in a bucket that was not read: the graph
// holds it, its relationships and its mentions as the dataset does.
func (st *graphState) unread(p *plan, i int) bool {
	return st.dirty != nil && !st.dirty[bucketOf(p.nodeHash[i], st.buckets)]
}

// outOf is the sum of the hashes of a node's outgoing relationships in the dataset; 0 for a
// node the dataset does not have.
func (p *plan) outOf(id string) int64 {
	if i, ok := p.index[id]; ok {
		return p.out[i]
	}
	return 0
}

// bucketSum is what seedBucketSumsQuery returns for one bucket.
type bucketSum struct{ n, h, o int64 }

// sig folds a bucket's count and sums into one number, as the meta node keeps them: buckets
// are only ever compared for equality. An empty bucket's is 0.
func (b bucketSum) sig() int64 {
	const k1, k2, k3 = 0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9
	return int64(uint64(b.n)*k1 + uint64(b.h)*k2 + uint64(b.o)*k3)
}

// bucketBits is log2 of how many buckets the nodes are compared in: about 32 nodes each,
// so that a small change reads a few hundred nodes, and the sums stay a few thousand rows at
// L; at least 4 buckets, so that a bucket's width (bucketWidth) is an int64.
func bucketBits(nodes int) int { return min(max(bits.Len(uint(nodes/32)), 2), 14) }

// bucketCount is how many buckets there are for a graph of nodes.
func bucketCount(nodes int) int64 { return 1 << bucketBits(nodes) }

// bucketWidth is how many hashes a bucket spans when there are count of them: the int64
// range split in equal parts.
func bucketWidth(count int64) int64 { return int64(1) << (64 - bits.Len64(uint64(count)-1)) }

// bucketOf is the bucket of a node's row hash, in [0, count): buckets are ranges of hashes in
// order, so that the nodes of one are a seek of the range index on seedHash.
func bucketOf(hash, count int64) int64 { return hash>>(64-bits.Len64(uint64(count)-1)) + count/2 }

// bucketRange is the first and last hash of bucket b.
func bucketRange(b, count int64) []int64 {
	w := bucketWidth(count)
	lo := (b - count/2) * w
	return []int64{lo, lo + (w - 1)}
}

// bucketSigs sums the plan's nodes by bucket, as seedBucketSumsQuery sums the graph's, and
// returns each bucket's sig.
func (p *plan) bucketSigs(count int64) []int64 {
	sums := make([]bucketSum, count)
	for i := range p.ds.Nodes {
		s := &sums[bucketOf(p.nodeHash[i], count)]
		s.n++
		s.h += p.nodeHash[i] / 1048576
		s.o += p.out[i] / 1048576
	}
	sigs := make([]int64, count)
	for b, s := range sums {
		sigs[b] = s.sig()
	}
	return sigs
}

// Step: read existing. readState reads, in the lock's transaction, the format, every node
// with its hashes, and the outgoing relationships of the nodes whose sum differs from the
// plan's (of every node, for a graph of an older format, which kept no sums).
func (p *plan) readState(ctx context.Context, tx runner) (*graphState, error) {
	format, err := checkFormat(ctx, tx)
	if err != nil {
		return nil, err
	}
	st := &graphState{format: format, nodes: map[string]*existing{}, rels: map[string]*existing{},
		mentions: map[string]*existing{}, settled: map[string]bool{}}
	addNode := func(rec *neo4j.Record) {
		id, _ := rec.Values[0].(string)
		e := &existing{}
		e.eid, _ = rec.Values[1].(string)
		e.hash, e.hashed = rec.Values[2].(int64)
		e.out, e.outKnown = rec.Values[3].(int64)
		st.nodes[id] = e // ids are unique: a constraint holds them so
	}
	differ, some, err := p.differingBuckets(ctx, tx, st)
	if err != nil {
		return nil, err
	}
	switch {
	case !some:
		err = readRows(ctx, tx, seedExistingNodesQuery, nil, addNode)
	case len(differ) > 0: // none: the graph holds the dataset, and no node needs reading
		ranges := make([][]int64, len(differ))
		for i, b := range differ {
			ranges[i] = bucketRange(b, st.buckets)
		}
		err = readRows(ctx, tx, seedBucketNodesQuery, map[string]any{"ranges": ranges}, addNode)
	}
	if err != nil {
		return nil, err
	}
	if format != model.SeedFormat {
		return st, readRows(ctx, tx, seedExistingRelsQuery, nil, st.addRel)
	}
	var read []string
	for id, e := range st.nodes {
		if e.hashed && e.outKnown && e.out == p.outOf(id) {
			st.settled[id] = true
			continue
		}
		read = append(read, e.eid)
	}
	for i := 0; i < len(read); i += seedBatch {
		params := map[string]any{"eids": read[i:min(i+seedBatch, len(read))]}
		if err := readRows(ctx, tx, seedExistingOutQuery, params, st.addRel); err != nil {
			return nil, err
		}
	}
	return st, nil
}

// differingBuckets compares the graph's bucket sums with the plan's, and returns the buckets
// that differ (also in st.dirty) and true; false when every node is to be read: a graph of an
// older format, one with unhashed nodes, or most buckets differ anyway.
func (p *plan) differingBuckets(ctx context.Context, tx runner, st *graphState) ([]int64, bool, error) {
	if st.format != model.SeedFormat {
		return nil, false, nil
	}
	count := bucketCount(len(p.ds.Nodes))
	got, err := keptSigs(ctx, tx, count)
	if err != nil {
		return nil, false, err
	}
	st.sumsKept = got != nil
	if got == nil {
		if got, err = summedSigs(ctx, tx, count); got == nil || err != nil {
			return nil, false, err
		}
	}
	var differ []int64
	for b, sig := range p.bucketSigs(count) {
		if got[b] != sig {
			differ = append(differ, int64(b))
		}
	}
	if int64(len(differ)) > count/2 {
		return nil, false, nil
	}
	st.buckets, st.dirty = count, make(map[int64]bool, len(differ))
	for _, b := range differ {
		st.dirty[b] = true
	}
	return differ, true, nil
}

// keptSigs returns the bucket sigs the last load kept on the meta node, when they were made
// for count buckets and the graph still has as many nodes as they sum; nil otherwise.
func keptSigs(ctx context.Context, tx runner, count int64) ([]int64, error) {
	var nodes int64
	var sigs []int64
	err := readRows(ctx, tx, seedKeptSumsQuery, nil, func(rec *neo4j.Record) {
		nodes, _ = rec.Values[0].(int64)
		list, _ := rec.Values[1].([]any)
		if int64(len(list)) != count || bucketCount(int(nodes)) != count {
			return
		}
		sigs = make([]int64, count)
		for i, v := range list {
			sigs[i], _ = v.(int64)
		}
	})
	if err != nil || sigs == nil {
		return nil, err
	}
	var now int64
	if err := readRows(ctx, tx, seedNodeCountQuery, nil, func(rec *neo4j.Record) { now, _ = rec.Values[0].(int64) }); err != nil {
		return nil, err
	}
	if now != nodes {
		return nil, nil
	}
	return sigs, nil
}

// summedSigs has Neo4j sum every node's hashes by bucket; nil when a node has no hash.
func summedSigs(ctx context.Context, tx runner, count int64) ([]int64, error) {
	sigs := make([]int64, count)
	unhashed := false
	err := readRows(ctx, tx, seedBucketSumsQuery, map[string]any{"buckets": count, "width": bucketWidth(count)}, func(rec *neo4j.Record) {
		b, ok := rec.Values[0].(int64)
		if !ok || b < 0 || b >= count {
			unhashed = true
			return
		}
		var got bucketSum
		got.n, _ = rec.Values[1].(int64)
		got.h, _ = rec.Values[2].(int64)
		got.o, _ = rec.Values[3].(int64)
		sigs[b] = got.sig()
	})
	if err != nil || unhashed {
		return nil, err
	}
	return sigs, nil
}

// lookupEnds finds the element ids of the nodes the load did not read (buckets that did not
// differ) that new relationships and mentions end at.
func (p *plan) lookupEnds(ctx context.Context, tx runner, st *graphState, c *changes, eids map[string]string) error {
	if st.dirty == nil {
		return nil
	}
	need := map[string]bool{}
	want := func(id string) {
		if _, ok := eids[id]; !ok {
			if i, ok := p.index[id]; ok && st.unread(p, i) {
				need[id] = true
			}
		}
	}
	for _, idx := range c.newRels {
		for _, i := range idx {
			want(p.ds.Relations[i].From)
			want(p.ds.Relations[i].To)
		}
	}
	for _, i := range c.newPairs {
		m := p.pairMentions(i)[0]
		want(m.Node)
		want(m.Document)
	}
	if len(need) == 0 {
		return nil
	}
	return readRows(ctx, tx, seedNodeEidsQuery, map[string]any{"ids": sortedKeys(need)}, func(rec *neo4j.Record) {
		id, _ := rec.Values[0].(string)
		eids[id], _ = rec.Values[1].(string)
	})
}

// addRel records a relationship read by seedExistingRelsQuery or seedExistingOutQuery.
func (st *graphState) addRel(rec *neo4j.Record) {
	mention, _ := rec.Values[0].(bool)
	id, _ := rec.Values[1].(string)
	e := &existing{}
	e.eid, _ = rec.Values[2].(string)
	e.typ, _ = rec.Values[3].(string)
	e.hash, e.hashed = rec.Values[4].(int64)
	m := st.rels
	if mention {
		m = st.mentions
	}
	if _, dup := m[id]; dup {
		// A format-1 graph has a mention relationship per occurrence: one of a pair's is
		// kept (and rewritten), the others are duplicates.
		st.dups = append(st.dups, e)
		return
	}
	m[id] = e
}

// changes is what a load writes in place, as indexes into the dataset and element ids.
type changes struct {
	newNodes, changedNodes []int
	outNodes               []int // unchanged nodes whose outgoing relationships changed
	newRels, changedRels   map[string][]int
	newPairs, changedPairs []int
	goneRels               map[string][]string // by type
	goneNodes              []string
}

// rows is how many nodes and relationships the changes write.
func (c *changes) rows() int {
	n := len(c.newNodes) + len(c.changedNodes) + len(c.newPairs) + len(c.changedPairs) + len(c.goneNodes)
	for _, m := range []map[string][]int{c.newRels, c.changedRels} {
		for _, idx := range m {
			n += len(idx)
		}
	}
	for _, eids := range c.goneRels {
		n += len(eids)
	}
	return n
}

// Step: diff. diff compares the dataset with the graph: what to create, update and delete.
func (p *plan) diff(st *graphState) *changes {
	ds := p.ds
	c := &changes{newRels: map[string][]int{}, changedRels: map[string][]int{}, goneRels: map[string][]string{}}
	for i, n := range ds.Nodes {
		if st.unread(p, i) {
			continue
		}
		e := st.nodes[n.ID]
		switch {
		case e == nil:
			c.newNodes = append(c.newNodes, i)
		case e.changed(p.nodeHash[i]):
			c.changedNodes = append(c.changedNodes, i)
		case !st.settled[n.ID]:
			c.outNodes = append(c.outNodes, i)
		}
		if e != nil {
			e.seen = true
		}
	}
	// The relations and mention pairs of the nodes that were read: those of clean nodes are
	// as the dataset has them, and at L they are millions of rows to skip.
	for i, n := range ds.Nodes {
		if st.unread(p, i) || st.settled[n.ID] {
			continue
		}
		for _, ri := range p.nodeRels[p.nodeRelsAt[i]:p.nodeRelsAt[i+1]] {
			r := &ds.Relations[ri]
			e := st.rels[r.ID]
			switch {
			case e == nil || e.typ != r.Type: // a stale type is deleted below (not seen)
				c.newRels[r.Type] = append(c.newRels[r.Type], int(ri))
			case e.changed(p.relHash[ri]):
				c.changedRels[r.Type] = append(c.changedRels[r.Type], int(ri))
			}
			if e != nil && e.typ == r.Type {
				e.seen = true
			}
		}
		for _, pi := range p.nodePairs[p.nodePairsAt[i]:p.nodePairsAt[i+1]] {
			m := p.pairMentions(int(pi))[0]
			e := st.mentions[mentionKey(m.Node, m.Document)]
			switch {
			case e == nil:
				c.newPairs = append(c.newPairs, int(pi))
			case e.changed(p.pairHash[pi]):
				c.changedPairs = append(c.changedPairs, int(pi))
			}
			if e != nil {
				e.seen = true
			}
		}
	}
	for _, m := range []map[string]*existing{st.rels, st.mentions} {
		for _, e := range m {
			if !e.seen {
				c.goneRels[e.typ] = append(c.goneRels[e.typ], e.eid)
			}
		}
	}
	for _, e := range st.dups {
		c.goneRels[e.typ] = append(c.goneRels[e.typ], e.eid)
	}
	for _, e := range st.nodes {
		if !e.seen {
			c.goneNodes = append(c.goneNodes, e.eid)
		}
	}
	return c
}

// everything is the whole dataset as changes to write: a shadow generation's.
func (p *plan) everything() *changes {
	c := &changes{newRels: map[string][]int{}, newNodes: make([]int, len(p.ds.Nodes)), newPairs: make([]int, len(p.pairs))}
	for i := range c.newNodes {
		c.newNodes[i] = i
	}
	for i := range c.newPairs {
		c.newPairs[i] = i
	}
	for i, r := range p.ds.Relations {
		c.newRels[r.Type] = append(c.newRels[r.Type], i)
	}
	return c
}

// load is one load's writing: the plan, the graph's state and the changes, and the element
// ids of the nodes the relationships are written between.
type load struct {
	p    *plan
	st   *graphState
	c    *changes
	eids map[string]string // node id -> element id
	sum  *SeedSummary
}

// inPlace writes the changes into the graph, in one transaction: deletes first, then nodes
// before the relationships that find their ends by element id, then the meta node.
func (l *load) inPlace(ctx context.Context, w batchWriter) error {
	for _, step := range []func(context.Context, batchWriter) error{
		l.deleteRelationships, l.deleteNodes,
		l.createNodes(seedCreateNodesQuery), l.updateNodes, l.updateOutHashes,
		l.createRelations, l.updateRelations, l.createMentions, l.updateMentions,
		l.writeMeta,
	} {
		if err := step(ctx, w); err != nil {
			return err
		}
	}
	return nil
}

// Step: deletes. deleteRelationships deletes the relationships the dataset no longer has,
// by type.
func (l *load) deleteRelationships(ctx context.Context, w batchWriter) error {
	for _, t := range sortedKeys(l.c.goneRels) {
		q := seedDeleteOtherRelsQuery
		if qs, ok := seedRelQueries[t]; ok {
			q = qs.delete
		}
		if err := runIDBatches(ctx, w, q, l.c.goneRels[t], l.sum); err != nil {
			return err
		}
	}
	return nil
}

// deleteNodes deletes the nodes the dataset no longer has.
func (l *load) deleteNodes(ctx context.Context, w batchWriter) error {
	return runIDBatches(ctx, w, seedDeleteNodesQuery, l.c.goneNodes, l.sum)
}

// Step: nodes. createNodes creates the new nodes with q (in the graph, or in a shadow
// generation) and records their element ids.
func (l *load) createNodes(q string) func(context.Context, batchWriter) error {
	return func(ctx context.Context, w batchWriter) error {
		created := func(rec *neo4j.Record) {
			id, _ := rec.Values[0].(string)
			l.eids[id], _ = rec.Values[1].(string)
		}
		return runBatches(ctx, w, q, l.c.newNodes, l.sum, created, func(i int) map[string]any {
			n := l.p.ds.Nodes[i]
			return map[string]any{"label": n.Label, "props": l.p.nodeProps(i)}
		})
	}
}

// updateNodes rewrites the changed nodes.
func (l *load) updateNodes(ctx context.Context, w batchWriter) error {
	return runBatches(ctx, w, seedUpdateNodesQuery, l.c.changedNodes, l.sum, nil, func(i int) map[string]any {
		n := l.p.ds.Nodes[i]
		return map[string]any{"eid": l.st.nodes[n.ID].eid, "label": n.Label, "props": l.p.nodeProps(i)}
	})
}

// updateOutHashes gives the unchanged nodes whose outgoing relationships changed their new
// sum: bookkeeping, not counted as a change.
func (l *load) updateOutHashes(ctx context.Context, w batchWriter) error {
	return runBatches(ctx, w, seedOutHashQuery, l.c.outNodes, nil, nil, func(i int) map[string]any {
		id := l.p.ds.Nodes[i].ID
		return map[string]any{"eid": l.st.nodes[id].eid, "out": l.p.out[i]}
	})
}

// Step: relations. createRelations creates the new relations, by type.
func (l *load) createRelations(ctx context.Context, w batchWriter) error {
	for _, t := range sortedKeys(l.c.newRels) {
		if err := runBatches(ctx, w, seedRelQueries[t].create, l.c.newRels[t], l.sum, nil, func(i int) map[string]any {
			r := l.p.ds.Relations[i]
			return map[string]any{"a": l.eids[r.From], "b": l.eids[r.To], "id": r.ID, "hash": l.p.relHash[i],
				"quote": r.Quote, "document": r.Document, "offset": r.Offset, "role": nilIfEmpty(r.Role)}
		}); err != nil {
			return err
		}
	}
	return nil
}

// updateRelations rewrites the changed relations, by type.
func (l *load) updateRelations(ctx context.Context, w batchWriter) error {
	for _, t := range sortedKeys(l.c.changedRels) {
		if err := runBatches(ctx, w, seedRelQueries[t].update, l.c.changedRels[t], l.sum, nil, func(i int) map[string]any {
			r := l.p.ds.Relations[i]
			props := map[string]any{"id": r.ID, seedHashProp: l.p.relHash[i], "quote": r.Quote, "document": r.Document, "offset": r.Offset}
			if r.Role != "" {
				props["role"] = r.Role
			}
			return map[string]any{"eid": l.st.rels[r.ID].eid, "props": props}
		}); err != nil {
			return err
		}
	}
	return nil
}

// Step: mentions. createMentions creates the new mention relationships.
func (l *load) createMentions(ctx context.Context, w batchWriter) error {
	return runBatches(ctx, w, seedRelQueries[model.MentionedIn].create, l.c.newPairs, l.sum, nil, func(i int) map[string]any {
		ms := l.p.pairMentions(i)
		offsets, lengths := occurrences(ms)
		return map[string]any{"a": l.eids[ms[0].Node], "b": l.eids[ms[0].Document], "hash": l.p.pairHash[i], "offsets": offsets, "lengths": lengths}
	})
}

// updateMentions rewrites the changed mention relationships.
func (l *load) updateMentions(ctx context.Context, w batchWriter) error {
	return runBatches(ctx, w, seedRelQueries[model.MentionedIn].update, l.c.changedPairs, l.sum, nil, func(i int) map[string]any {
		ms := l.p.pairMentions(i)
		offsets, lengths := occurrences(ms)
		e := l.st.mentions[mentionKey(ms[0].Node, ms[0].Document)]
		return map[string]any{"eid": e.eid, "props": map[string]any{seedHashProp: l.p.pairHash[i], "offsets": offsets, "lengths": lengths}}
	})
}

// Step: meta. writeMeta records the dataset's fingerprint and format, which is the graph's
// version (store/version.go): it changes in the transaction that changes the graph.
func (l *load) writeMeta(ctx context.Context, w batchWriter) error {
	return w.write(ctx, seedMetaWriteQuery, l.p.metaParams(), nil, nil)
}

// metaParams are what the meta node records of a load: the dataset's fingerprint and
// format, and the bucket sums of its nodes, which the next load compares with its own
// instead of summing every node's hashes again (1.2 s of adding one document at L). After a
// load the graph holds the dataset, so the plan's sums are the graph's.
func (p *plan) metaParams() map[string]any {
	return map[string]any{"hash": p.datasetID, "format": model.SeedFormat,
		"nodes": len(p.ds.Nodes), "sigs": p.bucketSigs(bucketCount(len(p.ds.Nodes)))}
}

// nodeProps are the properties the i-th node is written with.
func (p *plan) nodeProps(i int) map[string]any {
	n := p.ds.Nodes[i]
	props := make(map[string]any, len(n.Props)+3)
	for k, v := range n.Props {
		props[k] = v
	}
	props["id"] = n.ID
	props[seedHashProp] = p.nodeHash[i]
	props[seedOutHashProp] = p.out[i]
	return props
}

func nilIfEmpty(s string) any {
	if s == "" {
		return nil // a null property is not written
	}
	return s
}

// pairMentions are the occurrences of the i-th mention pair, in offset order.
func (p *plan) pairMentions(i int) []model.SeedMention {
	return p.mentions[p.pairs[i].from:p.pairs[i].to]
}

// occurrences returns the rune offsets and lengths of a pair's occurrences, as stored.
func occurrences(ms []model.SeedMention) ([]int, []int) {
	offsets := make([]int, len(ms))
	lengths := make([]int, len(ms))
	for k, m := range ms {
		offsets[k], lengths[k] = m.Offset, utf8.RuneCountInString(m.Text)
	}
	return offsets, lengths
}

// runner runs a statement: a transaction, managed or explicit.
type runner interface {
	Run(ctx context.Context, cypher string, params map[string]any) (neo4j.ResultWithContext, error)
}

// batchWriter is where a step's statements go: the one transaction of an in-place load
// (inTx), or a transaction of their own each, in a shadow generation (perBatch).
type batchWriter interface {
	write(ctx context.Context, q string, params map[string]any, sum *SeedSummary, collect func(*neo4j.Record)) error
}

// inTx writes every statement in one transaction.
type inTx struct{ tx neo4j.ManagedTransaction }

func (w inTx) write(ctx context.Context, q string, params map[string]any, sum *SeedSummary, collect func(*neo4j.Record)) error {
	return runCollect(ctx, w.tx, q, params, sum, collect)
}

// perBatch commits every statement in a transaction of its own, retried on transient
// errors; its records and counters count once it has committed.
type perBatch struct {
	sess  neo4j.SessionWithContext
	after func() // called after each commit, when not nil
}

func (w perBatch) write(ctx context.Context, q string, params map[string]any, sum *SeedSummary, collect func(*neo4j.Record)) error {
	var recs []*neo4j.Record
	var part SeedSummary
	_, err := w.sess.ExecuteWrite(ctx, func(tx neo4j.ManagedTransaction) (any, error) {
		recs, part = recs[:0], SeedSummary{}
		return nil, runCollect(ctx, tx, q, params, &part, func(r *neo4j.Record) { recs = append(recs, r) })
	})
	if err != nil {
		return err
	}
	if collect != nil {
		for _, r := range recs {
			collect(r)
		}
	}
	if sum != nil {
		sum.NodesCreated += part.NodesCreated
		sum.NodesDeleted += part.NodesDeleted
		sum.RelsCreated += part.RelsCreated
		sum.RelsDeleted += part.RelsDeleted
		sum.PropertiesSet += part.PropertiesSet
	}
	if w.after != nil {
		w.after()
	}
	return nil
}

// readRows runs q and hands each record to fn.
func readRows(ctx context.Context, tx runner, q string, params map[string]any, fn func(*neo4j.Record)) error {
	res, err := tx.Run(ctx, q, params)
	if err != nil {
		return err
	}
	for res.Next(ctx) {
		fn(res.Record())
	}
	return res.Err()
}

// runBatches runs q over the rows of idx, building each batch's rows only when it is sent;
// collect, when not nil, gets every record q returns.
func runBatches(ctx context.Context, w batchWriter, q string, idx []int, sum *SeedSummary, collect func(*neo4j.Record), row func(int) map[string]any) error {
	for i := 0; i < len(idx); i += seedBatch {
		part := idx[i:min(i+seedBatch, len(idx))]
		rows := make([]map[string]any, len(part))
		for k, j := range part {
			rows[k] = row(j)
		}
		if err := w.write(ctx, q, map[string]any{"rows": rows}, sum, collect); err != nil {
			return err
		}
	}
	return nil
}

// runIDBatches runs q over element ids, a batch at a time.
func runIDBatches(ctx context.Context, w batchWriter, q string, eids []string, sum *SeedSummary) error {
	for i := 0; i < len(eids); i += seedBatch {
		if err := w.write(ctx, q, map[string]any{"eids": eids[i:min(i+seedBatch, len(eids))]}, sum, nil); err != nil {
			return err
		}
	}
	return nil
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func run(ctx context.Context, tx runner, q string, params map[string]any, sum *SeedSummary) error {
	return runCollect(ctx, tx, q, params, sum, nil)
}

// runCollect runs q, hands each record it returns to collect, and adds its counters to sum.
func runCollect(ctx context.Context, tx runner, q string, params map[string]any, sum *SeedSummary, collect func(*neo4j.Record)) error {
	res, err := tx.Run(ctx, q, params)
	if err != nil {
		return err
	}
	if collect != nil {
		for res.Next(ctx) {
			collect(res.Record())
		}
		if err := res.Err(); err != nil {
			return err
		}
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

// Step: format. checkFormat returns the seed format of the graph (0 when there is none yet),
// and refuses to overwrite a graph written by a newer format: its data may carry meaning this
// build would silently drop.
func checkFormat(ctx context.Context, tx runner) (int64, error) {
	res, err := tx.Run(ctx, seedMetaQuery, nil)
	if err != nil {
		return 0, err
	}
	rec, err := res.Single(ctx)
	if err != nil {
		return 0, err
	}
	format, _, err := neo4j.GetRecordValue[int64](rec, "format")
	if err != nil {
		return 0, nil // no graph yet
	}
	if format > model.SeedFormat {
		return 0, fmt.Errorf("the database holds a graph of seed format %d, newer than this build's format %d: upgrade mao-graph before loading", format, model.SeedFormat)
	}
	return format, nil
}

// newPlan hashes every row and groups the mentions into (node, document) pairs, and refuses
// a dataset with a relationship it could not write. At L this is most of the Go side of
// adding one document: the rows are hashed in parallel chunks, and the relations are placed
// with their nodes beside the hashing.
func newPlan(ds *model.Dataset) (*plan, error) {
	p := &plan{ds: ds, index: make(map[string]int, len(ds.Nodes))}
	for i, n := range ds.Nodes {
		p.index[n.ID] = i
	}
	p.nodeHash = make([]int64, len(ds.Nodes))
	p.relHash = make([]int64, len(ds.Relations))
	var total datasetSum
	var mu sync.Mutex
	var wg sync.WaitGroup
	hashAll := func(out []int64, row func(h *rowHasher, i int)) {
		chunk := max(1024, (len(out)+runtime.GOMAXPROCS(0)-1)/runtime.GOMAXPROCS(0))
		for from := 0; from < len(out); from += chunk {
			wg.Add(1)
			go func(from, to int) {
				defer wg.Done()
				h := &rowHasher{}
				var sum datasetSum
				for i := from; i < to; i++ {
					row(h, i)
					out[i] = h.end(&sum)
				}
				mu.Lock()
				total.merge(&sum)
				mu.Unlock()
			}(from, min(from+chunk, len(out)))
		}
	}
	hashAll(p.nodeHash, func(h *rowHasher, i int) {
		n := ds.Nodes[i]
		h.begin("node", n.ID)
		h.str(n.Label)
		keys := h.keys[:0]
		for k := range n.Props {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		h.keys = keys
		for _, k := range keys {
			h.str(k)
			h.value(n.Props[k])
		}
	})
	hashAll(p.relHash, func(h *rowHasher, i int) {
		r := ds.Relations[i]
		h.begin("relation", r.ID)
		h.str(r.Type)
		h.str(r.From)
		h.str(r.To)
		h.str(r.Role)
		h.str(r.Quote)
		h.str(r.Document)
		h.int(int64(r.Offset))
	})
	relFrom := make([]int32, len(ds.Relations))
	var relErr error
	wg.Add(1)
	go func() {
		defer wg.Done()
		relErr = p.placeRelations(relFrom)
		p.count()
	}()
	pairNode, pairErr := p.groupMentions()
	p.pairHash = make([]int64, len(p.pairs))
	if pairErr == nil {
		hashAll(p.pairHash, func(h *rowHasher, i int) {
			ms := p.pairMentions(i)
			h.start("mention")
			h.pair(ms[0].Node, ms[0].Document) // the id, mentionKey(node, doc)
			h.occurrences(ms)
		})
	}
	wg.Wait()
	if err := cmp.Or(relErr, pairErr); err != nil {
		return nil, err
	}
	p.out = make([]int64, len(ds.Nodes))
	for i, n := range relFrom {
		p.out[n] += p.relHash[i]
	}
	for i, n := range pairNode {
		p.out[n] += p.pairHash[i]
	}
	p.nodeRels, p.nodeRelsAt = groupByNode(len(ds.Nodes), relFrom)
	p.nodePairs, p.nodePairsAt = groupByNode(len(ds.Nodes), pairNode)
	p.datasetID = total.String()
	return p, nil
}

// placeRelations finds each relation's from node (relFrom, by index), and makes sure every
// relation can be written: its type is in the vocabulary and both its ends are nodes of the
// dataset. A relationship created by element id would otherwise be skipped without a word
// when an end is missing.
func (p *plan) placeRelations(relFrom []int32) error {
	for i, r := range p.ds.Relations {
		if _, ok := model.RelationRules[r.Type]; !ok {
			return fmt.Errorf("seed: relationship %s has unknown type %q", r.ID, r.Type)
		}
		from, ok := p.index[r.From]
		if _, to := p.index[r.To]; !ok || !to {
			return fmt.Errorf("seed: relationship %s: an end is not in the dataset", r.ID)
		}
		relFrom[i] = int32(from)
	}
	return nil
}

// groupMentions groups the mentions into (node, document) pairs (p.mentions, p.pairs) and
// returns each pair's node, by index. The loader gives the mentions in order: by document,
// then by node in the dataset's order, then by offset. Checking that order costs a lookup per
// pair and per document, where making sure the occurrences of a pair are together in any
// other order took maps of what was seen (0.4 s at L); anything else is sorted first (a copy:
// the dataset is the caller's).
func (p *plan) groupMentions() ([]int32, error) {
	nodes, ordered, err := p.pairUp(p.ds.Mentions, true)
	if err != nil || ordered {
		return nodes, err
	}
	nodes, _, err = p.pairUp(sortedMentions(p.ds.Mentions), false)
	return nodes, err
}

// pairUp forms the pairs of ms. Checking the loader's order, it stops with ordered false at
// the first mention out of it. A mention whose node or document is not in the dataset is an
// error: its relationship could not be written.
func (p *plan) pairUp(ms []model.SeedMention, check bool) (nodes []int32, ordered bool, err error) {
	p.mentions, p.pairs = ms, p.pairs[:0]
	if cap(p.pairs) < len(ms) { // at most a pair per mention: no garbage from growing
		p.pairs = make([]mentionPair, 0, len(ms))
	}
	nodes = make([]int32, 0, len(ms))
	node := -1
	for i, m := range ms {
		newDoc := i == 0 || m.Document != ms[i-1].Document
		if !newDoc && m.Node == ms[i-1].Node {
			if check && m.Offset <= ms[i-1].Offset {
				return nil, false, nil
			}
			continue
		}
		if i > 0 {
			p.pairs[len(p.pairs)-1].to = i
		}
		if newDoc && check && i > 0 && m.Document < ms[i-1].Document {
			return nil, false, nil
		}
		docKnown := true // a document is looked up once, where its mentions begin
		if newDoc {
			_, docKnown = p.index[m.Document]
		}
		next, nodeKnown := p.index[m.Node]
		if !docKnown || !nodeKnown {
			return nil, false, fmt.Errorf("seed: mention of %s in %s: an end is not in the dataset", m.Node, m.Document)
		}
		if check && !newDoc && next <= node {
			return nil, false, nil
		}
		node = next
		p.pairs = append(p.pairs, mentionPair{i, len(ms)})
		nodes = append(nodes, int32(node))
	}
	return nodes, true, nil
}

// sortedMentions is a copy of ms in the loader's order, but by node id: the occurrences of
// each (node, document) together, in offset order, each once.
func sortedMentions(ms []model.SeedMention) []model.SeedMention {
	sorted := slices.Clone(ms)
	slices.SortStableFunc(sorted, func(a, b model.SeedMention) int {
		if c := strings.Compare(a.Document, b.Document); c != 0 {
			return c
		}
		if c := strings.Compare(a.Node, b.Node); c != 0 {
			return c
		}
		return a.Offset - b.Offset
	})
	return slices.CompactFunc(sorted, func(a, b model.SeedMention) bool {
		return a.Document == b.Document && a.Node == b.Node && a.Offset == b.Offset
	})
}

// groupByNode lists the rows of each node (owner[row] is its node) as one array with offsets:
// the rows of node i are rows[at[i]:at[i+1]].
func groupByNode(nodes int, owner []int32) (rows, at []int32) {
	at = make([]int32, nodes+1)
	for _, n := range owner {
		at[n+1]++
	}
	for i := 1; i <= nodes; i++ {
		at[i] += at[i-1]
	}
	rows = make([]int32, len(owner))
	next := slices.Clone(at[:nodes])
	for i, n := range owner {
		rows[next[n]] = int32(i)
		next[n]++
	}
	return rows, at
}

// rowHasher fingerprints one row at a time: a kind, an id and typed values, each
// length-prefixed so that no two different rows write the same bytes. The row's bytes are
// gathered in a buffer and hashed at its end: writing each string to the digest on its own
// copied it first (a third of the plan's time at M).
type rowHasher struct {
	buf  []byte
	keys []string // a node's property names, reused from row to row
}

// rowHashVersion changes when what a row hash covers changes, so that every row is written
// once more rather than compared with hashes of another meaning.
const rowHashVersion = "2"

// begin starts a row of kind with its id.
func (h *rowHasher) begin(kind, id string) {
	h.start(kind)
	h.str(id)
}

// start starts a row of kind; its id comes next.
func (h *rowHasher) start(kind string) {
	h.buf = h.buf[:0]
	h.str(rowHashVersion)
	h.str(kind)
}

// pair writes mentionKey(node, doc) as str would, without building the string.
func (h *rowHasher) pair(node, doc string) {
	h.int(int64(len(node) + 1 + len(doc)))
	h.buf = append(append(append(h.buf, node...), '|'), doc...)
}

func (h *rowHasher) int(v int64) { h.buf = binary.AppendVarint(h.buf, v) }

func (h *rowHasher) str(s string) {
	h.int(int64(len(s)))
	h.buf = append(h.buf, s...)
}

// value writes a property value with its type, so 1 and "1" differ.
func (h *rowHasher) value(v any) {
	switch v := v.(type) {
	case nil:
		h.str("nil")
	case string:
		h.str("s")
		h.str(v)
	case int:
		h.str("i")
		h.int(int64(v))
	case int64:
		h.str("i")
		h.int(v)
	case bool:
		h.str("b")
		h.str(strconv.FormatBool(v))
	case float64:
		h.str("f")
		h.int(int64(math.Float64bits(v)))
	case []string:
		h.str("ls")
		h.int(int64(len(v)))
		for _, s := range v {
			h.str(s)
		}
	case []int:
		h.str("li")
		h.int(int64(len(v)))
		for _, x := range v {
			h.int(int64(x))
		}
	default: // anything else is rare, and written deterministically by fmt (maps sorted)
		h.str(fmt.Sprintf("%T", v))
		h.str(fmt.Sprintf("%#v", v))
	}
}

// occurrences writes the offsets and lengths of a pair's mentions as value writes the two
// lists occurrences returns (the bytes are the same), without making them: at L there are
// 1.6 million pairs.
func (h *rowHasher) occurrences(ms []model.SeedMention) {
	h.str("li")
	h.int(int64(len(ms)))
	for _, m := range ms {
		h.int(int64(m.Offset))
	}
	h.str("li")
	h.int(int64(len(ms)))
	for _, m := range ms {
		h.int(int64(utf8.RuneCountInString(m.Text)))
	}
}

// end returns the row's hash as stored (64 bits: a property Neo4j keeps inline), and adds the
// row to the dataset's fingerprint.
func (h *rowHasher) end(total *datasetSum) int64 {
	d := sha256.Sum256(h.buf)
	total.add(d[:])
	return int64(binary.BigEndian.Uint64(d[:]))
}

// datasetSum fingerprints a whole dataset as the sum of its rows' hashes, lane by lane: the
// same rows give the same sum in any order.
type datasetSum [4]uint64

func (s *datasetSum) add(d []byte) {
	for i := range s {
		s[i] += binary.BigEndian.Uint64(d[i*8:])
	}
}

func (s *datasetSum) merge(o *datasetSum) {
	for i := range s {
		s[i] += o[i]
	}
}

func (s *datasetSum) String() string {
	var b [32]byte
	for i, v := range s {
		binary.BigEndian.PutUint64(b[i*8:], v)
	}
	return hex.EncodeToString(b[:])
}
