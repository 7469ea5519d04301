// The network picture: cytoscape.js on a canvas, plus the same network as an accessible list.
//
// Readability rules, applied on every draw and zoom:
// - no two labels overlap, and no label covers another node: labels are placed greedily, the
//   focus and the best-connected nodes first; a node whose label does not fit shows it on
//   hover or selection (and is always in the list);
// - a hub's fan (many one-off neighbours by the same relation, such as an event's speakers)
//   is drawn as one "+N" node that opens on click;
// - focus mode shows one entity with its direct neighbours; type filters hide kinds of nodes;
//   both are kept in the page's link (opts.onState), so a shared link shows the same picture.
import cytoscape from "cytoscape";
import { h, download, csvText } from "./dom.js";
import { TYPES, typeInfo, entityHref, REL, passageHref } from "./labels.js";

const LEARNING = new Set(["LEARNS_FROM", "INSPIRES"]);

/** FONT is the labels' font family. */
const FONT = "system-ui, -apple-system, Segoe UI, Roboto, sans-serif";

/** FAN_MIN is the smallest fan drawn as a group: fewer one-off neighbours are drawn one by one. */
export const FAN_MIN = 6;

/**
 * fans finds the groups of one-off neighbours of a hub: nodes with a single relation in the
 * picture, all to the same hub by the same relation type. Returns [{key, hub, type, ids}] for
 * groups of at least FAN_MIN.
 */
export function fans(nodes, edges) {
  const degree = new Map(nodes.map((n) => [n.id, 0]));
  for (const e of edges) {
    degree.set(e.source, (degree.get(e.source) || 0) + 1);
    degree.set(e.target, (degree.get(e.target) || 0) + 1);
  }
  const groups = new Map();
  for (const e of edges) {
    for (const [leaf, hub] of [[e.source, e.target], [e.target, e.source]]) {
      if (degree.get(leaf) !== 1 || degree.get(hub) <= 1) continue;
      const key = `fan:${hub}:${e.type}`;
      if (!groups.has(key)) groups.set(key, { key, hub, type: e.type, ids: [] });
      groups.get(key).ids.push(leaf);
    }
  }
  return [...groups.values()].filter((g) => g.ids.length >= FAN_MIN);
}

/**
 * networkView renders a Network ({nodes, edges}) into a figure with controls, a legend and a
 * list. opts: focusId (the page's entity, highlighted), title, description, showTitle,
 * state ({focus, hidden: [typename], open: [fan key]}) and onState(state), called when the
 * user changes focus, filters or opens a fan. The picture is drawn once it is in the page.
 */
