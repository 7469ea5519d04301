package propose

// This file is the one home of the proposer's Dutch knowledge: every lexicon, cue phrase and
// confidence lives here as data, and the code in propose.go only applies it. A new attribute
// or node type of the seed format gets its rule as a new row here (and, when it needs a new
// kind of pattern, one new case in propose.go).

// Threshold is the confidence below which a proposal is written commented out: the curator
// sees it, but it does not reach the graph unless they uncomment it.
const Threshold = 0.5

// Rule names a pattern and the confidence of what it proposes. The name is written next to
// every proposal, so a curator can see why it was made and the evaluation can score each rule.
type Rule struct {
	Name       string  `json:"name"`
	Confidence float64 `json:"confidence"`
}

// The rules, by name. Confidences were set from the leave-one-document-out evaluation
// (EVALUATION.md): a rule whose proposals are mostly wrong gets a confidence below Threshold.
var (
	ruleGazetteer               = Rule{"gazetteer", 0.9}                 // a name or alias of an entity already in the graph
	ruleGazetteerShort          = Rule{"gazetteer-short", 0.45}          // the same for a single short word ("MAO", "CJG")
	rulePersonFunction          = Rule{"person-function", 0.85}          // "X, directeur van Y", "projectleider X"
	ruleEmployer                = Rule{"employer", 0.75}                 // the Y of "X, functie van/bij Y"
	ruleOrgPrefix               = Rule{"org-prefix", 0.8}                // "SWV …", "gemeente …", "stichting …"
	ruleOrgSectorWord           = Rule{"org-sector-word", 0.7}           // "Veens Welzijn", "NHL Stenden Hogeschool"
	ruleRegionCue               = Rule{"region-cue", 0.85}               // "in de regio X", "regio X", "in X (rond Y)"
	ruleRegionIn                = Rule{"region-in", 0.6}                 // "In X zijn …" at the start of a sentence
	ruleGemeente                = Rule{"region-gemeente", 0.8}           // the place of "gemeente X"
	ruleInitiativeCue           = Rule{"initiative-cue", 0.7}            // "het project X", "Lerende Praktijk X"
	ruleInitiativePlaceApproach = Rule{"initiative-place-approach", 0.6} // "de Haagse aanwezigheidsaanpak"
	ruleInitiativeHead          = Rule{"initiative-heading", 0.75}       // "3. Dagklas en flexpool in …": a numbered heading
	ruleEvent                   = Rule{"event-date", 0.8}                // "dialoogsessie … op dinsdag 29 juni 2021"
	ruleBouwsteen               = Rule{"bouwsteen-list", 0.9}            // the numbered list under "bouwstenen"
	ruleTheme                   = Rule{"theme-lexicon", 0.75}            // a cue word of the theme lexicon
	ruleByline                  = Rule{"byline", 0.6}                    // "Anita Gelmers-Groen en Hetty Vlug" on a line of its own
	ruleWorksFor                = Rule{"works-for", 0.8}                 // person → organisation of the function rule
	ruleLeadsFunction           = Rule{"leads-function", 0.75}           // projectleider/manager of an initiative
	ruleLocatedIn               = Rule{"located-in", 0.6}                // "X in (de regio) Y" in one sentence
	ruleLocatedHeading          = Rule{"located-in-heading", 0.7}        // a heading naming an initiative and its region
	ruleGemeenteIn              = Rule{"gemeente-located-in", 0.8}       // gemeente X → region X
	rulePresentedAt             = Rule{"presented-at", 0.55}             // a speaker with a function at the document's event
	ruleOrganised               = Rule{"organised", 0.7}                 // "… die X organiseerde"
	rulePartnerIn               = Rule{"partner-in", 0.45}               // organisations called "partners" of an initiative
	ruleInvolved                = Rule{"involved-cue", 0.6}              // "X is (nauw) betrokken bij Y"
	ruleInvolvedSubject         = Rule{"involved-subject", 0.55}         // "X was vanaf het begin betrokken": at the document's initiative
	ruleCoordinates             = Rule{"coordinates-cue", 0.6}           // "X is verantwoordelijk voor Y"
	ruleCoordinatesPronoun      = Rule{"coordinates-pronoun", 0.55}      // "Ze is verantwoordelijk voor Y": the person the sentence before names
	ruleCouncillor              = Rule{"councillor", 0.6}                // a wethouder works for the one gemeente the document names
	rulePartnerWith             = Rule{"partner-with", 0.6}              // organisations working "samen met" each other within an initiative
	ruleAboutDocument           = Rule{"about-document", 0.7}            // the document is about every theme it names twice
	ruleAboutDocumentOne        = Rule{"about-document-once", 0.4}       // … and perhaps about one it names once
	ruleAboutShortDocument      = Rule{"about-short-document", 0.55}     // … a short text (≤ shortDocument words) about one it names once
	ruleAboutSentence           = Rule{"about-sentence", 0.5}            // an initiative or bouwsteen and a theme in one sentence
	ruleLearning                = Rule{"learning-cue", 0.6}              // "leren van", "geïnspireerd door", "ter inspiratie"
	ruleLearningRecent          = Rule{"learning-cue-recent", 0.5}       // … where "we" is the initiative just named
	ruleFunded                  = Rule{"funding", 0.7}                   // a funding fact: "met middelen van", "gefinancierd door"
	ruleQuantity                = Rule{"quantity", 0.7}                  // "zes scholen", "11.000 leerlingen", "20 uur per week"
	ruleSchoolYear              = Rule{"period-school-year", 0.6}        // "schooljaar 2023-2024"
	ruleSince                   = Rule{"period-since", 0.6}              // "sinds 2019", "vanaf maart 2022"
	ruleDuration                = Rule{"period-duration", 0.6}           // "tweejarig", "drie jaar lang", "de komende acht jaar"
	ruleGoal                    = Rule{"goal-cue", 0.6}                  // "het doel is", "met als doel", "ambitie"
	ruleGoalWeak                = Rule{"goal-cue-weak", 0.4}             // "we willen", "hopen we"
	ruleResult                  = Rule{"result-cue", 0.6}                // "heeft geleid tot", "werpen hun vruchten af"
	ruleResultWeak              = Rule{"result-cue-weak", 0.4}           // "we zien nu", "ontstond"
	ruleFormat                  = Rule{"format-lexicon", 0.65}           // "werksessies", "inspiratietafels": a meeting format
	ruleUsesFormat              = Rule{"uses-format", 0.55}              // the event (or initiative) of the sentence meets in that format
	ruleUsesFormatSubject       = Rule{"uses-format-subject", 0.5}       // … else what the document is about
	rulePublicationTitle        = Rule{"publication-title", 0.7}         // "het artikel ‘Grip krijgen op …’", "interviewreeks ‘Wat Werkt?’"
	rulePublicationName         = Rule{"publication-name", 0.65}         // "Publieksverslag Lerende Praktijken", "juli-nieuwsbrief"
	rulePublishedIn             = Rule{"published-in", 0.65}             // "werd eerder geplaatst in", "in de interviewreeks"
	ruleRefersTo                = Rule{"refers-to", 0.6}                 // "lees het …", "bijvoorbeeld in het artikel …"
	ruleRefersToWeak            = Rule{"refers-to-weak", 0.45}           // a publication named without a cue
	ruleGroupRole               = Rule{"group-role", 0.6}                // "een van de drie kernscholen in het project X"
	ruleDerived                 = Rule{"derived-from", 0.8}              // the bouwstenen come from the document's event
	ruleAuthored                = Rule{"authored", 0.6}                  // the byline's people wrote the document
	ruleProgramme               = Rule{"programme-word", 0.7}            // "Nationaal Programma Onderwijs", "Lerende Praktijken"
	ruleOrgList                 = Rule{"org-list", 0.7}                  // "drie basisscholen – A, B en C –"
	ruleRegionList              = Rule{"region-list", 0.6}               // "in Den Haag, Leidschendam-Voorburg en Rijswijk"
	ruleRegionInSentence        = Rule{"region-in-sentence", 0.5}        // "Samenwerken is in Almere een …"
	ruleRegionArticle           = Rule{"region-article", 0.55}           // "in het Westland.", "in de Achterhoek,"
	ruleRegionOfPractice        = Rule{"region-of-practice", 0.6}        // the place in "Lerende Praktijk Amsterdam"
	ruleSectionInspires         = Rule{"section-inspires", 0.6}          // pitches at an event about inspiration inspire it
	ruleEmbodies                = Rule{"embodies-overlap", 0.6}          // a section shares most words of a bouwsteen
	ruleAboutSection            = Rule{"about-section", 0.55}            // a theme named in an initiative's section
	ruleAboutSubject            = Rule{"about-subject", 0.6}             // the document's subject is about its themes
	ruleAboutSubjectOne         = Rule{"about-subject-once", 0.4}        // … perhaps also about one named once
	rulePartOfName              = Rule{"part-of-name", 0.6}              // "Dialoogsessie Met Andere Ogen" is part of the programme
	rulePartOfVan               = Rule{"part-of-van", 0.6}               // "Lerende Praktijken van Met Andere Ogen"
	ruleSectionPerson           = Rule{"section-person", 0.6}            // a person with a function in an initiative's section
	ruleLocatedSection          = Rule{"located-in-section", 0.6}        // the first region an initiative's section names
	ruleHeadingOrgRegion        = Rule{"heading-org-region", 0.55}       // an organisation in a heading is in the section's region
	ruleEventPlace              = Rule{"event-place", 0.7}               // an event's place, when it is a region
	ruleLeadsOrg                = Rule{"leads-organisation", 0.75}       // a director of an organisation leads it
)

