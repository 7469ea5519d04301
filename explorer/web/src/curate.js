// The curator's review page: paste or upload a document, review the proposed entities, relations
// and typed facts one by one (by keyboard or mouse), edit them, add missed ones, save the draft
// into the seed folder and load it. Everything is decided by the curator; merges are proposed,
// never done without them. The API is /curate/api/* and needs the curator token (kept in
// sessionStorage for this tab only).
import "./curate.css";
import { h, announce } from "./dom.js";
import { TYPES, REL } from "./labels.js";

const $ = (id) => document.getElementById(id);
const state = { draft: null, text: "", raw: "", threshold: 0.5, entities: [], vocabulary: {}, focus: 0, items: [] };

// Rule precision so far: accepted and rejected proposals per rule ("entiteit …", "relatie …",
// "feit …": a rule name can serve more than one kind), kept across documents.
const statsKey = "mao-curator-rule-stats-v2";
const stats = JSON.parse(localStorage.getItem(statsKey) || "{}");

async function api(path, body) {
  const res = await fetch(`/curate/api/${path}`, {
    method: "POST",
    headers: { "Content-Type": "application/json", Authorization: `Bearer ${$("token").value}` },
    body: JSON.stringify(body || {}),
  });
  const data = await res.json().catch(() => ({}));
  if (!res.ok) throw new Error(data.error ? `${data.error.code}: ${data.error.message}` : `HTTP ${res.status}`);
  return data;
}

function show(msg, bad) {
  const out = $("uitvoer");
  out.textContent = msg;
  out.classList.toggle("fout", !!bad);
  announce(bad ? "Fout: " + msg.split("\n")[0] : msg.split("\n")[0]);
}

const dutch = (label) => (TYPES[label] ? TYPES[label].label : label);
const nodeByID = (id) => state.draft.nodes.find((n) => n.id === id);
const isActive = (p) => (p.decision ? p.decision === "accept" : p.rule.confidence >= state.threshold);

// FACT names the fact types in Dutch.
const FACT = { quantity: "Hoeveelheid", period: "Periode", goal: "Doel", result: "Resultaat", funding: "Financiering", role: "Rol" };
const QUALIFIER = { exact: "precies", approx: "ongeveer", "more-than": "ruim" };

// written says whether an id is in the saved file or the graph: a relation or fact naming a
// draft entity that does not go along is left out too (as the server writes it).
function written(id) {
  if (!id || id === state.draft.document.id) return true;
  const n = nodeByID(id);
  if (!n) return true; // an entity of the graph
  if (n.existing || n.decision === "merge") return true; // a merged one points at the graph's entity
  return isActive(n);
}
const factNodes = (f) => [f.about, f.source, f.in].filter(Boolean);
const goesAlong = (p) => isActive(p) && (p.about !== undefined ? factNodes(p).every(written) : written(p.from) && written(p.to));
const entityName = (id) => {
  const n = nodeByID(id) || state.entities.find((e) => e.id === id);
  return n ? n.name : id === state.draft.document.id ? "dit document" : id;
};

// --- step 1: propose --------------------------------------------------------------------

$("token").value = sessionStorage.getItem("mao-curator-token") || "";
$("bestand").addEventListener("change", async (e) => {
  const f = e.target.files[0];
  if (!f) return;
  $("tekst").value = await f.text();
  if (!$("docnaam").value) $("docnaam").value = "documents/" + f.name.replace(/[^A-Za-z0-9._-]/g, "_");
});