export function networkView(net, opts) {
  const { focusId, title, description, showTitle = !focusId } = opts;
  const started = performance.now();
  const state = { focus: null, hidden: [], open: [], ...(opts.state || {}) };
  const byId = new Map(net.nodes.map((n) => [n.id, n]));
  const edges = net.edges.filter((e) => byId.has(e.source) && byId.has(e.target));
  const usedTypes = [...new Set(net.nodes.map((n) => n.__typename))];

  const canvas = h("div", { class: "cy", role: "img", "aria-label": `${title}: ${net.nodes.length} knopen en ${edges.length} relaties. De lijst eronder bevat dezelfde gegevens.` });
  const status = h("p", { class: "net-status", "aria-live": "polite" });
  const selection = h("div", { class: "net-selection", hidden: true });

  const filters = h("fieldset", { class: "netfilter" },
    h("legend", null, "Toon soorten"),
    usedTypes.map((t) => {
      const id = `nf-${title.length}-${typeInfo(t).route}`;
      const box = h("input", { type: "checkbox", id, value: t, checked: !state.hidden.includes(t) });
      box.addEventListener("change", () => {
        state.hidden = [...filters.querySelectorAll("input:not(:checked)")].map((x) => x.value);
        changed();
      });
      const sw = h("span", { class: `swatch shape-${typeInfo(t).shape}`, "aria-hidden": "true" });
      sw.style.background = typeInfo(t).color;
      return h("span", { class: "nf-item" }, box, h("label", { for: id }, sw, typeInfo(t).label));
    }));
  const legend = h("ul", { class: "legend", "aria-label": "Legenda van de lijnen" },
    h("li", null, h("span", { class: "line learn" }), "→ leert van (pijl naar wie inspireert)"),
    edges.some((e) => !LEARNING.has(e.type)) ? h("li", null, h("span", { class: "line other" }), "andere relatie") : null,
    h("li", null, h("span", { class: "fan-swatch" }, "+N"), "groep, klik om te openen"));
  const showAll = h("button", { type: "button", class: "secondary", hidden: !state.focus }, "Toon alles");
  showAll.addEventListener("click", () => { state.focus = null; changed(); });
  const png = h("button", { type: "button", class: "secondary" }, "Download als PNG");
  const svg = h("button", { type: "button", class: "secondary" }, "Download als SVG");
  const csv = h("button", { type: "button", class: "secondary" }, "Relaties als CSV");
  const fileBase = (title || "netwerk").toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "") || "netwerk";
  png.addEventListener("click", async () => { if (fig.cy) download(await pictureBlob(fig), `${fileBase}.png`); });
  svg.addEventListener("click", () => { if (fig.cy) download(new Blob([toSVG(fig.cy, title, fig.lines)], { type: "image/svg+xml" }), `${fileBase}.svg`); });
  csv.addEventListener("click", () => download(new Blob(["\ufeff", csvText(
    ["van", "relatie", "naar", "rol", "citaat", "document"],
    edges.map((e) => [byId.get(e.source).name, (REL[e.type] || { verb: e.type }).verb, byId.get(e.target).name, e.role || "", e.evidence ? e.evidence.quote : "", e.evidence ? e.evidence.document.title : ""]))],
  { type: "text/csv;charset=utf-8" }), `${fileBase}.csv`));
  const controls = h("div", { class: "netcontrols tools" }, showAll, png, svg, csv);

  const list = listView(net.nodes, edges, byId);
  const listed = performance.now();
  const fig = h("figure", { class: "network" },
    h("figcaption", null, showTitle ? h("strong", null, `${title} `) : null, description ? h("span", null, description) : null,
      h("span", { class: "hint" }, " Klik op een knoop voor de naam, de pagina en de focus; een +N-knoop opent de groep.")),
    filters, controls, status, h("div", { class: "cy-wrap" }, canvas, selection), legend, list);

  const changed = () => {
    showAll.hidden = !state.focus;
    if (opts.onState) opts.onState({ ...state });
    redraw();
  };
  const redraw = () => draw(fig, canvas, status, selection, net.nodes, edges, focusId, state, changed, { started, listed });
  // Draw once the container has a size (it must be in the document).
  requestAnimationFrame(redraw);
  return fig;
}

/**
 * listView is the network as lists of nodes and relations, for screen readers and for reading.
 * The lists are built when the list is opened (or printed): a closed <details> shows nothing
 * to anyone, and 500 nodes with 1,500 relations are thousands of elements the picture would
 * otherwise wait for.
 */
function listView(nodes, edges, byId) {
  const details = h("details", { class: "netlist" },
    h("summary", null, `Het netwerk als lijst (${nodes.length} knopen, ${edges.length} relaties)`));
  let filled = false;
  const fill = () => {
    if (filled || !details.isConnected) return;
    filled = true;
    const sorted = [...nodes].sort((a, b) => a.name.localeCompare(b.name, "nl"));
    details.append(
      h("h3", null, "Knopen"),
      h("ul", { class: "network-nodes" }, sorted.map((n) =>
        h("li", { "data-id": n.id }, h("a", { href: entityHref(n) }, n.name), " ", h("span", { class: "badge" }, typeInfo(n.__typename).label)))),
      h("h3", null, "Relaties"),
      h("ul", { class: "network-edges" }, edges.map((e) => {
        const s = byId.get(e.source), t = byId.get(e.target);
        return h("li", null,
          h("a", { href: entityHref(s) }, s.name), ` ${(REL[e.type] || { verb: e.type }).verb} `, h("a", { href: entityHref(t) }, t.name),
          e.role ? h("span", { class: "role" }, ` (${e.role})`) : null,
          e.evidence ? [" — ", h("a", { href: passageHref(e.evidence.document.id, e.evidence.offset, e.evidence.quote) }, "bron")] : null);
      })));
  };
  details.addEventListener("toggle", fill);
  window.addEventListener("beforeprint", fill);
  return details;
}

