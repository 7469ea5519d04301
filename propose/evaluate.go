package propose

import (
	"fmt"
	"io"
	"io/fs"
	"path"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/metandereogen/maograph/graph/model"
	"github.com/metandereogen/maograph/loader"
)

// Score counts what was proposed, what was expected and what matched.
type Score struct {
	Proposed, Expected, Matched int
}

// Precision is Matched/Proposed (1 when nothing was proposed).
func (s Score) Precision() float64 { return ratio(s.Matched, s.Proposed) }

// Recall is Matched/Expected (1 when nothing was expected).
func (s Score) Recall() float64 { return ratio(s.Matched, s.Expected) }

func ratio(a, b int) float64 {
	if b == 0 {
		return 1
	}
	return float64(a) / float64(b)
}

func (s *Score) add(o Score) {
	s.Proposed += o.Proposed
	s.Expected += o.Expected
	s.Matched += o.Matched
}

// DocResult is the evaluation of one held-out document.
type DocResult struct {
	File                string // the curated seed file
	Entities, Relations Score
	Quotes, Verbatim    int
	Facts               map[string]*Score // per fact type
	Valid               error             // the loader's verdict on the draft with the other four files
	Missed, Wrong       []string          // expected but not proposed; proposed but not expected
}

// Evaluation is the leave-one-document-out evaluation over a seed folder.
type Evaluation struct {
	Docs                []DocResult
	Entities, Relations Score
	Quotes, Verbatim    int
	Facts               map[string]*Score // per fact type, pooled
	Rules               map[string]*Score // per rule: Proposed and Matched
}

// Evaluate proposes every document of the seed folder with a graph loaded from the other seed
// files only, and compares each draft with the curated file. A document's expected entities are
// those its file defines plus every entity its relations name; its expected relations are its
// file's relations. Only proposals written uncommented count. An entity matches when the label
// agrees and the id, a name or an alias is the same, or one name holds the other as whole words
// (at least six letters); a relation matches when its type and matched ends agree, and
// A INSPIRES B equals B LEARNS_FROM A. Each draft is also checked with the loader, together
// with the other files.
func Evaluate(seedFS fs.FS) (*Evaluation, error) {
	all, err := loader.Parse(seedFS)
	if err != nil {
		return nil, fmt.Errorf("load the seeds: %w", err)
	}
	names, err := fs.Glob(seedFS, "*.yaml")
	if err != nil {
		return nil, err
	}
	sort.Strings(names)
	files := map[string][]byte{}
	for _, n := range names {
		if files[n], err = fs.ReadFile(seedFS, n); err != nil {
			return nil, err
		}
	}
	ev := &Evaluation{Rules: map[string]*Score{}, Facts: map[string]*Score{}}
	for _, held := range names {
		others := map[string][]byte{}
		for _, n := range names {
			if n != held {
				others[n] = files[n]
			}
		}
		pruned, err := pruneDangling(others)
		if err != nil {
			return nil, err
		}
		base, err := Overlay(seedFS, nil)
		if err != nil {
			return nil, err
		}
		for n := range files {
			delete(base, n)
		}
		for n, data := range pruned {
			base[n] = mapFile(data)
		}
		ds, err := loader.Parse(base)
		if err != nil {
			return nil, fmt.Errorf("load the seeds without %s: %w", held, err)
		}
		var gold goldFile
		if err := yaml.Unmarshal(files[held], &gold); err != nil {
			return nil, fmt.Errorf("%s: %w", held, err)
		}
		text, err := fs.ReadFile(seedFS, path.Clean(gold.Document.File))
		if err != nil {
			return nil, err
		}
		draft, err := Propose(string(text), Meta{File: gold.Document.File}, NewGazetteer(ds))
		if err != nil {
			return nil, fmt.Errorf("propose %s: %w", gold.Document.File, err)
		}
		r := DocResult{File: held}
		_, r.Valid = Check(base, "zz-draft.yaml", draft.YAML(), gold.Document.File, text)
		var match map[string]string
		r.Entities, r.Relations, r.Missed, r.Wrong, match = compare(draft, &gold, all, ev.Rules)
		r.Facts = compareFacts(draft, &gold, match, ev.Rules, &r.Missed, &r.Wrong)
		for t, sc := range r.Facts {
			ruleScore(ev.Facts, t).add(*sc)
		}
		for _, q := range draft.quotes() {
			r.Quotes++
			if loader.QuoteIn(string(text), q) {
				r.Verbatim++
			}
		}
		ev.Docs = append(ev.Docs, r)
		ev.Entities.add(r.Entities)
		ev.Relations.add(r.Relations)
		ev.Quotes += r.Quotes
		ev.Verbatim += r.Verbatim
	}
	return ev, nil
}

