// Package synth generates synthetic MAO networks of any size, in the seed format (see
// seeds/FORMAT.md): YAML annotation files plus the documents they quote, so that they go into
// Neo4j through the same loader.Parse and store.Seed path as the curated seeds. The generator
// is deterministic: a size and a seed always give byte-identical files.
//
// The shape follows the real network: a region hierarchy (provinces > regions >
// municipalities), organisations of every sector whose partner degrees follow a power law,
// people who work for one or more organisations, initiatives that put bouwstenen into
// practice, are about themes, learn from and inspire each other, and every relation backed by
// a quote that stands verbatim in its document.
//
// Who learns from whom follows a stated generative model (learnFrom): half of the initiatives
// learn from, or were inspired by, one earlier initiative; three times in four that is a peer
// that shares a partner organisation, the bouwsteen, a theme or a target group with it (one of
// its features drawn at random, then an earlier initiative with it), else a popular initiative
// (a Zipf pick). Peers that share bouwstenen, themes and partners are therefore likelier to
// learn from each other, as the curated sources suggest for the real network, and the offline
// evaluation of learning partners (analysis/EVALUATION.md) has something to find.
package synth

import (
	"bufio"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"

	"github.com/metandereogen/maograph/graph/model"
	"github.com/metandereogen/maograph/loader"
)

// Size is how large a network to generate.
type Size struct {
	Name        string
	Initiatives int
}

// The standard sizes of the benchmark.
var (
	XS = Size{"XS", 200}
	S  = Size{"S", 1_000}
	M  = Size{"M", 10_000}
	L  = Size{"L", 100_000}
)

// SizeByName returns one of XS, S, M, L.
func SizeByName(name string) (Size, bool) {
	for _, s := range []Size{XS, S, M, L} {
		if strings.EqualFold(s.Name, name) {
			return s, true
		}
	}
	return Size{}, false
}

// Stats say what a generated network holds, and which ids the benchmark queries use.
type Stats struct {
	Files, Documents, Nodes, Relations int
	Bytes                              int64

	// Ids picked deterministically for the query mix.
	Province, Municipality, Theme, Bouwsteen, Initiative, OtherInitiative string
	LearningFocus, Kind, SearchText                                       string
}

