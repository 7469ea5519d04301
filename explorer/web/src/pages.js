// The pages of the explorer. Each takes ctx {main, current} and renders into ctx.main.
import { gql, gqlAll, ENTITY_QUERY, DOCUMENT_QUERY, SEARCH_QUERY, MENTIONS_QUERY, NETWORK_FOCUS_QUERY, NETWORK_ALL_QUERY, SIMILAR_QUERY, HOME_QUERY, OVERVIEW_QUERIES, COVERAGE_QUERY, CELL_QUERY, MEMBERS_QUERY } from "./api.js";
import { h, snippetNodes, announce, csvButton } from "./dom.js";
import { TYPE_ORDER, LABELS, REL, SIMILARITY, SIMILARITY_WHY, FAMILY, ALL_RELATIONS, OVERVIEWS, SCOPES, DIMENSIONS, typeInfo, entityHref, overviewHref, passageHref, num, plural } from "./labels.js";
import { networkView } from "./network.js";
import { partnersSlot, fillPartners, datedNetwork, LEARNER_TYPES } from "./partners.js";

let firstRender = true;

/** show replaces the page content, sets the title and moves focus to the heading (not on first load). */
function show(ctx, title, ...children) {
  if (!ctx.current()) return false;
  ctx.main.replaceChildren(...children.flat().filter(Boolean));
  document.title = `${title} – MAO Graph`;
  const h1 = ctx.main.querySelector("h1");
  if (h1) {
    h1.setAttribute("tabindex", "-1");
    if (!firstRender) h1.focus({ preventScroll: true });
  }
  if (ctx.restore !== null && ctx.restore !== undefined) restoreScroll(ctx, ctx.restore);
  else if (!firstRender) window.scrollTo(0, 0);
  firstRender = false;
  announce(`${title} geladen`);
  return true;
}

/**
 * scrollKeeper.restoring is true while restoreScroll brings a page back to where the user was:
 * the scroll positions it passes through are not the user's, so app.js does not record them.
 */
export const scrollKeeper = { restoring: false };
window.__maoScrollKeeper = scrollKeeper; // for the browser test: wait until Back has restored

/**
 * restoreScroll brings the page back to where the user was (Back). Parts of a page fill in
 * after it shows: at a phone's width the network picture, the similar initiatives and the
 * learning partners sit above the relations, so the page grows above the place to return to.
 * It scrolls to y now and again whenever the page's height changes, until the page has
 * settled (ctx.settled: every part loaded, however long that takes), the user scrolls or
 * types, or a minute has passed.
 */
function restoreScroll(ctx, y) {
  ctx.restoreStarted = true;
  scrollKeeper.restoring = true;
  const userEvents = ["wheel", "touchstart", "keydown", "mousedown"];
  const observer = new ResizeObserver(() => apply());
  // While restoring, the browser does not move the page itself when parts above grow (scroll
  // anchoring): the restore alone decides where the page is, until the user scrolls or types.
  const root = document.documentElement;
  root.style.overflowAnchor = "none";
  let done = false;
  const stop = () => {
    if (done) return;
    done = true;
    observer.disconnect();
    for (const ev of userEvents) window.removeEventListener(ev, stop, true);
    clearTimeout(limit);
    root.style.overflowAnchor = "";
    scrollKeeper.restoring = false;
  };
  const apply = () => {
    if (done) return;
    if (!ctx.current()) return stop();
    if (Math.abs(window.scrollY - y) >= 1) window.scrollTo(0, y);
  };
  const limit = setTimeout(stop, 60000);
  for (const ev of userEvents) window.addEventListener(ev, stop, true);
  observer.observe(ctx.main);
  requestAnimationFrame(apply);
  // Once every part has loaded, a last scroll after the layout, then stop.
  Promise.resolve(ctx.settled).then(() => requestAnimationFrame(() => { apply(); setTimeout(() => { apply(); stop(); }, 100); }));
}

function loading(ctx, what) {
  if (!ctx.current()) return;
  ctx.main.replaceChildren(h("p", { class: "status" }, `${what} laden…`));
}

/**
 * errorBox says in Dutch what went wrong (api.js gives every error code a Dutch message; the
 * server's own words follow as detail) and offers "Probeer opnieuw" when retry is given.
 */
function errorBox(err, what, retry) {
  const notFound = err && err.code === "NOT_FOUND";
  return h("div", { class: "error", role: "alert" },
    h("p", null, notFound ? `${what} is niet gevonden.` : `Er ging iets mis bij het ophalen van ${what.toLowerCase()}.`),
    err && err.message ? h("p", null, err.message) : null,
    err && err.detail ? h("p", { class: "detail", lang: "en" }, `Melding van de server: ${err.detail}`) : null,
    retry && !notFound ? h("p", null, h("button", { type: "button", class: "retry", onclick: retry }, "Probeer opnieuw")) : null);
}

