package store

import (
	"context"
	"fmt"
	"strings"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/metandereogen/maograph/graph/model"
)

// worksWithQuery finds the organisations that take part in an initiative the organisation
// takes part in, through any of $via (model.WorksWithVia), with both relations' evidence.
const worksWithQuery = `MATCH (a:Organisation {id: $id})-[r1]->(i:Initiative)<-[r2]-(b:Organisation)
WHERE type(r1) IN $via AND type(r2) IN $via AND a <> b
RETURN b.id AS org, i.id AS initiative,
       [type(r1), coalesce(r1.role, ''), r1.quote, r1.document, r1.offset] AS mine,
       [type(r2), coalesce(r2.role, ''), r2.quote, r2.document, r2.offset] AS theirs
ORDER BY b.name, b.id, i.name, i.id, mine[0], theirs[0]`

// WorksWith returns the organisations that take part in the same initiative as orgID, one per
// organisation and initiative, each with the quote behind both sides.
func (s *Store) WorksWith(ctx context.Context, orgID string) ([]*model.WorksWith, error) {
	res, err := s.read(ctx, "works with", worksWithQuery, map[string]any{"id": orgID, "via": model.WorksWithVia})
	if err != nil {
		return nil, err
	}
	out := []*model.WorksWith{}
	seen := map[string]bool{}
	for _, rec := range res.Records {
		org, _, err := neo4j.GetRecordValue[string](rec, "org")
		if err != nil {
			return nil, fmt.Errorf("works with %q: %w", orgID, err)
		}
		ini, _, err := neo4j.GetRecordValue[string](rec, "initiative")
		if err != nil {
			return nil, fmt.Errorf("works with %q: %w", orgID, err)
		}
		mine, _, err := neo4j.GetRecordValue[[]any](rec, "mine")
		if err != nil {
			return nil, fmt.Errorf("works with %q: %w", orgID, err)
		}
		theirs, _, err := neo4j.GetRecordValue[[]any](rec, "theirs")
		if err != nil {
			return nil, fmt.Errorf("works with %q: %w", orgID, err)
		}
		if key := org + "|" + ini; !seen[key] {
			seen[key] = true
			via, ev1 := relationSide(mine)
			otherVia, ev2 := relationSide(theirs)
			out = append(out, &model.WorksWith{OrganisationID: org, InitiativeID: ini, Via: via, OtherVia: otherVia,
				Evidence: []*model.Evidence{ev1, ev2}})
		}
	}
	return out, nil
}

// relationSide reads [type, role, quote, document, offset] as "TYPE (role)" and its evidence.
func relationSide(cols []any) (string, *model.Evidence) {
	text := func(i int) string { s, _ := cols[i].(string); return s }
	offset, _ := cols[4].(int64)
	via := text(0)
	if role := strings.TrimSpace(text(1)); role != "" {
		via += " (" + role + ")"
	}
	return via, &model.Evidence{Quote: text(2), DocumentID: text(3), Offset: int(offset)}
}
