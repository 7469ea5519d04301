package store

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/metandereogen/maograph/graph/model"
)

// listFilter applies an EntityWhere; every filter is a parameter that is null when unused.
// Region filters follow PART_OF upward, so a region includes its sub-regions.
const listFilter = `
WHERE ($nameContains IS NULL OR toLower(n.name) CONTAINS $nameContains
       OR toLower(coalesce(n.aliasText, '')) CONTAINS $nameContains)
  AND ($kind IS NULL OR n.kind = $kind)
  AND ($sector IS NULL OR n.sector = $sector
       OR EXISTS { MATCH (n)-[:WORKS_FOR|LEADS|COORDINATES|PARTNER_IN]-(:Organisation {sector: $sector}) })
  AND ($region IS NULL
       OR EXISTS { MATCH (n)-[:LOCATED_IN|PART_OF*0..6]->(:Region {id: $region}) }
       OR EXISTS { MATCH (n)-[:WORKS_FOR|LEADS|COORDINATES|INVOLVED_IN|PARTNER_IN|ORGANISED|PRESENTED_AT]->()
                         -[:LOCATED_IN|PART_OF*1..6]->(:Region {id: $region}) })
  AND ($theme IS NULL
       OR EXISTS { MATCH (n)-[:ABOUT]->(:Theme {id: $theme}) }
       OR EXISTS { MATCH (n)-[:WORKS_FOR|LEADS|COORDINATES|INVOLVED_IN|PARTNER_IN|PART_OF|PRESENTED_AT]->()
                         -[:ABOUT]->(:Theme {id: $theme}) })
  AND ($bouwsteen IS NULL OR n.id = $bouwsteen
       OR EXISTS { MATCH (n)-[:EMBODIES]->(:Bouwsteen {id: $bouwsteen}) }
       OR EXISTS { MATCH (n)-[:WORKS_FOR|LEADS|COORDINATES|INVOLVED_IN|PARTNER_IN]->()-[:EMBODIES]->(:Bouwsteen {id: $bouwsteen}) })
  AND ($document IS NULL OR n.id = $document
       OR EXISTS { MATCH (n)-[:MENTIONED_IN]->(:Document {id: $document}) })
  AND ($event IS NULL OR n.id = $event OR EXISTS { MATCH (n)-[]-(:Event {id: $event}) })`

// Keyset pagination: the page continues strictly after the last row's (key, id), so deep
// pages cost the same as the first one (no SKIP).
const listTemplate = `MATCH (n:%[1]s)` + listFilter + `
  AND ($afterID IS NULL OR n.%[2]s %[3]s $afterKey OR (n.%[2]s = $afterKey AND n.id %[3]s $afterID))
RETURN n, n.%[2]s AS key
ORDER BY n.%[2]s %[4]s, n.id %[4]s
LIMIT $limit`

const countTemplate = `MATCH (n:%s)` + listFilter + `
RETURN count(n) AS total`

type listKey struct{ label, field, dir string }

// The list queries, one per label, sort field and direction, built once from the fixed
// vocabulary (never from request text).
var (
	listQueries  = map[listKey]string{}
	countQueries = map[string]string{}
	sortKeys     = map[model.EntityOrderField]string{
		model.EntityOrderFieldName:     "name",
		model.EntityOrderFieldMentions: "mentionCount",
	}
)

func init() {
	for _, l := range model.Labels {
		countQueries[l] = fmt.Sprintf(countTemplate, l)
		for field, prop := range sortKeys {
			listQueries[listKey{l, string(field), "ASC"}] = fmt.Sprintf(listTemplate, l, prop, ">", "ASC")
			listQueries[listKey{l, string(field), "DESC"}] = fmt.Sprintf(listTemplate, l, prop, "<", "DESC")
		}
	}
}

type cursor struct {
	Key any    `json:"k"`
	ID  string `json:"i"`
}

func encodeCursor(key any, id string) string {
	b, _ := json.Marshal(cursor{Key: key, ID: id})
	return base64.RawURLEncoding.EncodeToString(b)
}

func decodeCursor(s string, field model.EntityOrderField) (any, string, error) {
	b, err := base64.RawURLEncoding.DecodeString(s)
	var c cursor
	if err == nil {
		err = json.Unmarshal(b, &c)
	}
	if err != nil || c.ID == "" {
		return nil, "", model.Errorf(model.EINVALID, "after: %q is not a cursor this list gave out.", s)
	}
	switch k := c.Key.(type) {
	case string:
		if field == model.EntityOrderFieldName {
			return k, c.ID, nil
		}
	case float64:
		if field == model.EntityOrderFieldMentions {
			return int64(k), c.ID, nil
		}
	}
	return nil, "", model.Errorf(model.EINVALID, "after: cursor %q belongs to a list sorted differently.", s)
}

// filterParams turns an EntityWhere into query parameters (nil for unused filters).
func filterParams(w *model.EntityWhere) map[string]any {
	p := map[string]any{"nameContains": nil, "kind": nil, "sector": nil, "region": nil, "theme": nil,
		"bouwsteen": nil, "document": nil, "event": nil}
	if w == nil {
		return p
	}
	opt := func(k string, v *string) {
		if v != nil {
			p[k] = *v
		}
	}
	if w.NameContains != nil {
		p["nameContains"] = strings.ToLower(*w.NameContains)
	}
	opt("kind", w.Kind)
	opt("sector", w.Sector)
	opt("region", w.Region)
	opt("theme", w.Theme)
	opt("bouwsteen", w.Bouwsteen)
	opt("document", w.Document)
	opt("event", w.Event)
	return p
}

// List returns a page of entities of a label; the total is counted only when asked for.
func (s *Store) List(ctx context.Context, label string, args model.ListArgs) (*model.Page, error) {
	q, ok := listQueries[listKey{label, string(args.Order.Field), string(args.Order.Direction)}]
	if !ok {
		return nil, model.Errorf(model.EINVALID, "cannot list %s sorted by %s %s.", label, args.Order.Field, args.Order.Direction)
	}
	params := filterParams(args.Where)
	params["afterKey"], params["afterID"] = nil, nil
	if args.After != nil && *args.After != "" {
		key, id, err := decodeCursor(*args.After, args.Order.Field)
		if err != nil {
			return nil, err
		}
		params["afterKey"], params["afterID"] = key, id
	}
	params["limit"] = args.First + 1 // one more tells whether a next page exists
	res, err := s.read(ctx, "list "+label, q, params)
	if err != nil {
		return nil, err
	}
	page := &model.Page{PageInfo: &model.PageInfo{}}
	for i, rec := range res.Records {
		if i == args.First {
			page.PageInfo.HasNextPage = true
			break
		}
		n, _, err := neo4j.GetRecordValue[neo4j.Node](rec, "n")
		if err != nil {
			return nil, fmt.Errorf("list %s: %w", label, err)
		}
		e := entityOf(n.Labels, n.Props)
		page.Nodes = append(page.Nodes, e)
		key, _ := rec.Get("key")
		c := encodeCursor(key, e.GetID())
		page.PageInfo.EndCursor = &c
	}
	countParams := filterParams(args.Where)
	page.Counter = model.Counter{Count: func(ctx context.Context) (int, error) {
		res, err := s.read(ctx, "count "+label, countQueries[label], countParams)
		if err != nil {
			return 0, err
		}
		total, _, err := neo4j.GetRecordValue[int64](res.Records[0], "total")
		if err != nil {
			return 0, fmt.Errorf("count %s: %w", label, err)
		}
		return int(total), nil
	}}
	return page, nil
}
