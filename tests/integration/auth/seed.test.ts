// The demo seed: two tenants so isolation shows, real argon2id hashes,
// per-extension SIP passwords, and nothing written twice.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Did, Extension, Queue, QueueTier, Tenant, User } from '../../../server/db/entities/index.ts';
import { findExtensionsOfUser, listTenantsWithExtensions } from '../../../server/db/queries.ts';
import { DEMO_PASSWORD, formatCredentials, seedDemo, type SeedResult } from '../../../server/db/seed.ts';
import { verifyPassword } from '../../../server/db/password.ts';
import { freshDatabase, type FreshDatabase } from '../../helpers/db.ts';

let db: FreshDatabase;
let first: SeedResult;

test.before(async () => {
  db = await freshDatabase();
  first = await seedDemo(db.orm.em.fork());
});
test.after(async () => {
  await db?.close();
});

test('creates Acme Support and Globex Sales with their own SIP domains', async () => {
  assert.ok(first.seeded);
  const tenants = await db.orm.em.fork().find(Tenant, {}, { orderBy: { name: 'asc' } });
  assert.equal(
    tenants.map((t) => [t.name, t.domain]),
    [
      ['Acme Support', 'acme.pbx.test'],
      ['Globex Sales', 'globex.pbx.test'],
    ],
  );
  assert.is(tenants[0]!.credit, '125.5000', 'credit is a decimal string, not a float');
});

test('both tenants have an extension 1001, each its own', async () => {
  const em = db.orm.em.fork();
  const ones = await em.find(Extension, { number: '1001' }, { populate: ['tenant', 'owner'] });
  assert.is(ones.length, 2);
  assert.is.not(ones[0]!.tenant.id, ones[1]!.tenant.id);
  assert.is.not(ones[0]!.sipPassword, ones[1]!.sipPassword);
  const acme = await em.findOneOrFail(Tenant, { domain: 'acme.pbx.test' });
  assert.is(await em.count(Extension, { tenant: acme }), 12);
  assert.equal((await em.find(Queue, { tenant: acme }, { orderBy: { name: 'asc' } })).map((q) => q.name), ['billing', 'sales', 'support']);
  assert.ok((await em.count(QueueTier, { queue: { tenant: acme } })) >= 6);
  assert.ok((await em.count(Did, { tenant: acme })) >= 3);
  const all = await em.find(Extension, {});
  assert.is(new Set(all.map((e) => e.sipPassword)).size, all.length, 'every extension has its own SIP password');
});

test('passwords are stored as argon2id hashes of the printed demo password', async () => {
  const users = await db.orm.em.fork().find(User, {});
  assert.ok(users.length >= 10);
  for (const u of users) assert.ok(u.passwordHash.startsWith('$argon2id$'), u.email);
  assert.ok(await verifyPassword(users[0]!.passwordHash, DEMO_PASSWORD));
  assert.not.ok(await verifyPassword(users[0]!.passwordHash, 'something else'));
  const roles = new Set(first.credentials.filter((c) => c.tenant === 'Acme Support').map((c) => c.role));
  assert.equal([...roles].sort(), ['admin', 'agent', 'supervisor']);
  assert.is(first.credentials.length, users.length);
});

test('a second run writes nothing', async () => {
  const before = await db.orm.em.fork().count(User);
  const again = await seedDemo(db.orm.em.fork());
  assert.equal(again, { seeded: false, credentials: [] });
  assert.is(await db.orm.em.fork().count(User), before);
  assert.is(await db.orm.em.fork().count(Tenant), 2);
});

test('the sign-ins print as a table naming every e-mail', () => {
  const text = formatCredentials(first.credentials);
  for (const c of first.credentials) assert.match(text, c.email);
  assert.match(text, 'switchboard');
  assert.match(text, 'admin@acme.test');
  assert.match(text, 'agent@globex.test');
});

test('listTenantsWithExtensions gives the live state its starting point', async () => {
  const tenants = await listTenantsWithExtensions(db.orm.em.fork());
  assert.is(tenants.length, 2);
  const acme = tenants.find((t) => t.domain === 'acme.pbx.test')!;
  assert.is(acme.credit, '125.5000');
  assert.is(acme.currency, 'USD');
  assert.is(acme.queues, 3);
  assert.is(acme.extensions.length, 12);
  assert.equal(acme.extensions[0], { number: '1001', dnd: false, ownerId: acme.extensions[0]!.ownerId });
  assert.type(acme.extensions[0]!.ownerId, 'string');
  assert.is(acme.extensions.find((e) => e.number === '1012')!.ownerId, null);
  const globex = tenants.find((t) => t.domain === 'globex.pbx.test')!;
  assert.equal(globex.extensions.map((e) => e.number), ['1001', '1002', '1003', '1004']);
  assert.is(globex.queues, 1);
});

test('findExtensionsOfUser stays inside the tenant it is given', async () => {
  const em = db.orm.em.fork();
  const alice = await em.findOneOrFail(User, { email: 'agent@acme.test' }, { populate: ['tenant'] });
  const globex = await em.findOneOrFail(Tenant, { domain: 'globex.pbx.test' });
  assert.equal((await findExtensionsOfUser(em, alice.tenant!.id, alice.id)).map((e) => e.number), ['1001']);
  assert.equal(await findExtensionsOfUser(em, globex.id, alice.id), []);
});

test.run();