/**
 * rings places nodes on concentric rings, the best-connected in the middle, each ring as full
 * as its circumference allows with spacing between nodes: the layout of a large picture, in one
 * pass (a layout algorithm would first measure every node). Returns id -> {x, y}.
 */
export function rings(ids, degreeOf, spacing) {
  const sorted = [...ids].sort((a, b) => degreeOf(b) - degreeOf(a) || (a < b ? -1 : a > b ? 1 : 0));
  const pos = new Map();
  for (let i = 0, ring = 0; i < sorted.length; ring++) {
    const r = ring ? (ring + 5) * spacing : 0; // room around the hub in the middle for its label
    const k = Math.min(ring === 0 ? 1 : Math.floor((2 * Math.PI * r) / spacing), sorted.length - i);
    for (let j = 0; j < k; j++) {
      const a = (2 * Math.PI * j) / k + ring * 0.37; // turn each ring a little: no spokes
      pos.set(sorted[i + j], { x: r * Math.cos(a), y: r * Math.sin(a) });
    }
    i += k;
  }
  return pos;
}

/** fitViewport is the zoom and pan that fit positions (nodes of size node) into w × h with padding. */
function fitViewport(positions, node, w, h, padding, minZoom, maxZoom) {
  let x1 = Infinity, y1 = Infinity, x2 = -Infinity, y2 = -Infinity;
  for (const p of positions) {
    x1 = Math.min(x1, p.x); y1 = Math.min(y1, p.y); x2 = Math.max(x2, p.x); y2 = Math.max(y2, p.y);
  }
  const bw = x2 - x1 + node, bh = y2 - y1 + node;
  const zoom = Math.max(minZoom, Math.min(maxZoom, (w - 2 * padding) / bw, (h - 2 * padding) / bh));
  return { zoom, pan: { x: w / 2 - zoom * (x1 + x2) / 2, y: h / 2 - zoom * (y1 + y2) / 2 } };
}

/** visibleGraph applies focus, filters and fans: the nodes and edges to draw. */
function visibleGraph(nodes, edges, state, focusId) {
  const hidden = new Set(state.hidden);
  let ns = nodes.filter((n) => !hidden.has(n.__typename) || n.id === focusId || n.id === state.focus);
  let keep = new Set(ns.map((n) => n.id));
  let es = edges.filter((e) => keep.has(e.source) && keep.has(e.target));
  if (state.focus && keep.has(state.focus)) {
    const near = new Set([state.focus]);
    for (const e of es) {
      if (e.source === state.focus) near.add(e.target);
      if (e.target === state.focus) near.add(e.source);
    }
    ns = ns.filter((n) => near.has(n.id));
    es = es.filter((e) => near.has(e.source) && near.has(e.target));
  }
  const groups = fans(ns, es).filter((g) => !state.open.includes(g.key) && g.hub !== undefined);
  const grouped = new Map();
  for (const g of groups) for (const id of g.ids) if (id !== focusId && id !== state.focus) grouped.set(id, g);
  keep = new Set(ns.map((n) => n.id));
  return {
    nodes: ns.filter((n) => !grouped.has(n.id)),
    edges: es.filter((e) => !grouped.has(e.source) && !grouped.has(e.target)),
    fans: groups.map((g) => ({ ...g, ids: g.ids.filter((id) => grouped.get(id) === g) })).filter((g) => g.ids.length),
  };
}