// Vocabulary, chosen to read as the real documents do.
var (
	provinceNames = []string{"Groningen", "Friesland", "Drenthe", "Overijssel", "Flevoland", "Gelderland",
		"Utrecht", "Noord-Holland", "Zuid-Holland", "Zeeland", "Noord-Brabant", "Limburg"}
	placeStems = []string{"Amster", "Berg", "Bos", "Brink", "Delf", "Dier", "Dor", "Eem", "Elst", "Gor",
		"Haar", "Heer", "Hil", "Hoog", "Hout", "Kamp", "Kol", "Laar", "Lin", "Loos", "Maar", "Mep",
		"Mid", "Mol", "Nij", "Olde", "Oos", "Put", "Rijn", "Roos", "Sas", "Schoon", "Sluis", "Stad",
		"Stein", "Ter", "Til", "Uit", "Valk", "Veen", "Vlie", "Voor", "Waal", "Wes", "Wier", "Win",
		"Wolde", "Zand", "Zee", "Zwin"}
	placeMids = []string{"", "er", "en", "el", "s", "e", "ing", "a", "o", "ter"}
	placeEnds = []string{"dam", "dijk", "veen", "broek", "horst", "hoven", "zijl", "wijk", "lo", "rade",
		"sel", "berg", "burg", "dorp", "gat", "haven", "hem", "hout", "kerk", "land", "meer", "oord",
		"stede", "voort", "waard", "woude", "zand", "drecht", "beek", "heim"}
	regionWords = []string{"Noord", "Zuid", "Oost", "West", "Midden", "Hart van", "Rivierenland", "Kop van",
		"Vallei", "Kust"}
	initiativeKinds = []string{"lerende praktijk", "project", "programma", "pilot", "arrangement", "aanpak", "netwerk"}
	initiativeNouns = []string{"Thuisnabij", "Samen Sterk", "Buitenkans", "De Brug", "Kansrijk", "Op Koers",
		"Schakelklas", "Zorgzaam", "Ouders Voorop", "Elk Kind Telt", "Samen naar School", "Thuis op School",
		"Wijkteam Plus", "Kindkracht", "De Verbinding", "Nieuwe Kansen", "Talentlab", "Rugzak", "Startblok",
		"Opstap", "Doorgaande Lijn", "Het Dorpshuis", "Groeikracht", "De Werkplaats", "Onderwijszorgroute",
		"Passend Thuis", "Vroeg Erbij", "Goed Begin", "Met Elkaar", "De Schakel", "Kompas", "Perspectief",
		"Leerkracht", "Samenspel", "Veilig Thuis", "Het Knooppunt", "Dagbesteding", "Zomerschool", "Buddy",
		"Krachtig Opgroeien"}
	targetGroups = []string{"thuiszitters", "ouders", "leerlingen vo", "leerlingen po", "jongeren",
		"leerkrachten", "jeugdhulpverleners", "nieuwkomers", "peuters", "mbo-studenten"}
	sectors = []string{"school", "samenwerkingsverband", "jeugdhulp", "welzijn", "gemeente", "jgz",
		"kennisinstituut", "beroepsvereniging", "adviesbureau", "hogeschool", "kinderopvang",
		"bibliotheek", "onderwijs", "overheid", "netwerk", "zorg"}
	orgPrefix = map[string][]string{
		"school":               {"Basisschool", "Kindcentrum", "Lyceum", "College"},
		"samenwerkingsverband": {"Samenwerkingsverband"},
		"jeugdhulp":            {"Jeugdhulp", "Jeugdzorg"},
		"welzijn":              {"Welzijn", "Stichting Welzijn"},
		"gemeente":             {"Gemeente"},
		"jgz":                  {"GGD", "Jeugdgezondheidszorg"},
		"kennisinstituut":      {"Kenniscentrum", "Instituut"},
		"beroepsvereniging":    {"Vereniging"},
		"adviesbureau":         {"Adviesbureau", "Bureau"},
		"hogeschool":           {"Hogeschool"},
		"kinderopvang":         {"Kinderopvang", "Peuterspeelzaal"},
		"bibliotheek":          {"Bibliotheek"},
		"onderwijs":            {"Onderwijsgroep", "Scholengroep"},
		"overheid":             {"Provincie", "Rijksdienst"},
		"netwerk":              {"Netwerk", "Platform"},
		"zorg":                 {"Zorggroep", "Praktijk"},
	}
	orgWords   = []string{"De Regenboog", "Het Baken", "De Linde", "Horizon", "De Wegwijzer", "Kleurrijk", "De Bron", "Het Anker", "Vitaal", "De Toekomst", "Samen", "Noorderlicht", "De Kroon", "Tandem", "De Meander"}
	firstNames = []string{"Anna", "Bram", "Carla", "Daan", "Eva", "Fleur", "Gert", "Hanna", "Iris", "Joost",
		"Karin", "Lars", "Maaike", "Niels", "Olga", "Pieter", "Roos", "Sander", "Tessa", "Ulrike", "Vera",
		"Wouter", "Yara", "Zoë", "Monique", "Ruud", "Marieke", "Hans", "Inge", "Jeroen", "Lotte", "Mark",
		"Nina", "Paul", "Sanne", "Thomas", "Wendy", "Bas", "Ellen", "Frank"}
	lastNames = []string{"de Vries", "Jansen", "van den Berg", "Bakker", "Visser", "Smit", "Meijer", "de Boer",
		"Mulder", "de Groot", "Bos", "Vos", "Peters", "Hendriks", "van Leeuwen", "Dekker", "Brouwer",
		"de Wit", "Dijkstra", "Smits", "de Graaf", "van der Meer", "van der Linden", "Kok", "Jacobs",
		"de Haan", "Vermeulen", "van den Heuvel", "van der Veen", "van den Broek", "de Bruijn", "de Jong",
		"Schouten", "Kuik", "Willems", "van Dijk", "Hoekstra", "Maas", "Verhoeven", "Koster"}
	functions = []string{"projectleider", "intern begeleider", "beleidsmedewerker", "directeur",
		"jeugdconsulent", "leerplichtambtenaar", "orthopedagoog", "coördinator", "onderzoeker",
		"teamleider", "ouderconsulent", "schoolmaatschappelijk werker"}
	themeNames = []string{"thuiszitters", "ouderbetrokkenheid", "verzuim", "armoede", "preventie",
		"welbevinden", "interprofessioneel samenwerken", "kansenongelijkheid", "passend onderwijs",
		"jeugdhulp op school", "laaggeletterdheid", "taalontwikkeling", "sociale veiligheid",
		"doorgaande leerlijn", "talentontwikkeling", "mentale gezondheid", "nieuwkomers",
		"schoolverlaten", "gezonde leefstijl", "vroegsignalering", "brede school", "burgerschap",
		"digitale geletterdheid", "leerrecht"}
	bouwVerbs   = []string{"Geef", "Begin bij", "Luister naar", "Vertrouw op", "Investeer in", "Organiseer"}
	bouwObjects = []string{"ouders de hoofdrol", "het kind", "de leerkracht", "de wijk", "elkaars expertise",
		"korte lijnen", "ruimte om te leren", "een gezamenlijke taal", "de jongere zelf", "tijd voor elkaar"}
	programmeNames = []string{"Met Andere Ogen", "Nationaal Programma Onderwijs", "Lerende Praktijken",
		"Gelijke Kansen Alliantie", "Samen Opgroeien", "Zorg voor Jeugd", "Sterk Techniekonderwijs",
		"Onderwijs Zorg Arrangementen", "Kansrijke Start", "Rijke Schooldag", "Regionale Aanpak Thuiszitters",
		"Thuiszitterspact"}
	methods = []string{"vroeg signaleren en snel schakelen", "ouders vanaf het begin te betrekken",
		"onderwijs en jeugdhulp onder één dak te brengen", "leerkrachten te ondersteunen in de klas",
		"een vaste contactpersoon voor elk gezin", "maatwerk te bieden waar regels knellen",
		"te werken vanuit de leefwereld van het kind", "scholen en wijkteams te laten samenwerken",
		"kennis te delen tussen regio's", "een flexibel budget per leerling"}
	goals = []string{"minder thuiszitters", "betere aansluiting tussen school en zorg",
		"meer kansengelijkheid", "sterkere ouderbetrokkenheid", "een veilig schoolklimaat",
		"een doorgaande lijn van kinderopvang naar school", "vermindering van verzuim",
		"gezond opgroeien in de wijk", "betere taalontwikkeling", "snellere hulp zonder wachtlijst"}
	partnerRoles = []string{"penvoerder", "uitvoerder", "partner", "financier", "adviseur"}
	personRoles  = []string{"LEADS", "COORDINATES", "INVOLVED_IN"}
)

