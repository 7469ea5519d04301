// Runs graphql-http's GraphQL-over-HTTP server audit against the URL given as the first
// argument and prints one line per audit. Exits 1 unless every audit (MUST, SHOULD and MAY)
// is ok. TestGraphQLOverHTTPAudit runs it against the real server.
import { auditServer } from 'graphql-http';

const url = process.argv[2];
if (!url) {
  console.error('usage: node audit.mjs http://host:port/graphql');
  process.exit(2);
}
const results = await auditServer({ url });
let failed = 0;
for (const r of results) {
  if (r.status === 'ok') {
    console.log(`ok      ${r.id} ${r.name}`);
    continue;
  }
  failed++;
  let detail = '';
  if (r.response) {
    const body = await r.response.text().catch(() => '');
    detail = ` (status ${r.response.status}, content-type ${r.response.headers.get('content-type')}, body ${body.slice(0, 200)})`;
  }
  console.log(`${r.status.padEnd(7)} ${r.id} ${r.name}: ${r.reason}${detail}`);
}
console.log(`${results.length - failed} of ${results.length} audits ok`);
process.exit(failed === 0 ? 0 : 1);