// orgLeadingFunctions lead the organisation they are a function of (LEADS, not WORKS_FOR).
var orgLeadingFunctions = []string{"directeur", "bestuurder", "voorzitter"}

// sectionLeadingFunctions lead the initiative of the section they are named in.
var sectionLeadingFunctions = []string{"projectleider", "leider"}

// programmeWords make a name a programme ("Nationaal Programma Onderwijs", the plural
// "Lerende Praktijken"); as the first word of a longer name they are dropped from it
// ("Programma Met Andere Ogen" is "Met Andere Ogen").
var programmeWords = []string{"Programma", "Praktijken", "Netwerk"}

// documentWords name a publication, not a programme, when they start a name
// ("Publieksverslag Lerende Praktijken").
var documentWords = []string{"Publieksverslag", "Verslag", "Rapport", "Nieuwsbrief", "Website"}

// orgListCues introduce a list of organisations of one sector.
var orgListCues = []struct{ Word, Sector string }{
	{"basisscholen", "school"},
	{"kernscholen", "school"},
	{"scholen", "school"},
	{"organisaties", "netwerk"},
}

// inspirationWords mark an event about inspiration: its pitches inspire it.
var inspirationWords = []string{"inspir"}

// embodiesShare is the share of a bouwsteen's content words a section must contain to embody it.
const embodiesShare = 0.5