// quotes lists every quote of the draft, written out or commented.
func (d *Draft) quotes() []string {
	out := []string{d.Document.Title}
	if d.Document.DateQuote != "" {
		out = append(out, d.Document.DateQuote)
	}
	for _, n := range d.Nodes {
		if !n.Existing {
			out = append(out, n.Quotes...)
		}
	}
	for _, r := range d.Relations {
		out = append(out, r.Quote)
	}
	for _, f := range d.Facts {
		out = append(out, f.Quote)
	}
	return out
}

type goldFile struct {
	Document struct {
		ID   string `yaml:"id"`
		File string `yaml:"file"`
	} `yaml:"document"`
	Nodes []struct {
		ID string `yaml:"id"`
	} `yaml:"nodes"`
	Relations []struct {
		Type string `yaml:"type"`
		From string `yaml:"from"`
		To   string `yaml:"to"`
	} `yaml:"relations"`
	Facts []goldFact `yaml:"facts"`
}

type goldFact struct {
	About    string  `yaml:"about"`
	Type     string  `yaml:"type"`
	Value    float64 `yaml:"value"`
	Unit     string  `yaml:"unit"`
	Start    string  `yaml:"start"`
	End      string  `yaml:"end"`
	Duration string  `yaml:"duration"`
	Source   string  `yaml:"source"`
	Role     string  `yaml:"role"`
	In       string  `yaml:"in"`
	Quote    string  `yaml:"quote"`
}

// compareFacts scores the draft's uncommented facts against the curated ones, per type. A fact
// matches a curated one of the same type about the matched node when its typed value agrees:
// value and unit (quantity), one of start, end or duration (period), source (funding), role and
// group (role); a goal or result matches when one quote holds the other or they share half the
// words of the shorter.
func compareFacts(d *Draft, gold *goldFile, match map[string]string, rules map[string]*Score, missed, wrong *[]string) map[string]*Score {
	out := map[string]*Score{}
	for _, g := range gold.Facts {
		ruleScore(out, g.Type).Expected++
	}
	used := make([]bool, len(gold.Facts))
	defer func() {
		for i, g := range gold.Facts {
			if !used[i] {
				f := Fact{Type: g.Type, About: g.About, Value: g.Value, Unit: g.Unit, Start: g.Start, End: g.End, Duration: g.Duration, Source: g.Source, Role: g.Role, In: g.In, Quote: g.Quote}
				*missed = append(*missed, "fact "+f.describe())
			}
		}
	}()
	for _, f := range d.Facts {
		if !f.Active() {
			continue
		}
		s := ruleScore(out, f.Type)
		s.Proposed++
		rs := ruleScore(rules, "fact "+f.Rule.Name)
		rs.Proposed++
		found := false
		for i, g := range gold.Facts {
			if used[i] || g.Type != f.Type || match[f.About] != g.About || !sameFact(f, g, match) {
				continue
			}
			used[i], found = true, true
			s.Matched++
			rs.Matched++
			break
		}
		if !found {
			*wrong = append(*wrong, "fact "+f.describe())
		}
	}
	return out
}

// describe is a fact on one line, for the evaluation's details.
func (f *Fact) describe() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s", f.Type, f.About)
	for _, kv := range [][2]string{{"unit", f.Unit}, {"start", f.Start}, {"end", f.End}, {"duration", f.Duration}, {"source", f.Source}, {"role", f.Role}, {"in", f.In}} {
		if kv[1] != "" {
			fmt.Fprintf(&b, " %s=%s", kv[0], kv[1])
		}
	}
	if f.Value != 0 {
		fmt.Fprintf(&b, " value=%v", f.Value)
	}
	if f.Rule.Name != "" {
		fmt.Fprintf(&b, " (%s)", f.Rule.Name)
	}
	fmt.Fprintf(&b, " %q", short(f.Quote))
	return b.String()
}

