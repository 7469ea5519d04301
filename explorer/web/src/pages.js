// The pages of the explorer. Each takes ctx {main, current} and renders into ctx.main.
import { gql, ENTITY_QUERY, DOCUMENT_QUERY, SEARCH_QUERY, NETWORK_FOCUS_QUERY, NETWORK_ALL_QUERY, SIMILAR_QUERY, COUNTS_QUERY, MEMBERS_QUERY, HOME_QUERY } from "./api.js";
import { h, snippetNodes, announce } from "./dom.js";
import { TYPE_ORDER, LABELS, REL, SIMILARITY, ALL_RELATIONS, SCOPES, DIMENSIONS, typeInfo, entityHref, passageHref, num } from "./labels.js";
import { networkView } from "./network.js";

let firstRender = true;

/** show replaces the page content, sets the title and moves focus to the heading (not on first load). */
function show(ctx, title, ...children) {
  if (!ctx.current()) return false;
  ctx.main.replaceChildren(...children.flat().filter(Boolean));
  document.title = `${title} – MAO Graph`;
  const h1 = ctx.main.querySelector("h1");
  if (h1) {
    h1.setAttribute("tabindex", "-1");
    if (!firstRender) h1.focus({ preventScroll: false });
  }
  if (!firstRender) window.scrollTo(0, 0);
  firstRender = false;
  announce(`${title} geladen`);
  return true;
}

function loading(ctx, what) {
  if (!ctx.current()) return;
  ctx.main.replaceChildren(h("p", { class: "status" }, `${what} laden…`));
}

function errorBox(err, what) {
  const notFound = err && err.code === "NOT_FOUND";
  return h("div", { class: "error", role: "alert" },
    h("p", null, notFound ? `${what} is niet gevonden.` : `Er ging iets mis bij het ophalen van ${what.toLowerCase()}.`),
    err && err.message ? h("p", { class: "detail" }, err.message) : null);
}

function fail(ctx, err, what) {
  show(ctx, "Fout", h("h1", null, "Dat lukte niet"), errorBox(err, what), h("p", null, h("a", { href: "#/" }, "Terug naar de startpagina")));
}

function badge(typename) {
  const t = typeInfo(typename);
  const b = h("span", { class: "badge" }, t.label);
  b.style.setProperty("--c", t.color);
  return b;
}

function entityLink(node) {
  return h("a", { href: entityHref(node) }, node.name);
}

/** quoteBlock shows a source quote with a link that opens the document at the passage. */
function quoteBlock(ev) {
  if (!ev) return null;
  return h("figure", { class: "quote" },
    h("blockquote", null, h("p", null, `“${ev.quote}”`)),
    h("figcaption", null,
      h("a", { href: passageHref(ev.document.id, ev.offset, ev.quote), class: "doclink" },
        "Lees in het document", h("span", { class: "visually-hidden" }, `: ${ev.document.title}`)),
      h("span", { "aria-hidden": "true" }, ` · ${ev.document.title}`)));
}

// ---------------------------------------------------------------- start