// stopwords are left out when words of a bouwsteen and a section are compared.
var stopwords = []string{"door", "zijn", "voor", "waar", "deze", "zodat", "weer", "over", "tussen", "ieder",
	"iets", "ook", "maar", "einde", "praten", "maakt", "heeft", "kunnen", "wordt", "worden"}

// functionStems end the words that name a function ("projectleider", "directeur-bestuurder").
var functionStems = []string{
	"leider", "manager", "adviseur", "medewerker", "directeur", "bestuurder", "werker", "begeleider",
	"coördinator", "voorzitter", "wethouder", "moderator", "eigenaar", "coach", "expert", "lector",
	"onderzoeker", "inspirator", "ondersteuner", "consulent", "specialist", "jeugdarts", "leerkracht",
	"docent", "trainer", "regisseur", "kwartiermaker", "opbouwwerker", "collega",
}

// leadingFunctions are the functions that lead what they are a function of (LEADS, not INVOLVED_IN).
var leadingFunctions = []string{"leider", "manager", "directeur", "bestuurder", "voorzitter", "coördinator", "moderator", "kwartiermaker"}

// orgPrefixes start an organisation's name and say its sector.
var orgPrefixes = []struct{ Word, Sector string }{
	{"Samenwerkingsverband", "samenwerkingsverband"},
	{"samenwerkingsverband", "samenwerkingsverband"},
	{"SWV", "samenwerkingsverband"},
	{"Gemeente", "gemeente"},
	{"gemeente", "gemeente"},
	{"Stichting", "netwerk"},
	{"stichting", "netwerk"},
	{"Hogeschool", "hogeschool"},
	{"Universiteit", "kennisinstituut"},
	{"Centrum voor", "jeugdhulp"},
	{"GGD", "jgz"},
	{"Bibliotheek", "bibliotheek"},
}