$("voorstelformulier").addEventListener("submit", async (e) => {
  e.preventDefault();
  sessionStorage.setItem("mao-curator-token", $("token").value);
  state.raw = $("tekst").value;
  try {
    const res = await api("propose", {
      text: state.raw, file: $("docnaam").value, title: $("titel").value, date: $("datum").value, kind: $("soort").value,
    });
    state.draft = res.draft;
    state.text = res.text;
    $("uitvoer").textContent = "";
    $("uitvoer").classList.remove("fout");
    state.threshold = res.threshold;
    state.entities = res.entities || [];
    state.vocabulary = res.vocabulary || {};
    state.draft.facts = state.draft.facts || [];
    $("seednaam").value = $("docnaam").value.replace(/^documents\//, "").replace(/\.txt$/, "").toLowerCase().replace(/[^a-z0-9._-]/g, "-") + ".yaml";
    $("beoordelen").hidden = false;
    $("opslaan").hidden = false;
    render();
    announce(`${state.draft.nodes.length} entiteiten, ${state.draft.relations.length} relaties en ${state.draft.facts.length} feiten voorgesteld`);
    focusItem(0);
  } catch (err) {
    $("opslaan").hidden = false;
    show(err.message, true);
  }
});

// --- step 2: review -----------------------------------------------------------------------

function render() {
  renderDocument();
  renderList();
  renderStats();
}

// renderDocument shows the text with every proposed entity's name marked where it occurs, and
// the quote of every fact not rejected underlined (the focused one highlighted).
function renderDocument() {
  const text = state.text;
  const low = text.toLowerCase();
  const found = [];
  for (const n of state.draft.nodes) {
    if (n.decision === "reject") continue;
    for (const name of [n.name, ...(n.aliases || [])]) {
      if (!name || name.length < 3) continue;
      const needle = name.toLowerCase();
      for (let i = low.indexOf(needle); i >= 0; i = low.indexOf(needle, i + needle.length)) {
        found.push({ start: i, end: i + needle.length, node: n });
      }
    }
  }
  found.sort((a, b) => a.start - b.start || b.end - a.end);
  const marks = [];
  for (const s of found) if (!marks.length || s.start >= marks[marks.length - 1].end) marks.push(s);
  const facts = [];
  state.draft.facts.forEach((f, i) => {
    const at = f.decision === "reject" ? -1 : text.indexOf(f.quote);
    if (at >= 0) facts.push({ start: at, end: at + f.quote.length, i });
  });
  // Cut the text where a mark or a fact's quote starts or ends; each piece lies in at most one
  // mark and in the quotes of some facts.
  const cuts = [...new Set([0, text.length, ...[...marks, ...facts].flatMap((s) => [s.start, s.end])])].sort((a, b) => a - b);
  const el = $("document");
  el.replaceChildren();
  let box = el;
  let boxKey = "";
  let mark = null;
  let markOf = null;
  for (let c = 0; c + 1 < cuts.length; c++) {
    const [a, b] = [cuts[c], cuts[c + 1]];
    const inFacts = facts.filter((f) => f.start <= a && b <= f.end).map((f) => f.i);
    const key = inFacts.join(" ");
    if (key !== boxKey) {
      boxKey = key;
      mark = markOf = null;
      if (!key) box = el;
      else {
        box = h("span", { class: "feit", "data-feiten": key, title: inFacts.map((i) => FACT[state.draft.facts[i].type]).join(", "),
          onclick: () => focusItem(state.items.findIndex((it) => it.p === state.draft.facts[inFacts[0]])) });
        el.append(box);
      }
    }
    const m = marks.find((s) => s.start <= a && b <= s.end);
    if (!m) {
      mark = markOf = null;
      box.append(text.slice(a, b));
      continue;
    }
    if (markOf !== m) {
      markOf = m;
      const n = m.node;
      mark = h("mark", { class: n.label, "data-id": n.id, title: `${dutch(n.label)} · ${n.rule.name}`,
        onclick: (e) => { e.stopPropagation(); focusItem(state.items.findIndex((it) => it.p === n)); } });
      box.append(mark);
    }
    mark.append(text.slice(a, b));
  }
}

const kindOf = (p) => (p.about !== undefined ? "feit" : p.label ? "entiteit" : "relatie");

function decide(p, decision) {
  const before = p.decision;
  p.decision = p.decision === decision ? "" : decision;
  const r = `${kindOf(p)} ${p.rule.name}`;
  stats[r] = stats[r] || { accept: 0, reject: 0 };
  if (before === "accept" || before === "reject") stats[r][before]--;
  if (p.decision === "accept" || p.decision === "reject") stats[r][p.decision]++;
  localStorage.setItem(statsKey, JSON.stringify(stats));
  const i = state.focus;
  render();
  focusItem(i);
}

function renderList() {
  state.items = [];
  const ents = $("entiteiten");
  const rels = $("relaties");
  const facts = $("feiten");
  ents.replaceChildren();
  rels.replaceChildren();
  facts.replaceChildren();
  for (const n of state.draft.nodes) {
    const idx = state.items.length;
    const cls = [n.decision || "", isActive(n) ? "" : "low"].join(" ");
    const name = h("input", { class: "name", value: n.name, "aria-label": "Naam", disabled: n.existing,
      onchange: (e) => { n.name = e.target.value; renderDocument(); } });
    const merge = n.mergeWith && !n.existing
      ? h("button", { type: "button", onclick: () => decide(n, "merge") },
        n.decision === "merge" ? "Niet samenvoegen" : `Samenvoegen met ${n.mergeWith}`)
      : null;
    // Any other entity of the graph with this label can be chosen to merge into.
    const same = state.entities.filter((e) => e.label === n.label);
    const other = !n.existing && same.length
      ? h("select", { "aria-label": "Samenvoegen met een ander bestaand item", onchange: (e) => {
        if (!e.target.value) return;
        n.mergeWith = e.target.value;
        if (n.decision === "merge") render(); // another entity to merge into: still merged
        else decide(n, "merge");
      } }, h("option", { value: "" }, "samenvoegen met…"), same.map((e) => h("option", { value: e.id, selected: e.id === n.mergeWith && n.decision === "merge" }, e.name)))
      : null;
    const li = h("li", { class: cls, tabindex: "-1", "data-id": n.id, onfocus: () => { state.focus = idx; markFocus(n.id); } },
      h("div", null, h("strong", null, dutch(n.label)), " ", name, n.existing ? " (al in de graaf)" : ""),
      h("div", { class: "meta" }, `${n.rule.name} · zekerheid ${n.rule.confidence.toFixed(2)}${belowNote(n)}${n.decision ? " · " + besluit(n.decision) : ""}`),
      n.quotes && n.quotes[0] ? h("div", { class: "quote" }, `“${n.quotes[0]}”`) : null,
      n.existing ? null : h("div", null,
        h("button", { type: "button", onclick: () => decide(n, "accept") }, n.decision === "accept" ? "Accepteren ongedaan" : "Accepteren"), " ",
        h("button", { type: "button", onclick: () => decide(n, "reject") }, n.decision === "reject" ? "Afwijzen ongedaan" : "Afwijzen"), " ",
        merge, " ", other));
    state.items.push({ p: n, li });
    ents.append(li);
  }
  for (const r of state.draft.relations) {
    const idx = state.items.length;
    const from = nodeByID(r.from);
    const to = nodeByID(r.to);
    const name = (n, id) => (n ? n.name : entityName(id));
    const verb = REL[r.type] ? REL[r.type].verb : r.type;
    const li = h("li", { class: [r.decision || "", isActive(r) ? "" : "low"].join(" "), tabindex: "-1", onfocus: () => { state.focus = idx; markFocus(""); } },
      h("div", null, h("strong", null, name(from, r.from)), ` ${verb} `, h("strong", null, name(to, r.to)), r.role ? ` (${r.role})` : ""),
      h("div", { class: "meta" }, `${r.type} · ${r.rule.name} · zekerheid ${r.rule.confidence.toFixed(2)}${belowNote(r)}${r.decision ? " · " + besluit(r.decision) : ""}${isActive(r) && !goesAlong(r) ? " · gaat niet mee: een van beide kanten gaat niet mee" : ""}`),
      h("div", { class: "quote" }, `“${r.quote}”`),
      h("div", null,
        h("button", { type: "button", onclick: () => decide(r, "accept") }, r.decision === "accept" ? "Accepteren ongedaan" : "Accepteren"), " ",
        h("button", { type: "button", onclick: () => decide(r, "reject") }, r.decision === "reject" ? "Afwijzen ongedaan" : "Afwijzen")));
    state.items.push({ p: r, li });
    rels.append(li);
  }
  state.draft.facts.forEach((f, i) => {
    const idx = state.items.length;
    const li = h("li", { class: [f.decision || "", isActive(f) ? "" : "low"].join(" "), tabindex: "-1", "data-fact": i,
      onfocus: () => { state.focus = idx; markFact(i); } });
    fillFact(f, li);
    state.items.push({ p: f, li });
    facts.append(li);
  });
  updateCount();
}

// factSummary says in Dutch what a fact states.
function factSummary(f) {
  const num = (v) => Number(v).toLocaleString("nl-NL");
  const units = state.vocabulary.units || {};
  switch (f.type) {
    case "quantity":
      return `${f.qualifier && f.qualifier !== "exact" ? QUALIFIER[f.qualifier] + " " : ""}${num(f.value || 0)} ${units[f.unit] || f.unit || "?"} – ${f.counted || ""}`;
    case "period":
      return [f.start && `vanaf ${f.start}`, f.end && `tot ${f.end}`, f.duration && `duur ${f.duration}`].filter(Boolean).join(", ") || "(geen datum of duur)";
    case "funding":
      return `door ${entityName(f.source)}${f.share ? `, aandeel ${num(f.share * 100)} %` : ""}${f.amount ? `, € ${num(f.amount)}` : ""}`;
    case "role":
      return `${f.role || "?"} in ${entityName(f.in)}`;
    default:
      return f.text || "(het citaat)";
  }
}

// fillFact (re)builds a fact's item: what it states, its rule, its quote, the decisions and an
// editor with the fields of its type.
function fillFact(f, li) {
  const along = goesAlong(f);
  const why = isActive(f) && !along ? " · gaat niet mee: het onderwerp gaat niet mee" : "";
  const open = li.querySelector("details.bewerk")?.open;
  li.replaceChildren(
    h("div", null, h("strong", null, FACT[f.type] || f.type), " over ", h("strong", null, entityName(f.about)), ": ", h("span", { class: "samenvatting" }, factSummary(f))),
    h("div", { class: "meta" }, `feit · ${f.rule.name} · zekerheid ${f.rule.confidence.toFixed(2)}${belowNote(f)}${f.decision ? " · " + besluit(f.decision) : ""}${why}`),
    h("div", { class: "quote" }, `“${f.quote}”`),
    h("div", null,
      h("button", { type: "button", onclick: () => decide(f, "accept") }, f.decision === "accept" ? "Accepteren ongedaan" : "Accepteren"), " ",
      h("button", { type: "button", onclick: () => decide(f, "reject") }, f.decision === "reject" ? "Afwijzen ongedaan" : "Afwijzen")),
    factEditor(f, li, open));
}

// factEditor edits a fact's subject, the fields of its type and its quote (which must stay
// verbatim: the loader checks it, and every number in the quote, when the draft is saved).
function factEditor(f, li, open) {
  const v = state.vocabulary;
  const allowed = (v.factTypes || {})[f.type] || [];
  const choices = (labels) => {
    const seen = new Set();
    const out = [];
    for (const n of [...state.draft.nodes.filter((n) => n.decision !== "reject"), ...state.entities]) {
      if (seen.has(n.id) || !n.id || (labels && !labels.includes(n.label))) continue;
      seen.add(n.id);
      out.push(n);
    }
    return out;
  };
  const changed = () => {
    const d = li.querySelector("details.bewerk");
    const at = document.activeElement;
    const name = at && at.dataset ? at.dataset.veld : null;
    fillFact(f, li);
    renderDocument();
    markFact(state.draft.facts.indexOf(f));
    if (d && name) li.querySelector(`[data-veld="${name}"]`)?.focus();
    updateCount();
  };
  const select = (key, label, options) => h("p", null, h("label", null, label,
    h("select", { "data-veld": key, onchange: (e) => { f[key] = e.target.value; changed(); } },
      options.map(([val, text]) => h("option", { value: val, selected: (f[key] || "") === val }, text)))));
  const input = (key, label, attrs) => h("p", null, h("label", null, label,
    h("input", { "data-veld": key, value: f[key] ?? "", ...attrs,
      onchange: (e) => {
        const val = e.target.value.trim();
        if (attrs && attrs.type === "number") f[key] = val === "" ? 0 : Number(val);
        else f[key] = val;
        changed();
      } })));
  const entityOptions = (labels) => [["", "(kies)"], ...choices(labels).map((n) => [n.id, `${n.name} (${dutch(n.label)})`])];
  const fields = [select("about", "Onderwerp", entityOptions(allowed))];
  if (f.type === "quantity") {
    fields.push(input("value", "Waarde", { type: "number", step: "any" }),
      select("unit", "Eenheid", Object.entries(v.units || {}).sort().map(([u, plural]) => [u, plural])),
      input("counted", "Wat geteld wordt (zoals de tekst het zegt)"),
      select("qualifier", "Hoe precies", (v.qualifiers || []).map((q) => [q, QUALIFIER[q] || q])));
  } else if (f.type === "period") {
    fields.push(input("start", "Begin (jjjj, jjjj-mm, jjjj-mm-dd of schooljaar jjjj-jjjj)"),
      input("end", "Einde"), input("duration", "Duur (bijv. 4 jaar)"));
  } else if (f.type === "funding") {
    fields.push(select("source", "Bron", entityOptions(v.fundingSources)),
      input("share", "Aandeel (0 tot 1)", { type: "number", step: "any", min: "0", max: "1" }),
      input("amount", "Bedrag (euro)", { type: "number", step: "any", min: "0" }));
  } else if (f.type === "role") {
    fields.push(input("role", "Rol"), select("in", "In (groep)", entityOptions(v.roleGroups)));
  } else {
    fields.push(input("text", "Korter dan het citaat (mag leeg)"));
  }
  const quote = h("p", null, h("label", null, "Citaat (letterlijk uit de tekst)",
    h("textarea", { "data-veld": "quote", rows: 3, onchange: (e) => {
      const q = e.target.value.trim();
      if (!q || !state.text.includes(q)) {
        show(`Dit citaat staat niet letterlijk in de tekst: “${q}”`, true);
        e.target.value = f.quote;
        return;
      }
      f.quote = q;
      changed();
    } }, f.quote)));
  return h("details", { class: "bewerk", open: !!open }, h("summary", null, "Bewerken"), fields, quote);
}

function updateCount() {
  const on = state.items.filter((it) => !it.p.existing && goesAlong(it.p)).length;
  $("telling").textContent = `${on} van ${state.items.length} voorstellen gaan mee bij opslaan.`;
}

// low says in words what the dashed border shows: below the threshold and not decided.
const belowNote = (p) => (!p.decision && !isActive(p) ? " · onder de drempel" : "");

const besluit = (d) => ({ accept: "geaccepteerd", reject: "afgewezen", merge: "samengevoegd" })[d] || d;

function markFocus(id) {
  for (const m of document.querySelectorAll("#document .focus")) m.classList.remove("focus");
  if (!id) return;
  const m = document.querySelector(`mark[data-id="${CSS.escape(id)}"]`);
  if (m) {
    m.classList.add("focus");
    m.scrollIntoView({ block: "nearest" });
  }
}

// markFact highlights the quote of fact i in the text and scrolls it into view.
function markFact(i) {
  markFocus("");
  const spans = [...document.querySelectorAll("#document span.feit")].filter((s) => s.dataset.feiten.split(" ").includes(String(i)));
  for (const s of spans) s.classList.add("focus");
  if (spans[0]) spans[0].scrollIntoView({ block: "nearest" });
}

function focusItem(i) {
  if (i < 0 || i >= state.items.length) return;
  state.focus = i;
  state.items[i].li.focus();
}

function renderStats() {
  const body = $("precisie").tBodies[0];
  body.replaceChildren();
  for (const [rule, s] of Object.entries(stats).sort()) {
    const n = s.accept + s.reject;
    if (!n) continue;
    body.append(h("tr", null, h("td", null, rule), h("td", null, s.accept), h("td", null, s.reject),
      h("td", null, `${Math.round((100 * s.accept) / n)} %`)));
  }
}

$("allesaccepteren").addEventListener("click", () => {
  for (const it of state.items) {
    if (!it.p.existing && !it.p.decision && isActive(it.p)) decide(it.p, "accept");
  }
  announce("Alle voorstellen boven de drempel geaccepteerd");
});

// Keyboard review: only when the focus is in the list, not in a text field (there Escape goes
// back to the proposal).
document.addEventListener("keydown", (e) => {
  if (!state.draft || e.ctrlKey || e.metaKey || e.altKey || !e.target.closest || !e.target.closest(".proplist")) return;
  const it = state.items[state.focus];
  const key = e.key;
  if (e.target.matches("input, textarea, select")) {
    if (key === "Escape" && it) { e.target.dispatchEvent(new Event("change")); focusItem(state.focus); e.preventDefault(); }
    return;
  }
  if (e.target.matches("button, summary") && (key === "Enter" || key === " ")) return; // the control's own action
  if (key === "j" || key === "ArrowDown") focusItem(state.focus + 1);
  else if (key === "k" || key === "ArrowUp") focusItem(state.focus - 1);
  else if ((key === "a" || key === "Enter") && it && !it.p.existing) decide(it.p, "accept");
  else if (key === "x" && it && !it.p.existing) decide(it.p, "reject");
  else if (key === "m" && it && it.p.mergeWith && !it.p.existing) decide(it.p, "merge");
  else if (key === "u" && it && it.p.decision) decide(it.p, it.p.decision);
  else if (key === "e" && it) edit(it, true);
  else return;
  e.preventDefault();
});

// edit moves the focus to what can be edited: an entity's name, a fact's fields. From the
// keyboard it moves when the key is released, so that the "e" itself does not reach the field
// (a select would jump to an option starting with "e").
function edit(it, byKey) {
  const d = it.li.querySelector("details.bewerk");
  if (d) d.open = true;
  const field = d ? d.querySelector("[data-veld]") : it.li.querySelector("input.name:not([disabled])");
  if (!field) return;
  if (byKey) document.addEventListener("keyup", () => field.focus(), { once: true });
  else field.focus();
}

// Adding a missed entity or fact: select its name or sentence in the document (or type it).
function openAdd(name) {
  $("nieuwnaam").value = name;
  $("toevoegformulier").hidden = false;
  $("nieuwnaam").focus();
}
function addFromSelection() {
  const sel = window.getSelection();
  const name = sel ? sel.toString().trim() : "";
  if (!name || name.length < 2 || !state.text.includes(name)) return;
  openAdd(name);
}
$("document").addEventListener("mouseup", addFromSelection);
$("document").addEventListener("keyup", (e) => { if (e.shiftKey) addFromSelection(); });
$("toevoegen").addEventListener("click", () => {
  const sel = window.getSelection();
  const name = sel ? sel.toString().trim() : "";
  openAdd(state.text.includes(name) ? name : "");
});
$("annuleer").addEventListener("click", () => { $("toevoegformulier").hidden = true; $("toevoegen").focus(); });
$("toevoegformulier").addEventListener("submit", (e) => {
  e.preventDefault();
  const selected = $("nieuwnaam").value.trim();
  if (!selected || !state.text.includes(selected)) {
    show(`“${selected}” staat niet letterlijk in de tekst: selecteer het in de tekst of typ het precies over.`, true);
    $("nieuwnaam").focus();
    return;
  }
  const label = $("nieuwlabel").value;
  const attr = $("nieuwsoort").value.trim();
  // The quote is the sentence around the selection (a substring of the text, so verbatim).
  const at = state.text.indexOf(selected);
  let start = at;
  while (start > 0 && !/[.!?\n]/.test(state.text[start - 1])) start--;
  let end = at + selected.length;
  while (end < state.text.length && !/[.!?\n]/.test(state.text[end])) end++;
  if (end < state.text.length && state.text[end] !== "\n") end++;
  const quote = state.text.slice(start, end).trim();
  const rule = { name: "curator", confidence: 1 };
  $("toevoegformulier").hidden = true;
  if (label.startsWith("feit:")) {
    // A fact about the first entity of the sentence it may be about (or the first in the draft);
    // the curator sets its fields in the editor that opens.
    const type = label.slice(5);
    const allowed = (state.vocabulary.factTypes || {})[type] || [];
    const ok = state.draft.nodes.filter((n) => n.decision !== "reject" && allowed.includes(n.label));
    const about = ok.find((n) => quote.includes(n.name)) || ok[0];
    const f = { type, about: about ? about.id : "", quote, rule, decision: "accept" };
    state.draft.facts.push(f);
    render();
    announce(`${FACT[type]} toegevoegd`);
    const i = state.items.findIndex((it) => it.p === f);
    focusItem(i);
    edit(state.items[i]);
    return;
  }
  const node = { id: "", label, name: selected, quotes: [quote], rule, decision: "accept" };
  if (label === "Organisation") node.sector = attr;
  else if (label === "Region" || label === "Initiative" || label === "Event") node.kind = attr;
  state.draft.nodes.push(node);
  render();
  announce(`${dutch(label)} ${selected} toegevoegd`);
  focusItem(state.items.findIndex((it) => it.p === node));
});

// --- step 3: save and load ----------------------------------------------------------------

$("voorbeeld").addEventListener("click", async () => {
  try {
    const res = await api("render", { name: $("seednaam").value, draft: state.draft, text: state.raw });
    // The server's copy has the ids it gave added entities and the merges applied.
    const focus = state.focus;
    state.draft = res.draft;
    state.draft.facts = state.draft.facts || [];
    render();
    state.focus = focus;
    show(res.problems ? `De lader keurt dit concept af:\n${res.problems}\n\n${res.yaml}` : res.yaml, !!res.problems);
  } catch (err) {
    show(err.message, true);
  }
});

$("bewaar").addEventListener("click", async () => {
  try {
    const res = await api("save", { name: $("seednaam").value, draft: state.draft, text: state.raw });
    show(`Opgeslagen: ${res.saved} en ${res.document}. Klik op “Laden in de graaf”.`);
    $("laad").disabled = false;
  } catch (err) {
    show(err.message, true);
  }
});

$("laad").addEventListener("click", async () => {
  try {
    await api("load");
    show("Bezig met laden…");
    // Loading runs on the server in the background; ask how it goes every second.
    for (;;) {
      await new Promise((r) => setTimeout(r, 1000));
      const st = await api("loadstatus");
      if (st.status === "done") return show(`Geladen.\n${st.summary}`);
      if (st.status === "failed") return show(`Laden mislukt, de graaf is ongewijzigd:\n${st.error}`, true);
    }
  } catch (err) {
    show(err.message, true);
  }
});