function draw(fig, container, status, selection, allNodes, allEdges, focusId, state, changed, clock) {
  if (!container.isConnected) return;
  const tDraw = performance.now();
  if (fig.cy) fig.cy.destroy();
  if (fig.lineLayer) fig.lineLayer.remove();
  fig.lineLayer = null;
  const g = visibleGraph(allNodes, allEdges, state, focusId);
  const byId = new Map(allNodes.map((n) => [n.id, n]));
  const degree = new Map();
  for (const e of g.edges) for (const id of [e.source, e.target]) degree.set(id, (degree.get(id) || 0) + 1);
  const hugeGraph = g.nodes.length + g.fans.length > 150;
  // A large picture is laid out in rings by number of relations (hubs in the middle), computed
  // here: quick at any size, where a force layout takes seconds.
  const positions = hugeGraph ? rings([...g.nodes.map((n) => n.id), ...g.fans.map((f) => f.key)], (id) => degree.get(id) || 0, 34) : null;
  // The lines of a large picture go on a canvas of their own beneath the nodes (lineLayer):
  // cytoscape styles and renders every edge as an element, and 1,500 of them cost most of the
  // time to the first picture. Every learning line points from the learner to whom it learns
  // from: an INSPIRES edge (inspirer -> inspired) is drawn the other way round.
  const lines = [
    ...g.edges.map((e) => ({ id: `e:${e.id}`, source: e.type === "INSPIRES" ? e.target : e.source, target: e.type === "INSPIRES" ? e.source : e.target, type: e.type })),
    ...g.fans.map((f) => ({ id: `e:${f.key}`, source: f.key, target: f.hub, type: f.type })),
  ];
  const elements = [
    ...g.nodes.map((n) => ({
      data: { id: n.id, label: n.name, color: typeInfo(n.__typename).color, href: entityHref(n), typename: n.__typename, degree: degree.get(n.id) || 0 },
      // A large picture starts without labels (measuring 500 labels costs more than the layout);
      // placeLabels then shows those that fit. A type's colour and shape come from its class,
      // shared by all its nodes (a per-node data mapping costs a style per node).
      classes: [`t-${n.__typename}`, n.id === focusId ? "focus" : "", n.id === state.focus ? "focus" : "", hugeGraph ? "nolabel" : ""].join(" ").trim(),
      position: positions ? positions.get(n.id) : undefined,
    })),
    ...g.fans.map((f) => ({ data: { id: f.key, label: `+${f.ids.length}`, fan: f.key, color: "#374151", degree: 1, count: f.ids.length, names: f.ids.map((id) => byId.get(id).name).join(", "), type: f.type }, classes: "fan", position: positions ? positions.get(f.key) : undefined })),
    ...(hugeGraph ? [] : lines.map((l) => ({ data: l, classes: LEARNING.has(l.type) ? "learn" : "other" }))),
  ];
  const n = g.nodes.length + g.fans.length;
  const big = n > 40;
  const huge = hugeGraph;
  const width = container.clientWidth, height = container.clientHeight;
  const small = width < 500;
  const view = positions ? fitViewport(positions.values(), big ? 16 : 24, width, height, 24, 0.1, 4) : null;
  const t0 = performance.now();
  const cy = cytoscape({
    container,
    elements,
    minZoom: 0.1,
    maxZoom: 4,
    ...(view || {}),
    // A large picture on a high-density screen: one canvas pixel per CSS pixel paints it
    // several times faster, and its labels are few anyway.
    pixelRatio: huge ? 1 : "auto",
    wheelSensitivity: 0.3,
    boxSelectionEnabled: false,
    textureOnViewport: huge,
    // The nodes of a large picture stay where the rings put them, and its lines with them.
    autoungrabify: huge,
    style: [
      {
        selector: "node",
        style: {
          label: "data(label)",
          width: big ? 16 : 24,
          height: big ? 16 : 24,
          "font-size": 11,
          "font-family": FONT,
          color: "#111",
          "text-valign": "bottom",
          "text-margin-y": 2,
          "text-wrap": "wrap",
          "text-max-width": 130,
          "text-background-color": "#fff",
          "text-background-opacity": 0.85,
          "text-background-padding": 1,
          "border-width": 1,
          "border-color": "#fff",
        },
      },
      // Only the types drawn: every element is matched against every selector.
      ...[...new Set(g.nodes.map((x) => x.__typename))].map((t) => ({ selector: `node.t-${t}`, style: { "background-color": typeInfo(t).color, shape: typeInfo(t).shape } })),
      { selector: "node.nolabel", style: { label: "" } },
      { selector: "node.fan", style: { "background-color": "#374151", shape: "round-rectangle", width: 44, height: 24, color: "#fff", "text-valign": "center", "text-margin-y": 0, "font-weight": "bold", "text-background-opacity": 0 } },
      { selector: "node.focus", style: { width: 36, height: 36, "border-width": 4, "border-color": "#111", "font-weight": "bold", "z-index": 10 } },
      { selector: "node.hover, node:selected", style: { label: "data(label)", "overlay-opacity": 0.15, "border-color": "#111", "border-width": 3, "z-index": 20, "text-max-width": 220 } },
      {
        selector: "edge",
        style: { width: 1.5, "line-color": "#9ca3af", "target-arrow-color": "#9ca3af", "target-arrow-shape": "triangle", "curve-style": huge ? "haystack" : "bezier", "arrow-scale": 0.9 },
      },
      { selector: "edge.learn", style: { width: 2.5, "line-color": "#0b6e4f", "target-arrow-color": "#0b6e4f" } },
      { selector: "edge.other", style: { "line-style": "dashed" } },
    ],
    layout: huge
      ? { name: "preset", fit: false }
      : {
        name: "cose", animate: false, randomize: false, nodeDimensionsIncludeLabels: true,
        idealEdgeLength: () => (big ? 80 : 120), nodeRepulsion: () => (big ? 12000 : 16000), componentSpacing: 60, padding: 20, fit: true,
      },
  });
  fig.cy = cy;
  fig.lines = lines.map((l) => ({ ...l, learn: LEARNING.has(l.type) }));
  if (huge) fig.lineLayer = lineLayer(cy, container, fig.lines, positions);
  window.__maoNetwork = cy; // for tests and the curious
  // Readable labels: about 11-12px on screen however far the picture is zoomed, and none
  // overlapping (placeLabels).
  const base = small ? 12 : 11;
  const size = { font: base, maxWidth: small ? 90 : 140 };
  // Only labels that show are sized (placeLabels sizes each before it measures it, a hover
  // sizes its node): a size is a style of its own on each node, and a style costs.
  const scaleLabels = (nodes) => {
    const z = cy.zoom();
    cy.batch(() => {
      nodes.not(".fan").style({ "font-size": base / z, "text-max-width": Math.round(size.maxWidth / z) });
      nodes.filter(".fan").style({ "font-size": 11 / Math.max(z, 0.5) });
    });
  };
  const t1 = performance.now();
  if (!huge) cy.fit(undefined, 24);
  const t2 = performance.now();
  placeLabels(cy, scaleLabels, size);
  const t3 = performance.now();
  // Where the time to the first picture goes (the e2e reports it): building the list, waiting
  // for the first frame, the elements, cytoscape with its layout, fitting and label sizes, the
  // label placement, and the first paint of the canvas.
  const ms = (a, b) => Math.round(b - a);
  const timings = { list: ms(clock.started, clock.listed), wait: ms(clock.listed, tDraw), elements: ms(tDraw, t0), layout: ms(t0, t1), fit: ms(t1, t2), labels: ms(t2, t3) };
  window.__maoNetworkTimings = timings;
  cy.one("render", () => {
    timings.paint = ms(t3, performance.now());
    window.__maoNetworkDrawnMs = performance.now() - clock.started;
  });
  let timer = 0;
  cy.on("zoom", () => {
    scaleLabels(cy.nodes().not(".nolabel"));
    clearTimeout(timer);
    timer = setTimeout(() => placeLabels(cy, scaleLabels, size), 120);
  });
  cy.on("pan", () => {
    clearTimeout(timer);
    timer = setTimeout(() => placeLabels(cy, scaleLabels, size), 120);
  });
  cy.on("tap", "node", (evt) => {
    const node = evt.target;
    if (node.data("fan")) {
      state.open = [...state.open, node.data("fan")];
      changed();
      return;
    }
    scaleLabels(node);
    showSelection(selection, node, state, changed);
  });
  cy.on("tap", (evt) => {
    if (evt.target === cy) selection.hidden = true;
  });
  cy.on("mouseover", "node", (evt) => {
    scaleLabels(evt.target);
    evt.target.addClass("hover");
    container.style.cursor = "pointer";
  });
  cy.on("mouseout", "node", (evt) => {
    evt.target.removeClass("hover");
    container.style.cursor = "";
  });
  const hiddenLabels = cy.nodes(".nolabel").length;
  status.textContent = [
    state.focus ? `Focus op ${(byId.get(state.focus) || { name: state.focus }).name}: alleen de directe buren.` : "",
    g.fans.length ? `${g.fans.length === 1 ? "Eén groep" : `${g.fans.length} groepen`} samengevat als +N.` : "",
    hiddenLabels ? `${hiddenLabels} namen passen niet en verschijnen bij aanwijzen of inzoomen.` : "",
  ].filter(Boolean).join(" ");
}

