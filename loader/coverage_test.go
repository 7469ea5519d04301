package loader

import (
	"bytes"
	"flag"
	"os"
	"strings"
	"testing"

	"github.com/metandereogen/maograph/seeds"
)

var update = flag.Bool("update", false, "rewrite seeds/COVERAGE.md from the seeds")

// TestCoverage fails when a sentence holding a number, date or proper name backs no fact and
// is not consciously left out, and when seeds/COVERAGE.md no longer matches the seeds.
func TestCoverage(t *testing.T) {
	rep, err := Coverage(seeds.FS)
	if err != nil {
		t.Fatalf("Coverage(seeds) error: %v", err)
	}
	for _, d := range rep.Documents {
		for _, s := range d.Unlisted {
			t.Errorf("%s: uncovered sentence with a number, date or name, not in leftOut: %q", d.SeedFile, s)
		}
	}
	var got bytes.Buffer
	if err := rep.WriteMarkdown(&got); err != nil {
		t.Fatal(err)
	}
	const golden = "../seeds/COVERAGE.md"
	if *update {
		if err := os.WriteFile(golden, got.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("read %s: %v (run go test ./loader -run TestCoverage -update)", golden, err)
	}
	if got.String() != string(want) {
		t.Errorf("%s is stale: run go test ./loader -run TestCoverage -update", golden)
	}
}

func TestSentencesAndHoldsFact(t *testing.T) {
	text := []rune("Eerste zin. Tweede zin met Emma Kager!\n\n---\nKop zonder punt\n“Citaat.” Daarna meer.")
	var got []string
	for _, s := range sentences(text) {
		got = append(got, string(text[s[0]:s[1]]))
	}
	want := []string{"Eerste zin.", "Tweede zin met Emma Kager!", "Kop zonder punt", "“Citaat.”", "Daarna meer."}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("sentences = %q, want %q", got, want)
	}
	tests := []struct {
		in   string
		want bool
	}{
		{"Het project is net begonnen.", false},
		{"Het project loopt drie jaar.", true},
		{"Het project startte in januari.", true},
		{"Het project van Emma Kager.", true},
		{"Het kost 20 uur.", true},
		{"Dat is een goed idee: Samen werken.", false},
		{"Hij zei “Wij doen het”.", false},
	}
	for _, tt := range tests {
		if got := holdsFact(tt.in); got != tt.want {
			t.Errorf("holdsFact(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}
