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

createRoot(document.getElementById("graphiql")).render(
  <GraphiQL fetcher={fetcher} defaultQuery={defaultQuery} defaultEditorToolsVisibility={false} />,
);
