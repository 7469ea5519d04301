// urql (@urql/core 6) with the normalised cache of @urql/exchange-graphcache, configured from
// the live schema: keys of null for the value objects that have no id (connections, edges of
// lists, page info, search hits, …), relayPagination on every connection. Run by
// clients_test.go against a live server (MAO_URL) with NODE_ENV=development, where graphcache
// warns about every object it cannot key ("Invalid key"). Fails on any warning and on a list
// that does not page to its end with every item once.
import { Client, fetchExchange, gql } from "@urql/core";
import { cacheExchange } from "@urql/exchange-graphcache";
import { relayPagination } from "@urql/exchange-graphcache/extras";
import { checker, describe, finish, introspect, lists, trap, url } from "./schema.mjs";

const warnings = trap();
const { failures, check } = checker();

const schema = await introspect();
const { connections, noID } = describe(schema);
const keys = Object.fromEntries(noID.map((t) => [t, () => null]));
// relayPagination on the connections this dashboard pages: the root lists and every entity's
// relations (a connection under relayPagination must be asked with its full pageInfo).
const resolvers = { Query: Object.fromEntries(lists.map((l) => [l, relayPagination()])) };
for (const [type, fields] of Object.entries(connections)) {
  if (fields.relations) (resolvers[type] ||= {}).relations = relayPagination();
}
const client = new Client({
  url,
  exchanges: [cacheExchange({ schema, keys, resolvers }), fetchExchange],
  requestPolicy: "cache-and-network",
});

async function run(query, variables = {}) {
  const res = await client.query(query, variables, { requestPolicy: "network-only" }).toPromise();
  if (res.error && !res.data) throw res.error;
  return res;
}

/** pageToEnd asks for page after page; relayPagination merges them into one connection. */
async function pageToEnd(query, variables, pick) {
  let conn = pick((await run(query, variables)).data);
  for (let i = 0; conn.pageInfo.hasNextPage && i < 100; i++) {
    conn = pick((await run(query, { ...variables, after: conn.pageInfo.endCursor })).data);
  }
  return conn;
}

function checkMerged(what, conn) {
  const ids = conn.edges.map((e) => e.id ?? e.node.id);
  check(conn.edges.length === conn.totalCount, `${what}: paged ${conn.edges.length} of totalCount ${conn.totalCount}`);
  check(new Set(ids).size === ids.length, `${what}: an item appears more than once`);
}

for (const list of lists) {
  const query = gql`query Page${list}($after: String) { ${list}(first: 4, after: $after) {
    totalCount edges { cursor node { id name } } pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } }`;
  checkMerged(list, await pageToEnd(query, {}, (d) => d[list]));
}

// The five dashboard operations (the same as operations/*.graphql, which codegen types).
const id = "initiative-passende-samenwerking-foodvalley";
const region = (await run(gql`{ counts(label: INITIATIVE, by: REGION) { id key name count node { id name } } }`)).data.counts[0];
check(region && region.count > 0, "counts by region: no buckets");
const filtered = await run(gql`query Filtered($region: ID!) { initiatives(where: { region: $region }, first: 50) {
  totalCount edges { cursor node { id name kind } } pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } }`, { region: region.key });
check(filtered.data.initiatives.totalCount === region.count, `filtered list: ${filtered.data.initiatives.totalCount} initiatives in ${region.key}, counts says ${region.count}`);
const entity = await run(gql`query Entity($id: ID!) { node(id: $id) { id ... on Initiative { name
  evidence { id quote offset document { id title } }
  regions { totalCount edges { id type direction role node { id name } evidence { id quote document { id title } } } }
  relations(first: 20) { totalCount edges { id cursor type direction node { id name } evidence { id quote } }
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } } } }`, { id });
check(entity.data.node?.name, "entity page: no initiative");
const search = await run(gql`{ search(query: "thuiszitters", first: 5) { score snippet node { id name } } }`);
check(search.data.search.length > 0, "search: no hits");
const similar = await run(gql`query Similar($id: ID!) { similarInitiatives(id: $id) { id score initiative { id name }
  reasons { kind weight description shared { id name } values } } }`, { id });
check(similar.data.similarInitiatives.length > 0, "similar initiatives: none");

finish("urql", failures, warnings);
