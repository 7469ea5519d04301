// Package export writes the curated graph in the formats analysts' own tools read: GraphML
// (Gephi, NetworkX, yEd), CSV (one file per label and one for relationships, UTF-8 with a
// byte-order mark so that spreadsheets read the accents, zipped) and JSON. Every
// relationship carries its evidence (quote, document, offset) as attributes. It streams:
// nodes and relationships are written as the source hands them over, so memory does not grow
// with the graph and no whole-graph string is built.
package export

import (
	"archive/zip"
	"bufio"
	"context"
	"encoding/csv"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/metandereogen/maograph/graph/model"
)

// Source is where the graph comes from (store.Store implements it).
type Source interface {
	// ExportNodes calls fn for every node of label, in id order.
	ExportNodes(ctx context.Context, label string, fn func(model.ExportNode) error) error
	// ExportRelations calls fn for every curated relationship.
	ExportRelations(ctx context.Context, fn func(model.GraphRelation) error) error
}

// Formats are the formats Write knows, by name.
var Formats = []string{"graphml", "csv", "json"}

// ContentType and FileName return how a format is served and saved.
func ContentType(format string) string {
	return map[string]string{"graphml": "application/graphml+xml; charset=utf-8", "csv": "application/zip",
		"json": "application/json; charset=utf-8"}[format]
}

// FileName is the file name a download of format gets.
func FileName(format string) string {
	return map[string]string{"graphml": "mao-graph.graphml", "csv": "mao-graph.csv.zip", "json": "mao-graph.json"}[format]
}

// field is one node attribute: its property name and whether it holds an integer.
type field struct {
	name  string
	isInt bool
}

// commonFields every node has; labelFields are the attributes of each label (seeds/FORMAT.md).
var (
	commonFields = []field{{"name", false}, {"aliases", false}, {"description", false}, {"quotes", false},
		{"sourceDocument", false}, {"mentionCount", true}}
	labelFields = map[string][]field{
		model.LabelRegion:       {{"kind", false}},
		model.LabelInitiative:   {{"kind", false}, {"targetGroups", false}},
		model.LabelOrganisation: {{"sector", false}},
		model.LabelPerson:       {{"functions", false}},
		model.LabelBouwsteen:    {{"series", false}, {"number", true}},
		model.LabelEvent:        {{"kind", false}, {"date", false}, {"place", false}},
		model.LabelDocument:     {{"title", false}, {"kind", false}, {"date", false}, {"file", false}},
	}
	// relationFields are every relationship's attributes besides its ends.
	relationFields = []field{{"type", false}, {"role", false}, {"quote", false}, {"document", false}, {"offset", true}}
)

// nodeFields is the union of every label's fields, in a fixed order (the GraphML keys).
func nodeFields() []field {
	out := append([]field{}, commonFields...)
	seen := map[string]bool{}
	for _, f := range out {
		seen[f.name] = true
	}
	for _, l := range model.Labels {
		for _, f := range labelFields[l] {
			if !seen[f.name] {
				seen[f.name] = true
				out = append(out, f)
			}
		}
	}
	return out
}

// listSep joins list values (aliases, quotes, target groups, functions) into one cell.
const listSep = " | "

// value renders a property as text; "" when absent.
func value(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return x
	case int64:
		return strconv.FormatInt(x, 10)
	case int:
		return strconv.Itoa(x)
	case []any:
		parts := make([]string, 0, len(x))
		for _, p := range x {
			parts = append(parts, value(p))
		}
		return strings.Join(parts, listSep)
	case []string:
		return strings.Join(x, listSep)
	}
	return fmt.Sprint(v)
}

func relationValues(r model.GraphRelation) []string {
	return []string{r.Type, r.Role, r.Evidence.Quote, r.Evidence.DocumentID, strconv.Itoa(r.Evidence.Offset)}
}

// Write writes the whole graph from src to w in format ("graphml", "csv" or "json").
// BAD_USER_INPUT for another format.
func Write(ctx context.Context, w io.Writer, format string, src Source) error {
	switch format {
	case "graphml":
		return writeGraphML(ctx, w, src)
	case "csv":
		return writeCSV(ctx, w, src)
	case "json":
		return writeJSON(ctx, w, src)
	}
	return model.Errorf(model.EINVALID, "export format %q is not one of %s.", format, strings.Join(Formats, ", "))
}

