package main

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/metandereogen/maograph/graph/model"
	"github.com/metandereogen/maograph/loader"
	"github.com/metandereogen/maograph/seeds"
	"github.com/metandereogen/maograph/store/storetest"
)

// download GETs a path of the server and returns the body, checking status and headers.
func download(t *testing.T, base, path, contentType string) []byte {
	t.Helper()
	resp, err := http.Get(base + path)
	if err != nil {
		t.Fatalf("GET %s: %v", path, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("GET %s: %v", path, err)
	}
	if resp.StatusCode != http.StatusOK || !strings.HasPrefix(resp.Header.Get("Content-Type"), contentType) ||
		!strings.HasPrefix(resp.Header.Get("Content-Disposition"), "attachment") {
		t.Fatalf("GET %s = %d %q %q, want 200 %s attachment", path, resp.StatusCode, resp.Header.Get("Content-Type"),
			resp.Header.Get("Content-Disposition"), contentType)
	}
	return body
}

// TestExport downloads the graph in every format from the running server and reads each back
// with a real reader — GraphML with NetworkX, CSV from the zip with encoding/csv, JSON with
// encoding/json — checking the counts against the seeds and every relationship's quote,
// document and offset; and runs `mao-graph export` to a file.
func TestExport(t *testing.T) {
	if testing.Short() {
		t.Skip("needs Neo4j")
	}
	ds, err := loader.Parse(seeds.FS)
	if err != nil {
		t.Fatal(err)
	}
	perLabel := map[string]int{}
	for _, n := range ds.Nodes {
		perLabel[n.Label]++
	}
	rels := map[string]model.SeedRelation{}
	for _, r := range ds.Relations {
		rels[r.ID] = r
	}
	base := newTestServer(t)

	t.Run("graphml read by networkx", func(t *testing.T) {
		file := filepath.Join(t.TempDir(), "g.graphml")
		if err := os.WriteFile(file, download(t, base, "/export/graph.graphml", "application/graphml+xml"), 0o644); err != nil {
			t.Fatal(err)
		}
		out, err := exec.Command("python3", "testdata/read_graphml.py", file).Output()
		if err != nil {
			t.Fatalf("python3 testdata/read_graphml.py: %v (NetworkX missing? run scripts/setup.sh)", err)
		}
		var got struct {
			Directed bool           `json:"directed"`
			Nodes    int            `json:"nodes"`
			Edges    int            `json:"edges"`
			Labels   map[string]int `json:"labels"`
			ByID     map[string]struct {
				Source, Target, Type, Quote, Document string
				Offset                                int
			} `json:"byId"`
		}
		if err := json.Unmarshal(out, &got); err != nil {
			t.Fatalf("read_graphml output: %v", err)
		}
		if !got.Directed || got.Nodes != len(ds.Nodes) || got.Edges != len(ds.Relations) {
			t.Errorf("networkx read directed=%v, %d nodes, %d edges; want directed, %d, %d", got.Directed, got.Nodes, got.Edges, len(ds.Nodes), len(ds.Relations))
		}
		for l, n := range perLabel {
			if got.Labels[l] != n {
				t.Errorf("networkx read %d %s nodes, want %d", got.Labels[l], l, n)
			}
		}
		for id, r := range rels {
			e, ok := got.ByID[id]
			if !ok || e.Source != r.From || e.Target != r.To || e.Type != r.Type || e.Quote != r.Quote || e.Document != r.Document || e.Offset != r.Offset {
				t.Errorf("edge %q read back as %+v, want %s %s→%s %q (%s:%d)", id, e, r.Type, r.From, r.To, r.Quote, r.Document, r.Offset)
			}
		}
	})

	t.Run("csv zip", func(t *testing.T) {
		body := download(t, base, "/export/graph.csv.zip", "application/zip")
		zr, err := zip.NewReader(bytes.NewReader(body), int64(len(body)))
		if err != nil {
			t.Fatalf("zip: %v", err)
		}
		files := map[string][][]string{}
		for _, f := range zr.File {
			rc, err := f.Open()
			if err != nil {
				t.Fatal(err)
			}
			raw, _ := io.ReadAll(rc)
			rc.Close()
			if !bytes.HasPrefix(raw, []byte("\ufeff")) {
				t.Errorf("%s does not start with a UTF-8 byte-order mark", f.Name)
			}
			rows, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(raw, []byte("\ufeff")))).ReadAll()
			if err != nil {
				t.Fatalf("%s: %v", f.Name, err)
			}
			files[f.Name] = rows
		}
		for l, n := range perLabel {
			name := strings.ToLower(l) + ".csv"
			if got := len(files[name]) - 1; got != n {
				t.Errorf("%s has %d rows, want %d", name, got, n)
			}
		}
		relRows := files["relationships.csv"]
		if len(relRows)-1 != len(ds.Relations) {
			t.Fatalf("relationships.csv has %d rows, want %d", len(relRows)-1, len(ds.Relations))
		}
		col := map[string]int{}
		for i, h := range relRows[0] {
			col[h] = i
		}
		for _, row := range relRows[1:] {
			if r := rels[row[col["id"]]]; row[col["quote"]] != r.Quote || row[col["document"]] != r.Document {
				t.Errorf("relationships.csv row %v, want quote %q from %s", row, r.Quote, r.Document)
			}
		}
	})

	t.Run("json", func(t *testing.T) {
		var got struct {
			Nodes         []map[string]any `json:"nodes"`
			Relationships []struct {
				ID, Quote, Document string
			} `json:"relationships"`
		}
		if err := json.Unmarshal(download(t, base, "/export/graph.json", "application/json"), &got); err != nil {
			t.Fatalf("json: %v", err)
		}
		if len(got.Nodes) != len(ds.Nodes) || len(got.Relationships) != len(ds.Relations) {
			t.Errorf("json: %d nodes, %d relationships, want %d, %d", len(got.Nodes), len(got.Relationships), len(ds.Nodes), len(ds.Relations))
		}
		for _, r := range got.Relationships {
			if r.Quote != rels[r.ID].Quote {
				t.Errorf("json relationship %s quote %q, want %q", r.ID, r.Quote, rels[r.ID].Quote)
			}
		}
	})

	t.Run("command", func(t *testing.T) {
		c := storetest.Config(t)
		env := map[string]string{"NEO4J_URI": c.URI, "NEO4J_USER": c.User, "NEO4J_PASSWORD": c.Password}
		file := filepath.Join(t.TempDir(), "g.json")
		var out bytes.Buffer
		err := run(context.Background(), []string{"export", "--format", "json", "-o", file}, func(k string) string { return env[k] }, &out)
		if err != nil {
			t.Fatalf("mao-graph export: %v", err)
		}
		raw, err := os.ReadFile(file)
		if err != nil || !json.Valid(raw) || !strings.Contains(out.String(), "exported the graph as json") {
			t.Errorf("mao-graph export wrote %d bytes (valid JSON %v, err %v), said %q", len(raw), json.Valid(raw), err, out.String())
		}
		err = run(context.Background(), []string{"export", "--format", "pdf"}, func(k string) string { return env[k] }, &out)
		if err == nil || !strings.Contains(err.Error(), `"pdf"`) {
			t.Errorf("mao-graph export --format pdf = %v, want an error naming the format", err)
		}
	})
}
