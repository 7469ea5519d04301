// Dutch names, routes and colours.

/** TYPES maps a GraphQL __typename to its route segment, Dutch label and colour. */
export const TYPES = {
  Region: { route: "region", label: "Regio", plural: "Regio's", enumName: "REGION", color: "#1d4ed8", shape: "round-rectangle" },
  Initiative: { route: "initiative", label: "Initiatief", plural: "Initiatieven", enumName: "INITIATIVE", color: "#0b6e4f", shape: "ellipse" },
  Organisation: { route: "organisation", label: "Organisatie", plural: "Organisaties", enumName: "ORGANISATION", color: "#c2410c", shape: "round-rectangle" },
  Person: { route: "person", label: "Persoon", plural: "Personen", enumName: "PERSON", color: "#7e22ce", shape: "ellipse" },
  Bouwsteen: { route: "bouwsteen", label: "Bouwsteen", plural: "Bouwstenen", enumName: "BOUWSTEEN", color: "#a16207", shape: "hexagon" },
  Event: { route: "event", label: "Bijeenkomst", plural: "Bijeenkomsten", enumName: "EVENT", color: "#be123c", shape: "diamond" },
  Theme: { route: "theme", label: "Thema", plural: "Thema's", enumName: "THEME", color: "#0e7490", shape: "tag" },
  Programme: { route: "programme", label: "Programma", plural: "Programma's", enumName: "PROGRAMME", color: "#4d7c0f", shape: "octagon" },
  Publication: { route: "publication", label: "Publicatie", plural: "Publicaties", enumName: "PUBLICATION", color: "#9d174d", shape: "rectangle" },
  MeetingFormat: { route: "format", label: "Werkvorm", plural: "Werkvormen", enumName: "MEETINGFORMAT", color: "#0f766e", shape: "barrel" },
  Document: { route: "document", label: "Document", plural: "Documenten", enumName: "DOCUMENT", color: "#52525b", shape: "rectangle" },
};

/** TYPE_ORDER is the order in which groups of search results are shown. */
export const TYPE_ORDER = ["Initiative", "Region", "Organisation", "Person", "Bouwsteen", "Event", "Theme", "Programme", "Publication", "MeetingFormat", "Document"];

/** ROUTE_TYPES maps a route segment back to its __typename. */
export const ROUTE_TYPES = Object.fromEntries(Object.entries(TYPES).map(([t, v]) => [v.route, t]));

/** ALL_RELATIONS lists every RelationType. */
export const ALL_RELATIONS = [
  "WORKS_FOR", "LEADS", "COORDINATES", "INVOLVED_IN", "LOCATED_IN", "PART_OF", "PARTNER_IN", "FUNDED_BY",
  "PRESENTED_AT", "ATTENDED", "ORGANISED", "AUTHORED", "EMBODIES", "DERIVED_FROM", "ABOUT", "LEARNS_FROM", "INSPIRES",
  "REFERS_TO", "PUBLISHED_IN", "USES_FORMAT",
];

/** REL maps a relation type to its Dutch reading seen from the entity (OUT) and from the other end (IN). */
export const REL = {
  WORKS_FOR: { OUT: "Werkt bij", IN: "Mensen die hier werken", verb: "werkt bij" },
  LEADS: { OUT: "Leidt", IN: "Geleid door", verb: "leidt" },
  COORDINATES: { OUT: "Coördineert of voert uit", IN: "Gecoördineerd door", verb: "coördineert" },
  INVOLVED_IN: { OUT: "Betrokken bij", IN: "Betrokkenen", verb: "is betrokken bij" },
  LOCATED_IN: { OUT: "Actief in", IN: "Actief hier", verb: "is actief in" },
  PART_OF: { OUT: "Onderdeel van", IN: "Omvat", verb: "is onderdeel van" },
  PARTNER_IN: { OUT: "Partner in", IN: "Partners", verb: "is partner in" },
  FUNDED_BY: { OUT: "Gefinancierd door", IN: "Financiert", verb: "wordt gefinancierd door" },
  PRESENTED_AT: { OUT: "Sprak of presenteerde op", IN: "Sprekers en presentaties", verb: "presenteerde op" },
  ATTENDED: { OUT: "Was aanwezig bij", IN: "Aanwezigen", verb: "was aanwezig bij" },
  ORGANISED: { OUT: "Organiseerde", IN: "Georganiseerd door", verb: "organiseerde" },
  AUTHORED: { OUT: "Schreef", IN: "Auteurs", verb: "schreef" },
  EMBODIES: { OUT: "Brengt in praktijk", IN: "In praktijk gebracht door", verb: "brengt in praktijk" },
  DERIVED_FROM: { OUT: "Komt voort uit", IN: "Bron van", verb: "komt voort uit" },
  ABOUT: { OUT: "Gaat over", IN: "Onderwerp van", verb: "gaat over" },
  LEARNS_FROM: { OUT: "Leert van", IN: "Anderen leren hiervan", verb: "leert van" },
  INSPIRES: { OUT: "Inspireert", IN: "Geïnspireerd door", verb: "inspireert" },
  REFERS_TO: { OUT: "Verwijst naar", IN: "Genoemd in", verb: "verwijst naar" },
  PUBLISHED_IN: { OUT: "Verschenen in", IN: "Bevat", verb: "verscheen in" },
  USES_FORMAT: { OUT: "Werkt met", IN: "Gebruikt door", verb: "werkt met" },
};