func sameFact(f *Fact, g goldFact, match map[string]string) bool {
	switch f.Type {
	case model.FactQuantity:
		return f.Value == g.Value && f.Unit == g.Unit
	case model.FactPeriod:
		return f.Start != "" && f.Start == g.Start || f.End != "" && f.End == g.End || f.Duration != "" && f.Duration == g.Duration
	case model.FactFunding:
		return match[f.Source] == g.Source
	case model.FactRole:
		return f.Role == g.Role && match[f.In] == g.In
	}
	return quotesOverlap(f.Quote, g.Quote)
}

// quotesOverlap reports whether one quote holds the other, or they share at least half the
// words of the shorter.
func quotesOverlap(a, b string) bool {
	a, b = norm(a), norm(b)
	if strings.Contains(a, b) || strings.Contains(b, a) {
		return true
	}
	wa, wb := strings.Fields(a), strings.Fields(b)
	if len(wa) > len(wb) {
		wa, wb = wb, wa
	}
	in := map[string]bool{}
	for _, w := range wb {
		in[w] = true
	}
	n := 0
	for _, w := range wa {
		if in[w] {
			n++
		}
	}
	return len(wa) > 0 && 2*n >= len(wa)
}

type goldNode struct {
	id, label string
	names     []string
}

func compare(d *Draft, gold *goldFile, all *model.Dataset, rules map[string]*Score) (ents, rels Score, missed, wrong []string, match map[string]string) {
	info := map[string]goldNode{}
	for _, n := range all.Nodes {
		g := goldNode{id: n.ID, label: n.Label}
		if name, ok := n.Props["name"].(string); ok {
			g.names = append(g.names, name)
		}
		if a, ok := n.Props["aliases"].([]string); ok {
			g.names = append(g.names, a...)
		}
		info[n.ID] = g
	}
	want := map[string]goldNode{}
	for _, n := range gold.Nodes {
		want[n.ID] = info[n.ID]
	}
	for _, r := range gold.Relations {
		for _, id := range []string{r.From, r.To} {
			if id != gold.Document.ID {
				want[id] = info[id]
			}
		}
	}
	for _, f := range gold.Facts {
		for _, id := range []string{f.About, f.Source, f.In} {
			if id != "" {
				want[id] = info[id]
			}
		}
	}
	// Match proposed nodes to expected ones: exact names first, then whole-word containment.
	match = map[string]string{d.Document.ID: gold.Document.ID}
	taken := map[string]bool{}
	var active []*Node
	for _, n := range d.Nodes {
		if n.Active() {
			active = append(active, n)
		}
	}
	for pass := 0; pass < 2; pass++ {
		for _, n := range active {
			if _, done := match[n.ID]; done {
				continue
			}
			for _, id := range sortedKeys(want) {
				g := want[id]
				if taken[id] || g.label != n.Label {
					continue
				}
				if sameEntity(n, g, pass == 1) {
					match[n.ID], taken[id] = id, true
					break
				}
			}
		}
	}
	ents = Score{Proposed: len(active), Expected: len(want), Matched: len(taken)}
	for _, n := range active {
		s := ruleScore(rules, "node "+n.Rule.Name)
		s.Proposed++
		if _, ok := match[n.ID]; ok {
			s.Matched++
		} else {
			wrong = append(wrong, fmt.Sprintf("node %s %q (%s)", n.ID, n.Name, n.Rule.Name))
		}
	}
	for _, id := range sortedKeys(want) {
		if !taken[id] {
			missed = append(missed, "node "+id)
		}
	}
	key := func(t, from, to string) string {
		if t == "INSPIRES" {
			t, from, to = "LEARNS_FROM", to, from
		}
		return t + "|" + from + "|" + to
	}
	wantRel := map[string]bool{}
	for _, r := range gold.Relations {
		wantRel[key(r.Type, r.From, r.To)] = true
	}
	got := map[string]bool{}
	for _, r := range d.Relations {
		if !r.Active() {
			continue
		}
		k := key(r.Type, match[r.From], match[r.To])
		s := ruleScore(rules, "relation "+r.Rule.Name)
		s.Proposed++
		if wantRel[k] && !got[k] {
			s.Matched++
			rels.Matched++
		} else if !wantRel[k] {
			wrong = append(wrong, fmt.Sprintf("%s %s -> %s (%s) %q", r.Type, r.From, r.To, r.Rule.Name, short(r.Quote)))
		}
		got[k] = true
		rels.Proposed++
	}
	rels.Expected = len(wantRel)
	for _, r := range gold.Relations {
		if !got[key(r.Type, r.From, r.To)] {
			missed = append(missed, fmt.Sprintf("%s %s -> %s", r.Type, r.From, r.To))
		}
	}
	return ents, rels, missed, wrong, match
}

