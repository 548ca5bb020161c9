// Tenant and user isolation of every self-service route. Both demo tenants
// have an extension 1001: the number alone must never reach the other one.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Extension, Tenant } from '../../../server/db/entities/index.ts';
import { follow } from '../../helpers/live-client.ts';
import { restClient } from '../../helpers/rest.ts';
import { startTestServer, type TestServer } from '../../helpers/server.ts';
import { sleep, waitFor } from '../../helpers/wait.ts';

let server: TestServer;
let rest: ReturnType<typeof restClient>;
let acme: string;
let globex: string;

test.before(async () => {
  server = await startTestServer();
  rest = restClient(server.url);
  acme = await server.signIn('agent@acme.test');
  globex = await server.signIn('agent@globex.test');
});
test.after(async () => {
  await server?.close();
});

const extensionRow = async (domain: string, number: string) => {
  const em = server.switchboard.orm.em.fork();
  return em.findOneOrFail(Extension, { tenant: await em.findOneOrFail(Tenant, { domain }), number });
};

test('My Account lists only the user\'s own extensions, with their own SIP password', async () => {
  const mine = await rest('GET', '/api/account', acme);
  assert.is(mine.status, 200);
  assert.equal(mine.body.extensions.map((e: any) => `${e.number}@${e.domain}`), ['1001@acme.pbx.test']);
  assert.is(mine.body.extensions[0].sipPassword, (await extensionRow('acme.pbx.test', '1001')).sipPassword);
  assert.is(mine.body.extensions[0].wssUrl, 'wss://acme.pbx.test:7443');
  const theirs = await rest('GET', '/api/account', globex);
  assert.equal(theirs.body.extensions.map((e: any) => `${e.number}@${e.domain}`), ['1001@globex.pbx.test']);
  assert.is.not(theirs.body.extensions[0].sipPassword, mine.body.extensions[0].sipPassword);
});

test('nobody changes an extension they do not own: same tenant or other tenant, 404', async () => {
  // 1002 belongs to agent2 in both tenants.
  for (const cookie of [acme, globex]) {
    assert.is((await rest('PUT', '/api/account/extensions/1002/dnd', cookie, { dnd: true })).status, 404);
    assert.is((await rest('PUT', '/api/account/extensions/1002/fax-email', cookie, { faxEmail: 'x@example.com' })).status, 404);
    assert.is((await rest('GET', '/api/follow-me/1002', cookie)).status, 404);
    assert.is(
      (await rest('PUT', '/api/follow-me/1002', cookie, { enabled: true, destinations: [{ destination: '1003', delay: 0, timeout: 20 }] })).status,
      404,
    );
    assert.is((await rest('DELETE', '/api/follow-me/1002', cookie)).status, 404);
  }
  assert.is((await extensionRow('acme.pbx.test', '1002')).dnd, false);
  assert.is((await extensionRow('globex.pbx.test', '1002')).dnd, false);
});

test('Globex\'s 1001 and Acme\'s 1001 are different extensions: DND, fax e-mail and follow-me stay apart', async () => {
  const acmeSocket = server.connect(acme);
  const acmeView = follow(acmeSocket);
  try {
    await waitFor(() => acmeView.snapshots === 1, 5000, 'snapshot');
    assert.is((await rest('PUT', '/api/account/extensions/1001/dnd', globex, { dnd: true })).status, 200);
    assert.is((await rest('PUT', '/api/account/extensions/1001/fax-email', globex, { faxEmail: 'ivy@globex.test' })).status, 200);
    const fm = await rest('PUT', '/api/follow-me/1001', globex, { enabled: true, destinations: [{ destination: '1002', delay: 0, timeout: 20 }] });
    assert.is(fm.status, 200);
    await sleep(150);
    assert.is((await extensionRow('acme.pbx.test', '1001')).dnd, false);
    assert.is((await extensionRow('acme.pbx.test', '1001')).faxEmail, 'agent@acme.test');
    assert.is((await rest('GET', '/api/follow-me/1001', acme)).status, 404);
    assert.equal((await rest('GET', '/api/follow-me', acme)).body.followMes, []);
    assert.not.ok(acmeView.patches.some((p) => p.scope === 'ext:1001'), 'no patch crossed tenants');
    assert.is((await extensionRow('globex.pbx.test', '1001')).dnd, true);
  } finally {
    acmeSocket.close();
  }
});

test('My DIDs shows the user\'s own numbers only', async () => {
  const mine = await rest('GET', '/api/dids', acme);
  assert.equal(mine.body.dids, [
    { number: '+14155550110', destination: 'Extension 1001', active: true },
    { number: '+14155550111', destination: 'Extension 1001', active: false },
  ]);
  assert.equal((await rest('GET', '/api/dids', globex)).body.dids.map((d: any) => d.number), ['+442079460101']);
});

test('every route needs a session', async () => {
  for (const [method, path] of [
    ['GET', '/api/account'],
    ['PUT', '/api/account/extensions/1001/dnd'],
    ['GET', '/api/follow-me'],
    ['PUT', '/api/follow-me/1001'],
    ['GET', '/api/dids'],
  ] as const) {
    assert.is((await rest(method, path, undefined, method === 'PUT' ? {} : undefined)).status, 401, `${method} ${path}`);
  }
});

test('bad input gets a clear 400', async () => {
  const bad = async (body: unknown) => (await rest('PUT', '/api/follow-me/1001', acme, body)).body.error as string;
  assert.match(await bad({ enabled: true, destinations: [{ destination: 'abc', delay: 0, timeout: 20 }] }), /Destination 1: "abc" is neither an extension/);
  assert.match(
    await bad({ enabled: true, destinations: [{ destination: '1002', delay: 0, timeout: 20 }, { destination: '1003', delay: 301, timeout: 20 }] }),
    /Destination 2: the delay must be a whole number of seconds from 0 to 300/,
  );
  assert.match(await bad({ enabled: true, destinations: [{ destination: '1002', delay: 0, timeout: 4 }] }), /ring time .* from 5 to 300/);
  assert.match(await bad({ enabled: true, destinations: [{ destination: '1999', delay: 0, timeout: 20 }] }), /no extension 1999 in your organisation/);
  assert.match(await bad({ enabled: true, destinations: [{ destination: '1001', delay: 0, timeout: 20 }] }), /cannot ring the extension it forwards/);
  assert.match(await bad({ enabled: true, destinations: [] }), /at least one destination/);
  const fax = await rest('PUT', '/api/account/extensions/1001/fax-email', acme, { faxEmail: 'not an address' });
  assert.is(fax.status, 400);
  assert.match(fax.body.error, /valid e-mail address/);
});

test.run();
