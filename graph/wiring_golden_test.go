package graph

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/")

// TestWiringGolden prints the wiring table (every typed relation field with its relationship
// types, directions and far labels, the labels the endpoint rules leave and the connection
// type that follows; every member list with its label and dimension) into
// testdata/wiring.golden, so that grepping a relationship type finds every field that follows
// it. The member lists' Cypher is in store/testdata/membership.cypher.golden. Refresh with
// go test ./graph -run WiringGolden -update.
func TestWiringGolden(t *testing.T) {
	var lines []string
	for typeName, fields := range relationFields {
		for field, q := range fields {
			var pairs []string
			for _, p := range q.Pairs {
				pairs = append(pairs, p.Dir+" "+p.Type)
			}
			far := "any label"
			if len(q.Labels) > 0 {
				far = strings.Join(q.Labels, "|")
			}
			conn := "RelationConnection"
			if l := farLabel(q); l != "" {
				conn = l + "RelationConnection, where: " + l + "Where"
			}
			lines = append(lines, fmt.Sprintf("%s.%s: relations %s, to %s (endpoint rules: %s) -> %s", typeName, field, strings.Join(pairs, ", "), far,
				strings.Join(farLabels(q), "|"), conn))
		}
	}
	for typeName, fields := range memberFields {
		for field, f := range fields {
			lines = append(lines, fmt.Sprintf("%s.%s: members of label %s by dimension %s -> %sMemberConnection, where: %sWhere", typeName, field, f.Label, f.Dimension, f.Label, f.Label))
		}
	}
	slices.Sort(lines)
	got := strings.Join(lines, "\n") + "\n"
	path := filepath.Join("testdata", "wiring.golden")
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil || string(want) != got {
		t.Errorf("the wiring table differs from %s (%v); review and run go test ./graph -run WiringGolden -update", path, err)
	}
}
