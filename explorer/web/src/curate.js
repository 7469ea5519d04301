// The curator's review page: paste or upload a document, review the proposed facts (by keyboard
// or mouse), add missed ones, save the draft into the seed folder and load it. Everything is
// decided by the curator; merges are proposed, never done without them. The API is
// /curate/api/* and needs the curator token (kept in sessionStorage for this tab only).
import "./curate.css";
import { h, announce } from "./dom.js";
import { TYPES, REL } from "./labels.js";

const $ = (id) => document.getElementById(id);
const state = { draft: null, text: "", raw: "", threshold: 0.5, entities: [], focus: 0, items: [] };

// Rule precision so far: accepted and rejected proposals per rule, kept across documents.
const statsKey = "mao-curator-rule-stats";
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
    state.threshold = res.threshold;
    state.entities = res.entities || [];
    $("seednaam").value = $("docnaam").value.replace(/^documents\//, "").replace(/\.txt$/, "").toLowerCase().replace(/[^a-z0-9._-]/g, "-") + ".yaml";
    $("beoordelen").hidden = false;
    $("opslaan").hidden = false;
    render();
    announce(`${state.draft.nodes.length} entiteiten en ${state.draft.relations.length} relaties voorgesteld`);
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

// renderDocument shows the text with every proposed entity's name marked where it occurs.
function renderDocument() {
  const text = state.text;
  const low = text.toLowerCase();
  const spans = [];
  for (const n of state.draft.nodes) {
    if (n.decision === "reject") continue;
    for (const name of [n.name, ...(n.aliases || [])]) {
      if (!name || name.length < 3) continue;
      const needle = name.toLowerCase();
      for (let i = low.indexOf(needle); i >= 0; i = low.indexOf(needle, i + needle.length)) {
        spans.push({ start: i, end: i + needle.length, node: n });
      }
    }
  }
  spans.sort((a, b) => a.start - b.start || b.end - a.end);
  const el = $("document");
  el.replaceChildren();
  let at = 0;
  for (const s of spans) {
    if (s.start < at) continue;
    el.append(text.slice(at, s.start));
    el.append(h("mark", { class: s.node.label, "data-id": s.node.id, title: `${dutch(s.node.label)} · ${s.node.rule.name}`,
      onclick: () => focusItem(state.items.findIndex((it) => it.p === s.node)) }, text.slice(s.start, s.end)));
    at = s.end;
  }
  el.append(text.slice(at));
}

function decide(p, decision) {
  const before = p.decision;
  p.decision = p.decision === decision ? "" : decision;
  const r = p.rule.name;
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
  ents.replaceChildren();
  rels.replaceChildren();
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
        n.decision = "";
        decide(n, "merge");
      } }, h("option", { value: "" }, "samenvoegen met…"), same.map((e) => h("option", { value: e.id, selected: e.id === n.mergeWith && n.decision === "merge" }, e.name)))
      : null;
    const li = h("li", { class: cls, tabindex: "-1", "data-id": n.id, onfocus: () => { state.focus = idx; markFocus(n.id); } },
      h("div", null, h("strong", null, dutch(n.label)), " ", name, n.existing ? " (al in de graaf)" : ""),
      h("div", { class: "meta" }, `${n.rule.name} · zekerheid ${n.rule.confidence.toFixed(2)}${n.decision ? " · " + besluit(n.decision) : ""}`),
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
    const name = (n, id) => (n ? n.name : id === state.draft.document.id ? "dit document" : id);
    const verb = REL[r.type] ? REL[r.type].verb : r.type;
    const li = h("li", { class: [r.decision || "", isActive(r) ? "" : "low"].join(" "), tabindex: "-1", onfocus: () => { state.focus = idx; } },
      h("div", null, h("strong", null, name(from, r.from)), ` ${verb} `, h("strong", null, name(to, r.to)), r.role ? ` (${r.role})` : ""),
      h("div", { class: "meta" }, `${r.type} · ${r.rule.name} · zekerheid ${r.rule.confidence.toFixed(2)}${r.decision ? " · " + besluit(r.decision) : ""}`),
      h("div", { class: "quote" }, `“${r.quote}”`),
      h("div", null,
        h("button", { type: "button", onclick: () => decide(r, "accept") }, r.decision === "accept" ? "Accepteren ongedaan" : "Accepteren"), " ",
        h("button", { type: "button", onclick: () => decide(r, "reject") }, r.decision === "reject" ? "Afwijzen ongedaan" : "Afwijzen")));
    state.items.push({ p: r, li });
    rels.append(li);
  }
  const on = state.items.filter((it) => isActive(it.p) && !it.p.existing).length;
  $("telling").textContent = `${on} van ${state.items.length} voorstellen gaan mee bij opslaan.`;
}

