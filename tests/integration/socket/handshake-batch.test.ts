// The socket handshake's batch (server/socket/handshake.ts): many tokens
// resolved in one turn give each the verdict resolveSession gives it alone,
// each user the access tenantAccess reads for the whole tenant, and the
// database sees a handful of statements, not three per socket.
import { randomBytes } from 'node:crypto';
import type { AbstractSqlConnection } from '@mikro-orm/knex';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { tenantAccess } from '../../../server/db/access.ts';
import { Session, User } from '../../../server/db/entities/index.ts';
import { seedDemo } from '../../../server/db/seed.ts';
import { createSession, hashToken, resolveSession, resolveSessions } from '../../../server/http/session.ts';
import { handshakeLoader } from '../../../server/socket/handshake.ts';
import { freshDatabase, type FreshDatabase } from '../../helpers/db.ts';

let db: FreshDatabase;
const tokens: Record<string, string> = {};
const HOUR = 3_600_000;

test.before(async () => {
  db = await freshDatabase();
  const em = db.orm.em.fork();
  await seedDemo(em);
  const users = await em.find(User, { email: { $in: ['agent@acme.test', 'agent2@acme.test', 'agent3@acme.test', 'supervisor@acme.test', 'agent@globex.test', 'admin@globex.test'] } });
  for (const user of users) tokens[user.email] = (await createSession(em, user, { remember: false, days: 30 })).token;
  // One session past its end, one of a locked user.
  const agent4 = await em.findOneOrFail(User, { email: 'agent4@acme.test' });
  tokens.expired = (await createSession(em, agent4, { remember: false, days: 30 }, new Date(Date.now() - 13 * HOUR))).token;
  await em.nativeUpdate(User, { email: 'agent3@acme.test' }, { locked: true });
  tokens.unknown = randomBytes(32).toString('base64url');
  tokens.malformed = 'not-a-token';
});
test.after(async () => {
  await db?.close();
});

test('a batch gives every token the verdict it gets alone; the expired row is deleted', async () => {
  const all = Object.values(tokens);
  const alone = new Map<string, unknown>();
  // Judged alone first on a copy of the verdicts: resolveSession deletes the expired row, so the batch runs on a fresh one.
  for (const t of all.filter((t) => t !== tokens.expired)) alone.set(t, await resolveSession(db.orm.em.fork(), t));
  const batch = await resolveSessions(db.orm.em.fork(), [...all, tokens['agent@acme.test']!]);
  assert.is(batch.size, all.length, 'one entry per distinct token');
  for (const [t, verdict] of alone) assert.equal(batch.get(t), verdict, `same verdict for ${Object.keys(tokens).find((k) => tokens[k] === t)}`);
  assert.is(batch.get(tokens.expired!), null);
  assert.is(batch.get(tokens['agent3@acme.test']!), null, 'a locked user is refused');
  assert.is(batch.get(tokens.unknown!), null);
  assert.is(batch.get(tokens.malformed!), null);
  assert.is((batch.get(tokens['supervisor@acme.test']!) as { role: string }).role, 'supervisor');
  assert.is(await db.orm.em.fork().count(Session, { id: hashToken(tokens.expired!) }), 0, 'the expired session is gone');
});

/** Runs `tokens` through one loader in one turn; returns what each got and how many statements the database saw. */
async function handshakes(tokens: string[]) {
  // The ORM is a PostgreSQL one here (server/db/orm.ts types it for both drivers).
  const knex = (db.orm.em.getConnection() as unknown as AbstractSqlConnection).getKnex();
  let statements = 0;
  const count = () => statements++;
  knex.on('query', count);
  try {
    const load = handshakeLoader(db.orm);
    return { found: await Promise.all(tokens.map((t) => load(t))), statements };
  } finally {
    knex.off('query', count);
  }
}

test("handshakes in one turn: each user's access as the tenant's own reading has it, in as many statements for seven as for two", async () => {
  const emails = ['agent@acme.test', 'agent2@acme.test', 'supervisor@acme.test', 'agent@globex.test', 'admin@globex.test'];
  const { found, statements } = await handshakes([...emails.map((e) => tokens[e]!), tokens.unknown!, tokens['agent3@acme.test']!]);
  const two = await handshakes([tokens['agent2@acme.test']!, tokens['admin@globex.test']!]);
  assert.ok(statements <= 8, `sessions with their users and tenants, and four reads of access: ${statements}`);
  assert.is(statements, two.statements, 'the count does not grow with the sockets');
  assert.is(found[5], null);
  assert.is(found[6], null);
  const em = db.orm.em.fork();
  for (const [i, email] of emails.entries()) {
    const handshake = found[i]!;
    assert.is(handshake.session.email, email);
    const expected = (await tenantAccess(em, handshake.session.tenantId!)).get(handshake.session.userId)!;
    assert.equal(handshake.access, { extensions: expected.extensions, queues: expected.queues }, `${email}'s access`);
  }
  assert.ok(found[2]!.access.extensions.length > 1, 'a supervisor sees every extension');
  assert.equal(found[0]!.access.extensions, ['1001']);
});

test.run();