/** homePage: intro, totals and every initiative. */
export async function homePage(ctx) {
  loading(ctx, "Startpagina");
  const intro = [
    h("h1", null, "Verken het netwerk Met Andere Ogen"),
    h("p", { class: "lead" },
      "Scholen, jeugdhulp, welzijn en gemeenten leren van elkaar in het netwerk Met Andere Ogen. ",
      "Zoek hierboven naar een regio, initiatief, organisatie, persoon, bouwsteen of thema. ",
      "Bij elke relatie ziet u het citaat uit het brondocument waarop die berust."),
    h("ul", { class: "cards" },
      h("li", null, h("a", { href: "#/netwerk" }, "Wie leert van wie?"), h("p", null, "Het hele leernetwerk in één plaat.")),
      h("li", null, h("a", { href: "#/regio-overzicht" }, "Regio-overzicht"), h("p", null, "Initiatieven per regio en per thema.")),
      h("li", null, h("a", { href: "#/zoeken?q=ouders" }, "Voorbeeld: zoek op ‘ouders’"), h("p", null, "Resultaten per soort, met de passage."))),
  ];
  let data;
  try {
    data = await gql(HOME_QUERY);
  } catch (err) {
    show(ctx, "Start", intro, errorBox(err, "De overzichten"));
    return;
  }
  const stats = h("section", { "aria-labelledby": "h-stats" },
    h("h2", { id: "h-stats" }, "In de kennisgraaf"),
    h("ul", { class: "stats" }, data.stats.nodes.filter((n) => n.count > 0).map((n) =>
      h("li", null, h("strong", null, num(n.count)), " ", (LABELS[n.label] || { plural: n.label }).plural.toLowerCase()))));
  const inits = h("section", { "aria-labelledby": "h-init" },
    h("h2", { id: "h-init" }, "Alle initiatieven"),
    h("ul", { class: "columns" }, data.initiatives.nodes.map((n) =>
      h("li", null, entityLink({ ...n, __typename: "Initiative" }), n.kind ? h("span", { class: "muted" }, ` – ${n.kind}`) : null))));
  show(ctx, "Start", intro, stats, inits);
}

// ---------------------------------------------------------------- search

/** searchPage: results of search(query, types), grouped by type. */
export async function searchPage(ctx, q, type) {
  if (!q.trim()) return homePage(ctx);
  loading(ctx, "Zoekresultaten");
  let hits;
  try {
    hits = (await gql(SEARCH_QUERY, { query: q, types: type ? [type] : null, first: 50 })).search;
  } catch (err) {
    return fail(ctx, err, "De zoekresultaten");
  }
  const title = `Zoekresultaten voor ‘${q}’`;
  if (!hits.length) {
    show(ctx, title, h("h1", null, title), h("p", { class: "empty" }, "Niets gevonden. Probeer een ander woord, of kies ‘Alles’ bij de soort."));
    return;
  }
  const groups = new Map();
  for (const hit of hits) {
    const t = hit.node.__typename;
    if (!groups.has(t)) groups.set(t, []);
    groups.get(t).push(hit);
  }
  const order = [...TYPE_ORDER, ...[...groups.keys()].filter((t) => !TYPE_ORDER.includes(t))];
  const sections = order.filter((t) => groups.has(t)).map((t) => {
    const list = groups.get(t);
    const id = `groep-${typeInfo(t).route}`;
    return h("section", { class: "group", "aria-labelledby": id, "data-type": t },
      h("h2", { id }, typeInfo(t).label, h("span", { class: "count" }, ` (${list.length})`)),
      h("ol", { class: "hits" }, list.map((hit) =>
        h("li", null,
          h("a", { href: entityHref(hit.node), class: "hit-title" }, hit.node.name),
          h("p", { class: "snippet" }, snippetNodes(hit.snippet))))));
  });
  const jump = h("nav", { class: "jump", "aria-label": "Naar soort" }, h("ul", null,
    order.filter((t) => groups.has(t)).map((t) => h("li", null, h("a", { href: `#groep-${typeInfo(t).route}`, "data-local": "1" }, `${typeInfo(t).label} (${groups.get(t).length})`)))));
  jump.addEventListener("click", (e) => {
    const a = e.target.closest("a[data-local]");
    if (!a) return;
    e.preventDefault();
    const target = document.getElementById(a.getAttribute("href").slice(1));
    target.setAttribute("tabindex", "-1");
    target.focus();
    target.scrollIntoView({ block: "start" });
  });
  show(ctx, title, h("h1", null, title), h("p", { class: "muted" }, `${hits.length} resultaten, gegroepeerd per soort.`), jump, sections);
}

// ---------------------------------------------------------------- entity

