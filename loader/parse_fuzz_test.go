package loader

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/metandereogen/maograph/graph/model"
)

// FuzzParse feeds arbitrary bytes to Parse as a seed file next to the valid fixture's
// document. Parse must not panic, must return a dataset or an error but not both, must give
// every problem as seed.yaml:..., and must place every relation quote at its offset.
func FuzzParse(f *testing.F) {
	const name = "seed.yaml"
	doc, err := os.ReadFile("testdata/valid/documents/doc.txt")
	if err != nil {
		f.Fatal(err)
	}
	fixtures, _ := filepath.Glob("testdata/*/*.yaml")
	for _, path := range fixtures {
		b, err := os.ReadFile(path)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, seed []byte) {
		fsys := fstest.MapFS{name: {Data: seed}, "documents/doc.txt": {Data: doc}}
		ds, err := Parse(fsys)
		if (ds == nil) == (err == nil) {
			t.Fatalf("Parse(%q) = %v, %v; want a dataset or an error", seed, ds, err)
		}
		if err != nil {
			lines := strings.Split(err.Error(), "\n")
			for _, l := range lines[1:] {
				if !strings.HasPrefix(l, name+":") {
					t.Fatalf("Parse(%q) error line %q does not start with %q; whole error:\n%v", seed, l, name+":", err)
				}
			}
			return
		}
		texts := map[string][]rune{}
		for _, n := range ds.Nodes {
			if text, ok := n.Props["text"].(string); ok && n.Label == model.LabelDocument {
				texts[n.ID] = []rune(text)
			}
		}
		for _, r := range ds.Relations {
			text, ok := texts[r.Document]
			if !ok {
				t.Errorf("Parse(%q): relation %s names document %q, which is not in the dataset", seed, r.ID, r.Document)
				continue
			}
			want := fold(r.Quote).text
			if r.Offset < 0 || r.Offset > len(text) || !strings.HasPrefix(string(fold(string(text[r.Offset:])).text), string(want)) {
				t.Errorf("Parse(%q): relation %s quote %q is not at offset %d of %s", seed, r.ID, r.Quote, r.Offset, r.Document)
			}
		}
	})
}