func short(s string) string {
	if r := []rune(s); len(r) > 70 {
		return string(r[:67]) + "..."
	}
	return s
}

func ruleScore(rules map[string]*Score, name string) *Score {
	if rules[name] == nil {
		rules[name] = &Score{}
	}
	return rules[name]
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func sameEntity(n *Node, g goldNode, loose bool) bool {
	if n.ID == g.id {
		return true
	}
	for _, a := range append([]string{n.Name}, n.Aliases...) {
		an := norm(a)
		for _, b := range g.names {
			bn := norm(b)
			if an == bn {
				return true
			}
			if loose {
				short, long := an, bn
				if len(short) > len(long) {
					short, long = long, short
				}
				if len(short) >= 6 && strings.Contains(" "+long+" ", " "+short+" ") {
					return true
				}
			}
		}
	}
	return false
}

// pruneDangling drops, from a set of seed files, the relations whose ends none of them
// defines: a graph loaded from some of the files only has no such relations.
func pruneDangling(files map[string][]byte) (map[string][]byte, error) {
	roots := map[string]*yaml.Node{}
	defined := map[string]bool{}
	for name, data := range files {
		var root yaml.Node
		if err := yaml.Unmarshal(data, &root); err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		roots[name] = &root
		var f goldFile
		if err := root.Decode(&f); err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		defined[f.Document.ID] = true
		for _, n := range f.Nodes {
			defined[n.ID] = true
		}
	}
	out := map[string][]byte{}
	for name, root := range roots {
		doc := root.Content[0]
		for i := 0; i+1 < len(doc.Content); i += 2 {
			if k := doc.Content[i].Value; k != "relations" && k != "facts" {
				continue
			}
			seq := doc.Content[i+1]
			var keep []*yaml.Node
			for _, item := range seq.Content {
				var r struct{ From, To, About, Source, In string }
				if err := item.Decode(&r); err != nil {
					return nil, fmt.Errorf("%s: %w", name, err)
				}
				ok := true
				for _, id := range []string{r.From, r.To, r.About, r.Source, r.In} {
					ok = ok && (id == "" || defined[id])
				}
				if ok {
					keep = append(keep, item)
				}
			}
			seq.Content = keep
		}
		data, err := yaml.Marshal(root)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		out[name] = data
	}
	return out, nil
}

// figuresLine is the machine-readable line of EVALUATION.md the regression test reads.
var figuresLine = regexp.MustCompile(`<!-- figures: (.*) -->`)

// Figures are the numbers the regression test guards, by name: the overall ones, and each
// document's entity and relation precision and recall ("000-x.yaml:entity_recall"), so that
// a change that helps the pool cannot quietly cost a single document.
func (ev *Evaluation) Figures() map[string]float64 {
	f := map[string]float64{
		"entity_precision":   ev.Entities.Precision(),
		"entity_recall":      ev.Entities.Recall(),
		"relation_precision": ev.Relations.Precision(),
		"relation_recall":    ev.Relations.Recall(),
		"verbatim":           ratio(ev.Verbatim, ev.Quotes),
		"fact_precision":     ev.factsPooled().Precision(),
		"fact_recall":        ev.factsPooled().Recall(),
	}
	for _, d := range ev.Docs {
		f[d.File+":entity_precision"] = d.Entities.Precision()
		f[d.File+":entity_recall"] = d.Entities.Recall()
		f[d.File+":relation_precision"] = d.Relations.Precision()
		f[d.File+":relation_recall"] = d.Relations.Recall()
	}
	return f
}

func (ev *Evaluation) factsPooled() Score {
	var all Score
	for _, s := range ev.Facts {
		all.add(*s)
	}
	return all
}

// ParseFigures reads the figures line of a committed EVALUATION.md.
func ParseFigures(md string) (map[string]float64, error) {
	m := figuresLine.FindStringSubmatch(md)
	if m == nil {
		return nil, fmt.Errorf("no <!-- figures: ... --> line")
	}
	out := map[string]float64{}
	for _, kv := range strings.Fields(m[1]) {
		k, v, ok := strings.Cut(kv, "=")
		f, err := strconv.ParseFloat(v, 64)
		if !ok || err != nil {
			return nil, fmt.Errorf("figure %q is not name=number", kv)
		}
		out[k] = f
	}
	return out, nil
}

func pct(f float64) string { return fmt.Sprintf("%.1f %%", 100*f) }

// WriteMarkdown writes EVALUATION.md.
func (ev *Evaluation) WriteMarkdown(w io.Writer) error {
	var b strings.Builder
	b.WriteString("# Evaluation of `mao-graph propose`\n\n")
	b.WriteString("Made by `go run . propose -evaluate -o propose/EVALUATION.md`; `go test ./propose` fails when a\n")
	b.WriteString("figure drops below the line at the end of this file: the overall ones and each document's\n")
	b.WriteString("entity and relation precision and recall.\n\n")
	b.WriteString("Leave one document out: for each of the seed documents, the proposer runs with a graph\n")
	b.WriteString("(gazetteer) loaded from the other seed files only — relations of those files to entities\n")
	b.WriteString("defined only in the held-out file are dropped, as a graph without that file has them not —\n")
	b.WriteString("and its draft is compared with the curated file. Expected entities: those the curated file\n")
	b.WriteString("defines plus every entity its relations name; proposed entities: the draft's uncommented\n")
	b.WriteString("new nodes plus the graph's entities it found by name. An entity matches when the label\n")
	b.WriteString("agrees and the id, a name or an alias is the same, or one name holds the other as whole\n")
	b.WriteString("words (six letters or more). A relation matches when its type and both matched ends agree\n")
	b.WriteString("(A INSPIRES B counts as B LEARNS_FROM A). Commented-out proposals do not count. Verbatim:\n")
	b.WriteString("the share of all quotes in the draft (commented ones too) that the loader finds in the\n")
	b.WriteString("document. Valid: the loader accepts the draft together with the other four files.\n\n")
	b.WriteString("| document | entity P | entity R | relation P | relation R | verbatim | valid |\n")
	b.WriteString("|---|---|---|---|---|---|---|\n")
	row := func(name string, e, r Score, q, v int, valid string) {
		fmt.Fprintf(&b, "| %s | %s (%d/%d) | %s (%d/%d) | %s (%d/%d) | %s (%d/%d) | %s | %s |\n", name,
			pct(e.Precision()), e.Matched, e.Proposed, pct(e.Recall()), e.Matched, e.Expected,
			pct(r.Precision()), r.Matched, r.Proposed, pct(r.Recall()), r.Matched, r.Expected,
			pct(ratio(v, q)), valid)
	}
	validAll := "yes"
	for _, d := range ev.Docs {
		valid := "yes"
		if d.Valid != nil {
			valid, validAll = "no", "no"
		}
		row(d.File, d.Entities, d.Relations, d.Quotes, d.Verbatim, valid)
	}
	row("**overall**", ev.Entities, ev.Relations, ev.Quotes, ev.Verbatim, validAll)
	var mean [4]float64
	for _, d := range ev.Docs {
		mean[0] += d.Entities.Precision() / float64(len(ev.Docs))
		mean[1] += d.Entities.Recall() / float64(len(ev.Docs))
		mean[2] += d.Relations.Precision() / float64(len(ev.Docs))
		mean[3] += d.Relations.Recall() / float64(len(ev.Docs))
	}
	fmt.Fprintf(&b, "| mean of the documents | %s | %s | %s | %s | | |\n", pct(mean[0]), pct(mean[1]), pct(mean[2]), pct(mean[3]))
	big := ev.Docs[0]
	for _, d := range ev.Docs {
		if d.Relations.Expected > big.Relations.Expected {
			big = d
		}
	}
	fmt.Fprintf(&b, "\nThe overall row pools every proposal (%s holds %d of the %d expected relations and\n", big.File, big.Relations.Expected, ev.Relations.Expected)
	b.WriteString("weighs most); the mean row weighs every document the same.\n")
	b.WriteString("\nGoals (issue 16): entity recall ≥ 80 % at precision ≥ 80 %; relation recall ≥ 50 % at\n")
	b.WriteString("precision ≥ 70 %; 100 % verbatim quotes.\n\n")
	b.WriteString("## Facts per type\n\nThe draft's uncommented facts against the curated facts of the held-out file. A fact\n")
	b.WriteString("matches one of the same type about the matched node when its value agrees: value and unit\n")
	b.WriteString("(quantity); start, end or duration (period); source (funding); role and group (role). A goal\n")
	b.WriteString("or result matches when one quote holds the other or they share half the shorter one's words.\n\n")
	b.WriteString("| type | precision | recall |\n|---|---|---|\n")
	for _, t := range sortedKeys(ev.Facts) {
		s := ev.Facts[t]
		fmt.Fprintf(&b, "| %s | %s (%d/%d) | %s (%d/%d) |\n", t, pct(s.Precision()), s.Matched, s.Proposed, pct(s.Recall()), s.Matched, s.Expected)
	}
	fp := ev.factsPooled()
	fmt.Fprintf(&b, "| **all** | %s (%d/%d) | %s (%d/%d) |\n\n", pct(fp.Precision()), fp.Matched, fp.Proposed, pct(fp.Recall()), fp.Matched, fp.Expected)
	b.WriteString("| document | fact P | fact R |\n|---|---|---|\n")
	for _, d := range ev.Docs {
		var s Score
		for _, x := range d.Facts {
			s.add(*x)
		}
		fmt.Fprintf(&b, "| %s | %s (%d/%d) | %s (%d/%d) |\n", d.File, pct(s.Precision()), s.Matched, s.Proposed, pct(s.Recall()), s.Matched, s.Expected)
	}
	b.WriteString("\n## Precision per rule\n\nOver all five drafts, uncommented proposals only (rules in `propose/rules.go`).\n\n")
	b.WriteString("| rule | proposed | correct | precision |\n|---|---|---|---|\n")
	for _, name := range sortedKeys(ev.Rules) {
		s := ev.Rules[name]
		fmt.Fprintf(&b, "| %s | %d | %d | %s |\n", name, s.Proposed, s.Matched, pct(s.Precision()))
	}
	for _, d := range ev.Docs {
		if d.Valid != nil {
			fmt.Fprintf(&b, "\nLoader problems with the draft of %s:\n\n```\n%s\n```\n", d.File, d.Valid)
		}
	}
	f := ev.Figures()
	b.WriteString("\n<!-- figures:")
	for _, k := range sortedKeys(f) {
		fmt.Fprintf(&b, " %s=%.4f", k, f[k])
	}
	b.WriteString(" -->\n")
	_, err := io.WriteString(w, b.String())
	return err
}

// WriteDetails lists, per document, what the proposer missed and what it proposed wrongly.
func (ev *Evaluation) WriteDetails(w io.Writer) {
	for _, d := range ev.Docs {
		fmt.Fprintf(w, "== %s\n", d.File)
		for _, m := range d.Missed {
			fmt.Fprintf(w, "  missed %s\n", m)
		}
		for _, m := range d.Wrong {
			fmt.Fprintf(w, "  wrong  %s\n", m)
		}
	}
}
