// FreeSWITCH's posts under fuzz, CI-sized (npm run fuzz runs thousands):
// malformed mod_xml_curl lookups and mod_json_cdr CDRs are refused with a
// 4xx and change no row; mutated ones never answer 5xx, and every XML
// answer is well-formed. A NUL character (PostgreSQL's text cannot hold one)
// in a REST body is the client's mistake too.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { fuzzPosts } from '../../../fuzz/posts.ts';
import { restClient } from '../../helpers/rest.ts';
import { startTestServer } from '../../helpers/server.ts';

test('every malformed post refused without a side effect; 300 mutations never a 5xx', async () => {
  const r = await fuzzPosts({ inputs: 300, seed: 1207 });
  assert.equal(r.findings, []);
  assert.equal([r.crashes, r.serverErrors, r.brokenXml, r.sideEffects], [0, 0, 0, 0]);
  assert.ok(r.malformed >= 25, `malformed ${r.malformed}`);
  assert.ok(r.refused >= r.malformed, `refused ${r.refused}`);
  assert.ok(r.answered > 50, `answered ${r.answered}`);
});

test('a NUL character in a REST body is a 400, not a server error', async () => {
  const server = await startTestServer();
  try {
    const admin = await server.signIn('admin@acme.test');
    const res = await restClient(server.url)('POST', '/api/admin/users', admin, { email: 'nul@acme.test', name: 'Nul\u0000Byte', role: 'agent', password: 'a-long-password-1' });
    assert.is(res.status, 400);
    assert.match((res.body as { error: string }).error, /NUL/);
  } finally {
    await server.close();
  }
});

test.run();
