package store

import (
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"hash"
	"io"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/metandereogen/maograph/graph/model"
)

// seedBatch is the number of rows per UNWIND: large enough to amortise a round trip, small
// enough to keep each statement's memory modest. Rows are built one batch at a time.
const seedBatch = 5000

// seedHashProp is the property holding a node's or relationship's row hash: a fingerprint of
// everything the dataset says about it, so a load finds what changed without reading it back.
const seedHashProp = "seedHash"

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
	Duration        time.Duration
}

// The sync queries. Labels are dynamic (Cypher 5.26 `$(...)`) but always come from the
// validated dataset's fixed vocabulary, and travel as parameters; relationship types are
// written literally, one query per type of the vocabulary (below).
const (
	// Taking the meta node's write lock first makes concurrent loads run one after the other;
	// SET then REMOVE leaves nothing changed.
	seedLockQuery = `MERGE (m:SeedMeta {id: 'seed'}) SET m.lock = true REMOVE m.lock`

	seedMetaQuery = `OPTIONAL MATCH (m:SeedMeta {id: 'seed'}) RETURN m.format AS format, m.hash AS hash`

	// What the graph holds now, read inside the load's transaction (after the lock): every
	// node and relationship the seeds own, with its row hash and element id.
	seedExistingNodesQuery = `MATCH (n:Node) RETURN n.id AS id, elementId(n) AS eid, n.seedHash AS hash`
	seedExistingRelsQuery  = `MATCH (:Node)-[r]->(:Node) WHERE r.id IS NOT NULL AND NOT r:MENTIONED_IN
RETURN r.id AS id, elementId(r) AS eid, type(r) AS type, r.seedHash AS hash`
	// A mention relationship is known by its ends: it has no id of its own.
	seedExistingMentionsQuery = `MATCH (a:Node)-[r:MENTIONED_IN]->(b:Node)
RETURN a.id + '|' + b.id AS id, elementId(r) AS eid, 'MENTIONED_IN' AS type, r.seedHash AS hash`

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
WITH m WHERE m.hash IS NULL OR m.hash <> $hash OR m.format <> $format
SET m.format = $format, m.hash = $hash, m.loadedAt = datetime()`
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

// plan is a load worked out before its transaction: every row's hash, and the mentions
// grouped into pairs. The transaction reads what the graph holds and compares.
type plan struct {
	ds        *model.Dataset
	mentions  []model.SeedMention // ds.Mentions, or a sorted copy when they were not grouped
	pairs     []mentionPair
	nodeHash  []int64
	relHash   []int64
	pairHash  []int64
	datasetID string // fingerprint of the whole dataset, kept on the meta node
}

// Seed makes the graph equal to the dataset in one transaction: it creates, updates and
// deletes nodes and relationships by id, comparing each one's row hash with the graph's, so
// only what changed is written and a second load of the same dataset writes nothing. It
// refuses a database written by a newer seed format. A load that is killed midway leaves the
// previous graph, since nothing is committed before the end, and concurrent loads wait for
// each other.
func (s *Store) Seed(ctx context.Context, ds *model.Dataset) (*SeedSummary, error) {
	start := time.Now()
	if err := checkEnds(ds); err != nil {
		return nil, err
	}
	if err := s.EnsureSchema(ctx); err != nil {
		return nil, err
	}
	p := newPlan(ds)
	base := SeedSummary{NodesByLabel: map[string]int{}, RelationsByType: map[string]int{},
		Mentions: len(ds.Mentions), MentionPairs: len(p.pairs)}
	for _, n := range ds.Nodes {
		base.NodesByLabel[n.Label]++
	}
	for _, r := range ds.Relations {
		base.RelationsByType[r.Type]++
	}

	var sum SeedSummary
	sess := s.driver.NewSession(ctx, neo4j.SessionConfig{DatabaseName: s.database, AccessMode: neo4j.AccessModeWrite, FetchSize: 10000})
	defer sess.Close(ctx)
	_, err := sess.ExecuteWrite(ctx, func(tx neo4j.ManagedTransaction) (any, error) {
		sum = base // a retried transaction starts over
		return nil, p.sync(ctx, tx, &sum)
	})
	if err != nil {
		return nil, classify(ctx, "seed", err)
	}
	sum.Unchanged = sum.NodesCreated+sum.NodesDeleted+sum.RelsCreated+sum.RelsDeleted+sum.PropertiesSet == 0
	sum.Duration = time.Since(start)
	return &sum, nil
}

// checkEnds makes sure every relationship can be written: its type is in the vocabulary and
// both its ends are nodes of the dataset. A relationship created by element id would
// otherwise be skipped without a word when an end is missing.
func checkEnds(ds *model.Dataset) error {
	ids := make(map[string]bool, len(ds.Nodes))
	for _, n := range ds.Nodes {
		ids[n.ID] = true
	}
	for _, r := range ds.Relations {
		if _, ok := model.RelationRules[r.Type]; !ok {
			return fmt.Errorf("seed: relationship %s has unknown type %q", r.ID, r.Type)
		}
		if !ids[r.From] || !ids[r.To] {
			return fmt.Errorf("seed: relationship %s: an end is not in the dataset", r.ID)
		}
	}
	for _, m := range ds.Mentions {
		if !ids[m.Node] || !ids[m.Document] {
			return fmt.Errorf("seed: mention of %s in %s: an end is not in the dataset", m.Node, m.Document)
		}
	}
	return nil
}

// existing is a node or relationship the graph holds.
type existing struct {
	eid, typ string
	hash     int64
	hashed   bool // format 1 wrote no hashes
	seen     bool
}

// changed reports whether the graph's entity differs from the dataset's row.
func (e *existing) changed(hash int64) bool { return !e.hashed || e.hash != hash }

// sync runs in the load's transaction: lock, check the format, read what the graph holds,
// then delete, create and update what differs, batch by batch.
func (p *plan) sync(ctx context.Context, tx neo4j.ManagedTransaction, sum *SeedSummary) error {
	if err := run(ctx, tx, seedLockQuery, nil, nil); err != nil {
		return err
	}
	if err := checkFormat(ctx, tx); err != nil {
		return err
	}
	nodes, _, err := readExisting(ctx, tx, seedExistingNodesQuery)
	if err != nil {
		return err
	}
	rels, dupRels, err := readExisting(ctx, tx, seedExistingRelsQuery)
	if err != nil {
		return err
	}
	mentions, dupMentions, err := readExisting(ctx, tx, seedExistingMentionsQuery)
	if err != nil {
		return err
	}
	ds := p.ds

	// What to create and update, as indexes into the dataset.
	var newNodes, changedNodes []int
	for i, n := range ds.Nodes {
		e := nodes[n.ID]
		switch {
		case e == nil:
			newNodes = append(newNodes, i)
		case e.changed(p.nodeHash[i]):
			changedNodes = append(changedNodes, i)
		}
		if e != nil {
			e.seen = true
		}
	}
	newRels, changedRels := map[string][]int{}, map[string][]int{}
	for i, r := range ds.Relations {
		e := rels[r.ID]
		switch {
		case e == nil || e.typ != r.Type: // a stale type is deleted below (not seen)
			newRels[r.Type] = append(newRels[r.Type], i)
		case e.changed(p.relHash[i]):
			changedRels[r.Type] = append(changedRels[r.Type], i)
		}
		if e != nil && e.typ == r.Type {
			e.seen = true
		}
	}
	var newPairs, changedPairs []int
	for i := range p.pairs {
		m := p.pairMentions(i)[0]
		e := mentions[mentionKey(m.Node, m.Document)]
		switch {
		case e == nil:
			newPairs = append(newPairs, i)
		case e.changed(p.pairHash[i]):
			changedPairs = append(changedPairs, i)
		}
		if e != nil {
			e.seen = true
		}
	}

	// Delete first: relationships the dataset no longer has (by type), then nodes.
	goneRels := map[string][]string{}
	for _, e := range rels {
		if !e.seen {
			goneRels[e.typ] = append(goneRels[e.typ], e.eid)
		}
	}
	for _, e := range mentions {
		if !e.seen {
			goneRels[e.typ] = append(goneRels[e.typ], e.eid)
		}
	}
	// A format-1 graph has a mention relationship per occurrence: one of a pair's is kept
	// (and rewritten), the others are duplicates.
	for _, e := range append(dupRels, dupMentions...) {
		goneRels[e.typ] = append(goneRels[e.typ], e.eid)
	}
	for _, t := range sortedKeys(goneRels) {
		q := seedDeleteOtherRelsQuery
		if qs, ok := seedRelQueries[t]; ok {
			q = qs.delete
		}
		if err := runIDBatches(ctx, tx, q, goneRels[t], sum); err != nil {
			return err
		}
	}
	var goneNodes []string
	for _, e := range nodes {
		if !e.seen {
			goneNodes = append(goneNodes, e.eid)
		}
	}
	if err := runIDBatches(ctx, tx, seedDeleteNodesQuery, goneNodes, sum); err != nil {
		return err
	}

	// Nodes before the relationships that need them, which find their ends by element id.
	eids := make(map[string]string, len(ds.Nodes))
	for id, e := range nodes {
		if e.seen {
			eids[id] = e.eid
		}
	}
	created := func(rec *neo4j.Record) {
		id, _ := rec.Values[0].(string)
		eids[id], _ = rec.Values[1].(string)
	}
	if err := runBatches(ctx, tx, seedCreateNodesQuery, newNodes, sum, created, func(i int) map[string]any {
		n := ds.Nodes[i]
		return map[string]any{"label": n.Label, "props": nodeProps(n, p.nodeHash[i])}
	}); err != nil {
		return err
	}
	if err := runBatches(ctx, tx, seedUpdateNodesQuery, changedNodes, sum, nil, func(i int) map[string]any {
		n := ds.Nodes[i]
		return map[string]any{"eid": nodes[n.ID].eid, "label": n.Label, "props": nodeProps(n, p.nodeHash[i])}
	}); err != nil {
		return err
	}
	for _, t := range sortedKeys(newRels) {
		if err := runBatches(ctx, tx, seedRelQueries[t].create, newRels[t], sum, nil, func(i int) map[string]any {
			r := ds.Relations[i]
			return map[string]any{"a": eids[r.From], "b": eids[r.To], "id": r.ID, "hash": p.relHash[i],
				"quote": r.Quote, "document": r.Document, "offset": r.Offset, "role": nilIfEmpty(r.Role)}
		}); err != nil {
			return err
		}
	}
	for _, t := range sortedKeys(changedRels) {
		if err := runBatches(ctx, tx, seedRelQueries[t].update, changedRels[t], sum, nil, func(i int) map[string]any {
			r := ds.Relations[i]
			props := map[string]any{"id": r.ID, seedHashProp: p.relHash[i], "quote": r.Quote, "document": r.Document, "offset": r.Offset}
			if r.Role != "" {
				props["role"] = r.Role
			}
			return map[string]any{"eid": rels[r.ID].eid, "props": props}
		}); err != nil {
			return err
		}
	}
	if err := runBatches(ctx, tx, seedRelQueries[model.MentionedIn].create, newPairs, sum, nil, func(i int) map[string]any {
		ms := p.pairMentions(i)
		offsets, lengths := occurrences(ms)
		return map[string]any{"a": eids[ms[0].Node], "b": eids[ms[0].Document], "hash": p.pairHash[i], "offsets": offsets, "lengths": lengths}
	}); err != nil {
		return err
	}
	if err := runBatches(ctx, tx, seedRelQueries[model.MentionedIn].update, changedPairs, sum, nil, func(i int) map[string]any {
		ms := p.pairMentions(i)
		offsets, lengths := occurrences(ms)
		e := mentions[mentionKey(ms[0].Node, ms[0].Document)]
		return map[string]any{"eid": e.eid, "props": map[string]any{seedHashProp: p.pairHash[i], "offsets": offsets, "lengths": lengths}}
	}); err != nil {
		return err
	}
	return run(ctx, tx, seedMetaWriteQuery, map[string]any{"hash": p.datasetID, "format": model.SeedFormat}, nil)
}

// nodeProps are the properties a node is written with.
func nodeProps(n model.SeedNode, hash int64) map[string]any {
	props := make(map[string]any, len(n.Props)+2)
	for k, v := range n.Props {
		props[k] = v
	}
	props["id"] = n.ID
	props[seedHashProp] = hash
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

// readExisting streams the id, element id, type and hash of what the graph holds, keyed by
// id; a second entity with an id already seen is returned apart, to be deleted.
func readExisting(ctx context.Context, tx neo4j.ManagedTransaction, q string) (map[string]*existing, []*existing, error) {
	res, err := tx.Run(ctx, q, nil)
	if err != nil {
		return nil, nil, err
	}
	out := map[string]*existing{}
	var dups []*existing
	for res.Next(ctx) {
		rec := res.Record()
		id, _ := rec.Values[0].(string)
		e := &existing{}
		e.eid, _ = rec.Values[1].(string)
		if len(rec.Values) > 3 {
			e.typ, _ = rec.Values[2].(string)
		}
		e.hash, e.hashed = rec.Values[len(rec.Values)-1].(int64)
		if _, dup := out[id]; dup {
			dups = append(dups, e)
			continue
		}
		out[id] = e
	}
	return out, dups, res.Err()
}

// runBatches runs q over the rows of idx, building each batch's rows only when it is sent;
// collect, when not nil, gets every record q returns.
func runBatches(ctx context.Context, tx neo4j.ManagedTransaction, q string, idx []int, sum *SeedSummary, collect func(*neo4j.Record), row func(int) map[string]any) error {
	for i := 0; i < len(idx); i += seedBatch {
		part := idx[i:min(i+seedBatch, len(idx))]
		rows := make([]map[string]any, len(part))
		for k, j := range part {
			rows[k] = row(j)
		}
		if err := runCollect(ctx, tx, q, map[string]any{"rows": rows}, sum, collect); err != nil {
			return err
		}
	}
	return nil
}

// runIDBatches runs q over element ids, a batch at a time.
func runIDBatches(ctx context.Context, tx neo4j.ManagedTransaction, q string, eids []string, sum *SeedSummary) error {
	for i := 0; i < len(eids); i += seedBatch {
		if err := run(ctx, tx, q, map[string]any{"eids": eids[i:min(i+seedBatch, len(eids))]}, sum); err != nil {
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

func run(ctx context.Context, tx neo4j.ManagedTransaction, q string, params map[string]any, sum *SeedSummary) error {
	return runCollect(ctx, tx, q, params, sum, nil)
}

// runCollect runs q, hands each record it returns to collect, and adds its counters to sum.
func runCollect(ctx context.Context, tx neo4j.ManagedTransaction, q string, params map[string]any, sum *SeedSummary, collect func(*neo4j.Record)) error {
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

// newPlan hashes every row and groups the mentions into (node, document) pairs.
func newPlan(ds *model.Dataset) *plan {
	p := &plan{ds: ds, mentions: groupedMentions(ds.Mentions)}
	h := newRowHasher()
	var total datasetSum
	p.nodeHash = make([]int64, len(ds.Nodes))
	for i, n := range ds.Nodes {
		h.begin("node", n.ID)
		h.str(n.Label)
		keys := make([]string, 0, len(n.Props))
		for k := range n.Props {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			h.str(k)
			h.value(n.Props[k])
		}
		p.nodeHash[i] = h.end(&total)
	}
	p.relHash = make([]int64, len(ds.Relations))
	for i, r := range ds.Relations {
		h.begin("relation", r.ID)
		h.str(r.Type)
		h.str(r.From)
		h.str(r.To)
		h.str(r.Role)
		h.str(r.Quote)
		h.str(r.Document)
		h.int(int64(r.Offset))
		p.relHash[i] = h.end(&total)
	}
	for i := 0; i < len(p.mentions); {
		j := i + 1
		for j < len(p.mentions) && p.mentions[j].Node == p.mentions[i].Node && p.mentions[j].Document == p.mentions[i].Document {
			j++
		}
		p.pairs = append(p.pairs, mentionPair{i, j})
		i = j
	}
	p.pairHash = make([]int64, len(p.pairs))
	for i := range p.pairs {
		ms := p.pairMentions(i)
		h.begin("mention", mentionKey(ms[0].Node, ms[0].Document))
		offsets, lengths := occurrences(ms)
		h.value(offsets)
		h.value(lengths)
		p.pairHash[i] = h.end(&total)
	}
	p.datasetID = total.String()
	return p
}

// groupedMentions returns the mentions with the occurrences of each (node, document) next to
// each other in offset order. The loader already gives them so; anything else is sorted
// (a copy: the dataset is the caller's).
func groupedMentions(ms []model.SeedMention) []model.SeedMention {
	grouped := true
	doneDocs := map[string]bool{}
	doneNodes := map[string]bool{} // nodes finished in the current document
	for i := 1; i < len(ms) && grouped; i++ {
		a, b := ms[i-1], ms[i]
		switch {
		case a.Document != b.Document:
			doneDocs[a.Document] = true
			clear(doneNodes)
			grouped = !doneDocs[b.Document]
		case a.Node != b.Node:
			doneNodes[a.Node] = true
			grouped = !doneNodes[b.Node]
		default:
			grouped = a.Offset < b.Offset
		}
	}
	if grouped {
		return ms
	}
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

// rowHasher fingerprints one row at a time: a kind, an id and typed values, each
// length-prefixed so that no two different rows write the same bytes.
type rowHasher struct {
	h   hash.Hash
	buf [binary.MaxVarintLen64]byte
	sum [sha256.Size]byte
}

// rowHashVersion changes when what a row hash covers changes, so that every row is written
// once more rather than compared with hashes of another meaning.
const rowHashVersion = "2"

func newRowHasher() *rowHasher { return &rowHasher{h: sha256.New()} }

func (h *rowHasher) begin(kind, id string) {
	h.h.Reset()
	h.str(rowHashVersion)
	h.str(kind)
	h.str(id)
}

func (h *rowHasher) int(v int64) {
	n := binary.PutVarint(h.buf[:], v)
	h.h.Write(h.buf[:n])
}

func (h *rowHasher) str(s string) {
	h.int(int64(len(s)))
	io.WriteString(h.h, s)
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

// end returns the row's hash as stored (64 bits: a property Neo4j keeps inline), and adds the
// row to the dataset's fingerprint.
func (h *rowHasher) end(total *datasetSum) int64 {
	d := h.h.Sum(h.sum[:0])
	total.add(d)
	return int64(binary.BigEndian.Uint64(d))
}

// datasetSum fingerprints a whole dataset as the sum of its rows' hashes, lane by lane: the
// same rows give the same sum in any order.
type datasetSum [4]uint64

func (s *datasetSum) add(d []byte) {
	for i := range s {
		s[i] += binary.BigEndian.Uint64(d[i*8:])
	}
}

func (s *datasetSum) String() string {
	var b [32]byte
	for i, v := range s {
		binary.BigEndian.PutUint64(b[i*8:], v)
	}
	return hex.EncodeToString(b[:])
}
