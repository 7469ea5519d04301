package propose

import (
	"bytes"
	"fmt"
	"io/fs"
	"path"
	"testing/fstest"

	"github.com/metandereogen/maograph/graph/model"
	"github.com/metandereogen/maograph/loader"
)

// Overlay copies the seed files and documents of base into memory and adds files (path →
// content) on top, so that a draft can be checked together with the seeds it refers to
// without writing anything.
func Overlay(base fs.FS, files map[string][]byte) (fstest.MapFS, error) {
	out := fstest.MapFS{}
	if base != nil {
		err := fs.WalkDir(base, ".", func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			if ext := path.Ext(p); ext != ".yaml" && ext != ".txt" {
				return nil
			}
			data, err := fs.ReadFile(base, p)
			if err != nil {
				return err
			}
			out[p] = &fstest.MapFile{Data: data}
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("read the seed folder: %w", err)
		}
	}
	for p, data := range files {
		out[p] = &fstest.MapFile{Data: data}
	}
	return out, nil
}

// Check runs the loader over base with the draft (named draftName, e.g. 005-x.yaml) and its
// document (at the draft's document path) added, and returns the loader's problems, each as
// file:line: message.
func Check(base fs.FS, draftName string, draft []byte, docPath string, docText []byte) (*model.Dataset, error) {
	fsys, err := Overlay(base, map[string][]byte{draftName: draft, docPath: docText})
	if err != nil {
		return nil, err
	}
	return loader.Parse(fsys)
}

// YAML returns the draft as a seed file.
func (d *Draft) YAML() []byte {
	var b bytes.Buffer
	_ = d.WriteYAML(&b) // a bytes.Buffer does not fail
	return b.Bytes()
}

func mapFile(data []byte) *fstest.MapFile { return &fstest.MapFile{Data: data} }
