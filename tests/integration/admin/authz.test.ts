// Who may administer what, route by route: every tenant-admin route refuses
// agents and supervisors (403), operators (403) and no session (401), and
// answers another tenant's admin 404 for ids of this tenant, exactly as for
// ids that do not exist, changing nothing; every operator route refuses
// every tenant user. And the package's extension limit holds under two
// concurrent creates.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { ExtensionList, UserCreated } from '../../../common/admin.ts';
import { seedDemo } from '../../../server/db/seed.ts';
import { createTestApp, type TestApp } from '../../helpers/auth-app.ts';
import { freshDatabase, type FreshDatabase } from '../../helpers/db.ts';

let db: FreshDatabase;
let t: TestApp;
const cookies: Record<string, string> = {};

test.before(async () => {
  db = await freshDatabase();
  await seedDemo(db.orm.em.fork());
  t = createTestApp(db.orm);
  for (const email of ['agent@acme.test', 'supervisor@acme.test', 'admin@acme.test', 'admin@globex.test', 'operator@provider.test']) {
    cookies[email] = (await t.signIn(email)).cookie!;
  }
});
test.after(() => db?.close());

const sql = <T = Record<string, unknown>>(query: string, params: unknown[] = []) =>
  db.orm.em.fork().getConnection().execute(query, params) as Promise<T[]>;
const idOf = async (table: string, where: string, params: unknown[]) =>
  (await sql<{ id: string }>(`select x.id from ${table} where ${where}`, params))[0]!.id;

/** Everything a route may change, to check that a refusal changed nothing. */
const state = async () =>
  JSON.stringify(
    await Promise.all(['users', 'extensions', 'queues', 'queue_tiers', 'dids', 'rates', 'tenants', 'credit_ledger'].map((t) => sql(`select * from ${t} order by 1`))),
  );

/** Every route with an id of Acme's (what Globex's admin must not find) and a body a real admin might send. */
async function adminRoutes() {
  const user = await idOf('users x', 'email = ?', ['agent2@acme.test']);
  const extension = await idOf('extensions x join tenants t on t.id = x.tenant_id', "t.domain = 'acme.pbx.test' and x.number = ?", ['1002']);
  const queue = await idOf('queues x join tenants t on t.id = x.tenant_id', "t.domain = 'acme.pbx.test' and x.name = ?", ['sales']);
  const did = await idOf('dids x', 'number = ?', ['+14155550110']);
  const rate = await idOf('rates x join tenants t on t.id = x.tenant_id', "t.domain = 'acme.pbx.test' and x.prefix = ?", ['+44']);
  const queueBody = { name: 'sales', strategy: 'ring-all', maxWaitTime: 0, wrapUpTime: 5, tiers: [{ userId: user, level: 1, position: 1 }] };
  return {
    withIds: [
      ['PATCH', `/api/admin/users/${user}`, { role: 'admin' }],
      ['POST', `/api/admin/users/${user}/disable`, undefined],
      ['POST', `/api/admin/users/${user}/enable`, undefined],
      ['POST', `/api/admin/users/${user}/unlock`, undefined],
      ['POST', `/api/admin/users/${user}/reset-password`, { password: 'taken-over-12' }],
      ['POST', `/api/admin/users/${user}/reset-second-factor`, undefined],
      ['DELETE', `/api/admin/users/${user}`, undefined],
      ['PATCH', `/api/admin/extensions/${extension}`, { callerIdName: 'Hijacked' }],
      ['POST', `/api/admin/extensions/${extension}/sip-password`, undefined],
      ['DELETE', `/api/admin/extensions/${extension}`, undefined],
      ['PUT', `/api/admin/queues/${queue}`, queueBody],
      ['DELETE', `/api/admin/queues/${queue}`, undefined],
      ['PUT', `/api/admin/dids/${did}`, { number: '+14155550110', route: null }],
      ['DELETE', `/api/admin/dids/${did}`, undefined],
      ['PUT', `/api/admin/rates/${rate}`, { prefix: '+44', perMinute: '0', firstIncrement: 1, increment: 1 }],
      ['DELETE', `/api/admin/rates/${rate}`, undefined],
    ] as [string, string, unknown][],
    withoutIds: [
      ['GET', '/api/admin/users', undefined],
      ['POST', '/api/admin/users', { email: 'mole@acme.test', name: 'Mole', role: 'admin', password: 'a-mole-password' }],
      ['GET', '/api/admin/extensions', undefined],
      ['POST', '/api/admin/extensions', { number: '1099', callerIdName: 'Mole' }],
      ['GET', '/api/admin/queues', undefined],
      ['POST', '/api/admin/queues', { ...queueBody, name: 'moles' }],
      ['GET', '/api/admin/dids', undefined],
      ['POST', '/api/admin/dids', { number: '+14155550999', route: null }],
      ['GET', '/api/admin/rates', undefined],
      ['POST', '/api/admin/rates', { prefix: '+33', perMinute: '0', firstIncrement: 1, increment: 1 }],
      ['POST', '/api/admin/rates/import', { csv: 'prefix,per_minute,first_increment,increment\n+1,0,1,1\n', replace: true }],
      ['GET', '/api/admin/settings', undefined],
      ['PUT', '/api/admin/settings', { lowCreditThreshold: '0', package: 'enterprise', limits: { maxExtensions: 9999, maxDevices: 1, maxRingGroups: 1, voiceMinutes: 1, faxPages: 1 } }],
      ['GET', '/api/admin/audit', undefined],
    ] as [string, string, unknown][],
  };
}

