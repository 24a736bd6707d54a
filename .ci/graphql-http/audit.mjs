// Runs the GraphQL over HTTP conformance audits of graphql-http against a
// running cchc server, every request carrying a bearer token (cchc answers
// nothing without one). Usage:
//
//   CCHC_AUDIT_URL=http://127.0.0.1:8080/graphql CCHC_AUDIT_TOKEN=… node audit.mjs
//
// Prints one line per audit and exits 1 when a MUST audit fails; SHOULD and
// MAY audits that fail are reported (warn, notice) without failing.
import { serverAudits } from 'graphql-http';

const url = process.env.CCHC_AUDIT_URL;
const token = process.env.CCHC_AUDIT_TOKEN;
if (!url || !token) {
  console.error('set CCHC_AUDIT_URL (the /graphql endpoint) and CCHC_AUDIT_TOKEN (a bearer token)');
  process.exit(2);
}

const fetchFn = (input, init = {}) => {
  const headers = new Headers(init.headers);
  headers.set('authorization', `Bearer ${token}`);
  return fetch(input, { ...init, headers });
};

let failed = 0;
const counts = { ok: 0, error: 0, warn: 0, notice: 0 };
for (const audit of serverAudits({ url, fetchFn })) {
  const result = await audit.fn();
  counts[result.status]++;
  if (result.status === 'ok') {
    console.log(`ok     ${result.id} ${result.name}`);
    continue;
  }
  if (result.status === 'error') failed++;
  let body = '';
  try {
    body = (await result.response.text()).slice(0, 300);
  } catch {}
  console.log(`${result.status.padEnd(6)} ${result.id} ${result.name}\n       ${result.reason}` +
    `\n       HTTP ${result.response.status} ${result.response.headers.get('content-type') ?? ''} ${body}`);
}
console.log(`graphql-http audit: ${counts.ok} ok, ${counts.error} MUST failed, ${counts.warn} SHOULD failed, ${counts.notice} MAY failed`);
process.exit(failed > 0 ? 1 : 0);