const FACTS = {
  Region: (n) => [["Soort", n.kind], ["Onderdeel van", n.parent ? entityLink({ ...n.parent, __typename: "Region" }) : null]],
  Initiative: (n) => [["Soort", n.kind], ["Doelgroepen", n.targetGroups && n.targetGroups.join(", ")]],
  Organisation: (n) => [["Sector", n.sector]],
  Person: (n) => [["Functies", n.functions && n.functions.join("; ")]],
  Bouwsteen: (n) => [["Reeks", n.series], ["Nummer", n.number]],
  Event: (n) => [["Soort", n.kind], ["Datum", n.date && formatDate(n.date)], ["Plaats", n.place]],
  Theme: () => [],
  Programme: () => [],
  Document: (n) => [["Titel", n.title], ["Soort", n.kind], ["Datum", n.documentDate && formatDate(n.documentDate)], ["Bestand", n.file]],
};

function formatDate(iso) {
  const d = new Date(`${iso}T12:00:00`);
  return isNaN(d) ? iso : d.toLocaleDateString("nl-NL", { day: "numeric", month: "long", year: "numeric" });
}

function relationItem(edge) {
  return h("li", { class: "relation", "data-type": edge.type, "data-direction": edge.direction },
    h("div", { class: "rel-head" }, entityLink(edge.node), " ", badge(edge.node.__typename),
      edge.role ? h("span", { class: "role" }, ` – ${edge.role}`) : null),
    quoteBlock(edge.evidence));
}

function relationGroup(id, title, edges, extraClass) {
  if (!edges.length) return null;
  return h("section", { class: `relgroup ${extraClass || ""}`, "aria-labelledby": id },
    h("h3", { id }, title, h("span", { class: "count" }, ` (${edges.length})`)),
    h("ul", { class: "relations" }, edges.map(relationItem)));
}