/** OVERVIEWS are the overview pages per kind, in the order the home page lists them. */
export const OVERVIEWS = [
  { typename: "Bouwsteen", slug: "bouwstenen" },
  { typename: "Theme", slug: "themas" },
  { typename: "Region", slug: "regios" },
  { typename: "Organisation", slug: "organisaties" },
  { typename: "Initiative", slug: "initiatieven" },
];

/** overviewHref links to the overview page of a kind (by __typename), or null when it has none. */
export function overviewHref(typename) {
  const o = OVERVIEWS.find((x) => x.typename === typename);
  return o ? `#/overzicht/${o.slug}` : null;
}

/** FAMILY says in Dutch how a family member relates to the initiative (FamilyTieKind). */
export const FAMILY = {
  PART: "Onderdeel van dit initiatief",
  WHOLE: "Dit initiatief is er een onderdeel van",
  SIBLING: "Hoort bij hetzelfde programma of geheel",
  LINEAGE: "Voorloper of vervolg (zelfde trekkers)",
};

/** SIMILARITY_WHY names what a reason adds, for explaining a score in words. */
export const SIMILARITY_WHY = {
  BOUWSTEEN: "gedeelde bouwsteen",
  THEME: "gedeeld thema",
  TARGET_GROUP: "zelfde doelgroep",
  PARTNER_SECTOR: "partners uit dezelfde sector",
  REGION: "zelfde regio",
  TEXT: "vergelijkbare woorden",
};

/** plural picks the singular or plural form for a count: plural(1, "resultaat", "resultaten"). */
export function plural(n, one, many) {
  return `${num(n)} ${n === 1 ? one : many}`;
}

/** SCOPES names the scopes of a count (schema enum Scope). */
export const SCOPES = {
  DIRECT: { label: "Direct", title: "Direct gekoppeld: één relatie die een document noemt" },
  VIA: { label: "Via", title: "Alleen via iets anders: een bijeenkomst, programma, initiatief, organisatie of deelregio" },
  ALL: { label: "Alles", title: "Direct en via samen" },
};

/** DIMENSIONS names the dimensions of a count (schema enum Dimension), as a preposition phrase. */
export const DIMENSIONS = {
  REGION: "in regio",
  THEME: "over thema",
  BOUWSTEEN: "met bouwsteen",
  SECTOR: "in sector",
  EVENT: "bij bijeenkomst",
  DOCUMENT: "in document",
};

/** SIMILARITY names the kinds of similarity. */
export const SIMILARITY = {
  BOUWSTEEN: "Zelfde bouwsteen",
  THEME: "Zelfde thema",
  TARGET_GROUP: "Zelfde doelgroep",
  PARTNER_SECTOR: "Partners uit dezelfde sector",
  REGION: "Zelfde regio",
  TEXT: "Vergelijkbare woorden",
};

/** LABELS names NodeType enum values. */
export const LABELS = Object.fromEntries(Object.values(TYPES).map((v) => [v.enumName, v]));

/** typeInfo returns the TYPES entry for a __typename, with a neutral fallback. */
export function typeInfo(typename) {
  return TYPES[typename] || { route: "node", label: typename || "Onbekend", plural: typename, color: "#444", shape: "ellipse" };
}

/**
 * entityHref is the hash link to an entity's page. A document's page of facts has its own
 * route: #/document/<id> is its text.
 */
export function entityHref(node) {
  if (node.__typename === "Document") return `#/document-feiten/${encodeURIComponent(node.id)}`;
  return `#/${typeInfo(node.__typename).route}/${encodeURIComponent(node.id)}`;
}

/** foldedLength counts code points with every whitespace run counted once (quotes are compared whitespace-folded). */
export function foldedLength(s) {
  return Array.from(s.trim().replace(/\s+/g, " ")).length;
}

/** passageHref links to a document, opened at a quoted passage. */
export function passageHref(docId, offset, quote) {
  return `#/document/${encodeURIComponent(docId)}?offset=${offset}&len=${foldedLength(quote)}`;
}

const nf = new Intl.NumberFormat("nl-NL", { maximumFractionDigits: 2 });
/** num formats a number the Dutch way. */
export function num(n) {
  return nf.format(n);
}