func writeGraphML(ctx context.Context, w io.Writer, src Source) error {
	bw := bufio.NewWriterSize(w, 64<<10)
	esc := func(s string) string {
		var b strings.Builder
		_ = xml.EscapeText(&b, []byte(s))
		return b.String()
	}
	xmlType := func(f field) string {
		if f.isInt {
			return "long"
		}
		return "string"
	}
	fmt.Fprint(bw, `<?xml version="1.0" encoding="UTF-8"?>
<graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">
`)
	// "label" is what Gephi shows on a node or edge: the name, and the relation type.
	fmt.Fprintln(bw, `  <key id="n_label" for="node" attr.name="label" attr.type="string"/>`)
	fmt.Fprintln(bw, `  <key id="n_type" for="node" attr.name="type" attr.type="string"/>`)
	fields := nodeFields()
	for _, f := range fields {
		fmt.Fprintf(bw, "  <key id=\"n_%s\" for=\"node\" attr.name=\"%s\" attr.type=\"%s\"/>\n", f.name, f.name, xmlType(f))
	}
	fmt.Fprintln(bw, `  <key id="e_label" for="edge" attr.name="label" attr.type="string"/>`)
	for _, f := range relationFields {
		fmt.Fprintf(bw, "  <key id=\"e_%s\" for=\"edge\" attr.name=\"%s\" attr.type=\"%s\"/>\n", f.name, f.name, xmlType(f))
	}
	fmt.Fprintln(bw, `  <graph id="mao-graph" edgedefault="directed">`)
	for _, l := range model.Labels {
		err := src.ExportNodes(ctx, l, func(n model.ExportNode) error {
			fmt.Fprintf(bw, "    <node id=\"%s\">\n      <data key=\"n_label\">%s</data>\n      <data key=\"n_type\">%s</data>\n",
				esc(n.ID), esc(value(n.Props["name"])), esc(n.Label))
			for _, f := range fields {
				if v := value(n.Props[f.name]); v != "" {
					fmt.Fprintf(bw, "      <data key=\"n_%s\">%s</data>\n", f.name, esc(v))
				}
			}
			_, err := fmt.Fprintln(bw, "    </node>")
			return err
		})
		if err != nil {
			return err
		}
	}
	err := src.ExportRelations(ctx, func(r model.GraphRelation) error {
		fmt.Fprintf(bw, "    <edge id=\"%s\" source=\"%s\" target=\"%s\">\n      <data key=\"e_label\">%s</data>\n",
			esc(r.ID), esc(r.From), esc(r.To), esc(r.Type))
		for i, v := range relationValues(r) {
			if v != "" {
				fmt.Fprintf(bw, "      <data key=\"e_%s\">%s</data>\n", relationFields[i].name, esc(v))
			}
		}
		_, err := fmt.Fprintln(bw, "    </edge>")
		return err
	})
	if err != nil {
		return err
	}
	fmt.Fprint(bw, "  </graph>\n</graphml>\n")
	return bw.Flush()
}

// bom makes spreadsheets read a CSV file as UTF-8.
const bom = "\ufeff"

func writeCSV(ctx context.Context, w io.Writer, src Source) error {
	zw := zip.NewWriter(w)
	for _, l := range model.Labels {
		f, err := zw.Create(strings.ToLower(l) + ".csv")
		if err != nil {
			return fmt.Errorf("export csv: %w", err)
		}
		if _, err := io.WriteString(f, bom); err != nil {
			return fmt.Errorf("export csv: %w", err)
		}
		cw := csv.NewWriter(f)
		fields := append(append([]field{}, commonFields...), labelFields[l]...)
		header := []string{"id", "label"}
		for _, fl := range fields {
			header = append(header, fl.name)
		}
		if err := cw.Write(header); err != nil {
			return fmt.Errorf("export csv: %w", err)
		}
		err = src.ExportNodes(ctx, l, func(n model.ExportNode) error {
			row := []string{n.ID, n.Label}
			for _, fl := range fields {
				row = append(row, value(n.Props[fl.name]))
			}
			return cw.Write(row)
		})
		if err != nil {
			return err
		}
		if cw.Flush(); cw.Error() != nil {
			return fmt.Errorf("export csv: %w", cw.Error())
		}
	}
	f, err := zw.Create("relationships.csv")
	if err != nil {
		return fmt.Errorf("export csv: %w", err)
	}
	if _, err := io.WriteString(f, bom); err != nil {
		return fmt.Errorf("export csv: %w", err)
	}
	cw := csv.NewWriter(f)
	header := []string{"id", "source", "target"}
	for _, fl := range relationFields {
		header = append(header, fl.name)
	}
	if err := cw.Write(header); err != nil {
		return fmt.Errorf("export csv: %w", err)
	}
	err = src.ExportRelations(ctx, func(r model.GraphRelation) error {
		return cw.Write(append([]string{r.ID, r.From, r.To}, relationValues(r)...))
	})
	if err != nil {
		return err
	}
	if cw.Flush(); cw.Error() != nil {
		return fmt.Errorf("export csv: %w", cw.Error())
	}
	if err := zw.Close(); err != nil {
		return fmt.Errorf("export csv: %w", err)
	}
	return nil
}