type node struct {
	id, label, name, kind, sector, doc, descr string
	quotes                                    []string
	targetGroups, funcs                       []string
	series                                    string
	number                                    int
	date, place                               string
	muni                                      int // municipality index, -1 when none
}

type rel struct {
	typ, from, to, role, quote string
}

// doc is one generated document: its text grows sentence by sentence, and the nodes and
// relations it backs go into its YAML file.
type doc struct {
	id, file, title, kind string
	text                  strings.Builder
	nodes                 []*node
	rels                  []rel
}

func (d *doc) say(s string) string {
	if d.text.Len() > 0 {
		d.text.WriteString(" ")
	}
	d.text.WriteString(s)
	return s
}

func (d *doc) para() { d.text.WriteString("\n\n") }

// gen is the random source and the names already given.
type gen struct {
	rnd  *rand.Rand
	used map[string]bool
}

func (g *gen) unique(name string) string {
	if !g.used[name] {
		g.used[name] = true
		return name
	}
	for i := 2; ; i++ {
		n := fmt.Sprintf("%s %d", name, i)
		if !g.used[n] {
			g.used[n] = true
			return n
		}
	}
}

func (g *gen) pick(s []string) string { return s[g.rnd.IntN(len(s))] }

// zipf picks an index in [0,n) with probability falling as a power of its rank, shuffled by
// perm so that the popular ones are spread over the network: the power-law degrees.
type zipf struct {
	z    *rand.Zipf
	perm []int
}

func newZipf(r *rand.Rand, n int, s float64) *zipf {
	return &zipf{z: rand.NewZipf(r, s, 8, uint64(n-1)), perm: r.Perm(n)}
}

func (z *zipf) next() int { return z.perm[z.z.Uint64()] }

// network is a network being generated: the random source and the names taken, the documents
// written so far, and the entities of each kind. Generate builds it step by step, each step a
// method below, in an order that never changes (the random draws depend on it).
type network struct {
	gen
	size                                 Size
	nMuni, nRegio, nOrg, nPerson, nEvent int
	docs                                 []*doc
	themes, bouwstenen, programmes       []*node
	provinces, regios, munis             []*node
	initDocs                             []*doc
	orgs, people, events, inits          []*node
	orgPick                              *zipf
	learning                             []int            // learning relations per initiative
	peers                                map[string][]int // feature -> earlier initiatives that have it
}

// perDoc is how many initiatives one practice document describes.
const perDoc = 4

// Generate writes a network of the given size into dir (which must exist) and returns what it
// holds. The same size and seed give the same files.
func Generate(dir string, size Size, seed uint64) (*Stats, error) {
	n := size.Initiatives
	nw := &network{
		gen:  gen{rnd: rand.New(rand.NewPCG(seed, uint64(n))), used: map[string]bool{}},
		size: size, nMuni: max(20, n/10), nRegio: max(12, n/200), nOrg: max(40, n/2),
		nPerson: max(40, n*7/10), nEvent: max(5, n/100),
	}
	nw.framework()
	nw.regionHierarchy()
	nw.practiceDocuments()
	nw.organisations()
	nw.persons()
	nw.eventDocuments()
	nw.initiatives()
	st := nw.stats()
	if err := os.MkdirAll(filepath.Join(dir, "documents"), 0o755); err != nil {
		return nil, err
	}
	for i, d := range nw.docs {
		if err := write(dir, i, d, st); err != nil {
			return nil, err
		}
	}
	return st, nil
}

