package hostile

import (
	"strings"
	"testing"
)

// TestCorpusLoads: every case of the committed corpus parses, builds its request, and names
// the answer it wants.
func TestCorpusLoads(t *testing.T) {
	cases, err := Load("../testdata/hostile")
	if err != nil {
		t.Fatal(err)
	}
	if len(cases) < 50 {
		t.Errorf("the corpus has %d cases, want the issue's and more", len(cases))
	}
	for _, c := range cases {
		b, err := c.body()
		if err != nil {
			t.Errorf("%s: body: %v", c.Name, err)
		}
		if c.Why == "" {
			t.Errorf("%s: no why", c.Name)
		}
		if c.Want.Code != "" && strings.ToUpper(c.Want.Code) != c.Want.Code {
			t.Errorf("%s: code %q is not an extensions.code", c.Name, c.Want.Code)
		}
		_ = b
	}
}

func TestBuild(t *testing.T) {
	tests := []struct {
		parts []Part
		want  string
	}{
		{[]Part{{Text: "{"}, {Text: " a{i}: x", Repeat: 3}, {Text: " }"}}, "{ a0: x a1: x a2: x }"},
		{[]Part{{Text: "ab", Repeat: 2}}, "abab"},
	}
	for _, tt := range tests {
		if got := build(tt.parts); got != tt.want {
			t.Errorf("build(%v) = %q, want %q", tt.parts, got, tt.want)
		}
	}
}
