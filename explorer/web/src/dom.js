// A tiny DOM builder: h("a", { href: "#/" }, "tekst", child).

/** h creates an element; attrs starting with "on" become listeners, false/null attrs are skipped. */
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === false || v === null || v === undefined) continue;
    if (k.startsWith("on") && typeof v === "function") el.addEventListener(k.slice(2), v);
    else if (k === "class") el.className = v;
    else if (k === "text") el.textContent = v;
    else el.setAttribute(k, v === true ? "" : String(v));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    if (Array.isArray(c)) append(el, c);
    else el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
}

/**
 * snippetNodes turns a search snippet into DOM nodes. The server escapes everything but
 * <mark></mark>; to be safe, only text and <mark> survive, whatever the snippet contains.
 */
export function snippetNodes(snippet) {
  const doc = new DOMParser().parseFromString(`<body>${snippet}</body>`, "text/html");
  const out = [];
  for (const n of doc.body.childNodes) {
    if (n.nodeType === Node.ELEMENT_NODE && n.nodeName === "MARK") out.push(h("mark", null, n.textContent));
    else out.push(document.createTextNode(n.textContent));
  }
  return out;
}

/** announce tells screen reader users what happened (polite live region). */
export function announce(msg) {
  const el = document.getElementById("meldingen");
  if (!el) return;
  el.textContent = "";
  setTimeout(() => (el.textContent = msg), 50);
}