// newDoc starts a document with its title.
func (nw *network) newDoc(id, title, kind string) *doc {
	d := &doc{id: id, file: fmt.Sprintf("documents/%s.txt", id), title: title, kind: kind}
	d.say(title)
	d.para()
	nw.docs = append(nw.docs, d)
	return d
}

// framework writes the themes, bouwstenen and programmes into one document.
func (nw *network) framework() {
	kader := nw.newDoc("doc-kader", "Met Andere Ogen: thema's, bouwstenen en programma's", "verslag")
	for i, t := range themeNames {
		nd := &node{id: fmt.Sprintf("theme-%02d", i), label: "Theme", name: nw.unique(t), muni: -1}
		nd.quotes = []string{kader.say(fmt.Sprintf("Een belangrijk thema in het netwerk is %s.", nd.name))}
		kader.nodes = append(kader.nodes, nd)
		nw.themes = append(nw.themes, nd)
	}
	kader.para()
	for i := 0; i < len(bouwVerbs)*len(bouwObjects); i++ {
		series := fmt.Sprintf("MAO Dialoog #%d", i/10+1)
		name := bouwVerbs[i/len(bouwObjects)] + " " + bouwObjects[i%len(bouwObjects)]
		nd := &node{id: fmt.Sprintf("bouwsteen-%02d", i), label: "Bouwsteen", name: nw.unique(name), series: series, number: i%10 + 1, muni: -1}
		nd.quotes = []string{kader.say(fmt.Sprintf("Bouwsteen %d uit %s luidt: %s.", nd.number, series, nd.name))}
		kader.nodes = append(kader.nodes, nd)
		nw.bouwstenen = append(nw.bouwstenen, nd)
		t := nw.themes[i%len(nw.themes)]
		kader.rels = append(kader.rels, rel{typ: "ABOUT", from: nd.id, to: t.id, quote: nd.quotes[0]})
	}
	kader.para()
	for i, p := range programmeNames {
		nd := &node{id: fmt.Sprintf("programme-%02d", i), label: "Programme", name: nw.unique(p), muni: -1}
		nd.quotes = []string{kader.say(fmt.Sprintf("Het programma %s ondersteunt lerende praktijken.", nd.name))}
		kader.nodes = append(kader.nodes, nd)
		nw.programmes = append(nw.programmes, nd)
		t := nw.themes[(i*5)%len(nw.themes)]
		q := kader.say(fmt.Sprintf("%s richt zich vooral op %s.", nd.name, t.name))
		kader.rels = append(kader.rels, rel{typ: "ABOUT", from: nd.id, to: t.id, quote: q})
	}
}

// regionHierarchy writes provinces > regions > municipalities: one document per province
// naming its regions, one per region naming its municipalities.
func (nw *network) regionHierarchy() {
	provDocs := make([]*doc, len(provinceNames))
	for i, p := range provinceNames {
		d := nw.newDoc(fmt.Sprintf("doc-provincie-%02d", i), "De provincie "+p+" en haar regio's", "verslag")
		provDocs[i] = d
		nd := &node{id: fmt.Sprintf("region-p%02d", i), label: "Region", name: nw.unique(p), kind: "provincie", muni: -1}
		nd.quotes = []string{d.say(fmt.Sprintf("%s is een provincie met %d regio's.", nd.name, (nw.nRegio+len(provinceNames)-1-i)/len(provinceNames)))}
		d.nodes = append(d.nodes, nd)
		nw.provinces = append(nw.provinces, nd)
	}
	regioDocs := make([]*doc, nw.nRegio)
	for i := 0; i < nw.nRegio; i++ {
		prov := nw.provinces[i%len(nw.provinces)]
		name := nw.unique(fmt.Sprintf("%s %s", nw.pick(regionWords), prov.name))
		nd := &node{id: fmt.Sprintf("region-r%04d", i), label: "Region", name: name, kind: "regio", muni: -1}
		d := provDocs[i%len(nw.provinces)]
		nd.quotes = []string{d.say(fmt.Sprintf("De regio %s ligt in %s.", nd.name, prov.name))}
		d.nodes = append(d.nodes, nd)
		d.rels = append(d.rels, rel{typ: "PART_OF", from: nd.id, to: prov.id, quote: nd.quotes[0]})
		nw.regios = append(nw.regios, nd)
		regioDocs[i] = nw.newDoc(fmt.Sprintf("doc-regio-%04d", i), "Gemeenten in de regio "+name, "verslag")
	}
	for i := 0; i < nw.nMuni; i++ {
		var name string
		for {
			name = nw.pick(placeStems) + nw.pick(placeMids) + nw.pick(placeEnds)
			if !nw.used[name] {
				break
			}
			if nw.rnd.IntN(4) == 0 { // the word space is finite: allow a numbered twin now and then
				break
			}
		}
		name = nw.unique(name)
		r := i % nw.nRegio
		nd := &node{id: fmt.Sprintf("region-g%05d", i), label: "Region", name: name, kind: "gemeente", muni: i}
		d := regioDocs[r]
		nd.quotes = []string{d.say(fmt.Sprintf("De gemeente %s hoort bij de regio %s.", nd.name, nw.regios[r].name))}
		d.nodes = append(d.nodes, nd)
		d.rels = append(d.rels, rel{typ: "PART_OF", from: nd.id, to: nw.regios[r].id, quote: nd.quotes[0]})
		nw.munis = append(nw.munis, nd)
	}
}