function fail(ctx, err, what) {
  show(ctx, "Fout", h("h1", null, "Dat lukte niet"), errorBox(err, what, ctx.retry), h("p", null, h("a", { href: "#/" }, "Terug naar de startpagina")));
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

/** homePage: intro, totals (each a link to its overview) and every initiative. */
export async function homePage(ctx) {
  loading(ctx, "Startpagina");
  const intro = [
    h("h1", null, "Verken het netwerk Met Andere Ogen"),
    h("p", { class: "lead" },
      "Scholen, jeugdhulp, welzijn en gemeenten leren van elkaar in het netwerk Met Andere Ogen. ",
      "Zoek hierboven naar een regio, initiatief, organisatie, persoon, bouwsteen of thema. ",
      "Bij elke relatie ziet u het citaat uit het brondocument waarop die berust."),
    h("ul", { class: "cards" },
      h("li", null, h("a", { href: "#/overzicht/bouwstenen" }, "Bouwstenen"), h("p", null, "Elke bouwsteen: wie hem in praktijk brengt en waar hij vandaan komt.")),
      h("li", null, h("a", { href: "#/netwerk" }, "Wie leert van wie?"), h("p", null, "Het hele leernetwerk in één plaat.")),
      h("li", null, h("a", { href: "#/regio-overzicht" }, "Regio-overzicht"), h("p", null, "Initiatieven en organisaties per regio en thema of bouwsteen, direct of via.")),
      h("li", null, h("a", { href: "#/zoeken?q=ouders" }, "Voorbeeld: zoek op ‘ouders’"), h("p", null, "Resultaten per soort, met de passage."))),
  ];
  let data;
  try {
    data = await gql(HOME_QUERY);
  } catch (err) {
    show(ctx, "Start", intro, errorBox(err, "De overzichten", ctx.retry));
    return;
  }
  const stats = h("section", { "aria-labelledby": "h-stats" },
    h("h2", { id: "h-stats" }, "In de kennisgraaf"),
    h("ul", { class: "stats" }, data.stats.nodes.filter((n) => n.count > 0).map((n) => {
      const t = LABELS[n.label] || { plural: n.label };
      const what = [h("strong", null, num(n.count)), " ", t.plural.toLowerCase()];
      const href = overviewHref(typenameOf(n.label));
      return h("li", null, href ? h("a", { href, class: "stat-link" }, what) : what);
    })));
  const inits = h("section", { "aria-labelledby": "h-init" },
    h("h2", { id: "h-init" }, "Alle initiatieven"),
    h("ul", { class: "columns" }, data.initiatives.nodes.map((n) =>
      h("li", null, entityLink({ ...n, __typename: "Initiative" }), n.kind ? h("span", { class: "muted" }, ` – ${n.kind}`) : null))));
  show(ctx, "Start", intro, stats, inits);
}

/** typenameOf maps a NodeType enum value to its __typename. */
function typenameOf(enumName) {
  return TYPE_ORDER.find((t) => typeInfo(t).enumName === enumName) || null;
}

// ---------------------------------------------------------------- search

/** KIND_WORDS maps words that name a kind ("bouwsteen", "thema's") to its __typename. */
const KIND_WORDS = Object.fromEntries(TYPE_ORDER.flatMap((t) => {
  const i = typeInfo(t);
  return [i.label, i.plural].map((w) => [w.toLowerCase().replace(/[’']/g, ""), t]);
}));

/** searchPage: results of search(query, types), grouped by type, with its filter and suggestions. */
export async function searchPage(ctx, q, type) {
  if (!q.trim()) return homePage(ctx);
  loading(ctx, "Zoekresultaten");
  let data;
  try {
    data = await gql(SEARCH_QUERY, { query: q, types: type ? [type] : null, first: 50 });
  } catch (err) {
    return fail(ctx, err, "De zoekresultaten");
  }
  const hits = data.search;
  const title = `Zoekresultaten voor ‘${q}’`;
  const typeLabel = type ? (LABELS[type] || { label: type }).label : null;
  const without = `#/zoeken?${new URLSearchParams({ q })}`;
  const filters = typeLabel
    ? h("div", { class: "filters", role: "group", "aria-label": "Actieve filters" },
      h("span", null, "Filter: "),
      h("span", { class: "chip" }, `Soort: ${typeLabel}`,
        h("a", { href: without, class: "chip-clear", "aria-label": `Filter Soort: ${typeLabel} wissen` }, "×")),
      " ", h("a", { href: without }, "Zoek in alle soorten"))
    : null;
  const suggestions = data.searchSuggestions && data.searchSuggestions.length
    ? h("p", { class: "suggest" }, "Bedoelde u ",
      data.searchSuggestions.map((sug, i) => {
        const p = new URLSearchParams({ q: sug });
        if (type) p.set("type", type);
        return [i ? (i === data.searchSuggestions.length - 1 ? " of " : ", ") : "", h("a", { href: `#/zoeken?${p}` }, sug)];
      }), "?")
    : null;
  const kindWord = q.trim().toLowerCase().replace(/[’']/g, "");
  const kind = KIND_WORDS[kindWord];
  const kindHint = kind && overviewHref(kind)
    ? h("p", { class: "kind-hint" }, h("a", { href: overviewHref(kind) }, `Bekijk het overzicht van alle ${typeInfo(kind).plural.toLowerCase()}`))
    : null;
  if (!hits.length) {
    show(ctx, title, h("h1", null, title), filters, suggestions, kindHint,
      h("p", { class: "empty" }, typeLabel
        ? `Niets gevonden bij de soort ${typeLabel.toLowerCase()}. Zoek in alle soorten, of probeer een ander woord.`
        : "Niets gevonden. Probeer een ander woord."));
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
        h("li", { "data-via": hit.via ? hit.via.id : null },
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
  const csv = csvButton("Download als CSV", `zoeken-${slug(q)}.csv`, () => ({
    headers: ["soort", "naam", "id", "gevonden via", "passage"],
    rows: hits.map((x) => [typeInfo(x.node.__typename).label, x.node.name, x.node.id, x.via ? x.via.name : "", plainSnippet(x.snippet)]),
  }));
  show(ctx, title, h("h1", null, title), filters, kindHint,
    h("p", { class: "muted" }, `${plural(hits.length, "resultaat", "resultaten")}, gegroepeerd per soort.`),
    suggestions, h("div", { class: "tools" }, csv), jump, sections);
}

/** plainSnippet is a snippet's text without its <mark> tags and entities. */
function plainSnippet(snippet) {
  return snippetNodes(snippet).map((n) => n.textContent).join("");
}

/** slug makes a file-name-safe piece of text. */
function slug(s) {
  return s.toLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "").slice(0, 40) || "lijst";
}

// ---------------------------------------------------------------- entity

const FACTS = {
  Region: (n) => [["Soort", n.kind], ["Onderdeel van", n.parent ? entityLink({ ...n.parent, __typename: "Region" }) : null]],
  Initiative: (n) => [["Soort", n.kind], ["Doelgroepen", n.targetGroups && n.targetGroups.join(", ")]],
  Organisation: (n) => [["Sector", n.sector]],
  Person: (n) => [["Functies", n.functions && n.functions.join("; ")]],
  Bouwsteen: (n) => [["Reeks", n.series], ["Nummer", n.number]],
  Event: (n) => [["Soort", n.kind], [n.planned ? "Gepland" : "Datum", n.date && formatFactDate({ value: n.date, precision: n.datePrecision })], ["Plaats", n.place]],
  Theme: () => [],
  Programme: () => [],
  Publication: (n) => [["Soort", n.kind]],
  MeetingFormat: () => [],
  Document: (n) => [["Titel", n.title], ["Soort", n.kind], ["Datum", n.documentDate && formatDate(n.documentDate)], ["Bestand", n.file]],
};

function formatDate(iso) {
  const d = new Date(`${iso}T12:00:00`);
  return isNaN(d) ? iso : d.toLocaleDateString("nl-NL", { day: "numeric", month: "long", year: "numeric" });
}

const MONTH_YEAR = { month: "long", year: "numeric" };

/** formatFactDate shows a date as precise as the document gives it. */
function formatFactDate(d) {
  if (!d) return null;
  switch (d.precision) {
    case "MONTH": {
      const m = new Date(`${d.value}-15T12:00:00`);
      return isNaN(m) ? d.value : m.toLocaleDateString("nl-NL", MONTH_YEAR);
    }
    case "YEAR": return d.value;
    case "SCHOOLYEAR": return `schooljaar ${d.value}`;
    default: return formatDate(d.value);
  }
}

const DURATION_PLURAL = { dag: "dagen", week: "weken", maand: "maanden", jaar: "jaar", schooljaar: "schooljaren" };
const QUALIFIER = { "more-than": "ruim ", approx: "ongeveer " };

function quantityText(q) {
  const unit = q.value === 1 ? q.unit : q.unitLabel;
  return `${QUALIFIER[q.qualifier] || ""}${num(q.value)} ${unit} – ${q.counted}`;
}

function periodText(p) {
  const parts = [];
  if (p.start) parts.push(`vanaf ${formatFactDate(p.start)}`);
  if (p.end) parts.push(`tot en met ${formatFactDate(p.end)}`);
  if (p.duration) parts.push(`${num(p.duration.value)} ${p.duration.value === 1 ? p.duration.unit : DURATION_PLURAL[p.duration.unit] || p.duration.unit}`);
  return parts.join(", ");
}

function fundingItem(f) {
  const share = f.share ? ` (${f.share === 0.5 ? "de helft" : `${Math.round(f.share * 100)} %`})` : "";
  const amount = f.amount ? ` (€ ${num(f.amount)})` : "";
  return [entityLink(f.source), " ", badge(f.source.__typename), share + amount];
}

/** factItem shows one stated value with the quote behind it and any curator's note. */
function factItem(content, fact) {
  return h("li", { class: "fact" },
    h("div", { class: "fact-value" }, content),
    fact.note ? h("p", { class: "muted fact-note" }, `Toelichting: ${fact.note}`) : null,
    quoteBlock(fact.evidence));
}

/** factSections: scale, period, goals, results, funding, roles and partners, each with its quote. */
function factSections(node) {
  const groups = [
    ["h-schaal", "Schaal", node.quantities, (q) => quantityText(q)],
    ["h-looptijd", "Looptijd", node.periods, (p) => periodText(p)],
    ["h-doelen", "Doelen", node.goals, (g) => g.text],
    ["h-resultaten", "Resultaten", node.results, (r) => r.text],
    ["h-financiering", "Financiering", node.funding, (f) => fundingItem(f)],
    ["h-rollen", "Rollen", node.roles, (r) => [r.role, " in ", entityLink(r.group)]],
  ].filter(([, , list]) => list && list.length);
  const worksWith = node.worksWith && node.worksWith.length
    ? h("section", { class: "factgroup works-with", "aria-labelledby": "h-werkt-samen" },
      h("h3", { id: "h-werkt-samen" }, "Werkt samen met", h("span", { class: "count" }, ` (${node.worksWith.length})`)),
      h("ul", { class: "facts-list" }, node.worksWith.map((w) => h("li", { class: "fact" },
        h("div", { class: "fact-value" }, entityLink(w.organisation), " in ", entityLink(w.initiative)),
        h("p", { class: "muted" }, `${node.name}: ${w.via} · ${w.organisation.name}: ${w.otherVia}`),
        w.evidence.map(quoteBlock)))))
    : null;
  if (!groups.length && !worksWith) return null;
  return h("section", { class: "knowledge", "aria-labelledby": "h-kerngegevens" },
    h("h2", { id: "h-kerngegevens" }, "Kerngegevens"),
    h("p", { class: "muted" }, "Wat de documenten over schaal, looptijd, doelen en resultaten zeggen, met het citaat erbij."),
    groups.map(([id, title, list, text]) => h("section", { class: "factgroup", "aria-labelledby": id },
      h("h3", { id }, title),
      h("ul", { class: "facts-list" }, list.map((f) => factItem(text(f), f))))),
    worksWith);
}

/**
 * dedupe merges the edges of one relation type and direction to the same far node into one,
 * keeping every quote (a partner named in two documents is listed once, with both sources).
 */
export function dedupe(edges) {
  const byKey = new Map();
  for (const e of edges) {
    const key = `${e.type}|${e.direction}|${e.node.id}`;
    if (!byKey.has(key)) byKey.set(key, { ...e, roles: [], evidences: [] });
    const m = byKey.get(key);
    if (e.role && !m.roles.includes(e.role)) m.roles.push(e.role);
    if (e.evidence && !m.evidences.some((x) => x.quote === e.evidence.quote && x.document.id === e.evidence.document.id)) m.evidences.push(e.evidence);
  }
  return [...byKey.values()];
}

function relationItem(edge) {
  const roles = edge.roles || (edge.role ? [edge.role] : []);
  const evidences = edge.evidences || (edge.evidence ? [edge.evidence] : []);
  return h("li", { class: "relation", "data-type": edge.type, "data-direction": edge.direction, "data-id": edge.node.id },
    h("div", { class: "rel-head" }, entityLink(edge.node), " ", badge(edge.node.__typename),
      roles.length ? h("span", { class: "role" }, ` – ${roles.join("; ")}`) : null),
    evidences.map(quoteBlock));
}

function relationGroup(id, title, edges, extraClass) {
  if (!edges.length) return null;
  const merged = dedupe(edges);
  return h("section", { class: `relgroup ${extraClass || ""}`, "aria-labelledby": id },
    h("h3", { id }, title, h("span", { class: "count" }, ` (${merged.length})`)),
    h("ul", { class: "relations" }, merged.map(relationItem)));
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
  const relCSV = csvButton("Relaties als CSV", `${slug(node.name)}-relaties.csv`, () => ({
    headers: ["relatie", "naam", "soort", "id", "rol", "citaat", "document"],
    rows: node.relations.edges.flatMap((e) => dedupe([e]).map((m) => [
      (REL[e.type] || {})[e.direction] || e.type, e.node.name, typeInfo(e.node.__typename).label, e.node.id,
      m.roles.join("; "), e.evidence ? e.evidence.quote : "", e.evidence ? e.evidence.document.title : ""])),
  }));
  const relations = h("section", { class: "relations-all", "aria-labelledby": "h-relaties" },
    h("h2", { id: "h-relaties" }, "Relaties", h("span", { class: "count" }, ` (${dedupe(all).length})`)),
    all.length ? h("div", { class: "tools" }, relCSV) : h("p", { class: "muted" }, "Geen andere relaties."),
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

  const mentions = node.mentions && node.mentions.nodes.length ? mentionsSection(ctx, node) : null;

  const netSlot = h("section", { class: "network-slot", "aria-labelledby": "h-netwerk" },
    h("h2", { id: "h-netwerk" }, "Netwerk rond ", node.name), h("p", { class: "status" }, "Netwerk laden…"));
  const similarSlot = node.__typename === "Initiative"
    ? h("section", { class: "similar", "aria-labelledby": "h-vergelijkbaar" },
      h("h2", { id: "h-vergelijkbaar" }, "Vergelijkbare initiatieven"), h("p", { class: "status" }, "Laden…"))
    : null;
  const partners = LEARNER_TYPES.has(node.__typename) ? partnersSlot() : null;

  const layout = h("div", { class: "entity-layout" },
    header,
    h("div", { class: "main-col" }, factSections(node), learning, relations, sources, mentions),
    h("aside", { class: "side-col", "aria-label": "Netwerk en vergelijkbare initiatieven" }, netSlot, similarSlot, partners));
  if (!show(ctx, node.name, layout)) return;

  await Promise.all([
    fillNetwork(ctx, netSlot, node),
    similarSlot ? fillSimilar(ctx, similarSlot, node) : null,
    partners ? fillPartners(ctx, partners, node, errorBox) : null,
  ]);
}

function mentionItem(m) {
  return h("li", null,
    h("a", { href: passageHref(m.document.id, m.offset, m.text) }, m.document.title), ": ",
    h("span", { class: "snippet" }, m.snippet));
}

/** mentionsSection lists where the entity is named, with "Toon meer" until every mention is shown. */
function mentionsSection(ctx, node) {
  const list = h("ul", null, node.mentions.nodes.map(mentionItem));
  const shown = h("p", { class: "muted shown", "aria-live": "polite" });
  let page = node.mentions;
  const more = h("button", { type: "button", class: "secondary more" }, "Toon meer vermeldingen");
  const update = () => {
    const n = list.children.length;
    shown.textContent = n < page.totalCount ? `${num(n)} van ${num(page.totalCount)} getoond.` : "";
    more.hidden = !page.pageInfo || !page.pageInfo.hasNextPage;
  };
  more.addEventListener("click", async () => {
    more.disabled = true;
    try {
      const data = await gql(MENTIONS_QUERY, { id: node.id, after: page.pageInfo.endCursor });
      page = data.node.mentions;
      list.append(...page.nodes.map(mentionItem));
      announce(`${page.nodes.length} vermeldingen toegevoegd`);
    } catch (err) {
      more.after(errorBox(err, "De vermeldingen"));
    }
    more.disabled = false;
    update();
  });
  update();
  return h("section", { class: "mentions", "aria-labelledby": "h-genoemd" },
    h("h2", { id: "h-genoemd" }, "Waar het genoemd wordt", h("span", { class: "count" }, ` (${node.mentions.totalCount})`)),
    list, shown, more);
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
    if (ctx.current()) slot.replaceChildren(slot.firstChild, errorBox(err, "Het netwerk", ctx.retry));
    return;
  }
  if (!ctx.current()) return;
  if (!net.nodes.some((n) => n.id === node.id)) net.nodes.push({ __typename: node.__typename, id: node.id, name: node.name });
  slot.replaceChildren(slot.firstChild, networkView(net, { focusId: node.id, title: `Netwerk rond ${node.name}`, description }));
}

/** explainScore says in words how a score adds up: "5,5 = 3 voor een gedeelde bouwsteen + …". */
export function explainScore(s) {
  const parts = s.reasons.map((r) => `${num(r.weight)} voor ${r.kind === "TEXT" ? "" : "een "}${SIMILARITY_WHY[r.kind] || r.kind}`.replace("een zelfde", "dezelfde").replace("een partners", "partners").replace("een vergelijkbare", "vergelijkbare"));
  return `Score ${num(s.score)} = ${parts.join(" + ")}.`;
}

async function fillSimilar(ctx, slot, node) {
  let data;
  try {
    data = await gql(SIMILAR_QUERY, { id: node.id });
  } catch (err) {
    if (ctx.current()) slot.replaceChildren(slot.firstChild, errorBox(err, "De vergelijkbare initiatieven", ctx.retry));
    return;
  }
  if (!ctx.current()) return;
  const list = data.similarInitiatives;
  const family = data.family || [];
  const familyBlock = family.length
    ? h("section", { class: "family", "aria-labelledby": "h-familie" },
      h("h3", { id: "h-familie" }, "Eigen familie", h("span", { class: "count" }, ` (${family.length})`)),
      h("p", { class: "muted" }, "Onderdelen, programma en voorlopers van dit initiatief. Die lijken vanzelf op elkaar en tellen daarom niet mee hieronder."),
      h("ul", { class: "family-list" }, family.map((f) => h("li", { "data-tie": f.tie },
        entityLink({ ...f.initiative, __typename: "Initiative" }), h("span", { class: "muted" }, ` – ${FAMILY[f.tie] || f.tie}`)))))
    : null;
  if (!list.length) {
    slot.replaceChildren(slot.firstChild, familyBlock, h("p", { class: "muted" }, "Geen vergelijkbare initiatieven gevonden buiten de eigen familie."));
    return;
  }
  const max = Math.max(...list.map((s) => s.score), 1e-9);
  slot.replaceChildren(slot.firstChild,
    familyBlock,
    h("h3", { id: "h-anderen" }, "Andere initiatieven die erop lijken"),
    h("p", { class: "muted" }, "De score telt op wat ze delen: een bouwsteen 3 punten, een thema 1,5, een doelgroep 1, dezelfde regio 1, een partnersector 0,5, en vergelijkbare woorden tot 3 (namen van plaatsen, mensen en organisaties tellen niet mee)."),
    h("ol", { class: "similar-list", "aria-labelledby": "h-anderen" }, list.map((s) => {
      const meter = h("meter", { min: "0", max: String(max), value: String(s.score), "aria-label": `Score ${num(s.score)}` });
      return h("li", null,
        h("div", { class: "sim-head" }, entityLink({ ...s.initiative, __typename: "Initiative" }),
          h("span", { class: "score" }, ` score ${num(s.score)}`), meter),
        h("p", { class: "why" }, explainScore(s)),
        h("ul", { class: "reasons" }, s.reasons.map((r) => h("li", { "data-kind": r.kind },
          h("strong", null, SIMILARITY[r.kind] || r.kind), ` (+${num(r.weight)}): `, r.description,
          r.shared.length ? h("span", { class: "shared" }, " – ", r.shared.map((e, i) => [i ? ", " : "", entityLink(e)])) : null))));
    })),
    h("div", { class: "tools" }, csvButton("Vergelijkbare als CSV", `${slug(node.name)}-vergelijkbaar.csv`, () => ({
      headers: ["initiatief", "id", "score", "uitleg", "redenen"],
      rows: [
        ...list.map((s) => [s.initiative.name, s.initiative.id, num(s.score), explainScore(s), s.reasons.map((r) => r.description).join(" ")]),
        ...family.map((f) => [f.initiative.name, f.initiative.id, "", FAMILY[f.tie] || f.tie, "eigen familie"]),
      ],
    }))));
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

/** networkPage: the whole learning network; focus, hidden kinds and open groups live in the link. */
export async function networkPage(ctx) {
  loading(ctx, "Netwerk");
  let net;
  try {
    net = (await gql(NETWORK_ALL_QUERY)).learningNetwork;
  } catch (err) {
    return fail(ctx, err, "Het netwerk");
  }
  const p = ctx.params;
  const list = (k) => (p.get(k) || "").split(",").filter(Boolean);
  const state = { focus: p.get("focus") || null, hidden: list("verberg"), open: list("open") };
  const onState = (st) => {
    const q = new URLSearchParams();
    if (st.focus) q.set("focus", st.focus);
    if (st.hidden.length) q.set("verberg", st.hidden.join(","));
    if (st.open.length) q.set("open", st.open.join(","));
    history.replaceState(history.state, "", `#/netwerk${q.toString() ? `?${q}` : ""}`);
  };
  const parts = await datedNetwork(ctx, NETWORK_ALL_QUERY, net, formatDate, { state, onState });
  show(ctx, "Wie leert van wie",
    h("h1", null, "Wie leert van wie"),
    h("p", { class: "lead" }, "Alle leerrelaties in het netwerk: een pijl van A naar B betekent dat A van B leert (of B A inspireert). De link van deze pagina onthoudt de focus en de filters: deel hem om hetzelfde beeld te tonen."),
    parts);
}

// ---------------------------------------------------------------- region overview

/** membersHref links a count to the list of the members it counts. */
function membersHref(label, dimension, key, scope) {
  return `#/leden/${label}/${dimension}/${encodeURIComponent(key)}?scope=${scope}`;
}

/** cellHref links a cell of a coverage matrix to the page of its members. */
function cellHref(label, rows, row, columns, column, scope) {
  return `#/cel/${label}/${rows}/${encodeURIComponent(row)}/${columns}/${encodeURIComponent(column)}?scope=${scope}`;
}

/** MATRIX_LABELS: what the Regio-overzicht can count (the `wat` parameter). */
const MATRIX_LABELS = {
  initiatieven: { label: "INITIATIVE", one: "initiatief", many: "initiatieven" },
  organisaties: { label: "ORGANISATION", one: "organisatie", many: "organisaties" },
};

/** MATRIX_COLUMNS: what the Regio-overzicht's columns are (the `per` parameter). */
const MATRIX_COLUMNS = {
  thema: { dimension: "THEME", one: "thema", many: "thema's", the: "het thema" },
  bouwsteen: { dimension: "BOUWSTEEN", one: "bouwsteen", many: "bouwstenen", the: "de bouwsteen" },
};

/** matrixState reads the Regio-overzicht's choices from its link, each with its default. */
function matrixState(params) {
  const pick = (v, all, def) => (Object.hasOwn(all, v) ? v : def);
  return {
    per: pick(params.get("per"), MATRIX_COLUMNS, "thema"),
    wat: pick(params.get("wat"), MATRIX_LABELS, "initiatieven"),
    scope: pick(params.get("scope"), SCOPES, "ALL"),
  };
}

/** matrixHref is the link of the Regio-overzicht with some choices changed. */
function matrixHref(st, change = {}) {
  const s = { ...st, ...change };
  return `#/regio-overzicht?${new URLSearchParams({ per: s.per, wat: s.wat, scope: s.scope })}`;
}

/** choiceNav is a row of links of which the current one is marked (a visible, linkable choice). */
function choiceNav(id, label, options) {
  return h("nav", { class: "choice", "aria-labelledby": id },
    h("span", { id, class: "choice-label" }, label),
    h("ul", null, options.map((o) => h("li", null, h("a", { href: o.href, "aria-current": o.current ? "page" : null, "data-value": o.value }, o.text)))));
}

/**
 * regionOverviewPage: the Regio-overzicht. It is the server's coverage matrix, as it answers:
 * initiatives or organisations per region × theme or region × bouwsteen, direct, via or both.
 * Each number is a link to the list it counts: a cell to its members, a region's or a column's
 * total to members(label, by, key, scope); every member shows the quotes that make it one.
 */
export async function regionOverviewPage(ctx) {
  const st = matrixState(ctx.params);
  const what = MATRIX_LABELS[st.wat], col = MATRIX_COLUMNS[st.per], sc = SCOPES[st.scope];
  loading(ctx, "Regio-overzicht");
  let m;
  try {
    m = (await gql(COVERAGE_QUERY, { label: what.label, columns: col.dimension, scope: st.scope })).coverage;
  } catch (err) {
    return fail(ctx, err, "Het regio-overzicht");
  }
  const cells = new Map(m.cells.map((c) => [`${c.row}\u0000${c.column}`, c.count]));
  const count = (r, c) => cells.get(`${r.key}\u0000${c.key}`) || 0;
  const n = (x) => plural(x, what.one, what.many);
  const caption = `${what.many[0].toUpperCase()}${what.many.slice(1)} per regio en ${col.one} – ${sc.label.toLowerCase()}: ${sc.title.toLowerCase()}`;
  const numLink = (href, x, label) => h("a", { href, class: "n", "aria-label": label }, String(x));
  const table = h("table", { class: "matrix", "data-label": what.label, "data-columns": col.dimension, "data-scope": st.scope },
    h("caption", null, caption),
    h("thead", null, h("tr", null,
      h("th", { scope: "col", class: "corner" }, "Regio"),
      h("th", { scope: "col", class: "sum" }, h("span", null, `In de regio, alle ${col.many}`)),
      m.columns.map((c) => h("th", { scope: "col", "data-key": c.key }, h("span", null, c.name))))),
    h("tbody", null, m.rows.map((r) => h("tr", { "data-key": r.key },
      h("th", { scope: "row" }, r.node ? entityLink({ ...r.node, name: r.name }) : r.name),
      h("td", { class: "sum", "data-count": r.count },
        numLink(membersHref(what.label, "REGION", r.key, st.scope), r.count, `${n(r.count)} in ${r.name}, alle ${col.many}`)),
      m.columns.map((c) => {
        const x = count(r, c);
        return h("td", { "data-count": x, "data-column": c.key },
          x ? numLink(cellHref(what.label, "REGION", r.key, col.dimension, c.key, st.scope), x, `${n(x)} in ${r.name} bij ${col.one} ${c.name}`)
            : [h("span", { "aria-hidden": "true", class: "zero" }, "·"), h("span", { class: "visually-hidden" }, "geen")]);
      })))),
    h("tfoot", null, h("tr", null,
      h("th", { scope: "row" }, `Alle ${what.many}, ook zonder regio`),
      h("td", { class: "sum" }, h("span", { "aria-hidden": "true", class: "zero" }, "–")),
      m.columns.map((c) => h("td", { class: "sum", "data-count": c.count, "data-column": c.key },
        numLink(membersHref(what.label, col.dimension, c.key, st.scope), c.count, `${n(c.count)} bij ${col.one} ${c.name}, met of zonder regio`))))));
  const csv = csvButton("Matrix als CSV", `regio-${col.one}-${st.wat}-${st.scope.toLowerCase()}.csv`, () => ({
    headers: ["regio", `in de regio, alle ${col.many}`, ...m.columns.map((c) => c.name)],
    rows: [
      ...m.rows.map((r) => [r.name, r.count, ...m.columns.map((c) => count(r, c))]),
      [`alle ${what.many}, ook zonder regio`, "", ...m.columns.map((c) => c.count)],
    ],
  }));
  show(ctx, "Regio-overzicht",
    h("h1", null, "Regio-overzicht"),
    h("p", { class: "lead" }, `Hoeveel ${what.many} er per regio bij elk${st.per === "thema" ? " thema" : "e bouwsteen"} horen. Een regio telt mee wat in haar gemeenten en wijken gebeurt. Elk getal is een link naar de lijst erachter, met de citaten waarop elk lid berust.`),
    h("div", { class: "choices" },
      choiceNav("k-per", "Kolommen", Object.entries(MATRIX_COLUMNS).map(([k, v]) => ({ value: k, text: `Regio × ${v.one}`, href: matrixHref(st, { per: k }), current: k === st.per }))),
      choiceNav("k-wat", "Wat telt", Object.entries(MATRIX_LABELS).map(([k, v]) => ({ value: k, text: `${v.many[0].toUpperCase()}${v.many.slice(1)}`, href: matrixHref(st, { wat: k }), current: k === st.wat }))),
      choiceNav("k-scope", "Welke koppeling", ["DIRECT", "VIA", "ALL"].map((s) => ({ value: s, text: [h("strong", null, SCOPES[s].label), ` – ${SCOPES[s].title.toLowerCase()}`], href: matrixHref(st, { scope: s }), current: s === st.scope })))),
    h("div", { class: "tools" }, csv),
    m.rows.length
      ? h("div", { class: "table-wrap matrix-wrap", tabindex: "0", role: "region", "aria-label": `Tabel: ${caption}` }, table)
      : h("p", { class: "muted" }, "Geen gegevens in deze telling."),
    h("p", { class: "muted" }, `De kolom ‘In de regio’ telt alle ${what.many} van een regio, ook die zonder ${col.one}; de onderste rij telt per ${col.one} alle ${what.many}, ook die zonder regio. Een ${what.one} bij meer ${col.many} of regio's telt in elke cel mee.`));
}

/** memberItem shows one member with the paths that make it one, each step with its quote; label(path) heads a path. */
function memberItem(e, label) {
  return h("li", { class: "member", "data-id": e.node.id, "data-scope": e.scope },
    h("div", { class: "rel-head" }, entityLink(e.node), " ", badge(e.node.__typename), h("span", { class: "role" }, ` – ${SCOPES[e.scope].label.toLowerCase()}`)),
    e.paths.map((p) => [label ? h("p", { class: "muted via" }, label(p)) : null, h("ol", { class: "path" }, p.steps.map(stepItem))]));
}

/** memberCSV is a list of members as CSV: one row per step, with its quote and document. */
function memberCSV(edges) {
  return {
    headers: ["naam", "id", "koppeling", "van", "relatie", "naar", "citaat", "document"],
    rows: edges.flatMap((e) => e.paths.flatMap((p) => p.steps.map((s) => [e.node.name, e.node.id, SCOPES[e.scope].label,
      s.from.name, (REL[s.type] || {}).verb || s.type, s.to.name, s.evidence.quote, s.evidence.document.title]))),
  };
}

/** cellPage: the members of one cell of the Regio-overzicht, each with its path to the row and to the column. */
export async function cellPage(ctx, label, rows, row, columns, column, scope) {
  const what = LABELS[label] || { label, plural: label };
  loading(ctx, what.plural);
  let data, edges = [];
  try {
    for (let after = null, i = 0; i < 50; i++) {
      data = await gql(CELL_QUERY, { label, rows, columns, scope, row, column, rowNode: row, columnNode: column, after });
      const cell = data.coverage && data.coverage.cell;
      if (!cell) break;
      edges.push(...cell.members.edges);
      if (!cell.members.pageInfo.hasNextPage) break;
      after = cell.members.pageInfo.endCursor;
    }
  } catch (err) {
    return fail(ctx, err, what.plural);
  }
  const cell = data.coverage && data.coverage.cell;
  const rowName = data.rowNode ? data.rowNode.name : row, colName = data.columnNode ? data.columnNode.name : column;
  const colWord = (DIMENSIONS[columns] || columns).replace(/^\S+ /, "");
  const total = cell ? cell.count : 0;
  const title = `${what.plural} ${DIMENSIONS[rows] || rows} ${rowName} en ${DIMENSIONS[columns] || columns} ${colName}`;
  const per = Object.keys(MATRIX_COLUMNS).find((k) => MATRIX_COLUMNS[k].dimension === columns) || "thema";
  const wat = Object.keys(MATRIX_LABELS).find((k) => MATRIX_LABELS[k].label === label) || "initiatieven";
  const pathLabel = (p) => (p.nodes[p.nodes.length - 1].id === column ? `Waarom bij ${colWord} ${colName}:` : `Waarom in ${rowName}:`);
  show(ctx, title,
    h("h1", null, title),
    h("p", { class: "lead" }, h("span", { class: "total", "data-total": String(total) }, String(total)), ` ${total === 1 ? what.label.toLowerCase() : what.plural.toLowerCase()}, ${SCOPES[scope].title.toLowerCase()}. Bij elk staan de citaten die het aan de regio en aan ${colWord} ${colName} verbinden.`),
    h("nav", { class: "scope-switch", "aria-label": "Welke koppeling" }, h("ul", null, ["DIRECT", "VIA", "ALL"].map((s) =>
      h("li", null, s === scope ? h("strong", { "aria-current": "page" }, SCOPES[s].label)
        : h("a", { href: cellHref(label, rows, row, columns, column, s) }, SCOPES[s].label))))),
    edges.length ? h("ol", { class: "members" }, edges.map((e) => memberItem(e, pathLabel))) : h("p", { class: "muted" }, "Geen."),
    edges.length ? h("div", { class: "tools" }, csvButton("Deze lijst als CSV", `${slug(rowName)}-${slug(colName)}-${scope.toLowerCase()}.csv`, () => memberCSV(edges))) : null,
    h("p", null, h("a", { href: matrixHref({ per, wat, scope }) }, "Terug naar het regio-overzicht")));
}

// ---------------------------------------------------------------- overviews per kind

const links = (conn) => (conn ? conn.edges.map((e) => e.node) : []);
const uniq = (nodes) => [...new Map(nodes.map((n) => [n.id, n])).values()];
const linkList = (nodes) => (nodes.length ? nodes.map((n, i) => [i ? ", " : "", entityLink(n)]) : h("span", { class: "muted" }, "–"));
const names = (nodes) => nodes.map((n) => n.name).join(", ");
const total = (conn) => (conn ? conn.totalCount : 0);
const byName = (a, b) => a.name.localeCompare(b.name, "nl");

/**
 * OVERVIEW_PAGES describes each overview: its columns (a cell for the page and a value for the
 * CSV), the sorts offered, and an optional facet (a property to filter on).
 */
const OVERVIEW_PAGES = {
  Bouwsteen: {
    intro: "De bouwstenen van het netwerk: principes voor samenwerking rond kinderen. Per bouwsteen ziet u wie hem in praktijk brengt en uit welke bijeenkomst of welk document hij komt.",
    columns: [
      { head: "Nr.", cell: (n) => String(n.number), csv: (n) => n.number },
      { head: "Bouwsteen", cell: (n) => entityLink(n), csv: (n) => n.name },
      { head: "In praktijk gebracht door", cell: (n) => linkList(uniq(links(n.initiatives))), csv: (n) => names(uniq(links(n.initiatives))) },
      { head: "Komt uit", cell: (n) => linkList(uniq(links(n.sources))), csv: (n) => names(uniq(links(n.sources))) },
      { head: "Thema's", cell: (n) => linkList(uniq(links(n.themes))), csv: (n) => names(uniq(links(n.themes))) },
    ],
    sorts: { nummer: ["Nummer", (a, b) => a.series.localeCompare(b.series, "nl") || a.number - b.number], naam: ["Naam", byName], praktijk: ["Meest in praktijk gebracht", (a, b) => uniq(links(b.initiatives)).length - uniq(links(a.initiatives)).length || byName(a, b)] },
    facet: { label: "Reeks", value: (n) => n.series },
  },
  Theme: {
    intro: "De thema's waar initiatieven, bouwstenen en bijeenkomsten over gaan.",
    columns: [
      { head: "Thema", cell: (n) => entityLink(n), csv: (n) => n.name },
      { head: "Initiatieven", cell: (n) => linkList(uniq(links(n.initiatives).filter((x) => x.__typename === "Initiative"))), csv: (n) => names(uniq(links(n.initiatives).filter((x) => x.__typename === "Initiative"))) },
      { head: "Bouwstenen", cell: (n) => String(uniq(links(n.bouwstenen)).length), csv: (n) => uniq(links(n.bouwstenen)).length },
    ],
    sorts: { naam: ["Naam", byName], initiatieven: ["Meeste initiatieven", (a, b) => total(b.initiatives) - total(a.initiatives) || byName(a, b)], genoemd: ["Vaakst genoemd", (a, b) => b.mentionCount - a.mentionCount || byName(a, b)] },
  },
  Region: {
    intro: "Regio's, gemeenten en wijken, met de initiatieven die er direct actief zijn.",
    columns: [
      { head: "Regio", cell: (n) => entityLink(n), csv: (n) => n.name },
      { head: "Soort", cell: (n) => n.kind || "–", csv: (n) => n.kind || "" },
      { head: "Ligt in", cell: (n) => (n.parent ? entityLink({ ...n.parent, __typename: "Region" }) : "–"), csv: (n) => (n.parent ? n.parent.name : "") },
      { head: "Initiatieven", cell: (n) => linkList(uniq(links(n.initiatives))), csv: (n) => names(uniq(links(n.initiatives))) },
      { head: "Organisaties", cell: (n) => String(total(n.organisations)), csv: (n) => total(n.organisations) },
    ],
    sorts: { naam: ["Naam", byName], initiatieven: ["Meeste initiatieven", (a, b) => total(b.initiatives) - total(a.initiatives) || byName(a, b)], genoemd: ["Vaakst genoemd", (a, b) => b.mentionCount - a.mentionCount || byName(a, b)] },
    facet: { label: "Soort", value: (n) => n.kind || "" },
  },
  Organisation: {
    intro: "Scholen, samenwerkingsverbanden, jeugdhulp, welzijn, gemeenten en andere organisaties in het netwerk.",
    columns: [
      { head: "Organisatie", cell: (n) => entityLink(n), csv: (n) => n.name },
      { head: "Sector", cell: (n) => n.sector || "–", csv: (n) => n.sector || "" },
      { head: "Regio", cell: (n) => linkList(uniq(links(n.regions))), csv: (n) => names(uniq(links(n.regions))) },
      { head: "Initiatieven", cell: (n) => linkList(uniq(links(n.initiatives))), csv: (n) => names(uniq(links(n.initiatives))) },
    ],
    sorts: { naam: ["Naam", byName], initiatieven: ["Meeste initiatieven", (a, b) => total(b.initiatives) - total(a.initiatives) || byName(a, b)], genoemd: ["Vaakst genoemd", (a, b) => b.mentionCount - a.mentionCount || byName(a, b)] },
    facet: { label: "Sector", value: (n) => n.sector || "" },
  },
  Initiative: {
    intro: "Alle initiatieven: lerende praktijken, projecten, programma's en aanpakken.",
    columns: [
      { head: "Initiatief", cell: (n) => entityLink(n), csv: (n) => n.name },
      { head: "Soort", cell: (n) => n.kind || "–", csv: (n) => n.kind || "" },
      { head: "Regio", cell: (n) => linkList(uniq(links(n.regions))), csv: (n) => names(uniq(links(n.regions))) },
      { head: "Thema's", cell: (n) => linkList(uniq(links(n.themes))), csv: (n) => names(uniq(links(n.themes))) },
      { head: "Bouwstenen", cell: (n) => String(uniq(links(n.bouwstenen)).length), csv: (n) => names(uniq(links(n.bouwstenen))) },
    ],
    sorts: { naam: ["Naam", byName], genoemd: ["Vaakst genoemd", (a, b) => b.mentionCount - a.mentionCount || byName(a, b)], bouwstenen: ["Meeste bouwstenen", (a, b) => uniq(links(b.bouwstenen)).length - uniq(links(a.bouwstenen)).length || byName(a, b)] },
    facet: { label: "Soort", value: (n) => n.kind || "" },
  },
};

/** overviewPage lists every entity of a kind in a table that can be filtered, sorted and downloaded. */
export async function overviewPage(ctx, slugName, params) {
  const o = OVERVIEWS.find((x) => x.slug === slugName);
  if (!o) return notFoundPage(ctx);
  const t = typeInfo(o.typename);
  const conf = OVERVIEW_PAGES[o.typename];
  loading(ctx, t.plural);
  let items;
  try {
    items = await gqlAll(OVERVIEW_QUERIES[o.typename], {}, (d) => d.list);
  } catch (err) {
    return fail(ctx, err, `Het overzicht van ${t.plural.toLowerCase()}`);
  }
  const title = `Alle ${t.plural.toLowerCase()}`;
  const state = { q: params.get("q") || "", sort: conf.sorts[params.get("sort")] ? params.get("sort") : Object.keys(conf.sorts)[0], facet: params.get("f") || "" };
  const filterInput = h("input", { id: "ov-filter", type: "search", value: state.q, autocomplete: "off" });
  const sortSelect = h("select", { id: "ov-sort" }, Object.entries(conf.sorts).map(([k, [label]]) => h("option", { value: k, selected: k === state.sort }, label)));
  const facetValues = conf.facet ? [...new Set(items.map(conf.facet.value).filter(Boolean))].sort((a, b) => a.localeCompare(b, "nl")) : [];
  const facetSelect = conf.facet
    ? h("select", { id: "ov-facet" }, h("option", { value: "" }, "Alle"), facetValues.map((v) => h("option", { value: v, selected: v === state.facet }, v)))
    : null;
  const countLine = h("p", { class: "muted", "aria-live": "polite", id: "ov-count" });
  const clear = h("button", { type: "button", class: "secondary" }, "Wis filters");
  const tbody = h("tbody");
  const table = h("table", { class: "overview", "data-type": o.typename },
    h("caption", { class: "visually-hidden" }, title),
    h("thead", null, h("tr", null, conf.columns.map((c) => h("th", { scope: "col" }, c.head)))), tbody);
  const visible = () => {
    const q = state.q.trim().toLowerCase();
    return items
      .filter((n) => !q || n.name.toLowerCase().includes(q) || conf.columns.some((c) => String(c.csv(n)).toLowerCase().includes(q)))
      .filter((n) => !state.facet || (conf.facet && conf.facet.value(n) === state.facet))
      .sort(conf.sorts[state.sort][1]);
  };
  const render = () => {
    const rows = visible();
    tbody.replaceChildren(...rows.map((n) => h("tr", { "data-id": n.id }, conf.columns.map((c, i) => (i === (o.typename === "Bouwsteen" ? 1 : 0) ? h("th", { scope: "row" }, c.cell(n)) : h("td", { "data-head": c.head }, c.cell(n)))))));
    countLine.textContent = rows.length === items.length ? `${plural(items.length, t.label.toLowerCase(), t.plural.toLowerCase())}.` : `${num(rows.length)} van ${plural(items.length, t.label.toLowerCase(), t.plural.toLowerCase())} (gefilterd).`;
    clear.hidden = !state.q && !state.facet;
    const p = new URLSearchParams();
    if (state.q) p.set("q", state.q);
    if (state.sort !== Object.keys(conf.sorts)[0]) p.set("sort", state.sort);
    if (state.facet) p.set("f", state.facet);
    const hash = `#/overzicht/${o.slug}${p.toString() ? `?${p}` : ""}`;
    if (location.hash !== hash) history.replaceState(history.state, "", hash);
  };
  filterInput.addEventListener("input", () => { state.q = filterInput.value; render(); });
  sortSelect.addEventListener("change", () => { state.sort = sortSelect.value; render(); });
  if (facetSelect) facetSelect.addEventListener("change", () => { state.facet = facetSelect.value; render(); });
  clear.addEventListener("click", () => {
    state.q = ""; state.facet = "";
    filterInput.value = "";
    if (facetSelect) facetSelect.value = "";
    render();
    filterInput.focus();
  });
  const controls = h("form", { class: "controls", role: "search", "aria-label": `${t.plural} filteren`, onsubmit: (e) => e.preventDefault() },
    h("div", null, h("label", { for: "ov-filter" }, "Filter"), filterInput),
    conf.facet ? h("div", null, h("label", { for: "ov-facet" }, conf.facet.label), facetSelect) : null,
    h("div", null, h("label", { for: "ov-sort" }, "Sorteer op"), sortSelect),
    h("div", { class: "control-buttons" }, clear,
      csvButton("Download als CSV", `${o.slug}.csv`, () => ({ headers: conf.columns.map((c) => c.head), rows: visible().map((n) => conf.columns.map((c) => c.csv(n))) }))));
  const otherKinds = h("nav", { class: "jump", "aria-label": "Andere overzichten" }, h("ul", null,
    OVERVIEWS.map((x) => h("li", null, h("a", { href: `#/overzicht/${x.slug}`, "aria-current": x.slug === o.slug ? "page" : null }, typeInfo(x.typename).plural)))));
  render();
  show(ctx, title, h("h1", null, title), h("p", { class: "lead" }, conf.intro), otherKinds, controls, countLine, h("div", { class: "table-wrap", tabindex: "0", role: "region", "aria-label": `Tabel: ${title}` }, table));
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
    m.edges.length ? h("ol", { class: "members" }, m.edges.map((e) => memberItem(e))) : h("p", { class: "muted" }, "Geen."),
    m.edges.length ? h("div", { class: "tools" }, csvButton("Deze lijst als CSV", `${slug(where)}-${scope.toLowerCase()}.csv`, () => memberCSV(m.edges))) : null,
    m.pageInfo.hasNextPage ? h("p", { class: "muted" }, `De eerste ${m.edges.length} van ${m.totalCount}.`) : null,
    data.bucket ? h("p", null, h("a", { href: entityHref(data.bucket) }, `Naar ${where}`)) : null);
}

// ---------------------------------------------------------------- not found

/** notFoundPage is shown for unknown routes. */
export function notFoundPage(ctx) {
  show(ctx, "Pagina niet gevonden", h("h1", null, "Pagina niet gevonden"),
    h("p", null, "Deze pagina bestaat niet. ", h("a", { href: "#/" }, "Naar de startpagina")));
}
