package graph_test

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"slices"
	"strings"
	"testing"
)

type factEvidence struct {
	Quote  string
	Offset int
}

// TestInitiativeFacts reads Buitenkans' scale, period, goals, results and funding through the
// API: each value with the quote behind it, as the seeds state them.
func TestInitiativeFacts(t *testing.T) {
	a := newAPI(t)
	var got struct {
		Node struct {
			Quantities []struct {
				Value     float64
				Unit      string
				UnitLabel string
				Counted   string
				Qualifier string
				Evidence  factEvidence
			}
			Periods []struct {
				Start    *struct{ Value, Precision string }
				End      *struct{ Value, Precision, First string }
				Duration *struct {
					Value float64
					Unit  string
				}
				Note     *string
				Evidence factEvidence
			}
			Goals   []struct{ Text string }
			Results []struct{ Text string }
			Funding []struct {
				Source   struct{ ID string }
				Share    *float64
				Evidence factEvidence
			}
		}
	}
	a.must(`{ node(id: "initiative-buitenkans") { ... on Initiative {
		quantities { value unit unitLabel counted qualifier evidence { quote offset } }
		periods { start { value precision } end { value precision first } duration { value unit } note evidence { quote offset } }
		goals { text } results { text }
		funding { source { id } share evidence { quote offset } } } } }`, nil, &got)
	n := got.Node
	if len(n.Quantities) != 2 || n.Quantities[0].Value != 6 || n.Quantities[0].UnitLabel != "scholen" || n.Quantities[1].Value != 10 {
		t.Errorf("quantities = %+v, want 6 and 10 scholen", n.Quantities)
	}
	for _, q := range n.Quantities {
		if !strings.Contains(q.Evidence.Quote, "zes scholen") || q.Evidence.Offset <= 0 {
			t.Errorf("quantity %v evidence = %+v, want the sentence naming zes scholen, located", q.Value, q.Evidence)
		}
	}
	var sawEnd, sawDuration bool
	for _, p := range n.Periods {
		if p.End != nil && p.End.Value == "2022-2023" && p.End.Precision == "SCHOOLYEAR" && p.End.First == "2022-08-01" && p.Note != nil {
			sawEnd = true
		}
		if p.Duration != nil && p.Duration.Value == 2 && p.Duration.Unit == "jaar" && strings.Contains(p.Evidence.Quote, "tweejarig") {
			sawDuration = true
		}
	}
	if !sawEnd || !sawDuration {
		t.Errorf("periods = %+v, want ending school year 2022-2023 (with its note) and a duration of 2 jaar", n.Periods)
	}
	if len(n.Goals) == 0 || len(n.Results) == 0 {
		t.Errorf("goals %v results %v, want both", n.Goals, n.Results)
	}
	var half bool
	for _, f := range n.Funding {
		if f.Source.ID == "org-gemeente-den-haag" && f.Share != nil && *f.Share == 0.5 && strings.Contains(f.Evidence.Quote, "de helft") {
			half = true
		}
	}
	if !half {
		t.Errorf("funding = %+v, want half of Den Haag's NPO means", n.Funding)
	}

	// Each funding fact is also the FUNDED_BY relation that lists and networks read.
	var rel struct {
		Node struct {
			Programmes struct {
				Edges []struct {
					Type string
					Node struct{ ID string }
				}
			}
		}
	}
	a.must(`{ node(id: "initiative-buitenkans") { ... on Initiative { programmes { edges { type node { id } } } } } }`, nil, &rel)
	var funded []string
	for _, e := range rel.Node.Programmes.Edges {
		if e.Type == "FUNDED_BY" {
			funded = append(funded, e.Node.ID)
		}
	}
	slices.Sort(funded)
	if want := []string{"org-gemeente-den-haag", "programme-nationaal-programma-onderwijs", "region-haaglanden"}; !slices.Equal(funded, want) {
		t.Errorf("FUNDED_BY of Buitenkans = %v, want %v", funded, want)
	}
}