// practiceDocuments starts the documents that describe the initiatives, perDoc each; the
// organisations and people are defined in them too.
func (nw *network) practiceDocuments() {
	nw.initDocs = make([]*doc, (nw.size.Initiatives+perDoc-1)/perDoc)
	for i := range nw.initDocs {
		kind := []string{"interview", "verslag", "blog"}[i%3]
		nw.initDocs[i] = nw.newDoc(fmt.Sprintf("doc-praktijk-%05d", i), fmt.Sprintf("Wat Werkt? Praktijkverhalen %d", i+1), kind)
	}
}

// organisations writes organisations of every sector, each in a municipality; their partner
// degrees follow a power law (orgPick, drawn when initiatives choose partners).
func (nw *network) organisations() {
	nw.orgs = make([]*node, nw.nOrg)
	for i := range nw.orgs {
		sector := sectors[min(len(sectors)-1, int(math.Floor(math.Abs(nw.rnd.NormFloat64())*4)))]
		m := nw.rnd.IntN(nw.nMuni)
		name := nw.pick(orgPrefix[sector]) + " " + nw.munis[m].name
		if sector != "gemeente" {
			name = nw.pick(orgPrefix[sector]) + " " + nw.pick(orgWords) + " " + nw.munis[m].name
		}
		nd := &node{id: fmt.Sprintf("org-%06d", i), label: "Organisation", name: nw.unique(name), sector: sector, muni: m}
		d := nw.initDocs[i%len(nw.initDocs)]
		nd.quotes = []string{d.say(fmt.Sprintf("%s is een organisatie (%s) in %s.", nd.name, sector, nw.munis[m].name))}
		d.nodes = append(d.nodes, nd)
		d.rels = append(d.rels, rel{typ: "LOCATED_IN", from: nd.id, to: nw.munis[m].id, quote: nd.quotes[0]})
		nw.orgs[i] = nd
	}
	nw.orgPick = newZipf(nw.rnd, nw.nOrg, 1.2)
}

// persons writes people who work for one organisation, or two for a third of them.
func (nw *network) persons() {
	nw.people = make([]*node, nw.nPerson)
	for i := range nw.people {
		var name string
		for {
			name = fmt.Sprintf("%s %c. %s", nw.pick(firstNames), 'A'+rune(nw.rnd.IntN(26)), nw.pick(lastNames))
			if !nw.used[name] {
				break
			}
			if nw.rnd.IntN(8) == 0 {
				break
			}
		}
		nd := &node{id: fmt.Sprintf("person-%06d", i), label: "Person", name: nw.unique(name), muni: -1}
		d := nw.initDocs[(i*7)%len(nw.initDocs)]
		works := 1 + nw.rnd.IntN(3)/2 // one, or two organisations for a third of the people
		seen := map[int]bool{}
		for w := 0; w < works; w++ {
			o := nw.rnd.IntN(nw.nOrg)
			if seen[o] {
				continue
			}
			seen[o] = true
			f := nw.pick(functions)
			q := d.say(fmt.Sprintf("%s werkt als %s bij %s.", nd.name, f, nw.orgs[o].name))
			if w == 0 {
				nd.quotes = []string{q}
			}
			nd.funcs = append(nd.funcs, f+" bij "+nw.orgs[o].name)
			d.rels = append(d.rels, rel{typ: "WORKS_FOR", from: nd.id, to: nw.orgs[o].id, role: f, quote: q})
		}
		d.nodes = append(d.nodes, nd)
		nw.people[i] = nd
	}
}