// jsonNode and jsonRelation are the JSON shapes: attributes as in the other formats, lists
// kept as lists.
type jsonRelation struct {
	ID       string `json:"id"`
	Source   string `json:"source"`
	Target   string `json:"target"`
	Type     string `json:"type"`
	Role     string `json:"role,omitempty"`
	Quote    string `json:"quote"`
	Document string `json:"document"`
	Offset   int    `json:"offset"`
}

func writeJSON(ctx context.Context, w io.Writer, src Source) error {
	bw := bufio.NewWriterSize(w, 64<<10)
	fmt.Fprint(bw, "{\"nodes\":[")
	first := true
	sep := func() {
		if !first {
			bw.WriteString(",")
		}
		first = false
		bw.WriteString("\n")
	}
	for _, l := range model.Labels {
		fields := append(append([]field{}, commonFields...), labelFields[l]...)
		err := src.ExportNodes(ctx, l, func(n model.ExportNode) error {
			obj := map[string]any{"id": n.ID, "label": n.Label}
			for _, f := range fields {
				if v, ok := n.Props[f.name]; ok && v != nil {
					obj[f.name] = v
				}
			}
			b, err := json.Marshal(obj)
			if err != nil {
				return fmt.Errorf("export json: node %q: %w", n.ID, err)
			}
			sep()
			_, err = bw.Write(b)
			return err
		})
		if err != nil {
			return err
		}
	}
	fmt.Fprint(bw, "\n],\"relationships\":[")
	first = true
	err := src.ExportRelations(ctx, func(r model.GraphRelation) error {
		b, err := json.Marshal(jsonRelation{ID: r.ID, Source: r.From, Target: r.To, Type: r.Type, Role: r.Role,
			Quote: r.Evidence.Quote, Document: r.Evidence.DocumentID, Offset: r.Evidence.Offset})
		if err != nil {
			return fmt.Errorf("export json: relationship %q: %w", r.ID, err)
		}
		sep()
		_, err = bw.Write(b)
		return err
	})
	if err != nil {
		return err
	}
	fmt.Fprint(bw, "\n]}\n")
	return bw.Flush()
}

// Paths are the download links the handler serves, by format.
var Paths = map[string]string{"graphml": "/export/graph.graphml", "csv": "/export/graph.csv.zip", "json": "/export/graph.json"}

// MaxConcurrent is how many exports run at once; more wait for none and get 429.
const MaxConcurrent = 2

// Handler serves the downloads (GET Paths[format]) as attachments, streamed, with no write
// deadline (a large graph takes longer than a query). An error before the first byte is a
// 503 or 500 with a short text; after it the download ends short and the error goes to
// errorf. At most MaxConcurrent exports run at once; another gets 429.
func Handler(src Source, errorf func(ctx context.Context, format string, err error)) http.Handler {
	mux := http.NewServeMux()
	running := make(chan struct{}, MaxConcurrent)
	for format, path := range Paths {
		mux.HandleFunc("GET "+path, func(w http.ResponseWriter, r *http.Request) {
			select {
			case running <- struct{}{}:
				defer func() { <-running }()
			default:
				w.Header().Set("Retry-After", "10")
				http.Error(w, "too many exports at once: try again shortly", http.StatusTooManyRequests)
				return
			}
			_ = http.NewResponseController(w).SetWriteDeadline(time.Time{})
			w.Header().Set("Content-Type", ContentType(format))
			w.Header().Set("Content-Disposition", `attachment; filename="`+FileName(format)+`"`)
			cw := &countingWriter{w: w}
			if err := Write(r.Context(), cw, format, src); err != nil {
				errorf(r.Context(), format, err)
				if cw.n == 0 {
					w.Header().Del("Content-Disposition")
					code := http.StatusInternalServerError
					if model.ErrorCode(err) == model.EUNAVAILABLE {
						code = http.StatusServiceUnavailable
					}
					http.Error(w, "export failed: "+http.StatusText(code), code)
				}
			}
		})
	}
	return mux
}

// countingWriter counts what reached the client, to know whether an error can still be sent.
type countingWriter struct {
	w io.Writer
	n int64
}

func (c *countingWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}
