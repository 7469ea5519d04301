package propose

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode"

	"github.com/metandereogen/maograph/graph/model"
)

// sq writes s as a YAML single-quoted scalar, where everything is literal but the quote
// itself; a string with characters YAML does not allow literally (control characters, line
// and paragraph separators, the byte order mark) is written double-quoted with escapes.
func sq(s string) string {
	if strings.IndexFunc(s, needsEscape) < 0 {
		return "'" + strings.ReplaceAll(s, "'", "''") + "'"
	}
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch {
		case r == '"' || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case needsEscape(r) && r < 0x100:
			fmt.Fprintf(&b, "\\x%02X", r)
		case needsEscape(r):
			fmt.Fprintf(&b, "\\u%04X", r)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}

func needsEscape(r rune) bool {
	return unicode.IsControl(r) || r == '\u2028' || r == '\u2029' || r == '\uFEFF'
}

func sqList(xs []string) string {
	q := make([]string, len(xs))
	for i, x := range xs {
		q[i] = sq(x)
	}
	return "[" + strings.Join(q, ", ") + "]"
}

// WriteYAML writes the draft as a seed file (seeds/FORMAT.md). Every proposal carries a comment
// with its rule and confidence; a proposal below Threshold is written commented out, as is a
// relation to a commented-out node, so the file as written always loads.
func (d *Draft) WriteYAML(w io.Writer) error {
	d.resolve()
	var b strings.Builder
	doc := d.Document
	fmt.Fprintf(&b, "# Draft proposed by `mao-graph propose` for %s.\n", doc.File)
	b.WriteString("# Review every proposal before loading: each says the rule that made it and its\n")
	fmt.Fprintf(&b, "# confidence; those below %.2f are commented out. Nothing here is in the graph yet.\n", Threshold)
	b.WriteString("format: 2\ndocument:\n")
	fmt.Fprintf(&b, "  id: %s\n  file: %s\n  title: %s\n  kind: %s\n", doc.ID, sq(doc.File), sq(doc.Title), doc.Kind)
	if doc.Date != "" {
		fmt.Fprintf(&b, "  date: %q\n  dateQuote: %s\n", doc.Date, sq(doc.DateQuote))
	}
	var existing, active, inactive []*Node
	// left holds the draft's nodes that are not written: a relation or fact naming one is
	// commented out. Any other id is the document, a node written here or an entity of the
	// graph (found by name, merged into or chosen by the curator), which the loader checks.
	left := map[string]bool{}
	for _, n := range d.Nodes {
		switch {
		case n.Decision == Reject || n.Decision == Merge:
			left[n.ID] = true // a merged node's relations and facts point at the graph's entity now (resolve)
		case n.Existing:
			existing = append(existing, n)
		case n.Active():
			active = append(active, n)
		default:
			inactive = append(inactive, n)
			left[n.ID] = true
		}
	}
	if len(existing) > 0 {
		b.WriteString("\n# Already in the graph, found by name (referred to by id, not defined again):\n")
		for _, n := range existing {
			fmt.Fprintf(&b, "#   %-50s %s (%s %.2f)\n", n.ID, n.Name, n.Rule.Name, n.Rule.Confidence)
		}
	}
	b.WriteString("\n")
	writeSection(&b, "nodes", active, inactive, writeNode)
	var on, off []*Relation
	for _, r := range d.Relations {
		switch {
		case r.Decision == Reject:
		case r.Active() && !left[r.From] && !left[r.To]:
			on = append(on, r)
		default:
			off = append(off, r) // a relation to a commented-out node is commented out too
		}
	}
	b.WriteString("\n")
	writeSection(&b, "relations", on, off, writeRelation)
	var fon, foff []*Fact
	for _, f := range d.Facts {
		ok := f.Active()
		for _, id := range f.nodes() {
			ok = ok && !left[id]
		}
		switch {
		case f.Decision == Reject:
		case ok:
			fon = append(fon, f)
		default:
			foff = append(foff, f) // a fact about a commented-out node is commented out too
		}
	}
	b.WriteString("\n")
	writeSection(&b, "facts", fon, foff, writeFact)
	_, err := io.WriteString(w, b.String())
	return err
}

// writeSection writes one top-level list: its key ("key: []" when nothing is kept), the kept
// items, then the commented-out ones (each line prefixed "# ").
func writeSection[T any](b *strings.Builder, key string, on, off []T, write func(*strings.Builder, T, string)) {
	if len(on) == 0 {
		fmt.Fprintf(b, "%s: []\n", key)
	} else {
		fmt.Fprintf(b, "%s:\n", key)
	}
	for _, x := range on {
		write(b, x, "")
	}
	for _, x := range off {
		write(b, x, "# ")
	}
}

func writeNode(b *strings.Builder, n *Node, c string) {
	note := fmt.Sprintf("%s %.2f", n.Rule.Name, n.Rule.Confidence)
	if c != "" {
		note = "low confidence: " + note
	}
	fmt.Fprintf(b, "\n  # %s\n", note)
	if n.MergeWith != "" {
		fmt.Fprintf(b, "  # may be %s, already in the graph: to merge, delete this node and use that id\n", n.MergeWith)
	}
	fmt.Fprintf(b, "  %s- id: %s\n", c, n.ID)
	field := func(k, v string) { fmt.Fprintf(b, "  %s  %s: %s\n", c, k, v) }
	field("label", n.Label)
	field("name", sq(n.Name))
	if n.NameNote != "" {
		field("nameNote", sq(n.NameNote))
	}
	if len(n.Aliases) > 0 {
		field("aliases", sqList(n.Aliases))
	}
	if n.Kind != "" {
		field("kind", n.Kind)
	}
	if n.Sector != "" {
		field("sector", n.Sector)
	}
	if len(n.Functions) > 0 {
		field("functions", sqList(n.Functions))
	}
	if n.Series != "" {
		field("series", sq(n.Series))
	}
	if n.Number > 0 {
		field("number", fmt.Sprint(n.Number))
	}
	if n.Date != "" {
		field("date", fmt.Sprintf("%q", n.Date))
	}
	if n.Place != "" {
		field("place", sq(n.Place))
	}
	fmt.Fprintf(b, "  %s  quotes:\n", c)
	for _, q := range n.Quotes {
		fmt.Fprintf(b, "  %s    - %s\n", c, sq(q))
	}
}

func writeRelation(b *strings.Builder, r *Relation, c string) {
	note := fmt.Sprintf("%s %.2f", r.Rule.Name, r.Rule.Confidence)
	if c != "" {
		note = "low confidence: " + note
	}
	fmt.Fprintf(b, "  # %s\n", note)
	fmt.Fprintf(b, "  %s- type: %s\n", c, r.Type)
	fmt.Fprintf(b, "  %s  from: %s\n", c, r.From)
	fmt.Fprintf(b, "  %s  to: %s\n", c, r.To)
	if r.Role != "" {
		fmt.Fprintf(b, "  %s  role: %s\n", c, sq(r.Role))
	}
	fmt.Fprintf(b, "  %s  quote: %s\n", c, sq(r.Quote))
}

func writeFact(b *strings.Builder, f *Fact, c string) {
	note := fmt.Sprintf("%s %.2f", f.Rule.Name, f.Rule.Confidence)
	if c != "" {
		note = "low confidence: " + note
	}
	fmt.Fprintf(b, "  # %s\n", note)
	fmt.Fprintf(b, "  %s- about: %s\n", c, f.About)
	field := func(k, v string) { fmt.Fprintf(b, "  %s  %s: %s\n", c, k, v) }
	num := func(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }
	field("type", f.Type)
	if f.Value != 0 {
		field("value", num(f.Value))
	}
	if f.Unit != "" {
		field("unit", sq(f.Unit))
	}
	if f.Counted != "" {
		field("counted", sq(f.Counted))
	}
	if f.Qualifier != "" {
		field("qualifier", f.Qualifier)
	}
	for _, kv := range [][2]string{{"start", f.Start}, {"end", f.End}} {
		if kv[1] != "" {
			field(kv[0], fmt.Sprintf("%q", kv[1]))
		}
	}
	if f.Duration != "" {
		field("duration", sq(f.Duration))
	}
	if f.Source != "" {
		field("source", f.Source)
	}
	if f.Share != 0 {
		field("share", num(f.Share))
	}
	if f.Amount != 0 {
		field("amount", num(f.Amount))
	}
	if f.Role != "" {
		field("role", sq(f.Role))
	}
	if f.In != "" {
		field("in", f.In)
	}
	if f.Text != "" {
		field("text", sq(f.Text))
	}
	field("quote", sq(f.Quote))
}

// resolve applies the curator's merges: a node merged into an entity of the graph is dropped
// and its relations point at that entity instead.
func (d *Draft) resolve() {
	into := map[string]string{}
	for _, n := range d.Nodes {
		if n.Decision == Merge && n.MergeWith != "" {
			into[n.ID] = n.MergeWith
		}
	}
	for _, f := range d.Facts {
		for _, id := range []*string{&f.About, &f.Source, &f.In} {
			if to, ok := into[*id]; ok {
				*id = to
			}
		}
	}
	for _, r := range d.Relations {
		if id, ok := into[r.From]; ok {
			r.From = id
		}
		if id, ok := into[r.To]; ok {
			r.To = id
		}
	}
}

// AssignIDs gives every node the curator added without an id one made from its label and
// name, new to the graph and to the draft.
func (d *Draft) AssignIDs(g *Gazetteer) {
	if g == nil {
		g = NewGazetteer(nil)
	}
	taken := map[string]bool{d.Document.ID: true}
	for _, n := range d.Nodes {
		taken[n.ID] = true
	}
	for _, n := range d.Nodes {
		if n.ID != "" {
			continue
		}
		base := model.IDPrefix[n.Label] + slug(n.Name, 6)
		id := base
		for i := 2; taken[id] || g.Has(id); i++ {
			id = fmt.Sprintf("%s-%d", base, i)
		}
		n.ID, taken[id] = id, true
	}
}