/** entityPage: facts, learning relations, other relations, sources, network, similar initiatives. */
export async function entityPage(ctx, typename, id) {
  loading(ctx, typeInfo(typename).label);
  let node;
  try {
    node = (await gql(ENTITY_QUERY, { id })).node;
  } catch (err) {
    return fail(ctx, err, typeInfo(typename).label);
  }
  if (!node) return fail(ctx, { code: "NOT_FOUND", message: `Er is niets met id ‘${id}’.` }, typeInfo(typename).label);
  const t = typeInfo(node.__typename);
  const facts = (FACTS[node.__typename] || (() => []))(node).filter(([, v]) => v !== null && v !== undefined && v !== "");
  if (node.aliases && node.aliases.length) facts.push(["Ook genoemd", node.aliases.join(", ")]);
  facts.push(["Genoemd in documenten", `${node.mentionCount} keer`]);

  const header = h("header", { class: "entity-head" },
    h("p", { class: "kicker" }, badge(node.__typename)),
    h("h1", null, node.name),
    node.description ? h("p", { class: "lead" }, node.description) : null,
    h("dl", { class: "facts" }, facts.map(([k, v]) => [h("dt", null, k), h("dd", null, v)])),
    node.__typename === "Document" ? h("p", null, h("a", { href: `#/document/${encodeURIComponent(node.id)}`, class: "button" }, "Lees het hele document")) : null);

  // Learning relations first: that is what the network is about.
  const hasLearning = "learnsFrom" in node;
  const learnsFrom = hasLearning ? node.learnsFrom.edges : [];
  const inspires = hasLearning ? node.inspires.edges : [];
  const learning = hasLearning
    ? h("section", { class: "learning", "aria-labelledby": "h-leren" },
      h("h2", { id: "h-leren" }, "Wie leert van wie"),
      learnsFrom.length || inspires.length ? null : h("p", { class: "muted" }, "De documenten noemen geen leerrelaties."),
      relationGroup("h-leert-van", `${node.name} leert van`, learnsFrom, "learns-from"),
      relationGroup("h-inspireert", `${node.name} inspireert`, inspires, "inspires"))
    : null;

  const all = node.relations.edges.filter((e) => !(hasLearning && (e.type === "LEARNS_FROM" || e.type === "INSPIRES")));
  const buckets = new Map();
  for (const e of all) {
    const key = `${e.type}:${e.direction}`;
    if (!buckets.has(key)) buckets.set(key, []);
    buckets.get(key).push(e);
  }
  const relOrder = [...buckets.keys()].sort((a, b) => {
    const [ta, da] = a.split(":"), [tb, db] = b.split(":");
    return ALL_RELATIONS.indexOf(ta) - ALL_RELATIONS.indexOf(tb) || da.localeCompare(db);
  });
  const relations = h("section", { class: "relations-all", "aria-labelledby": "h-relaties" },
    h("h2", { id: "h-relaties" }, "Relaties", h("span", { class: "count" }, ` (${all.length})`)),
    all.length ? null : h("p", { class: "muted" }, "Geen andere relaties."),
    relOrder.map((key, i) => {
      const [type, dir] = key.split(":");
      const label = (REL[type] || {})[dir] || `${type} (${dir})`;
      return relationGroup(`h-rel-${i}`, label, buckets.get(key));
    }),
    node.relations.totalCount > node.relations.edges.length
      ? h("p", { class: "muted" }, `De eerste ${node.relations.edges.length} van ${node.relations.totalCount} relaties.`) : null);

  const sources = node.evidence.length
    ? h("section", { class: "sources", "aria-labelledby": "h-bronnen" },
      h("h2", { id: "h-bronnen" }, "Bronnen"),
      h("p", { class: "muted" }, "Citaten die deze gegevens onderbouwen."),
      h("ul", { class: "evidence" }, node.evidence.map((ev) => h("li", null, quoteBlock(ev)))))
    : null;

  const mentions = node.mentions && node.mentions.nodes.length
    ? h("section", { class: "mentions", "aria-labelledby": "h-genoemd" },
      h("h2", { id: "h-genoemd" }, "Waar het genoemd wordt", h("span", { class: "count" }, ` (${node.mentions.totalCount})`)),
      h("ul", null, node.mentions.nodes.map((m) => h("li", null,
        h("a", { href: passageHref(m.document.id, m.offset, m.text) }, m.document.title), ": ",
        h("span", { class: "snippet" }, m.snippet)))))
    : null;

  const netSlot = h("section", { class: "network-slot", "aria-labelledby": "h-netwerk" },
    h("h2", { id: "h-netwerk" }, "Netwerk rond ", node.name), h("p", { class: "status" }, "Netwerk laden…"));
  const similarSlot = node.__typename === "Initiative"
    ? h("section", { class: "similar", "aria-labelledby": "h-vergelijkbaar" },
      h("h2", { id: "h-vergelijkbaar" }, "Vergelijkbare initiatieven"), h("p", { class: "status" }, "Laden…"))
    : null;

  const layout = h("div", { class: "entity-layout" },
    header,
    h("div", { class: "main-col" }, learning, relations, sources, mentions),
    h("aside", { class: "side-col", "aria-label": "Netwerk en vergelijkbare initiatieven" }, netSlot, similarSlot));
  if (!show(ctx, node.name, layout)) return;

  await Promise.all([
    fillNetwork(ctx, netSlot, node),
    similarSlot ? fillSimilar(ctx, similarSlot, node) : null,
  ]);
}

async function fillNetwork(ctx, slot, node) {
  let net;
  let description = "Leerrelaties tot twee stappen ver.";
  try {
    net = (await gql(NETWORK_FOCUS_QUERY, { focus: node.id, depth: 2 })).learningNetwork;
    if (!net.edges.length) {
      net = (await gql(NETWORK_FOCUS_QUERY, { focus: node.id, depth: 1, relations: ALL_RELATIONS })).learningNetwork;
      description = "Geen leerrelaties bekend; dit zijn alle directe relaties.";
    }
  } catch (err) {
    if (ctx.current()) slot.replaceChildren(slot.firstChild, errorBox(err, "Het netwerk"));
    return;
  }
  if (!ctx.current()) return;
  if (!net.nodes.some((n) => n.id === node.id)) net.nodes.push({ __typename: node.__typename, id: node.id, name: node.name });
  slot.replaceChildren(slot.firstChild, networkView(net, { focusId: node.id, title: `Netwerk rond ${node.name}`, description }));
}