// TestNamedInPassing covers what the documents name in passing: a group role found by search,
// a planned event with its month, publications and meeting formats, and "works with".
func TestNamedInPassing(t *testing.T) {
	a := newAPI(t)
	var hits struct {
		Search []struct{ Node struct{ ID string } }
	}
	a.must(`{ search(query: "kernschool", types: [ORGANISATION]) { node { id } } }`, nil, &hits)
	var ids []string
	for _, h := range hits.Search {
		ids = append(ids, h.Node.ID)
	}
	for _, want := range []string{"org-aan-de-basis", "org-johannes-calvijn", "org-de-vlieger"} {
		if !slices.Contains(ids, want) {
			t.Errorf("search(kernschool) = %v, want %s among them", ids, want)
		}
	}

	var org struct {
		Node struct {
			Roles []struct {
				Role  string
				Group struct{ ID string }
			}
			WorksWith []struct {
				Organisation struct{ ID string }
				Initiative   struct{ ID string }
				Via          string
				OtherVia     string
				Evidence     []factEvidence
			}
		}
	}
	a.must(`{ node(id: "org-johannes-calvijn") { ... on Organisation {
		roles { role group { id } }
		worksWith { organisation { id } initiative { id } via otherVia evidence { quote offset } } } } }`, nil, &org)
	if len(org.Node.Roles) != 1 || org.Node.Roles[0].Role != "kernschool" || org.Node.Roles[0].Group.ID != "initiative-lerende-praktijk-veenendaal" {
		t.Errorf("roles = %+v, want kernschool in the Lerende Praktijk Veenendaal", org.Node.Roles)
	}
	var partners []string
	for _, w := range org.Node.WorksWith {
		partners = append(partners, w.Organisation.ID)
		if len(w.Evidence) != 2 || w.Evidence[0].Quote == "" || w.Evidence[1].Quote == "" {
			t.Errorf("worksWith %s evidence = %+v, want both quotes", w.Organisation.ID, w.Evidence)
		}
		if w.Organisation.ID == "org-johannes-calvijn" {
			t.Errorf("worksWith lists the organisation itself")
		}
	}
	for _, want := range []string{"org-veens-welzijn", "org-cjg-veenendaal", "org-aan-de-basis"} {
		if !slices.Contains(partners, want) {
			t.Errorf("worksWith(Johannes Calvijn) = %v, want %s", partners, want)
		}
	}

	var ev struct {
		Node struct {
			Planned       bool
			Date          string
			DatePrecision string
			Periods       []struct{ Note *string }
		}
	}
	a.must(`{ node(id: "event-kennisfestival-buitenkans") { ... on Event { planned date datePrecision } } }`, nil, &ev)
	if !ev.Node.Planned || ev.Node.Date != "2023-01" || ev.Node.DatePrecision != "MONTH" {
		t.Errorf("kennisfestival = %+v, want planned for 2023-01 (MONTH)", ev.Node)
	}

	var lists struct {
		Publications struct {
			Nodes []struct {
				ID        string
				Documents struct{ Edges []struct{ Type string } }
			}
		}
		MeetingFormats struct {
			Nodes []struct {
				ID     string
				UsedBy struct{ TotalCount int }
			}
		}
	}
	a.must(`{ publications(first: 20) { nodes { id documents { edges { type } } } }
		meetingFormats(first: 20) { nodes { id usedBy { totalCount } } } }`, nil, &lists)
	if len(lists.Publications.Nodes) < 5 {
		t.Errorf("publications = %+v, want the five the documents name", lists.Publications.Nodes)
	}
	for _, p := range lists.Publications.Nodes {
		if len(p.Documents.Edges) == 0 {
			t.Errorf("publication %s has no document referring to it or published in it", p.ID)
		}
	}
	for _, f := range lists.MeetingFormats.Nodes {
		if f.UsedBy.TotalCount == 0 {
			t.Errorf("meeting format %s is used by nobody", f.ID)
		}
	}
}

var updateGolden = flag.Bool("update-facts", false, "rewrite graph/testdata/*.golden.json from the seeded graph")

// readmeFactsQuery is the README's knowledge-depth example; its answer is
// testdata/readme-facts.golden.json, so the README shows what the API really answers.
const readmeFactsQuery = `{ node(id: "initiative-buitenkans") { ... on Initiative { name
    quantities { value unitLabel counted evidence { quote } }
    periods { start { value precision } end { value precision } duration { value unit } note }
    goals { text }
    funding { source { name } share evidence { quote } } } } }`

func TestReadmeFactsExample(t *testing.T) {
	a := newAPI(t)
	var got json.RawMessage
	a.must(readmeFactsQuery, nil, &got)
	var pretty bytes.Buffer
	if err := json.Indent(&pretty, got, "", "  "); err != nil {
		t.Fatal(err)
	}
	const golden = "testdata/readme-facts.golden.json"
	if *updateGolden {
		if err := os.WriteFile(golden, pretty.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("read %s: %v (run with -update)", golden, err)
	}
	if pretty.String() != string(want) {
		t.Errorf("README example answer changed:\n%s\nwant (%s):\n%s", pretty.String(), golden, want)
	}
}
