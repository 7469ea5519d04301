// Talking to /graphql.

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
    throw new Error("De server is niet bereikbaar.");
  }
  let body;
  try {
    body = await res.json();
  } catch (e) {
    throw new Error(`De server gaf een onverwacht antwoord (HTTP ${res.status}).`);
  }
  if (body.errors && body.errors.length) {
    const err = new Error(body.errors.map((e) => e.message).join("; "));
    err.code = body.errors[0].extensions && body.errors[0].extensions.code;
    err.data = body.data;
    throw err;
  }
  if (!res.ok) throw new Error(`HTTP ${res.status}`);
  return body.data;
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
      mentions(first: 10) { totalCount nodes { offset text snippet document { id title } } }
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

export const SEARCH_QUERY = `query Zoeken($query: String!, $types: [NodeType!], $first: Int) {
  search(query: $query, types: $types, first: $first) {
    score
    snippet
    node { __typename id name }
  }
}`;

const NET = `nodes { __typename id name } edges { id source target type role evidence { ${EVIDENCE} } }`;

export const NETWORK_FOCUS_QUERY = `query Leernetwerk($focus: ID!, $depth: Int, $relations: [RelationType!]) {
  learningNetwork(focus: $focus, depth: $depth, relations: $relations) { ${NET} }
}`;

export const NETWORK_ALL_QUERY = `query HeleNetwerk($asOf: String) {
  learningNetwork(asOf: $asOf) { ${NET} }
}`;

export const SIMILAR_QUERY = `query Vergelijkbaar($id: ID!) {
  similarInitiatives(id: $id, first: 5) {
    score
    initiative { id name kind }
    reasons { kind weight description shared { __typename id name } values }
  }
}`;

export const COUNTS_QUERY = `query RegioOverzicht {
  perRegio: counts(label: INITIATIVE, by: REGION) { key name count node { __typename id } }
  perThema: counts(label: INITIATIVE, by: THEME) { key name count node { __typename id } }
}`;

export const HOME_QUERY = `query Start {
  stats { nodes { label count } relations { type count } mentions }
  initiatives(first: 100, orderBy: { field: NAME, direction: ASC }) { nodes { id name kind } }
}`;