/**
 * lineLayer draws lines ({source, target, learn}) between the nodes at positions on a canvas
 * beneath cytoscape's, and again after every pan, zoom or resize (at most once a frame): two
 * paths, a few milliseconds for thousands of lines. Returns the canvas.
 */
function lineLayer(cy, container, lines, positions) {
  const layer = h("canvas", { class: "cy-lines", "aria-hidden": "true" });
  Object.assign(layer.style, { position: "absolute", left: "0", top: "0", pointerEvents: "none" });
  container.prepend(layer);
  let queued = false;
  const paint = () => {
    queued = false;
    const w = container.clientWidth, ht = container.clientHeight;
    if (layer.width !== w || layer.height !== ht) {
      Object.assign(layer, { width: w, height: ht });
      Object.assign(layer.style, { width: `${w}px`, height: `${ht}px` });
    }
    const ctx = layer.getContext("2d");
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.clearRect(0, 0, w, ht);
    const z = cy.zoom(), p = cy.pan();
    ctx.setTransform(z, 0, 0, z, p.x, p.y);
    for (const [learn, color, width, dash] of [[false, "#9ca3af", 1.5, [4, 3]], [true, "#0b6e4f", 2.5, []]]) {
      ctx.beginPath();
      for (const l of lines) {
        if (l.learn !== learn) continue;
        const a = positions.get(l.source), b = positions.get(l.target);
        ctx.moveTo(a.x, a.y);
        ctx.lineTo(b.x, b.y);
      }
      Object.assign(ctx, { strokeStyle: color, lineWidth: width });
      ctx.setLineDash(dash);
      ctx.stroke();
    }
  };
  cy.on("viewport resize", () => {
    if (!queued) requestAnimationFrame(paint);
    queued = true;
  });
  paint();
  return layer;
}

