// The network picture: cytoscape.js on a canvas, plus the same network as an accessible list.
import cytoscape from "cytoscape";
import { h } from "./dom.js";
import { TYPES, typeInfo, entityHref, REL, passageHref } from "./labels.js";

const LEARNING = new Set(["LEARNS_FROM", "INSPIRES"]);

/**
 * networkView renders a Network ({nodes, edges}) into a figure with a legend and a list.
 * focusId (optional) is highlighted. Returns the element; the picture is drawn once it is in the page.
 */
export function networkView(net, { focusId, title, description, showTitle = !focusId }) {
  const byId = new Map(net.nodes.map((n) => [n.id, n]));
  const edges = net.edges.filter((e) => byId.has(e.source) && byId.has(e.target));
  const canvas = h("div", { class: "cy", role: "img", "aria-label": `${title}: ${net.nodes.length} knopen en ${edges.length} relaties. De lijst hieronder bevat dezelfde gegevens.` });
  const usedTypes = [...new Set(net.nodes.map((n) => n.__typename))];
  const legend = h("ul", { class: "legend", "aria-label": "Legenda" },
    usedTypes.map((t) => h("li", null, h("span", { class: `swatch shape-${typeInfo(t).shape}`, "data-color": typeInfo(t).color }), typeInfo(t).label)),
    h("li", null, h("span", { class: "line learn" }), "→ leert van (pijl naar wie inspireert)"),
    edges.some((e) => !LEARNING.has(e.type)) ? h("li", null, h("span", { class: "line other" }), "andere relatie") : null,
  );
  for (const s of legend.querySelectorAll(".swatch")) s.style.background = s.dataset.color;

  const sorted = [...net.nodes].sort((a, b) => a.name.localeCompare(b.name, "nl"));
  const list = h("details", { class: "netlist" },
    h("summary", null, `Het netwerk als lijst (${net.nodes.length} knopen, ${edges.length} relaties)`),
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
    })),
  );

  const fig = h("figure", { class: "network" },
    h("figcaption", null, showTitle ? h("strong", null, `${title} `) : null, description ? h("span", null, description) : null,
      h("span", { class: "hint" }, " Klik op een knoop om die pagina te openen.")),
    canvas, legend, list);

  // Draw once the container has a size (it must be in the document).
  requestAnimationFrame(() => draw(canvas, net.nodes, edges, focusId));
  return fig;
}

function draw(container, nodes, edges, focusId) {
  if (!container.isConnected) return;
  if (window.__maoNetwork) {
    try { window.__maoNetwork.destroy(); } catch (e) { /* already gone */ }
  }
  const elements = [
    ...nodes.map((n) => ({
      data: { id: n.id, label: n.name, color: typeInfo(n.__typename).color, shape: typeInfo(n.__typename).shape, href: entityHref(n), typename: n.__typename },
      classes: n.id === focusId ? "focus" : "",
    })),
    // Every learning arrow points from the learner to whom it learns from: an INSPIRES edge
    // (inspirer -> inspired) is drawn the other way round.
    ...edges.map((e) => ({
      data: { id: `e:${e.id}`, source: e.type === "INSPIRES" ? e.target : e.source, target: e.type === "INSPIRES" ? e.source : e.target, type: e.type },
      classes: LEARNING.has(e.type) ? "learn" : "other",
    })),
  ];
  const big = nodes.length > 40;
  const cy = cytoscape({
    container,
    elements,
    minZoom: 0.2,
    maxZoom: 3,
    wheelSensitivity: 0.3,
    boxSelectionEnabled: false,
    autoungrabify: false,
    style: [
      {
        selector: "node",
        style: {
          "background-color": "data(color)",
          shape: "data(shape)",
          label: "data(label)",
          width: big ? 18 : 26,
          height: big ? 18 : 26,
          "font-size": big ? 9 : 11,
          "font-family": "system-ui, -apple-system, Segoe UI, Roboto, sans-serif",
          color: "#111",
          "text-valign": "bottom",
          "text-margin-y": 3,
          "text-wrap": "wrap",
          "text-max-width": 110,
          "text-background-color": "#fff",
          "text-background-opacity": 0.8,
          "text-background-padding": 1,
          "border-width": 1,
          "border-color": "#fff",
        },
      },
      { selector: "node.focus", style: { width: 40, height: 40, "border-width": 4, "border-color": "#111", "font-weight": "bold", "font-size": 13, "z-index": 10 } },
      { selector: "node:active, node.hover", style: { "overlay-opacity": 0.15, "border-color": "#111", "border-width": 3 } },
      {
        selector: "edge",
        style: { width: 1.5, "line-color": "#9ca3af", "target-arrow-color": "#9ca3af", "target-arrow-shape": "triangle", "curve-style": "bezier", "arrow-scale": 0.9 },
      },
      { selector: "edge.learn", style: { width: 2.5, "line-color": "#0b6e4f", "target-arrow-color": "#0b6e4f" } },
      { selector: "edge.other", style: { "line-style": "dashed" } },
    ],
    layout: {
      name: "cose",
      animate: false,
      randomize: false,
      nodeDimensionsIncludeLabels: true,
      idealEdgeLength: () => (big ? 70 : 110),
      nodeRepulsion: () => (big ? 9000 : 14000),
      componentSpacing: 60,
      padding: 20,
      fit: true,
    },
  });
  // Keep labels readable (about 11px on screen) however far the picture is zoomed out to fit.
  const base = big ? 10 : 11;
  const scaleLabels = () => {
    const z = cy.zoom();
    const size = Math.min(28, Math.max(base, base / z));
    cy.batch(() => {
      cy.nodes().not(".focus").style({ "font-size": size, "text-max-width": Math.round(110 * Math.max(1, 1 / z)) });
      cy.nodes(".focus").style({ "font-size": size * 1.15, "text-max-width": Math.round(130 * Math.max(1, 1 / z)) });
    });
  };
  // Bigger labels need room: fit again (twice converges) so that no label is cut off.
  for (let i = 0; i < 2; i++) {
    scaleLabels();
    cy.fit(undefined, 30);
  }
  scaleLabels();
  cy.on("zoom", scaleLabels);
  cy.on("tap", "node", (evt) => {
    location.hash = evt.target.data("href");
  });
  cy.on("mouseover", "node", (evt) => {
    evt.target.addClass("hover");
    container.style.cursor = "pointer";
  });
  cy.on("mouseout", "node", (evt) => {
    evt.target.removeClass("hover");
    container.style.cursor = "";
  });
  window.__maoNetwork = cy; // for tests and the curious
}

/** legendTypes is every type, for a legend independent of a network. */
export const legendTypes = Object.keys(TYPES);