// orgSectorWords make a capitalised name an organisation when they end it (or a word of it)
// and say its sector.
var orgSectorWords = []struct{ Suffix, Sector string }{
	{"Welzijn", "welzijn"},
	{"Jeugdinstituut", "kennisinstituut"},
	{"Instituut", "kennisinstituut"},
	{"Hogeschool", "hogeschool"},
	{"Universiteit", "kennisinstituut"},
	{"Jeugdzorg", "jeugdhulp"},
	{"Jeugdhulp", "jeugdhulp"},
	{"Kinderopvang", "kinderopvang"},
	{"Bibliotheek", "bibliotheek"},
	{"Onderwijsgroep", "onderwijs"},
	{"Scholengroep", "school"},
	{"Basisschool", "school"},
	{"school", "school"},
	{"GGD", "jgz"},
	{"Zorg", "zorg"},
}

// initiativeCues precede (or, with Suffix, are part of) an initiative's name and give its kind.
var initiativeCues = []struct {
	Word, Kind string
	InName     bool // the cue word is part of the name ("Lerende Praktijk Veenendaal") and the rest is a place
}{
	{"Lerende Praktijk", "lerende praktijk", true},
	{"het project", "project", false},
	{"project", "project", false},

	{"het programma", "programma", false},
	{"programma", "programma", false},
	{"de pilot", "pilot", false},
	{"pilot", "pilot", false},
	{"de aanpak", "aanpak", false},
	{"het dossier", "project", false},
	{"de dossiers", "project", false},
	{"het arrangement", "arrangement", false},
	{"richting", "aanpak", false},
}

// regionCues precede a region's name.
var regionCues = []struct{ Word, Kind string }{
	{"in de regio", "regio"},
	{"in regio", "regio"},
	{"de regio", "regio"},
	{"regio", "regio"},
	{"provincie", "provincie"},
	{"wijk", "wijk"},
}

// notPlaces are capitalised words that follow "in" but are no place.
var notPlaces = []string{"Nederland", "Met", "Het", "De", "Een", "Dit", "Dat", "Deze", "Die", "Zo", "Ook",
	"Wat", "Hoe", "Waar", "Wij", "We", "Ze", "Zij", "Hij", "Ik", "Je", "In", "Op", "Als", "Maar", "En", "Of",
	"Januari", "Februari", "Maart", "April", "Mei", "Juni", "Juli", "Augustus", "September", "Oktober", "November", "December"}

// events are the kinds of event and the words that name them.
var eventWords = []struct{ Word, Kind string }{
	{"dialoogsessie", "dialoogsessie"},
	{"netwerkbijeenkomst", "netwerkbijeenkomst"},
}

// months maps a Dutch month name to its number.
var months = map[string]int{
	"januari": 1, "februari": 2, "maart": 3, "april": 4, "mei": 5, "juni": 6, "juli": 7,
	"augustus": 8, "september": 9, "oktober": 10, "november": 11, "december": 12,
}

// themeLexicon maps a theme's name to the cue words (lowercase; a cue matches at the start of a
// word, so "thuiszitt" finds "thuiszitters" and "thuiszittende") that say a text is about it.
var themeLexicon = []struct {
	Name string
	Cues []string
}{
	{"thuiszitters", []string{"thuiszitt"}},
	{"ouderbetrokkenheid", []string{"ouderbetrokkenheid", "betrokkenheid van ouders", "ouderpartnerschap", "ouders centraal", "betrokken ouders",
		"samenwerking met de ouders", "samenwerking met ouders", "samenwerken met ouders", "ouders betrekken", "betrekken van ouders"}},
	{"verzuim", []string{"verzuim", "schoolverzuim", "schoolaanwezigheid"}},
	{"armoede", []string{"armoede", "schuldhulp", "voedselbank", "minima"}},
	{"preventie", []string{"preventie", "preventief", "preventiever", "vroegsignalering"}},
	{"welbevinden", []string{"welbevinden"}},
	{"interprofessioneel samenwerken", []string{"interprofessione", "samenwerking tussen professionals",
		"samenwerking tussen onderwijs", "samenwerking tussen alle", "onderwijs, jeugdhulp", "onderwijs, de jeugdhulp"}},
	{"kansenongelijkheid", []string{"kansenongelijkheid", "kansengelijkheid", "ontwikkelkansen"}},
	{"passend onderwijs", []string{"passend onderwijs", "passende onderwijs"}},
	{"pedagogische basis", []string{"pedagogische basis"}},
	{"sociaal-emotionele ontwikkeling", []string{"sociaal-emotionele ontwikkeling"}},
}

