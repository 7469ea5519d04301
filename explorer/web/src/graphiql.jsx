// GraphiQL for MAO Graph, bundled so it works offline and under a strict CSP
// (graphiql 3.x: CodeMirror 5, no Monaco, no web workers, no eval).
import { createRoot } from "react-dom/client";
import { GraphiQL } from "graphiql";
import "graphiql/graphiql.css";
import "./graphiql.css";

window.__maoCSPViolations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__maoCSPViolations.push(`${e.violatedDirective} ${e.blockedURI}`);
});

async function fetcher(params) {
  const res = await fetch("/graphql", {
    method: "POST",
    headers: { "Content-Type": "application/json", Accept: "application/json" },
    body: JSON.stringify(params),
    credentials: "same-origin",
  });
  const text = await res.text();
  try {
    return JSON.parse(text);
  } catch {
    return { errors: [{ message: `HTTP ${res.status}: ${text.slice(0, 500)}` }] };
  }
}

const defaultQuery = `# Welkom bij GraphiQL voor MAO Graph.
#
# Typ hier een vraag (query) aan de kennisgraaf van Met Andere Ogen en klik op
# de afspeelknop (of druk Ctrl+Enter). Links vindt u de documentatie van alle velden.
#
# Voorbeeld: zoek naar "ouders" en toon per treffer het soort, de naam en de passage.
{
  search(query: "ouders", first: 5) {
    node {
      __typename
      id
      name
    }
    snippet
  }
}
`;

// CodeMirror's hidden textareas have no label: name each editor for screen readers (and axe).
const EDITOR_LABELS = [
  [".graphiql-query-editor textarea", "Query-editor"],
  [".graphiql-editor-tool .graphiql-editor:nth-child(1) textarea", "Variabelen (JSON)"],
  [".graphiql-editor-tool .graphiql-editor:nth-child(2) textarea", "Headers (JSON)"],
  [".graphiql-response textarea", "Antwoord"],
];
function labelEditors() {
  for (const [sel, label] of EDITOR_LABELS) {
    for (const el of document.querySelectorAll(sel)) if (!el.hasAttribute("aria-label")) el.setAttribute("aria-label", label);
  }
  // Scrolling editors must be reachable by keyboard.
  for (const el of document.querySelectorAll('.CodeMirror-scroll:not([tabindex="0"])')) el.setAttribute("tabindex", "0");
  for (const el of document.querySelectorAll(".graphiql-container textarea:not([aria-label])")) {
    el.setAttribute("aria-label", el.readOnly ? "Antwoord" : "Editor");
  }
}
new MutationObserver(labelEditors).observe(document.getElementById("graphiql"), { childList: true, subtree: true });

createRoot(document.getElementById("graphiql")).render(
  <GraphiQL fetcher={fetcher} defaultQuery={defaultQuery} defaultEditorToolsVisibility={false} />,
);
