// Nobody reaches another tenant's or user's fax, and a refused upload
// leaves nothing behind.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { makePdf, uploadFax } from '../../helpers/fax.ts';
import { startTestServer, type TestServer } from '../../helpers/server.ts';

let t: TestServer;
test.before(async () => {
  t = await startTestServer({ FAX_POLL_MS: '50' });
});
test.after(async () => t?.close());


test('refused uploads: a clear 4xx and nothing stored', async () => {
  const cookie = await t.signIn('agent@acme.test');
  const png = Buffer.from('89504e470d0a1a0a0000000d4948445200000001', 'hex');
  const r1 = await uploadFax(t.url, cookie, { to: '+15550100' }, { bytes: png, name: 'scan.pdf', type: 'application/pdf' });
  assert.is(r1.status, 415);
  assert.match(r1.body.error, /not a PDF/);
  const r2 = await uploadFax(t.url, cookie, { to: '0044 20' }, { bytes: await makePdf(1), name: 'a.pdf', type: 'application/pdf' });
  assert.is(r2.status, 400);
  assert.match(r2.body.error, /country code/);
  const list = await (await fetch(`${t.url}/api/fax/outbound`, { headers: { cookie } })).json();
  assert.equal(list.faxes, []);
});

test('another user or tenant: 404 for guessed ids and path tricks', async () => {
  const owner = await t.signIn('agent@acme.test');
  const up = await uploadFax(t.url, owner, { to: '+15550100' }, { bytes: await makePdf(1), name: 'a.pdf', type: 'application/pdf' });
  assert.is(up.status, 201);
  const id = up.body.fax.id;
  assert.is((await fetch(`${t.url}/api/fax/outbound/${id}/pdf`, { headers: { cookie: owner } })).status, 200);
  for (const email of ['agent2@acme.test', 'agent@globex.test']) {
    const other = await t.signIn(email);
    assert.is((await fetch(`${t.url}/api/fax/outbound/${id}/pdf`, { headers: { cookie: other } })).status, 404, email);
    const list = await (await fetch(`${t.url}/api/fax/outbound`, { headers: { cookie: other } })).json();
    assert.ok(!list.faxes.some((f: { id: string }) => f.id === id), email);
  }
  for (const path of [`/api/fax/outbound/..%2F..%2Fetc%2Fpasswd/pdf`, `/api/fax/inbound/${id}/pdf`, `/api/fax/outbound/not-a-uuid/pdf`]) {
    assert.is((await fetch(`${t.url}${path}`, { headers: { cookie: owner } })).status, 404, path);
  }
  assert.is((await fetch(`${t.url}/api/fax/outbound/${id}/pdf`)).status, 401);
});

test.run();