/**
 * pictureBlob is the picture as a PNG: the whole network from cytoscape, or for a large
 * picture what is on screen, its lines beneath the nodes.
 */
async function pictureBlob(fig) {
  if (!fig.lineLayer) return fig.cy.png({ full: true, scale: 2, bg: "#ffffff", output: "blob" });
  const nodes = await createImageBitmap(fig.cy.png({ full: false, scale: 1, output: "blob" }));
  const c = h("canvas", { width: nodes.width, height: nodes.height });
  const ctx = c.getContext("2d");
  ctx.fillStyle = "#ffffff";
  ctx.fillRect(0, 0, c.width, c.height);
  ctx.drawImage(fig.lineLayer, 0, 0, c.width, c.height);
  ctx.drawImage(nodes, 0, 0);
  return new Promise((resolve) => c.toBlob(resolve, "image/png"));
}

/** showSelection shows the chosen node's name with a link to its page and a focus button. */
function showSelection(panel, node, state, changed) {
  const focusBtn = h("button", { type: "button", class: "secondary" }, state.focus === node.id() ? "Toon alles" : "Focus hierop");
  focusBtn.addEventListener("click", () => {
    state.focus = state.focus === node.id() ? null : node.id();
    changed();
  });
  panel.replaceChildren(
    h("strong", null, node.data("label")), " ",
    h("span", { class: "muted" }, typeInfo(node.data("typename")).label), " ",
    h("a", { href: node.data("href"), class: "open-page" }, "Open de pagina"), " ",
    focusBtn);
  panel.hidden = false;
}