// learningCues say that one party learns from, or inspires, another. With Reverse the entity
// after the cue learns from the one before it.
var learningCues = []struct {
	Cue, Type string
	Reverse   bool
}{
	{"leren van", "LEARNS_FROM", false},
	{"leert van", "LEARNS_FROM", false},
	{"geleerd van", "LEARNS_FROM", false},
	{"geïnspireerd door", "LEARNS_FROM", false},
	{"model van", "LEARNS_FROM", false},
	{"ter inspiratie", "INSPIRES", false},
	{"als inspiratie", "INSPIRES", false},
	{"inspireren", "INSPIRES", false},
	{"inspireerde", "INSPIRES", false},
}

// fundingCues precede who pays for what the sentence is about.
var fundingCues = []string{"middelen van", "gefinancierd door", "gefinancierd uit", "subsidie van", "met geld van"}

// fundingCuesBefore follow who pays ("De regio Haaglanden maakte (daarom) geld vrij voor …").
var fundingCuesBefore = []string{"geld vrij", "had daar middelen voor", "stelde middelen beschikbaar", "stelden middelen beschikbaar", "financiert", "financierde", "betaalt", "betaalde"}

// shareWords state which share of its money a funding source gives.
var shareWords = map[string]float64{"de helft": 0.5, "helft": 0.5}

// subjectDistancePenalty lowers a fact's confidence when its subject is not named in its
// sentence: by index, named in it, the initiative of its section, the document's event, the
// initiative just named.
var subjectDistancePenalty = [...]float64{0, 0.05, 0.1, 0.1}

// quantityQualifiers mark a quantity as not exact when they stand right before its number.
var quantityQualifiers = []struct{ Words, Qualifier string }{
	{"ruim", "more-than"}, {"meer dan", "more-than"}, {"ruimschoots", "more-than"},
	{"ongeveer", "approx"}, {"circa", "approx"}, {"zo'n", "approx"}, {"bijna", "approx"},
}

// approxSuffix makes a number word approximate ("een tiental").
const approxSuffix = "tal"

// unitForms are extra words that count a unit of graph/model/vocabulary.go Units besides its
// singular and plural there ("dagen per week" is "dag per week").
var unitForms = map[string]string{"dagen per week": "dag per week", "uren per week": "uur per week", "gemeenten": "gemeente", "gemeentes": "gemeente"}

// initiativeAnaphors refer back to an initiative named earlier in the text.
var initiativeAnaphors = []string{"het project", "dit project", "de pilot", "deze pilot", "deze aanpak", "de aanpak"}

// periodStartCues make a school year the start of a period, whatever else the sentence says
// ("is begonnen aan het begin van schooljaar 2023-2024, … tot nu toe").
var periodStartCues = []string{"begonnen", "begon ", "begin van", "gestart", "startte", "van start"}

// periodEndCues make a school year the end of a period ("loopt af", "tot"); otherwise it is its start.
var periodEndCues = []string{"loopt af", "loopt het af", "eindigt", "afgerond", " tot "}

// sinceCues precede the year or month a period starts.
var sinceCues = []string{"sinds", "vanaf", "sedert"}

// goalCues say that a sentence states what an initiative or event is for; weakGoalCues say it
// less surely.
var (
	goalCues     = []string{"het doel", "als doel", "doel van", "doelstelling", "ambitie", "bedoeld om", "opgezet om", "richt zich op", "zich richt op"}
	weakGoalCues = []string{"we willen", "willen we", "hopen we", "we hopen", "wil graag"}
)