async function operatorRoutes() {
  const acme = await idOf('tenants x', 'domain = ?', ['acme.pbx.test']);
  return [
    ['GET', '/api/operator/tenants', undefined],
    ['POST', '/api/operator/tenants', { name: 'Mole Inc', domain: 'mole.pbx.test' }],
    ['PATCH', `/api/operator/tenants/${acme}`, { name: 'Taken' }],
    ['POST', `/api/operator/tenants/${acme}/suspend`, { reason: 'because I can' }],
    ['POST', `/api/operator/tenants/${acme}/resume`, { reason: 'because I can' }],
    ['GET', `/api/operator/tenants/${acme}/credit`, undefined],
    ['POST', `/api/operator/tenants/${acme}/credit`, { kind: 'top-up', amount: '1000', reason: 'free money' }],
    ['GET', '/api/operator/audit', undefined],
  ] as [string, string, unknown][];
}

test('every tenant-admin route: 401 without a session, 403 for agents, supervisors and operators; nothing changes', async () => {
  const { withIds, withoutIds } = await adminRoutes();
  const before = await state();
  for (const [method, path, body] of [...withIds, ...withoutIds]) {
    assert.is((await t.request(method, path, { body })).status, 401, `${method} ${path} without a session`);
    for (const who of ['agent@acme.test', 'supervisor@acme.test', 'operator@provider.test']) {
      const res = await t.request(method, path, { body, cookie: cookies[who] });
      assert.is(res.status, 403, `${method} ${path} as ${who}`);
    }
  }
  assert.is(await state(), before);
});

test("another tenant's admin: 404 for every id of Acme's, like an id that does not exist; lists are their own; nothing changes", async () => {
  const { withIds } = await adminRoutes();
  const before = await state();
  for (const [method, path, body] of withIds) {
    const res = await t.request(method, path, { body, cookie: cookies['admin@globex.test'] });
    assert.is(res.status, 404, `${method} ${path} as Globex's admin`);
    const made = await t.request(method, path.replace(/[0-9a-f-]{36}/, '00000000-0000-4000-8000-000000000000'), { body, cookie: cookies['admin@globex.test'] });
    assert.is(made.status, 404, `${method} ${path} with a made-up id`);
    assert.equal(await res.json(), await made.json(), 'the same answer');
  }
  assert.is(await state(), before);
  const list = (await (await t.request('GET', '/api/admin/extensions', { cookie: cookies['admin@globex.test'] })).json()) as ExtensionList;
  assert.equal(list.extensions.map((e) => e.number), ['1001', '1002', '1003', '1004'], "Globex's own extensions only");
  const audit = (await (await t.request('GET', '/api/admin/audit', { cookie: cookies['admin@globex.test'] })).json()) as { entries: { tenant: { name: string } | null }[] };
  assert.ok(audit.entries.every((e) => e.tenant?.name === 'Globex Sales'), "Globex's own audit log only");
});

test("the tenant's own admin passes where the others were refused", async () => {
  const { withoutIds } = await adminRoutes();
  for (const [method, path, body] of withoutIds.filter(([m]) => m === 'GET')) {
    assert.is((await t.request(method, path, { body, cookie: cookies['admin@acme.test'] })).status, 200, `${method} ${path}`);
  }
});

test('every operator route refuses agents, supervisors and admins (403) and no session (401)', async () => {
  const before = await state();
  for (const [method, path, body] of await operatorRoutes()) {
    assert.is((await t.request(method, path, { body })).status, 401, `${method} ${path} without a session`);
    for (const who of ['agent@acme.test', 'supervisor@acme.test', 'admin@acme.test', 'admin@globex.test']) {
      assert.is((await t.request(method, path, { body, cookie: cookies[who] })).status, 403, `${method} ${path} as ${who}`);
    }
  }
  assert.is(await state(), before);
});

