package graph

import (
	"slices"

	"github.com/metandereogen/maograph/graph/model"
)

// relationFields is the wiring table of the typed relation fields: for each entity type and
// field, the relationships it lists. It is the one place a relation field is defined: its
// resolver reads its row (relationField), and prefetch reads the same rows to load a whole
// level at once. Adding a relation field is one row here plus its line in the schema;
// TestRelationFieldsWired fails for a schema field without a row. Member lists (Theme.initiatives,
// …) are wired in memberFields instead: they follow the membership table.
var relationFields = map[string]map[string]model.RelQuery{
	model.LabelBouwsteen: {
		"sources": rel(pairs(out, "DERIVED_FROM")),
		"themes":  aboutQ,
	},
	model.LabelDocument: {
		"authors": rel(pairs(in, "AUTHORED")),
	},
	model.LabelEvent: {
		"speakers":   rel(pairs(in, "PRESENTED_AT", "LEADS", "COORDINATES"), model.LabelPerson),
		"regions":    rel(join(pairs(out, "LOCATED_IN"), pairs(in, "ORGANISED")), model.LabelRegion),
		"bouwstenen": rel(pairs(in, "DERIVED_FROM"), model.LabelBouwsteen),
		"themes":     aboutQ,
		"learnsFrom": learnsFromQ,
		"inspires":   inspiresQ,
	},
	model.LabelInitiative: {
		"regions":    rel(pairs(out, "LOCATED_IN"), model.LabelRegion),
		"partners":   rel(pairs(in, "PARTNER_IN", "LEADS", "COORDINATES"), model.LabelOrganisation),
		"people":     rel(pairs(in, "LEADS", "COORDINATES", "INVOLVED_IN"), model.LabelPerson),
		"bouwstenen": embodiesQ,
		"themes":     aboutQ,
		"programmes": rel(pairs(out, "PART_OF", "FUNDED_BY"), model.LabelProgramme, model.LabelInitiative, model.LabelOrganisation, model.LabelRegion),
		"events":     rel(pairs(out, "PRESENTED_AT"), model.LabelEvent),
		"learnsFrom": learnsFromQ,
		"inspires":   inspiresQ,
	},
	model.LabelOrganisation: {
		"people":      rel(pairs(in, "WORKS_FOR", "LEADS"), model.LabelPerson),
		"initiatives": rel(pairs(out, "PARTNER_IN", "LEADS", "COORDINATES"), model.LabelInitiative, model.LabelProgramme),
		"regions":     rel(pairs(out, "LOCATED_IN"), model.LabelRegion),
		"events":      rel(pairs(out, "ORGANISED", "PRESENTED_AT", "ATTENDED", "PARTNER_IN", "LEADS", "COORDINATES"), model.LabelEvent),
		"learnsFrom":  learnsFromQ,
		"inspires":    inspiresQ,
	},
	model.LabelPerson: {
		"organisations": rel(pairs(out, "WORKS_FOR", "LEADS"), model.LabelOrganisation),
		"initiatives":   rel(pairs(out, "LEADS", "COORDINATES", "INVOLVED_IN"), model.LabelInitiative, model.LabelProgramme),
		"events":        rel(pairs(out, "PRESENTED_AT", "ATTENDED", "ORGANISED", "LEADS", "COORDINATES", "INVOLVED_IN"), model.LabelEvent),
		"learnsFrom":    learnsFromQ,
		"inspires":      inspiresQ,
	},
	model.LabelRegion: {
		"bouwstenen": embodiesQ,
		"learnsFrom": learnsFromQ,
		"inspires":   inspiresQ,
	},
	model.LabelPublication: {
		"documents": rel(pairs(in, "REFERS_TO", "PUBLISHED_IN"), model.LabelDocument, model.LabelPublication),
	},
	model.LabelMeetingFormat: {
		"usedBy": rel(pairs(in, "USES_FORMAT")),
	},
	model.LabelProgramme: {
		"members":    rel(pairs(in, "PART_OF", "FUNDED_BY", "PARTNER_IN", "LEADS", "COORDINATES", "INVOLVED_IN")),
		"learnsFrom": learnsFromQ,
		"inspires":   inspiresQ,
	},
}

// regionParentQ is Region.parent: not a list, so not a row of the table.
var regionParentQ = rel(pairs(out, "PART_OF"), model.LabelRegion)

// Queries several types share.
var (
	learnsFromQ = rel(join(pairs(out, model.LearnsFrom), pairs(in, model.Inspires)))
	inspiresQ   = rel(join(pairs(out, model.Inspires), pairs(in, model.LearnsFrom)))
	embodiesQ   = rel(pairs(out, "EMBODIES"), model.LabelBouwsteen)
	aboutQ      = rel(pairs(out, "ABOUT"), model.LabelTheme)
)

// farLabels returns the labels the far end of a relation query can have, sorted: by the
// endpoint rules of its types (model.RelationRules: To seen OUT, From seen IN, either BOTH),
// narrowed to q.Labels when it names some. A field whose far end has exactly one label is
// typed by it in the schema (RegionRelationConnection); TestTypedRelationFields holds the
// schema to this.
func farLabels(q model.RelQuery) []string {
	var labels []string
	for _, p := range q.Pairs {
		rule := model.RelationRules[p.Type]
		var ends []string
		switch p.Dir {
		case out:
			ends = rule.To
		case in:
			ends = rule.From
		default:
			ends = append(slices.Clone(rule.To), rule.From...)
		}
		for _, l := range ends {
			if (len(q.Labels) == 0 || slices.Contains(q.Labels, l)) && !slices.Contains(labels, l) {
				labels = append(labels, l)
			}
		}
	}
	slices.Sort(labels)
	return labels
}

// farLabel returns the one label at the far end of a relation query, "" when it can have
// several (or none).
func farLabel(q model.RelQuery) string {
	if ls := farLabels(q); len(ls) == 1 {
		return ls[0]
	}
	return ""
}