/** MAX_LABELS bounds the labels tried at once: more would not fit on any screen anyway. */
const MAX_LABELS = 80;

/**
 * placeLabels shows as many labels as fit without overlapping each other or another node
 * (scale(nodes), when given, sizes the labels it is about to show; size, {font, maxWidth} in
 * screen pixels, is the size it gives them):
 * focus first, then the best-connected nodes, then by name. Only nodes on screen are tried,
 * at most MAX_LABELS; the others show their label on hover, on selection or zoomed in.
 */
export function placeLabels(cy, scale, size) {
  const ext = cy.extent();
  const inView = (b) => b.x2 > ext.x1 && b.x1 < ext.x2 && b.y2 > ext.y1 && b.y1 < ext.y2;
  const nodes = cy.nodes(":visible");
  // Node bodies in a grid of cells, so that a label is checked only against nodes near it.
  const cell = Math.max(40, (ext.w + ext.h) / 40);
  const grid = new Map();
  const key = (i, j) => `${i}:${j}`;
  const bodies = [];
  nodes.forEach((n) => {
    const b = n.boundingBox({ includeLabels: false, includeOverlays: false });
    bodies.push([n, b]);
    for (let i = Math.floor(b.x1 / cell); i <= Math.floor(b.x2 / cell); i++) {
      for (let j = Math.floor(b.y1 / cell); j <= Math.floor(b.y2 / cell); j++) {
        if (!grid.has(key(i, j))) grid.set(key(i, j), []);
        grid.get(key(i, j)).push([n, b]);
      }
    }
  });
  const near = (box) => {
    const out = new Set();
    for (let i = Math.floor(box.x1 / cell); i <= Math.floor(box.x2 / cell); i++) {
      for (let j = Math.floor(box.y1 / cell); j <= Math.floor(box.y2 / cell); j++) for (const x of grid.get(key(i, j)) || []) out.add(x);
    }
    return out;
  };
  const clashes = (n, box, placed) => !inView(box) || placed.some((p) => overlaps(p, box)) || [...near(box)].some(([o, b]) => o !== n && overlaps(b, box));
  // Before a label is shown and measured (each costs a style), a measure of its text on a
  // canvas, a little smaller than the real label, rules out those that cannot fit.
  const guessed = [];
  const likely = (n) => {
    const box = size ? guessLabelBox(n, bodyOf.get(n.id()), size, cy.zoom()) : null;
    if (!box) return true;
    if (clashes(n, box, guessed)) return false;
    guessed.push(box);
    return true;
  };
  const bodyOf = new Map(bodies.map(([n, b]) => [n.id(), b]));
  const candidates = bodies.filter(([n, b]) => !n.hasClass("fan") && inView(b)).map(([n]) => n).sort((a, b) =>
    (b.hasClass("focus") - a.hasClass("focus")) || (b.data("degree") - a.data("degree")) ||
    String(a.data("label")).localeCompare(String(b.data("label")), "nl")).slice(0, MAX_LABELS)
    .filter(likely);
  const tried = new Set(candidates.map((n) => n.id()));
  cy.batch(() => {
    nodes.forEach((n) => {
      if (n.hasClass("fan") || tried.has(n.id())) n.removeClass("nolabel");
      else n.addClass("nolabel");
    });
  });
  if (scale) scale(nodes.not(".nolabel"));
  const placed = [];
  const hide = [];
  for (const n of candidates) {
    const box = labelBox(n);
    if (!box) continue;
    if (clashes(n, box, placed)) hide.push(n);
    else placed.push(box);
  }
  cy.batch(() => { for (const n of hide) n.addClass("nolabel"); });
}

const measure = document.createElement("canvas").getContext("2d");

/**
 * guessLabelBox is about 90% of the model-space box of the label of node n (body its box) at
 * zoom z, size {font, maxWidth} in screen pixels: its words wrapped as cytoscape wraps them,
 * measured on a canvas. Null when n has no label.
 */