// eventDocuments writes the events, one document each: where, about what, who organised it,
// and for the first ones the bouwsteen that came out of it.
func (nw *network) eventDocuments() {
	nw.events = make([]*node, nw.nEvent)
	for i := range nw.events {
		m := nw.rnd.IntN(nw.nMuni)
		date := fmt.Sprintf("20%02d-%02d-%02d", 19+i%6, 1+i%12, 1+i%28)
		kind := []string{"dialoogsessie", "netwerkbijeenkomst"}[i%2]
		name := nw.unique(fmt.Sprintf("Netwerkbijeenkomst %s", nw.munis[m].name))
		if kind == "dialoogsessie" {
			name = nw.unique(fmt.Sprintf("Dialoogsessie #%d", i+1))
		}
		d := nw.newDoc(fmt.Sprintf("doc-event-%04d", i), "Verslag van "+name, "dialoogsessie")
		nd := &node{id: fmt.Sprintf("event-%04d", i), label: "Event", name: name, kind: kind, date: date, place: nw.munis[m].name, muni: m}
		nd.quotes = []string{d.say(fmt.Sprintf("%s vond plaats op %s in %s.", name, date, nw.munis[m].name))}
		d.nodes = append(d.nodes, nd)
		d.rels = append(d.rels, rel{typ: "LOCATED_IN", from: nd.id, to: nw.munis[m].id, quote: nd.quotes[0]})
		t := nw.themes[nw.rnd.IntN(len(nw.themes))]
		d.rels = append(d.rels, rel{typ: "ABOUT", from: nd.id, to: t.id, quote: d.say(fmt.Sprintf("Het gesprek ging over %s.", t.name))})
		o := nw.orgs[nw.orgPick.next()]
		d.rels = append(d.rels, rel{typ: "ORGANISED", from: o.id, to: nd.id, quote: d.say(fmt.Sprintf("De bijeenkomst werd georganiseerd door %s.", o.name))})
		if i < len(nw.bouwstenen) {
			b := nw.bouwstenen[i]
			d.rels = append(d.rels, rel{typ: "DERIVED_FROM", from: b.id, to: nd.id, quote: d.say(fmt.Sprintf("Hier ontstond de bouwsteen: %s.", b.name))})
		}
		nw.events[i] = nd
	}
}

// relAdder adds relations to a document, each (type, from, to) once.
type relAdder struct {
	d    *doc
	once map[string]bool
}

func (a *relAdder) add(r rel) {
	k := r.typ + "|" + r.from + "|" + r.to
	if !a.once[k] {
		a.once[k] = true
		a.d.rels = append(a.d.rels, r)
	}
}

// initiatives writes the initiatives in order, each into its practice document: who takes
// part, what it puts into practice and is about, whom it learns from, and what it is part of.
func (nw *network) initiatives() {
	n := nw.size.Initiatives
	nw.inits = make([]*node, n)
	nw.learning = make([]int, n)
	nw.peers = map[string][]int{}
	learnPick := newZipf(nw.rnd, n, 1.1)
	bouwPick := newZipf(nw.rnd, len(nw.bouwstenen), 1.05)
	for i := range nw.inits {
		d := nw.initDocs[i/perDoc]
		nd := nw.initiative(i, d)
		a := &relAdder{d: d, once: map[string]bool{}}
		var features []string
		features = append(features, nw.partnersOf(nd, a)...)
		nw.leadOf(nd, a)
		features = append(features, nw.contentOf(nd, a, bouwPick)...)
		for _, tg := range nd.targetGroups {
			features = append(features, "g:"+tg)
		}
		if i > 0 && nw.rnd.IntN(2) == 0 {
			nw.learnFrom(i, features, learnPick, a)
		}
		for _, f := range features {
			nw.peers[f] = append(nw.peers[f], i)
		}
		nw.contextOf(nd, a)
	}
}

// initiative writes initiative i itself: its name, kind, place, target groups and aim.
func (nw *network) initiative(i int, d *doc) *node {
	m := nw.rnd.IntN(nw.nMuni)
	kind := nw.pick(initiativeKinds)
	name := nw.unique(nw.pick(initiativeNouns) + " " + nw.munis[m].name)
	nd := &node{id: fmt.Sprintf("initiative-%06d", i), label: "Initiative", name: name, kind: kind, muni: m}
	nd.targetGroups = []string{nw.pick(targetGroups)}
	if nw.rnd.IntN(2) == 0 {
		if tg := nw.pick(targetGroups); tg != nd.targetGroups[0] {
			nd.targetGroups = append(nd.targetGroups, tg)
		}
	}
	d.para()
	nd.quotes = []string{d.say(fmt.Sprintf("%s is een %s in %s voor %s.", name, kind, nw.munis[m].name, strings.Join(nd.targetGroups, " en ")))}
	nd.descr = d.say(fmt.Sprintf("Het doel is %s, door %s.", nw.pick(goals), nw.pick(methods)))
	d.nodes = append(d.nodes, nd)
	d.rels = append(d.rels, rel{typ: "LOCATED_IN", from: nd.id, to: nw.munis[m].id, quote: nd.quotes[0]})
	nw.inits[i] = nd
	return nd
}