test('an admin cannot lock their organisation out: not themselves, not the last admin', async () => {
  const me = await idOf('users x', 'email = ?', ['admin@acme.test']);
  for (const [method, path, body] of [
    ['POST', `/api/admin/users/${me}/disable`, undefined],
    ['DELETE', `/api/admin/users/${me}`, undefined],
    ['PATCH', `/api/admin/users/${me}`, { role: 'agent' }],
  ] as const) {
    const res = await t.request(method, path, { body, cookie: cookies['admin@acme.test'] });
    assert.is(res.status, 409, `${method} ${path}`);
    assert.match(((await res.json()) as { error: string }).error, /ask another administrator/);
  }
});

test('the extension limit holds under two concurrent creates: one is made, the other refused with the reason', async () => {
  // Globex: 5 extensions allowed, 4 used.
  const create = (number: string) => t.request('POST', '/api/admin/extensions', { cookie: cookies['admin@globex.test'], body: { number, callerIdName: `Desk ${number}` } });
  const answers = await Promise.all([create('1005'), create('1006')]);
  assert.equal(answers.map((r) => r.status).sort(), [201, 409]);
  const refused = answers.find((r) => r.status === 409)!;
  assert.match(((await refused.json()) as { error: string }).error, /Your package allows 5 extensions and all are in use/);
  const [{ n }] = (await sql<{ n: number }>("select count(*)::int as n from extensions e join tenants t on t.id = e.tenant_id where t.domain = 'globex.pbx.test'")) as [{ n: number }];
  assert.is(n, 5);
  // Ten at once against one free slot elsewhere: still exactly the limit.
  await sql("update tenants set max_extensions = 13 where domain = 'acme.pbx.test'");
  const many = await Promise.all(
    Array.from({ length: 10 }, (_, i) => t.request('POST', '/api/admin/extensions', { cookie: cookies['admin@acme.test'], body: { number: `20${i}0`, callerIdName: 'Burst' } })),
  );
  assert.equal(many.filter((r) => r.status === 201).length, 1);
  assert.equal(many.filter((r) => r.status === 409).length, 9);
  // The same e-mail twice at once: one account, the other a clear 409 (never a 500).
  const twins = await Promise.all(
    [1, 2].map(() => t.request('POST', '/api/admin/users', { cookie: cookies['admin@acme.test'], body: { email: 'twin@acme.test', name: 'Twin', role: 'agent', password: 'twin-password-1' } })),
  );
  assert.equal(twins.map((r) => r.status).sort(), [201, 409]);
});

test('a new user made without a password gets a one-time link; input errors are clear 400s', async () => {
  const res = await t.request('POST', '/api/admin/users', { cookie: cookies['admin@acme.test'], body: { email: 'Link.User@Acme.test', name: 'Link User', role: 'agent' } });
  assert.is(res.status, 201);
  assert.is(res.headers.get('cache-control'), 'no-store');
  const created = (await res.json()) as UserCreated;
  assert.is(created.user.email, 'link.user@acme.test');
  assert.match(created.setPasswordLink!, /^http:\/\/localhost\/set-password#token=[A-Za-z0-9_-]{43}$/);
  for (const [body, message] of [
    [{ email: 'x@acme.test', name: 'X', role: 'god' }, /The role must be one of agent, supervisor, admin/],
    [{ email: 'not-an-email', name: 'X', role: 'agent' }, /valid e-mail/],
    [{ email: 'link.user@acme.test', name: 'Again', role: 'agent' }, /already uses this e-mail/],
    [{ email: 'y@acme.test', name: 'Y', role: 'agent', password: 'short' }, /at least 10 characters/],
  ] as const) {
    const bad = await t.request('POST', '/api/admin/users', { cookie: cookies['admin@acme.test'], body });
    assert.ok(bad.status === 400 || bad.status === 409, JSON.stringify(body));
    assert.match(((await bad.json()) as { error: string }).error, message);
  }
  const quote = await t.request('POST', '/api/admin/extensions', { cookie: cookies['admin@acme.test'], body: { number: '1013', callerIdName: 'Evil" <sip:x>' } });
  assert.is(quote.status, 400, 'a caller ID name that would break the From header');
  assert.is((await t.request('POST', '/api/admin/extensions', { cookie: cookies['admin@acme.test'], body: { number: '0123', callerIdName: 'Zero' } })).status, 400);
});

test.run();
