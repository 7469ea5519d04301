// Apollo Client 4 in development mode (node --conditions=development) with InMemoryCache and
// relayStylePagination, as a dashboard would use it. Run by clients_test.go against a live
// server (MAO_URL). Fails on any cache warning, on a list that does not page to its end with
// every item once, and on data two queries of one entity take from each other.
import { ApolloClient, HttpLink, InMemoryCache, gql } from "@apollo/client";
import { relayStylePagination } from "@apollo/client/utilities";
import { loadDevMessages, loadErrorMessages } from "@apollo/client/dev";
import { checker, describe, finish, introspect, lists, trap, url } from "./schema.mjs";

loadDevMessages();
loadErrorMessages();
const warnings = trap();
const { failures, check } = checker();

const { possibleTypes, connections } = describe(await introspect());
const typePolicies = {};
for (const [type, fields] of Object.entries(connections)) {
  typePolicies[type] = { fields: {} };
  for (const [field, keyArgs] of Object.entries(fields)) {
    typePolicies[type].fields[field] = relayStylePagination(keyArgs.length ? keyArgs : false);
  }
}
const client = new ApolloClient({
  link: new HttpLink({ uri: url }),
  cache: new InMemoryCache({ possibleTypes, typePolicies }),
});

/** pageToEnd pages one connection with fetchMore and returns the merged connection. */
async function pageToEnd(query, variables, pick) {
  const obs = client.watchQuery({ query, variables });
  const sub = obs.subscribe({ error: (e) => failures.push(String(e)) });
  try {
    let page = pick((await obs.refetch()).data);
    for (let i = 0; page.pageInfo.hasNextPage && i < 100; i++) {
      page = pick((await obs.fetchMore({ variables: { after: page.pageInfo.endCursor } })).data);
    }
    // The merged list, as the cache now holds it (the observable's current result is
    // updated a tick later).
    return pick(client.readQuery({ query, variables }));
  } finally {
    sub.unsubscribe();
  }
}

function checkMerged(what, conn) {
  const ids = conn.edges.map((e) => e.id ?? e.node.id);
  check(conn.edges.length === conn.totalCount, `${what}: paged ${conn.edges.length} of totalCount ${conn.totalCount}`);
  check(new Set(ids).size === ids.length, `${what}: an item appears more than once`);
  check(!conn.pageInfo.hasNextPage, `${what}: hasNextPage after the last page`);
}

// Every list pages to its end, each item once.
for (const list of lists) {
  const query = gql`query Page${list}($after: String) { ${list}(first: 4, after: $after) {
    totalCount edges { cursor node { id name } } pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } }`;
  checkMerged(list, await pageToEnd(query, {}, (d) => d[list]));
}

// A relation connection pages to its end too.
const { data: busiest } = await client.query({
  query: gql`query Busiest { organisations(first: 1, orderBy: { field: MENTIONS, direction: DESC }) { edges { node { id } } } }`,
});
const orgID = busiest.organisations.edges[0].node.id;
const relQuery = gql`query Relations($id: ID!, $after: String) { node(id: $id) { id ... on Organisation {
  relations(first: 3, after: $after) { totalCount edges { id cursor type direction node { id name } evidence { id quote } }
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } } } }`;
checkMerged(`${orgID} relations`, await pageToEnd(relQuery, { id: orgID }, (d) => d.node.relations));

// Two components of one entity page read different parts of the same fields; the first must
// still read its data from the cache after the second wrote.
const id = "initiative-passende-samenwerking-foodvalley";
const header = gql`query Header($id: ID!) { node(id: $id) { id ... on Initiative { name
  evidence { id quote document { id title } }
  regions { edges { id node { id name } } } } } }`;
const details = gql`query Details($id: ID!) { node(id: $id) { id ... on Initiative {
  evidence { id offset }
  regions { totalCount edges { id type direction role evidence { id quote offset document { id title } } node { id name kind } } }
  mentions(first: 5) { totalCount edges { cursor node { id offset snippet document { id title } } } } } } }`;
const first = await client.query({ query: header, variables: { id } });
await client.query({ query: details, variables: { id } });
const again = client.readQuery({ query: header, variables: { id } });
check(JSON.stringify(again) === JSON.stringify(first.data), `entity page: the header's data changed after the details query:\n${JSON.stringify(first.data)}\n${JSON.stringify(again)}`);

// The dashboard's other widgets, in one operation; a bad one does not blank the others.
const widgets = await client.query({
  query: gql`query Widgets { ok: counts(label: INITIATIVE, by: REGION) { id key name count node { id name } }
    search(query: "thuiszitters", first: 5) { score snippet node { id name } }
    similarInitiatives(id: "${id}") { id score initiative { id name } reasons { kind weight description shared { id name } values } }
    bad: similarInitiatives(id: "initiative-nope") { id score } }`,
  errorPolicy: "all",
});
check(widgets.data?.ok?.length > 0 && widgets.data?.search?.length > 0 && widgets.data?.similarInitiatives?.length > 0,
  `widgets: data missing beside the failing one: ${JSON.stringify(widgets.data)}`);
check(widgets.data?.bad === null && widgets.error, `widgets: the failing widget should be null with an error: ${JSON.stringify(widgets)}`);

finish("apollo", failures, warnings);