// partnersOf adds one to three partner organisations (popular ones more often) and returns
// them as features ("o:" and the id).
func (nw *network) partnersOf(nd *node, a *relAdder) []string {
	var out []string
	for p, np := 0, 1+nw.rnd.IntN(3); p < np; p++ {
		o := nw.orgs[nw.orgPick.next()]
		role := nw.pick(partnerRoles)
		a.add(rel{typ: "PARTNER_IN", from: o.id, to: nd.id, role: role, quote: a.d.say(fmt.Sprintf("%s is %s.", o.name, role))})
		out = append(out, "o:"+o.id)
	}
	return out
}

// leadOf gives seven in ten initiatives a person who leads, coordinates or is involved in it.
func (nw *network) leadOf(nd *node, a *relAdder) {
	if nw.rnd.IntN(10) < 7 {
		p := nw.people[nw.rnd.IntN(nw.nPerson)]
		typ := personRoles[nw.rnd.IntN(len(personRoles))]
		role := map[string]string{"LEADS": "projectleider", "COORDINATES": "coördinator", "INVOLVED_IN": "betrokken"}[typ]
		a.add(rel{typ: typ, from: p.id, to: nd.id, role: role, quote: a.d.say(fmt.Sprintf("%s is er %s.", p.name, role))})
	}
}

// contentOf adds the bouwsteen the initiative puts into practice (popular ones more often)
// and one or two themes, and returns them as features ("b:", "t:" and the id).
func (nw *network) contentOf(nd *node, a *relAdder, bouwPick *zipf) []string {
	b := nw.bouwstenen[bouwPick.next()]
	a.add(rel{typ: "EMBODIES", from: nd.id, to: b.id, quote: a.d.say(fmt.Sprintf("Het brengt de bouwsteen %s in praktijk.", b.name))})
	t := nw.themes[nw.rnd.IntN(len(nw.themes))]
	a.add(rel{typ: "ABOUT", from: nd.id, to: t.id, quote: a.d.say(fmt.Sprintf("Het gaat vooral om %s.", t.name))})
	out := []string{"b:" + b.id, "t:" + t.id}
	if nw.rnd.IntN(3) == 0 {
		t2 := nw.themes[nw.rnd.IntN(len(nw.themes))]
		a.add(rel{typ: "ABOUT", from: nd.id, to: t2.id, quote: a.d.say(fmt.Sprintf("Ook %s speelt mee.", t2.name))})
		if t2 != t {
			out = append(out, "t:"+t2.id)
		}
	}
	return out
}

// peerShare is the chance (in percent) that a learning relation goes to a peer that shares
// something with the learner rather than to a popular initiative (see learnFrom).
const peerShare = 75

// learnFrom adds initiative i's learning relation, to an earlier initiative (LEARNS_FROM, or
// INSPIRES from the earlier one), by this generative model: with chance peerShare % the
// earlier one is a peer: one of i's features (its partner organisations, bouwsteen, themes
// and target groups, each equally likely) is drawn, then an earlier initiative with that
// feature, each equally likely; otherwise, or when no earlier initiative has the drawn
// feature, an earlier initiative is drawn by popularity alone (a Zipf pick: the hubs that
// everyone visits). So initiatives that work with the same partners, put the same bouwsteen
// into practice or work on the same themes are likelier to learn from each other — what
// learningPartners' reasons can see — while popularity keeps the degrees skewed.
func (nw *network) learnFrom(i int, features []string, learnPick *zipf, a *relAdder) {
	j := -1
	if nw.rnd.IntN(100) < peerShare {
		if peers := nw.peers[features[nw.rnd.IntN(len(features))]]; len(peers) > 0 {
			j = peers[nw.rnd.IntN(len(peers))]
		}
	}
	if j < 0 {
		j = learnPick.next() % i
	}
	o := nw.inits[j]
	nw.learning[i]++
	nw.learning[j]++
	if nw.rnd.IntN(2) == 0 {
		a.add(rel{typ: "LEARNS_FROM", from: nw.inits[i].id, to: o.id, quote: a.d.say(fmt.Sprintf("Het leert van %s.", o.name))})
	} else {
		a.add(rel{typ: "INSPIRES", from: o.id, to: nw.inits[i].id, quote: a.d.say(fmt.Sprintf("Het werd geïnspireerd door %s.", o.name))})
	}
}