async function fillSimilar(ctx, slot, node) {
  let list;
  try {
    list = (await gql(SIMILAR_QUERY, { id: node.id })).similarInitiatives;
  } catch (err) {
    if (ctx.current()) slot.replaceChildren(slot.firstChild, errorBox(err, "De vergelijkbare initiatieven"));
    return;
  }
  if (!ctx.current()) return;
  if (!list.length) {
    slot.replaceChildren(slot.firstChild, h("p", { class: "muted" }, "Geen vergelijkbare initiatieven gevonden."));
    return;
  }
  const max = Math.max(...list.map((s) => s.score), 1e-9);
  slot.replaceChildren(slot.firstChild,
    h("p", { class: "muted" }, "Op grond van gedeelde bouwstenen, thema's, doelgroepen, partners, regio en woordgebruik."),
    h("ol", { class: "similar-list" }, list.map((s) => {
      const meter = h("meter", { min: "0", max: String(max), value: String(s.score), "aria-label": `Score ${num(s.score)}` });
      return h("li", null,
        h("div", { class: "sim-head" }, entityLink({ ...s.initiative, __typename: "Initiative" }),
          h("span", { class: "score" }, ` score ${num(s.score)}`), meter),
        h("ul", { class: "reasons" }, s.reasons.map((r) => h("li", null,
          h("strong", null, SIMILARITY[r.kind] || r.kind), ` (+${num(r.weight)}): `, r.description,
          r.shared.length ? h("span", { class: "shared" }, " – ", r.shared.map((e, i) => [i ? ", " : "", entityLink(e)])) : null,
          r.values.length && !r.shared.length ? h("span", { class: "shared" }, ` – ${r.values.join(", ")}`) : null))));
    })));
}

// ---------------------------------------------------------------- document

/**
 * highlightRange finds the passage to mark: from offset (in code points), spanning `len`
 * whitespace-folded code points (a whitespace run in the text counts as one).
 */
export function highlightRange(cps, offset, len) {
  let end = offset;
  let used = 0;
  while (end < cps.length && used < len) {
    if (/\s/.test(cps[end])) {
      while (end < cps.length && /\s/.test(cps[end])) end++;
    } else {
      end++;
    }
    used++;
  }
  return [offset, end];
}

/** documentPage: the full text, with the passage at ?offset=&len= highlighted and scrolled into view. */
export async function documentPage(ctx, id, params) {
  loading(ctx, "Document");
  let doc;
  try {
    doc = (await gql(DOCUMENT_QUERY, { id })).node;
  } catch (err) {
    return fail(ctx, err, "Het document");
  }
  if (!doc || doc.__typename !== "Document") return fail(ctx, { code: "NOT_FOUND", message: `Er is geen document met id ‘${id}’.` }, "Het document");
  const cps = Array.from(doc.text);
  const offset = parseInt(params.get("offset"), 10);
  const len = parseInt(params.get("len"), 10);
  const body = h("div", { class: "doctext", lang: "nl" });
  let mark = null;
  if (Number.isFinite(offset) && offset >= 0 && offset < cps.length && Number.isFinite(len) && len > 0) {
    const [s, e] = highlightRange(cps, offset, len);
    mark = h("mark", { id: "passage", class: "passage", tabindex: "-1" }, cps.slice(s, e).join(""));
    body.append(cps.slice(0, s).join(""), mark, cps.slice(e).join(""));
  } else {
    body.textContent = doc.text;
  }
  const authors = doc.authors && doc.authors.edges.length
    ? h("p", null, "Door: ", doc.authors.edges.map((e, i) => [i ? ", " : "", entityLink(e.node)])) : null;
  const meta = [doc.kind, doc.date && formatDate(doc.date)].filter(Boolean).join(" · ");
  const ok = show(ctx, doc.title,
    h("p", { class: "kicker" }, badge("Document")),
    h("h1", null, doc.title),
    meta ? h("p", { class: "muted" }, meta) : null,
    authors,
    h("p", null, h("a", { href: entityHref({ __typename: "Document", id: doc.id }) }, "Relaties en feiten van dit document"),
      mark ? [" · ", h("a", { href: "#passage", class: "to-passage", "data-local": "1" }, "Naar de gemarkeerde passage")] : null),
    mark ? h("p", { class: "hint" }, "De passage waarnaar u verwezen werd, is gemarkeerd.") : null,
    h("article", { class: "document", "aria-label": doc.title }, body));
  if (!ok) return;
  const to = ctx.main.querySelector(".to-passage");
  if (to) to.addEventListener("click", (e) => { e.preventDefault(); focusPassage(mark); });
  if (mark) requestAnimationFrame(() => focusPassage(mark));
}