// resultCues say that a sentence states what an initiative or event brought; weakResultCues say
// it less surely.
var (
	resultCues     = []string{"geleid tot", "geleid heeft tot", "leidde tot", "we merken dat", "merken we dat", "karakter gekregen", "heeft gewerkt", "resultaten", "resultaat", "vruchten af", "succes", "heeft opgeleverd", "leverde op"}
	weakResultCues = []string{"we zien nu", "zien we nu", "merkt nu", "ontstond", "ontstonden", "weten elkaar nu", "doorbraken"}
)

// roleCues name a role a group member has ("kernscholen" in a project): the word in the text
// and the role written in the fact.
var roleCues = []struct{ Word, Role string }{
	{"kernscholen", "kernschool"}, {"kernschool", "kernschool"}, {"penvoerder", "penvoerder"}, {"trekker", "trekker"},
}

// formatWords start the words that name a meeting format; the word as the text writes it
// ("inspiratietafels", "werksessie") is the format's name.
var formatWords = []string{"werksessie", "inspiratietafel", "dialoogsessie", "dialoogavond", "doen-dag", "netwerktafel",
	"masterclass", "livecast", "multidisciplinair overleg", "multidisciplinaire overleg", "intervisie", "kennisfestival", "webinar"}

// publicationKinds are the words that name a kind of publication, with the kind written in
// the draft; a title in quotes right after one is a publication's name ("het artikel ‘…’"), and
// a capitalised name starting with one, or a compound ending in one, is one too
// ("Publieksverslag Lerende Praktijken", "juli-nieuwsbrief").
var publicationKinds = []struct{ Word, Kind string }{
	{"artikel", "artikel"}, {"interviewreeks", "interviewreeks"}, {"reeks", "interviewreeks"}, {"rapport", "rapport"},
	{"publicatie", "publicatie"}, {"publieksverslag", "verslag"}, {"verslag", "verslag"}, {"nieuwsbrief", "nieuwsbrief"},
	{"handreiking", "handreiking"}, {"boek", "boek"}, {"drieluik", "interviewreeks"}, {"tijdschrift", "tijdschrift"},
}

// seriesNameNote justifies a series' name made of its kind word and the title of one part.
const seriesNameNote = "the series this document is a part of: its kind word and the title without the part number"

// publishedInCues say the document appeared in the publication; referCues that it points to it.
var (
	publishedInCues = []string{"verscheen", "verschenen", "eerder geplaatst", "gepubliceerd in", "in de interviewreeks", "in de reeks", "onderdeel van"}
	referCues       = []string{"lees ", "bijvoorbeeld in", "zie ", "meer weten", "meer lezen", "download"}
)

// organiseCues say that the organisation in the sentence organised its event.
var organiseCues = []string{"organiseerde", "georganiseerd door", "organiseert"}

// involvedCues say that the person before them takes part in what follows them.
var involvedCues = []string{"betrokken bij", "was betrokken", "is betrokken", "vanaf het begin betrokken", "nauw betrokken"}

// coordinateCues say that who stands before them runs what follows them.
var coordinateCues = []string{"verantwoordelijk voor", "coördineert", "coördineerde", "trekker van", "trekt het project"}

// councilFunctions are the functions of a municipality's council and executive.
var councilFunctions = []string{"wethouder", "burgemeester", "raadslid", "gemeenteraadslid"}

// shortDocument is the most words a short text (a blog, a column) has: a theme it names once
// is what it is about, as one a longer text names twice.
const shortDocument = 800

// partnerCues say that the organisations of a sentence work together in its initiative.
var partnerCues = []string{"samen met", "werkten samen", "werken samen", "in samenwerking met", "partners"}

// bouwsteenHeadings announce a numbered list of principles.
var bouwsteenHeadings = []string{"bouwstenen", "principes", "lessen"}

// documentKinds guess a document's kind from words in its first lines.
var documentKinds = []struct{ Word, Kind string }{
	{"interview", "interview"},
	{"dialoog", "dialoogsessie"},
	{"blog", "blog"},
	{"netwerkbijeenkomst", "verslag"},
	{"verslag", "verslag"},
}
