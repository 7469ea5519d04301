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
    ... on Region { kind parent { id name } ${LEARN} }
    ... on Initiative { kind targetGroups ${LEARN} }
    ... on Organisation { sector ${LEARN} }
    ... on Person { functions ${LEARN} }
    ... on Bouwsteen { series number }
    ... on Event { kind date place ${LEARN} }
    ... on Programme { ${LEARN} }
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

export const NETWORK_ALL_QUERY = `query HeleNetwerk {
  learningNetwork { ${NET} }
}`;

export const SIMILAR_QUERY = `query Vergelijkbaar($id: ID!) {
  similarInitiatives(id: $id, first: 5) {
    score
    initiative { id name kind }
    reasons { kind weight description shared { __typename id name } values }
  }
}`;

const BUCKET = `key name count scope direct via total dimension node { __typename id }`;

export const COUNTS_QUERY = `query RegioOverzicht {
  perRegio: counts(label: INITIATIVE, by: REGION, scope: ALL) { ${BUCKET} }
  perThema: counts(label: INITIATIVE, by: THEME, scope: ALL) { ${BUCKET} }
}`;

const STEP = `type forward role from { __typename id name } to { __typename id name } evidence { ${EVIDENCE} }`;

export const MEMBERS_QUERY = `query Leden($label: NodeType!, $by: Dimension!, $key: String!, $node: ID!, $scope: Scope, $after: String) {
  bucket: node(id: $node) { __typename id ... on Entity { name } }
  members(label: $label, by: $by, key: $key, scope: $scope, first: 100, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { scope node { __typename id name } paths { length steps { ${STEP} } } }
  }
}`;

export const HOME_QUERY = `query Start {
  stats { nodes { label count } relations { type count } mentions }
  initiatives(first: 100, orderBy: { field: NAME, direction: ASC }) { nodes { id name kind } }
}`;