function focusPassage(mark) {
  mark.scrollIntoView({ block: "center" });
  mark.focus({ preventScroll: true });
}

// ---------------------------------------------------------------- network

/** networkPage: the whole learning network. */
export async function networkPage(ctx) {
  loading(ctx, "Netwerk");
  let net;
  try {
    net = (await gql(NETWORK_ALL_QUERY)).learningNetwork;
  } catch (err) {
    return fail(ctx, err, "Het netwerk");
  }
  show(ctx, "Wie leert van wie",
    h("h1", null, "Wie leert van wie"),
    h("p", { class: "lead" }, "Alle leerrelaties in het netwerk: een pijl van A naar B betekent dat A van B leert (of B A inspireert)."),
    networkView(net, { title: "Het hele leernetwerk", description: `${net.nodes.length} deelnemers, ${net.edges.length} leerrelaties.` }));
}

// ---------------------------------------------------------------- region overview

/** membersHref links a count to the list of the members it counts. */
function membersHref(label, b, scope) {
  return `#/leden/${label}/${b.dimension}/${encodeURIComponent(b.key)}?scope=${scope}`;
}

/** countLink is a number that opens the list behind it. */
function countLink(label, b, scope, n) {
  return h("a", { href: membersHref(label, b, scope), class: `n scope-${scope.toLowerCase()}`, "data-scope": scope,
    title: `${SCOPES[scope].title}: open de lijst` }, String(n));
}

function barChart(id, caption, label, buckets) {
  const max = Math.max(1, ...buckets.map((b) => b.total));
  return h("figure", { class: "chart", "aria-labelledby": id },
    h("figcaption", { id }, caption),
    buckets.length ? h("table", null,
      h("thead", null, h("tr", null, h("th", { scope: "col" }, "Naam"),
        h("th", { scope: "col" }, SCOPES.DIRECT.label), h("th", { scope: "col" }, SCOPES.VIA.label), h("th", { scope: "col" }, SCOPES.ALL.label))),
      h("tbody", null, buckets.map((b) => {
        const direct = h("span", { class: "chart-bar direct", "aria-hidden": "true" });
        direct.style.width = `${(100 * b.direct) / max}%`;
        const via = h("span", { class: "chart-bar via", "aria-hidden": "true" });
        via.style.width = `${(100 * b.via) / max}%`;
        return h("tr", { "data-key": b.key },
          h("th", { scope: "row" }, b.node ? entityLink({ ...b.node, name: b.name }) : b.name),
          h("td", null, countLink(label, b, "DIRECT", b.direct)),
          h("td", null, countLink(label, b, "VIA", b.via)),
          h("td", null, h("div", { class: "cell" }, h("span", { class: "barwrap" }, direct, via), countLink(label, b, "ALL", b.total))));
      }))) : h("p", { class: "muted" }, "Geen gegevens."));
}

