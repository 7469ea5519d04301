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

/** csvText writes rows as CSV for a Dutch spreadsheet: ";" between fields, quotes where needed, CRLF. */
export function csvText(headers, rows) {
  const field = (v) => {
    const s = v === null || v === undefined ? "" : String(v);
    return /[";\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return [headers, ...rows].map((r) => r.map(field).join(";")).join("\r\n") + "\r\n";
}

/** download saves a Blob under a file name, in the browser (nothing is sent anywhere). */
export function download(blob, filename) {
  // What was last downloaded, for the browser test (it cannot open the file itself).
  const last = { filename, size: blob.size, type: blob.type, text: null };
  window.__maoLastDownload = last;
  blob.arrayBuffer().then((b) => {
    last.head = Array.from(new Uint8Array(b.slice(0, 8)));
    if (/^(text|image\/svg)/.test(blob.type)) last.text = new TextDecoder("utf-8", { ignoreBOM: true }).decode(b);
  });
  const url = URL.createObjectURL(blob);
  const a = h("a", { href: url, download: filename, hidden: true });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}

/**
 * csvButton is a button that downloads a list as CSV (UTF-8 with a byte order mark, so that
 * spreadsheets read é and ë right); table() returns {headers, rows} when clicked.
 */
export function csvButton(label, filename, table) {
  return h("button", {
    type: "button", class: "secondary csv",
    onclick: () => {
      const { headers, rows } = table();
      download(new Blob(["\ufeff", csvText(headers, rows)], { type: "text/csv;charset=utf-8" }), filename);
      announce(`${filename} gedownload`);
    },
  }, label);
}