export function guessLabelBox(n, body, size, z) {
  const words = String(n.data("label") || "").split(/\s+/).filter(Boolean);
  if (!words.length || !body) return null;
  measure.font = `${size.font}px ${FONT}`;
  let lines = 1, widest = 0, line = "";
  for (const w of words) {
    const next = line ? `${line} ${w}` : w;
    if (line && measure.measureText(next).width > size.maxWidth) {
      widest = Math.max(widest, measure.measureText(line).width);
      lines++;
      line = w;
    } else line = next;
  }
  widest = Math.min(size.maxWidth, Math.max(widest, measure.measureText(line).width));
  const w = (0.9 * widest) / z, ht = (0.9 * lines * size.font * 1.2) / z, x = (body.x1 + body.x2) / 2;
  return { x1: x - w / 2, x2: x + w / 2, y1: body.y2 + 2 + 0.05 * ht, y2: body.y2 + 2 + ht, w, h: ht };
}

/** labelBox is the model-space box of a node's label alone (null when it has none). */
export function labelBox(n) {
  const all = n.boundingBox({ includeLabels: true, includeNodes: false, includeEdges: false, includeOverlays: false });
  if (!all || !isFinite(all.x1) || all.w === 0) return null;
  return all;
}

function overlaps(a, b) {
  return a.x1 < b.x2 && b.x1 < a.x2 && a.y1 < b.y2 && b.y1 < a.y2;
}

/**
 * toSVG draws the picture as it stands (positions, colours, visible labels) as an SVG file;
 * lines ({source, target, learn}) are its relations, drawn by cytoscape or beneath it.
 */
export function toSVG(cy, title, lines) {
  const bb = cy.elements().boundingBox({ includeLabels: true });
  const pad = 10;
  const esc = (s) => String(s).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
  const out = [`<svg xmlns="http://www.w3.org/2000/svg" viewBox="${bb.x1 - pad} ${bb.y1 - pad} ${bb.w + 2 * pad} ${bb.h + 2 * pad}" font-family="system-ui, sans-serif">`,
    `<title>${esc(title)}</title>`, `<rect x="${bb.x1 - pad}" y="${bb.y1 - pad}" width="${bb.w + 2 * pad}" height="${bb.h + 2 * pad}" fill="#fff"/>`];
  for (const l of lines) {
    const s = cy.$id(l.source).position(), t = cy.$id(l.target).position();
    const learn = l.learn;
    out.push(`<line x1="${s.x.toFixed(1)}" y1="${s.y.toFixed(1)}" x2="${t.x.toFixed(1)}" y2="${t.y.toFixed(1)}" stroke="${learn ? "#0b6e4f" : "#9ca3af"}" stroke-width="${learn ? 2.5 : 1.5}"${learn ? "" : ' stroke-dasharray="4 3"'}/>`);
  }
  for (const n of cy.nodes()) {
    const p = n.position();
    const r = n.width() / 2;
    out.push(`<circle cx="${p.x.toFixed(1)}" cy="${p.y.toFixed(1)}" r="${r.toFixed(1)}" fill="${n.data("color")}" stroke="${n.hasClass("focus") ? "#111" : "#fff"}" stroke-width="${n.hasClass("focus") ? 3 : 1}"><title>${esc(n.data("label"))}</title></circle>`);
    if (!n.hasClass("nolabel")) {
      const fan = n.hasClass("fan");
      const size = parseFloat(n.style("font-size")) || 11;
      out.push(`<text x="${p.x.toFixed(1)}" y="${(fan ? p.y + size / 3 : p.y + r + size + 2).toFixed(1)}" font-size="${size.toFixed(1)}" text-anchor="middle" fill="${fan ? "#fff" : "#111"}">${esc(n.data("label"))}</text>`);
    }
  }
  out.push("</svg>");
  return out.join("\n");
}

/** legendTypes is every type, for a legend independent of a network. */
export const legendTypes = Object.keys(TYPES);

/** networkViewForTests lets the browser test draw a synthetic network (500 nodes) in the page. */
window.__maoNetworkView = networkView;