/** regionOverviewPage: initiatives per region and per theme, direct, via and in total; every number opens its list. */
export async function regionOverviewPage(ctx) {
  loading(ctx, "Regio-overzicht");
  let data;
  try {
    data = await gql(COUNTS_QUERY);
  } catch (err) {
    return fail(ctx, err, "Het regio-overzicht");
  }
  show(ctx, "Regio-overzicht",
    h("h1", null, "Regio-overzicht"),
    h("p", { class: "lead" }, "Hoeveel initiatieven er per regio en per thema zijn. Elk getal opent de lijst erachter, met de citaten die het onderbouwen."),
    h("dl", { class: "scopes" }, ["DIRECT", "VIA", "ALL"].map((s) => [h("dt", null, SCOPES[s].label), h("dd", null, SCOPES[s].title)])),
    h("div", { class: "charts" },
      barChart("c-regio", "Initiatieven per regio", "INITIATIVE", data.perRegio),
      barChart("c-thema", "Initiatieven per thema", "INITIATIVE", data.perThema)));
}

function stepItem(step) {
  const [a, b] = step.forward ? [step.from, step.to] : [step.to, step.from];
  const verb = (REL[step.type] || {}).verb || step.type;
  return h("li", { class: "step", "data-type": step.type },
    h("div", { class: "rel-head" }, entityLink(a), ` ${verb} `, entityLink(b), step.role ? h("span", { class: "role" }, ` – ${step.role}`) : null),
    quoteBlock(step.evidence));
}

/** membersPage: the members a count counts, each with the quotes of its path (one step when direct, several when via). */
export async function membersPage(ctx, label, by, key, scope) {
  const what = `${(LABELS[label] || { plural: label }).plural}`;
  loading(ctx, what);
  let data;
  try {
    data = await gql(MEMBERS_QUERY, { label, by, key, node: key, scope });
  } catch (err) {
    return fail(ctx, err, what);
  }
  const m = data.members;
  const where = data.bucket ? data.bucket.name : key;
  const title = `${what} – ${DIMENSIONS[by] || by} ${where}`;
  show(ctx, title,
    h("h1", null, title),
    h("p", { class: "lead" }, h("span", { class: "total", "data-total": String(m.totalCount) }, String(m.totalCount)), ` ${what.toLowerCase()}, ${SCOPES[scope].title.toLowerCase()}.`),
    h("nav", { class: "scope-switch", "aria-label": "Welke telling" }, h("ul", null, ["ALL", "DIRECT", "VIA"].map((s) =>
      h("li", null, s === scope ? h("strong", { "aria-current": "page" }, SCOPES[s].label)
        : h("a", { href: `#/leden/${label}/${by}/${encodeURIComponent(key)}?scope=${s}` }, SCOPES[s].label))))),
    m.edges.length ? h("ol", { class: "members" }, m.edges.map((e) => h("li", { class: "member", "data-id": e.node.id, "data-scope": e.scope },
      h("div", { class: "rel-head" }, entityLink(e.node), " ", badge(e.node.__typename), h("span", { class: "role" }, ` – ${SCOPES[e.scope].label.toLowerCase()}`)),
      e.paths.map((p) => h("ol", { class: "path" }, p.steps.map(stepItem))))))
      : h("p", { class: "muted" }, "Geen."),
    m.pageInfo.hasNextPage ? h("p", { class: "muted" }, `De eerste ${m.edges.length} van ${m.totalCount}.`) : null,
    data.bucket ? h("p", null, h("a", { href: entityHref(data.bucket) }, `Naar ${where}`)) : null);
}

// ---------------------------------------------------------------- not found

/** notFoundPage is shown for unknown routes. */
export function notFoundPage(ctx) {
  show(ctx, "Pagina niet gevonden", h("h1", null, "Pagina niet gevonden"),
    h("p", null, "Deze pagina bestaat niet. ", h("a", { href: "#/" }, "Naar de startpagina")));
}
