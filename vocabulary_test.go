package main

import (
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/metandereogen/maograph/graph/model"
)

// TestVocabularyHasOneSource: the relation vocabulary lives in Go (model.RelationRules, the
// labels in model.Labels, the membership dimensions and scopes); the schema's enums and the
// explorer's labels.js must name exactly the same things, so that a relation type, label,
// dimension or scope added in one place and forgotten in another fails here.
func TestVocabularyHasOneSource(t *testing.T) {
	raw, err := os.ReadFile("explorer/web/src/labels.js")
	if err != nil {
		t.Fatal(err)
	}
	js := string(raw)
	var rules []string
	for r := range model.RelationRules {
		rules = append(rules, r)
	}
	var enumTypes, enumLabels, enumScopes, enumDims []string
	for _, r := range model.AllRelationType {
		enumTypes = append(enumTypes, string(r))
	}
	for _, l := range model.AllNodeType {
		enumLabels = append(enumLabels, string(l))
	}
	for _, s := range model.AllScope {
		enumScopes = append(enumScopes, string(s))
	}
	for _, d := range model.AllDimension {
		enumDims = append(enumDims, string(d))
	}
	var goLabels, goDims []string
	for _, l := range model.Labels {
		goLabels = append(goLabels, strings.ToUpper(l))
	}
	for _, d := range model.Dimensions {
		goDims = append(goDims, string(d))
	}
	tests := []struct {
		name      string
		got, want []string
	}{
		{"schema enum RelationType", enumTypes, rules},
		{"labels.js ALL_RELATIONS", quoted(t, js, "ALL_RELATIONS"), rules},
		{"labels.js REL", objectKeys(t, js, "REL"), rules},
		{"schema enum NodeType", enumLabels, goLabels},
		{"labels.js TYPES (enumName)", enumNames(js), goLabels},
		{"schema enum Dimension", enumDims, goDims},
		{"labels.js DIMENSIONS", objectKeys(t, js, "DIMENSIONS"), goDims},
		{"labels.js SCOPES", objectKeys(t, js, "SCOPES"), enumScopes},
	}
	for _, tt := range tests {
		g, w := slices.Sorted(slices.Values(tt.got)), slices.Sorted(slices.Values(tt.want))
		if !slices.Equal(g, w) {
			t.Errorf("%s = %v, want %v", tt.name, g, w)
		}
	}
}

// block returns the text of `export const name = ...;` in js.
func block(t *testing.T, js, name string) string {
	t.Helper()
	start := strings.Index(js, "export const "+name+" = ")
	if start < 0 {
		t.Fatalf("labels.js has no export const %s", name)
	}
	end := strings.Index(js[start:], "\n};")
	if e := strings.Index(js[start:], "];"); end < 0 || (e >= 0 && e < end) {
		end = e
	}
	return js[start : start+end]
}

func quoted(t *testing.T, js, name string) []string {
	var out []string
	for _, m := range regexp.MustCompile(`"([A-Z_]+)"`).FindAllStringSubmatch(block(t, js, name), -1) {
		out = append(out, m[1])
	}
	return out
}

func objectKeys(t *testing.T, js, name string) []string {
	var out []string
	for _, m := range regexp.MustCompile(`(?m)^  ([A-Z_]+): `).FindAllStringSubmatch(block(t, js, name), -1) {
		out = append(out, m[1])
	}
	return out
}

func enumNames(js string) []string {
	var out []string
	for _, m := range regexp.MustCompile(`enumName: "([A-Z]+)"`).FindAllStringSubmatch(js, -1) {
		out = append(out, m[1])
	}
	return out
}