const besluit = (d) => ({ accept: "geaccepteerd", reject: "afgewezen", merge: "samengevoegd" })[d] || d;

function markFocus(id) {
  for (const m of document.querySelectorAll("mark.focus")) m.classList.remove("focus");
  const m = document.querySelector(`mark[data-id="${CSS.escape(id)}"]`);
  if (m) {
    m.classList.add("focus");
    m.scrollIntoView({ block: "nearest" });
  }
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

// Keyboard review: only when the focus is in the list, not in a text field.
document.addEventListener("keydown", (e) => {
  if (!state.draft || e.target.matches("input, textarea, select") || e.ctrlKey || e.metaKey || e.altKey) return;
  if (!e.target.closest || !e.target.closest(".proplist")) return;
  const it = state.items[state.focus];
  const key = e.key;
  if (key === "j" || key === "ArrowDown") focusItem(state.focus + 1);
  else if (key === "k" || key === "ArrowUp") focusItem(state.focus - 1);
  else if ((key === "a" || key === "Enter") && it && !it.p.existing) decide(it.p, "accept");
  else if (key === "x" && it && !it.p.existing) decide(it.p, "reject");
  else if (key === "m" && it && it.p.mergeWith && !it.p.existing) decide(it.p, "merge");
  else if (key === "u" && it && it.p.decision) decide(it.p, it.p.decision);
  else if (key === "e" && it) { const inp = it.li.querySelector("input.name"); if (inp && !inp.disabled) inp.focus(); }
  else return;
  e.preventDefault();
});

// Adding a missed entity: select its name in the document.
let selected = null;
$("document").addEventListener("mouseup", () => {
  const sel = window.getSelection();
  const name = sel ? sel.toString().trim() : "";
  if (!name || name.length < 2 || !state.text.includes(name)) return;
  selected = name;
  $("selectie").textContent = name;
  $("toevoegformulier").hidden = false;
  $("nieuwlabel").focus();
});
$("annuleer").addEventListener("click", () => { $("toevoegformulier").hidden = true; });
$("toevoegformulier").addEventListener("submit", (e) => {
  e.preventDefault();
  const label = $("nieuwlabel").value;
  const attr = $("nieuwsoort").value.trim();
  // The quote is the sentence around the selection (a substring of the text, so verbatim).
  const at = state.text.indexOf(selected);
  let start = at;
  while (start > 0 && !/[.!?\n]/.test(state.text[start - 1])) start--;
  let end = at + selected.length;
  while (end < state.text.length && !/[.!?\n]/.test(state.text[end])) end++;
  if (end < state.text.length && state.text[end] !== "\n") end++;
  const node = { id: "", label, name: selected, quotes: [state.text.slice(start, end).trim()], rule: { name: "curator", confidence: 1 }, decision: "accept" };
  if (label === "Organisation") node.sector = attr;
  else if (label === "Region" || label === "Initiative" || label === "Event") node.kind = attr;
  state.draft.nodes.push(node);
  $("toevoegformulier").hidden = true;
  render();
  announce(`${dutch(label)} ${selected} toegevoegd`);
});

// --- step 3: save and load ----------------------------------------------------------------

$("voorbeeld").addEventListener("click", async () => {
  try {
    const res = await api("render", { name: $("seednaam").value, draft: state.draft, text: state.raw });
    state.draft = res.draft;
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
