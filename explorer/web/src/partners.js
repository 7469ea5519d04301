// "Van wie zou u kunnen leren?" on entity pages, the date slider on the network picture and
// the download links of the export.
import { gql } from "./api.js";
import { h } from "./dom.js";
import { entityHref, passageHref, num } from "./labels.js";
import { networkView } from "./network.js";

const EV = `quote offset document { id title date }`;

export const PARTNERS_QUERY = `query Leerpartners($id: ID!) {
  learningPartners(id: $id, first: 5) {
    score
    node { __typename id name }
    reasons { kind weight description focusEvidence { ${EV} } peerEvidence { ${EV} } }
  }
}`;

/** PARTNER_REASON names the kinds of learning-partner reasons. */
export const PARTNER_REASON = {
  BOUWSTEEN: "Zelfde bouwsteen",
  THEME: "Zelfde thema",
  TARGET_GROUP: "Zelfde doelgroep",
  PROBLEM: "Werkt aan wat u noemt",
  CONTACT: "Al verbonden",
  NETWORK: "Gedeelde partners",
};

/** LEARNER_TYPES are the entity types that can learn and be suggested. */
export const LEARNER_TYPES = new Set(["Region", "Initiative", "Organisation", "Person", "Programme", "Event"]);

function quoteList(side, evidence) {
  return h("li", null, h("span", { class: "side" }, side), " ",
    evidence.map((e, i) => [i ? " · " : "",
      h("q", null, e.quote), " ",
      h("a", { href: passageHref(e.document.id, e.offset, e.quote), class: "bron" }, `(${e.document.title})`)]));
}

/** partnersSlot is the section "Van wie zou u kunnen leren?"; fillPartners fills it. */
export function partnersSlot() {
  return h("section", { class: "partners", "aria-labelledby": "h-leerpartners" },
    h("h2", { id: "h-leerpartners" }, "Van wie zou u kunnen leren?"), h("p", { class: "status" }, "Laden…"));
}

export async function fillPartners(ctx, slot, node, errorBox) {
  let list;
  try {
    list = (await gql(PARTNERS_QUERY, { id: node.id })).learningPartners || [];
  } catch (err) {
    if (ctx.current()) slot.replaceChildren(slot.firstChild, errorBox(err, "De leerpartners"));
    return;
  }
  if (!ctx.current()) return;
  if (!list.length) {
    slot.replaceChildren(slot.firstChild, h("p", { class: "muted" }, "Geen suggesties gevonden."));
    return;
  }
  slot.replaceChildren(slot.firstChild,
    h("p", { class: "muted" }, `Wie ${node.name} nog niet als leerbron of inspiratie noemt, maar wel dezelfde bouwstenen, thema's, doelgroepen of partners heeft. Elke reden met de citaten aan beide kanten.`),
    h("ol", { class: "partner-list" }, list.map((p) => h("li", null,
      h("div", { class: "sim-head" }, h("a", { href: entityHref(p.node) }, p.node.name), h("span", { class: "score" }, ` score ${num(p.score)}`)),
      h("ul", { class: "reasons" }, p.reasons.map((r) => h("li", null,
        h("strong", null, PARTNER_REASON[r.kind] || r.kind), ` (+${num(r.weight)}): `, r.description,
        h("details", { class: "evidence" }, h("summary", null, "Citaten"),
          h("ul", null, quoteList(`Bij ${node.name}:`, r.focusEvidence), quoteList(`Bij ${p.node.name}:`, r.peerEvidence))))))))));
}

/** exportLinks offers the whole graph as downloads for Gephi, NetworkX or a spreadsheet. */
export function exportLinks() {
  return h("p", { class: "export-links" }, "Neem de hele graaf mee naar uw eigen programma: ",
    h("a", { href: "/export/graph.graphml", download: "" }, "GraphML (Gephi, NetworkX)"), " · ",
    h("a", { href: "/export/graph.csv.zip", download: "" }, "CSV (spreadsheet, gezipt)"), " · ",
    h("a", { href: "/export/graph.json", download: "" }, "JSON"), ".");
}

const DATES_QUERY = `query Documentdata { documents(first: 100) { nodes { id date } } }`;

/**
 * datedNetwork shows the whole learning network with a date slider: each position is a date a
 * document carries (the network as known then, asOf), the last is everything, undated included.
 */
export async function datedNetwork(ctx, query, net, formatDate, viewOpts = {}) {
  let dates = [];
  try {
    const docs = (await gql(DATES_QUERY)).documents.nodes;
    dates = [...new Set(docs.map((d) => d.date).filter(Boolean))].sort();
  } catch (err) {
    dates = [];
  }
  const slot = h("div", { class: "network-dated" });
  const label = h("output", { id: "netdate-out", for: "netdate" });
  const slider = h("input", { type: "range", id: "netdate", min: "0", max: String(dates.length), step: "1", value: String(dates.length),
    "aria-describedby": "netdate-out" });
  const describe = (i) => (i >= dates.length ? "Alles, ook uit documenten zonder datum" : `Zoals bekend op ${formatDate(dates[i])}`);
  const render = (n) => slot.replaceChildren(networkView(n, { title: "Het hele leernetwerk",
    description: `${n.nodes.length} deelnemers, ${n.edges.length} leerrelaties.`, ...viewOpts }));
  label.textContent = describe(dates.length);
  render(net);
  let seq = 0;
  slider.addEventListener("input", async () => {
    const i = Number(slider.value);
    label.textContent = describe(i);
    const mine = ++seq;
    try {
      const n = (await gql(query, i >= dates.length ? {} : { asOf: dates[i] })).learningNetwork;
      if (mine === seq && ctx.current()) render(n);
    } catch (err) {
      if (mine === seq) slot.replaceChildren(h("p", { class: "error" }, err.message));
    }
  });
  const controls = dates.length
    ? h("div", { class: "date-slider" }, h("label", { for: "netdate" }, "Tijd: "), slider, " ", label)
    : null;
  return [controls, slot, exportLinks()];
}