// contextOf makes one in five initiatives part of a programme and one in ten presented at an
// event.
func (nw *network) contextOf(nd *node, a *relAdder) {
	if nw.rnd.IntN(5) == 0 {
		p := nw.programmes[nw.rnd.IntN(len(nw.programmes))]
		a.add(rel{typ: "PART_OF", from: nd.id, to: p.id, quote: a.d.say(fmt.Sprintf("Het maakt deel uit van %s.", p.name))})
	}
	if nw.rnd.IntN(10) == 0 {
		e := nw.events[nw.rnd.IntN(nw.nEvent)]
		a.add(rel{typ: "PRESENTED_AT", from: nd.id, to: e.id, quote: a.d.say(fmt.Sprintf("Het werd gepresenteerd op %s.", e.name))})
	}
}

// stats picks the ids the benchmark queries use. The learning focus is a well-connected but
// ordinary initiative: the first with about ten learning relations (hubs with thousands exist
// too, but are not what one looks up).
func (nw *network) stats() *Stats {
	n := nw.size.Initiatives
	focus := 0
	for i, d := range nw.learning {
		if abs(d-10) < abs(nw.learning[focus]-10) {
			focus = i
		}
	}
	return &Stats{
		Province: nw.provinces[6].id, Municipality: nw.munis[0].id, Theme: nw.themes[0].id,
		Bouwsteen: nw.bouwstenen[0].id, Initiative: nw.inits[n/2].id, OtherInitiative: nw.inits[n/3].id,
		LearningFocus: nw.inits[focus].id, Kind: "pilot", SearchText: nw.inits[n/2].name,
	}
}

func write(dir string, i int, d *doc, st *Stats) error {
	text := d.text.String() + "\n"
	if err := os.WriteFile(filepath.Join(dir, d.file), []byte(text), 0o644); err != nil {
		return err
	}
	f, err := os.Create(filepath.Join(dir, fmt.Sprintf("%06d-%s.yaml", i, strings.TrimPrefix(d.id, "doc-"))))
	if err != nil {
		return err
	}
	w := bufio.NewWriterSize(f, 64<<10)
	fmt.Fprintf(w, "format: 1\ndocument:\n  id: %s\n  file: %s\n  title: %s\n  kind: %s\n", d.id, d.file, q(d.title), d.kind)
	if len(d.nodes) > 0 {
		w.WriteString("nodes:\n")
	}
	for _, n := range d.nodes {
		fmt.Fprintf(w, "  - id: %s\n    label: %s\n    name: %s\n", n.id, n.label, q(n.name))
		opt := func(k, v string) {
			if v != "" {
				fmt.Fprintf(w, "    %s: %s\n", k, q(v))
			}
		}
		opt("kind", n.kind)
		opt("sector", n.sector)
		opt("series", n.series)
		opt("date", n.date)
		opt("place", n.place)
		opt("description", n.descr)
		if n.number > 0 {
			fmt.Fprintf(w, "    number: %d\n", n.number)
		}
		list := func(k string, vs []string) {
			if len(vs) == 0 {
				return
			}
			fmt.Fprintf(w, "    %s:\n", k)
			for _, v := range vs {
				fmt.Fprintf(w, "      - %s\n", q(v))
			}
		}
		list("targetGroups", n.targetGroups)
		list("functions", n.funcs)
		list("quotes", n.quotes)
		st.Nodes++
	}
	if len(d.rels) > 0 {
		w.WriteString("relations:\n")
	}
	for _, r := range d.rels {
		fmt.Fprintf(w, "  - type: %s\n    from: %s\n    to: %s\n", r.typ, r.from, r.to)
		if r.role != "" {
			fmt.Fprintf(w, "    role: %s\n", q(r.role))
		}
		fmt.Fprintf(w, "    quote: %s\n", q(r.quote))
		st.Relations++
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return err
	}
	if fi, err := f.Stat(); err == nil {
		st.Bytes += fi.Size() + int64(len(text))
	}
	st.Files++
	st.Documents++
	return f.Close()
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// q quotes a YAML scalar in single quotes.
func q(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }

// Dataset generates a network into a scratch folder, parses it as the seeds are parsed, and
// removes the folder: what tests and benchmarks of the Go side load or analyse.
func Dataset(size Size, seed uint64) (*model.Dataset, *Stats, error) {
	dir, err := os.MkdirTemp("", "mao-synth-")
	if err != nil {
		return nil, nil, err
	}
	defer os.RemoveAll(dir)
	st, err := Generate(dir, size, seed)
	if err != nil {
		return nil, nil, err
	}
	ds, err := loader.Parse(os.DirFS(dir))
	if err != nil {
		return nil, nil, fmt.Errorf("parse the generated %s network: %w", size.Name, err)
	}
	return ds, st, nil
}
