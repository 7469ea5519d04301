package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/metandereogen/maograph/loader"
	"github.com/metandereogen/maograph/propose"
	"github.com/metandereogen/maograph/seeds"
)

// proposeCommand writes a draft seed file for a new document (mao-graph propose FILE.txt), or
// with -evaluate the leave-one-document-out evaluation of the proposer over the seeds.
func proposeCommand(args []string, getenv func(string) string, stdout io.Writer) error {
	fsf := flag.NewFlagSet("mao-graph propose", flag.ContinueOnError)
	title := fsf.String("title", "", "the document's title, when its first line is not (verbatim from the text)")
	date := fsf.String("date", "", "the document's date yyyy-mm-dd, when the text states it elsewhere than at the top")
	kind := fsf.String("kind", "", "interview, verslag, blog or dialoogsessie (guessed from the text when empty)")
	out := fsf.String("o", "", "write the draft (or the evaluation) to this file instead of stdout")
	seedDir := fsf.String("seed-dir", getenv("MAO_SEED_DIR"), "the seed folder the gazetteer is read from; empty uses the embedded seeds (MAO_SEED_DIR)")
	evaluate := fsf.Bool("evaluate", false, "evaluate the proposer leave-one-document-out over the seeds and write EVALUATION.md")
	details := fsf.Bool("details", false, "with -evaluate: list what was missed and what was wrong, per document")
	// Flags may come before or after the file name.
	var files []string
	for rest := args; ; {
		if err := fsf.Parse(rest); err != nil {
			return err
		}
		if fsf.NArg() == 0 {
			break
		}
		files = append(files, fsf.Arg(0))
		rest = fsf.Args()[1:]
	}
	var seedFS fs.FS = seeds.FS
	if *seedDir != "" {
		seedFS = os.DirFS(*seedDir)
	}
	var buf bytes.Buffer
	switch {
	case *evaluate:
		if len(files) > 0 {
			return errors.New("propose -evaluate takes no file")
		}
		ev, err := propose.Evaluate(seedFS)
		if err != nil {
			return err
		}
		if *details {
			ev.WriteDetails(&buf)
		} else if err := ev.WriteMarkdown(&buf); err != nil {
			return err
		}
	case len(files) == 1:
		text, err := os.ReadFile(files[0])
		if err != nil {
			return fmt.Errorf("read the document: %w", err)
		}
		ds, err := loader.Parse(seedFS)
		if err != nil {
			return fmt.Errorf("the seeds the gazetteer is read from do not load: %w", err)
		}
		docPath := "documents/" + filepath.Base(files[0])
		draft, err := propose.Propose(string(text), propose.Meta{File: docPath, Title: *title, Date: *date, Kind: *kind}, propose.NewGazetteer(ds))
		if err != nil {
			return fmt.Errorf("%s: %w", files[0], err)
		}
		yaml := draft.YAML()
		// The draft must load together with the seeds; if it does not, that is a bug here.
		if _, err := propose.Check(seedFS, "zz-draft.yaml", yaml, docPath, text); err != nil {
			return fmt.Errorf("the draft for %s does not pass the loader (a proposer bug): %w", files[0], err)
		}
		buf.Write(yaml)
	default:
		return errors.New("usage: mao-graph propose FILE.txt [-title T] [-date yyyy-mm-dd] [-kind K] [-o draft.yaml] | mao-graph propose -evaluate [-o propose/EVALUATION.md]")
	}
	if *out == "" {
		_, err := stdout.Write(buf.Bytes())
		return err
	}
	if strings.TrimSpace(*out) == "" {
		return errors.New("-o needs a file name")
	}
	if err := os.WriteFile(*out, buf.Bytes(), 0o644); err != nil {
		return fmt.Errorf("write %s: %w", *out, err)
	}
	fmt.Fprintf(stdout, "wrote %s\n", *out)
	return nil
}
