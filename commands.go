package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"sort"
	"strconv"
	"time"

	"github.com/metandereogen/maograph/devdb"
	"github.com/metandereogen/maograph/export"
	"github.com/metandereogen/maograph/loader"
	"github.com/metandereogen/maograph/seeds"
	"github.com/metandereogen/maograph/store"
)

func printSummary(w io.Writer, s *store.SeedSummary) {
	if s.LeftoverNodes > 0 {
		fmt.Fprintf(w, "removed %d nodes an unfinished earlier load had left (readers never saw them)\n", s.LeftoverNodes)
	}
	fmt.Fprintf(w, "seeds loaded in %s (%s)\n", s.Duration.Round(time.Millisecond),
		map[bool]string{true: "graph already up to date", false: fmt.Sprintf("+%d/-%d nodes, +%d/-%d relationships, %d properties set",
			s.NodesCreated, s.NodesDeleted, s.RelsCreated, s.RelsDeleted, s.PropertiesSet)}[s.Unchanged])
	if s.Shadow {
		fmt.Fprintf(w, "  %d rows changed: written as a new generation in batches, then switched to at once\n", s.Rows)
	}
	if s.CleanupErr != nil {
		fmt.Fprintf(w, "  the previous generation could not be removed yet (the next load removes it): %v\n", s.CleanupErr)
	}
	for _, part := range []struct {
		title  string
		counts map[string]int
	}{{"nodes", s.NodesByLabel}, {"relationships", s.RelationsByType}} {
		keys := make([]string, 0, len(part.counts))
		total := 0
		for k, v := range part.counts {
			keys = append(keys, k)
			total += v
		}
		sort.Strings(keys)
		fmt.Fprintf(w, "  %-14s %5d:", part.title, total)
		for _, k := range keys {
			fmt.Fprintf(w, " %s %d", k, part.counts[k])
		}
		fmt.Fprintln(w)
	}
	fmt.Fprintf(w, "  %-14s %5d: in %d MENTIONED_IN relationships, one per entity and document\n", "mentions", s.Mentions, s.MentionPairs)
}

// devdbCommand runs the dev Neo4j in the background (start), stops it by its pid (stop), or
// says whether it runs (status).
func devdbCommand(ctx context.Context, args []string, stdout io.Writer) error {
	if len(args) != 1 {
		return errors.New("usage: mao-graph devdb start|stop|status")
	}
	root, err := devdb.FindRoot()
	if err != nil {
		return err
	}
	pidFile := devdb.PIDFile(root)
	switch args[0] {
	case "start":
		if d, ok := devdb.ReadPID(pidFile); ok {
			fmt.Fprintf(stdout, "dev neo4j already running: %s (pid %d)\n", d.URI, d.Pid)
			return nil
		}
		port := 7687
		if p, err := strconv.Atoi(os.Getenv("NEO4J_DEV_PORT")); err == nil {
			port = p
		}
		in, err := devdb.Start(ctx, devdb.Options{Root: root, Port: port})
		if err != nil {
			return err
		}
		if err := devdb.WritePID(pidFile, in); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "dev neo4j %s running: %s (pid %d, user neo4j, password %s)\n", in.Version, in.URI, in.Pid(), devdb.DefaultPassword)
		return nil
	case "stop":
		if err := devdb.StopPID(ctx, pidFile); err != nil {
			return err
		}
		fmt.Fprintln(stdout, "dev neo4j stopped")
		return nil
	case "status":
		if d, ok := devdb.ReadPID(pidFile); ok {
			fmt.Fprintf(stdout, "running: %s (pid %d)\n", d.URI, d.Pid)
			return nil
		}
		return errors.New("dev neo4j is not running")
	}
	return fmt.Errorf("unknown devdb command %q: use start, stop or status", args[0])
}

// exportCommand writes the whole graph in one format (mao-graph export --format graphml|csv|json
// [-o file]) from the configured Neo4j, or from the dev Neo4j with the seeds loaded when
// NEO4J_URI is unset. Progress goes to standard error when the export goes to standard output.
func exportCommand(ctx context.Context, args []string, getenv func(string) string, stdout io.Writer) error {
	cfg, err := parseConfig("export", args, getenv)
	if err != nil {
		return err
	}
	logs := stdout
	if cfg.ExportOut == "" {
		logs = os.Stderr
	}
	a, err := start(ctx, cfg, logs)
	if err != nil {
		return err
	}
	defer a.close(ctx)
	out := stdout
	if cfg.ExportOut != "" {
		f, err := os.Create(cfg.ExportOut)
		if err != nil {
			return fmt.Errorf("export: %w", err)
		}
		defer f.Close()
		out = f
	}
	if err := export.Write(ctx, out, cfg.ExportFormat, a.store); err != nil {
		return fmt.Errorf("export %s: %w", cfg.ExportFormat, err)
	}
	if f, ok := out.(*os.File); ok && f != os.Stdout {
		if err := f.Close(); err != nil {
			return fmt.Errorf("export: %w", err)
		}
		fmt.Fprintf(stdout, "exported the graph as %s to %s\n", cfg.ExportFormat, cfg.ExportOut)
	}
	return nil
}

// coverageCommand prints, per document, the share of its sentences that back a fact and the
// sentences holding a number, date or proper name that back none (seeds/COVERAGE.md is its
// output). It fails when such a sentence is not listed in its seed file's leftOut.
func coverageCommand(args []string, getenv func(string) string, stdout io.Writer) error {
	fset := flag.NewFlagSet("coverage", flag.ContinueOnError)
	dir := fset.String("seed-dir", getenv("MAO_SEED_DIR"), "read seeds from this folder instead of the embedded ones (MAO_SEED_DIR)")
	if err := fset.Parse(args); err != nil {
		return err
	}
	var fsys fs.FS = seeds.FS
	if *dir != "" {
		fsys = os.DirFS(*dir)
	}
	rep, err := loader.Coverage(fsys)
	if err != nil {
		return fmt.Errorf("coverage: %w", err)
	}
	if err := rep.WriteMarkdown(stdout); err != nil {
		return fmt.Errorf("coverage: %w", err)
	}
	if n := rep.Unlisted(); n > 0 {
		return fmt.Errorf("coverage: %d uncovered sentence(s) with a number, date or name are not in a seed file's leftOut", n)
	}
	return nil
}
