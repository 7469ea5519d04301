// Talking to /graphql.

/**
 * MESSAGES says in Dutch what went wrong, per error code of the API (extensions.code, or the
 * HTTP status when the body is not GraphQL). The server's English message stays as detail.
 */
export const MESSAGES = {
  BAD_USER_INPUT: "De vraag klopt niet: controleer wat u invulde.",
  NOT_FOUND: "Dit bestaat niet (meer) in de kennisgraaf.",
  DATABASE_UNAVAILABLE: "De database is even niet bereikbaar. Probeer het over een ogenblik opnieuw.",
  TIMEOUT: "Het antwoord duurde te lang. Probeer het opnieuw, of maak de vraag kleiner.",
  QUERY_TOO_COMPLEX: "De vraag is te groot of te diep. Vraag minder tegelijk.",
  INTERNAL: "Er ging iets mis op de server. Probeer het opnieuw.",
  GRAPHQL_PARSE_FAILED: "De vraag is geen geldige GraphQL.",
  GRAPHQL_VALIDATION_FAILED: "De vraag past niet bij het schema van de API.",
  PERSISTED_QUERY_NOT_FOUND: "De server kent deze opgeslagen vraag niet (meer). Probeer het opnieuw.",
  PERSISTED_QUERY_NOT_SUPPORTED: "De server ondersteunt geen opgeslagen vragen.",
  BAD_REQUEST: "De server begreep het verzoek niet.",
  PAYLOAD_TOO_LARGE: "De vraag is te lang voor de server.",
  RATE_LIMITED: "U stelt te veel vragen tegelijk. Wacht een paar seconden en probeer het opnieuw.",
  OFFLINE: "De server is niet bereikbaar. Controleer uw verbinding en probeer het opnieuw.",
  UNEXPECTED: "De server gaf een onverwacht antwoord.",
};

/** HTTP_CODES maps an HTTP status without a GraphQL error code to one of MESSAGES. */
const HTTP_CODES = { 400: "BAD_REQUEST", 408: "TIMEOUT", 413: "PAYLOAD_TOO_LARGE", 429: "RATE_LIMITED", 503: "DATABASE_UNAVAILABLE", 504: "TIMEOUT" };

/** apiError builds the Error the pages show: a Dutch message, the code, and the server's words as detail. */
function apiError(code, detail) {
  const err = new Error(MESSAGES[code] || MESSAGES.UNEXPECTED);
  err.code = code;
  err.detail = detail || "";
  return err;
}

/** gql runs a GraphQL query and returns its data; it throws on HTTP or GraphQL errors. */
export async function gql(query, variables = {}) {
  let res;
  try {
    res = await fetch("/graphql", {
      method: "POST",
      headers: { "Content-Type": "application/json", Accept: "application/json" },
      body: JSON.stringify({ query, variables }),
      credentials: "same-origin",
    });
  } catch (e) {
    throw apiError("OFFLINE");
  }
  let body;
  try {
    body = await res.json();
  } catch (e) {
    throw apiError(HTTP_CODES[res.status] || "UNEXPECTED", `HTTP ${res.status}`);
  }
  if (body.errors && body.errors.length) {
    const code = (body.errors[0].extensions && body.errors[0].extensions.code) || HTTP_CODES[res.status] || "INTERNAL";
    const err = apiError(code, body.errors.map((e) => e.message).join("; "));
    err.data = body.data;
    throw err;
  }
  if (!res.ok) throw apiError(HTTP_CODES[res.status] || "UNEXPECTED", `HTTP ${res.status}`);
  return body.data;
}

/**
 * gqlAll runs a paged query until its last page and returns every item: pick(data) returns the
 * connection ({nodes|edges, pageInfo}); the query takes $after.
 */
export async function gqlAll(query, variables, pick, key = "nodes") {
  const out = [];
  let after = null;
  for (let i = 0; i < 100; i++) {
    const conn = pick(await gql(query, { ...variables, after }));
    out.push(...conn[key]);
    if (!conn.pageInfo || !conn.pageInfo.hasNextPage) break;
    after = conn.pageInfo.endCursor;
  }
  return out;
}

const EVIDENCE = `quote offset document { id title }`;
const REL = `type direction role node { __typename id name } evidence { ${EVIDENCE} }`;
const FACT = `evidence { ${EVIDENCE} } note`;
const DATE = `value precision`;
const QUANTITIES = `quantities { value unit unitLabel counted qualifier ${FACT} }`;
const PERIODS = `periods { start { ${DATE} } end { ${DATE} } duration { value unit } ${FACT} }`;
const STATEMENTS = `goals { text ${FACT} } results { text ${FACT} }`;
const FUNDING = `funding { source { __typename id name } share amount ${FACT} }`;
const ROLES = `roles { role group { __typename id name } ${FACT} }`;
const LEARN = `learnsFrom(first: 50) { totalCount edges { ${REL} } } inspires(first: 50) { totalCount edges { ${REL} } }`;

export const ENTITY_QUERY = `query Entiteit($id: ID!) {
  node(id: $id) {
    __typename
    id
    ... on Entity {
      name
      aliases
      description
      mentionCount
      evidence { ${EVIDENCE} }
      relations(first: 100) { totalCount edges { ${REL} } }
      mentions(first: 10) { totalCount pageInfo { hasNextPage endCursor } nodes { offset text snippet document { id title } } }
    }
    ... on Region { kind parent { id name } ${QUANTITIES} ${LEARN} }
    ... on Initiative { kind targetGroups ${QUANTITIES} ${PERIODS} ${STATEMENTS} ${FUNDING} ${LEARN} }
    ... on Organisation { sector ${QUANTITIES} ${PERIODS} ${ROLES}
      worksWith { via otherVia organisation { __typename id name } initiative { __typename id name } evidence { ${EVIDENCE} } } ${LEARN} }
    ... on Person { functions ${ROLES} ${LEARN} }
    ... on Bouwsteen { series number }
    ... on Event { kind date datePrecision planned place ${QUANTITIES} ${STATEMENTS} ${LEARN} }
    ... on Programme { ${QUANTITIES} ${PERIODS} ${STATEMENTS} ${FUNDING} ${LEARN} }
    ... on Publication { kind }
    ... on Document { title kind documentDate: date file }
  }
}`;

export const DOCUMENT_QUERY = `query Document($id: ID!) {
  node(id: $id) {
    __typename
    id
    ... on Document {
      title
      kind
      date
      text
      authors { edges { node { __typename id name } } }
    }
  }
}`;

export const MENTIONS_QUERY = `query Vermeldingen($id: ID!, $after: String) {
  node(id: $id) { ... on Entity { mentions(first: 50, after: $after) { totalCount pageInfo { hasNextPage endCursor } nodes { offset text snippet document { id title } } } } }
}`;

export const SEARCH_QUERY = `query Zoeken($query: String!, $types: [NodeType!], $first: Int) {
  search(query: $query, types: $types, first: $first) {
    score
    snippet
    node { __typename id name }
    via { __typename id name }
  }
  searchSuggestions(query: $query, first: 3)
}`;

const NET = `nodes { __typename id name } edges { id source target type role evidence { ${EVIDENCE} } }`;

export const NETWORK_FOCUS_QUERY = `query Leernetwerk($focus: ID!, $depth: Int, $relations: [RelationType!]) {
  learningNetwork(focus: $focus, depth: $depth, relations: $relations) { ${NET} }
}`;

export const NETWORK_ALL_QUERY = `query HeleNetwerk($asOf: Date) {
  learningNetwork(asOf: $asOf) { ${NET} }
}`;

export const SIMILAR_QUERY = `query Vergelijkbaar($id: ID!) {
  similarInitiatives(id: $id, first: 5) {
    score
    initiative { id name kind }
    reasons { kind weight description shared { __typename id name } values }
  }
  family: initiativeFamily(id: $id) { tie initiative { __typename id name kind } }
}`;

const BUCKET = `key name count node { __typename id ... on Entity { name } }`;

/**
 * COVERAGE_QUERY is the Regio-overzicht: the server's coverage matrix of $label per region ×
 * $columns (THEME or BOUWSTEEN) in $scope. Every number on the page is one of its counts.
 */
export const COVERAGE_QUERY = `query RegioOverzicht($label: NodeType!, $columns: Dimension!, $scope: Scope!) {
  coverage(label: $label, rows: REGION, columns: $columns, scope: $scope) {
    rows { ${BUCKET} }
    columns { ${BUCKET} }
    cells { row column count }
  }
}`;

const STEP = `type forward role from { __typename id name } to { __typename id name } evidence { ${EVIDENCE} }`;

const MEMBER = `scope node { __typename id name } paths { length nodes { id } steps { ${STEP} } }`;

/** CELL_QUERY pages the members of one cell of a coverage matrix, with the paths to its row and its column. */
export const CELL_QUERY = `query Cel($label: NodeType!, $rows: Dimension!, $columns: Dimension!, $scope: Scope!, $row: String!, $column: String!, $rowNode: ID!, $columnNode: ID!, $after: String) {
  rowNode: node(id: $rowNode) { __typename id ... on Entity { name } }
  columnNode: node(id: $columnNode) { __typename id ... on Entity { name } }
  coverage(label: $label, rows: $rows, columns: $columns, scope: $scope) {
    cell(row: $row, column: $column) {
      count
      members(first: 100, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { ${MEMBER} } }
    }
  }
}`;

export const MEMBERS_QUERY = `query Leden($label: NodeType!, $by: Dimension!, $key: String!, $node: ID!, $scope: Scope, $after: String) {
  bucket: node(id: $node) { __typename id ... on Entity { name } }
  members(label: $label, by: $by, key: $key, scope: $scope, first: 100, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { ${MEMBER} }
  }
}`;

export const HOME_QUERY = `query Start {
  stats { nodes { label count } relations { type count } mentions }
  initiatives(first: 100, orderBy: { field: NAME, direction: ASC }) { nodes { id name kind } }
}`;

const LINK = `edges { node { __typename id name } }`;
const PAGED = (field, fields) => `query Overzicht($after: String) {
  list: ${field}(first: 100, after: $after, orderBy: { field: NAME, direction: ASC }) {
    pageInfo { hasNextPage endCursor }
    nodes { __typename id name mentionCount ${fields} }
  }
}`;

/** OVERVIEW_QUERIES fetch every entity of a kind with what its overview shows, page by page ($after). */
export const OVERVIEW_QUERIES = {
  Bouwsteen: PAGED("bouwstenen", `series number initiatives(first: 50) { totalCount ${LINK} } sources(first: 50) { ${LINK} } themes(first: 20) { ${LINK} }`),
  Theme: PAGED("themes", `initiatives(first: 50) { totalCount ${LINK} } bouwstenen(first: 50) { totalCount ${LINK} }`),
  Region: PAGED("regions", `kind parent { __typename id name } initiatives(first: 50) { totalCount ${LINK} } organisations(first: 50) { totalCount }`),
  Organisation: PAGED("organisations", `sector regions(first: 10) { ${LINK} } initiatives(first: 50) { totalCount ${LINK} }`),
  Initiative: PAGED("initiatives", `kind regions(first: 10) { ${LINK} } themes(first: 20) { ${LINK} } bouwstenen(first: 20) { ${LINK} }`),
};
