// The bench's own PostgreSQL database on 127.0.0.1: created, migrated and
// seeded with the population straight through MikroORM (no argon2, no sign-in
// route), with one real session per agent made by the same createSession the
// server validates. Dropped again at the end, whatever happened.
import { randomBytes } from 'node:crypto';
import { ADMIN_URL, admin } from './pg-admin.ts';
import { SESSION_COOKIE } from '../common/socket.ts';
import { Extension, Queue, QueueTier, Tenant, User } from '../server/db/entities/index.ts';
import { openDatabase, type Em } from '../server/db/orm.ts';
import { createSession } from '../server/http/session.ts';
import type { Population } from './population.ts';

/** Sessions are written by this many EntityManagers at once. */
const SESSION_WRITERS = 8;

export interface BenchDatabase {
  url: string;
  /** `sb_session=…` per agent, in population order. */
  cookies: string[];
  drop(): Promise<void>;
}

export async function createBenchDatabase(population: Population): Promise<BenchDatabase> {
  const name = `sb_bench_${randomBytes(4).toString('hex')}`;
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  await admin(`create database "${name}"`);
  // FORCE: a server we killed may still hold a connection.
  const drop = () => admin(`drop database if exists "${name}" with (force)`);
  try {
    const db = await openDatabase({ databaseUrl: url.href, dataDir: '/nonexistent-not-used-with-a-url' });
    try {
      const users = await seed(db.orm.em.fork(), population);
      const cookies: string[] = new Array(users.length);
      for (let w = 0; w < SESSION_WRITERS; w++) {
        // Each writer its own EntityManager: createSession flushes, and flushes must not interleave.
        const em = db.orm.em.fork();
        for (let i = w; i < users.length; i += SESSION_WRITERS) {
          const { token } = await createSession(em, users[i]!, { remember: true, days: 1, userAgent: 'switchboard-bench' });
          cookies[i] = `${SESSION_COOKIE}=${token}`;
          em.clear();
        }
      }
      return { url: url.href, cookies, drop };
    } finally {
      await db.close();
    }
  } catch (err) {
    await drop();
    throw err;
  }
}

async function seed(em: Em, population: Population): Promise<User[]> {
  const tenants = population.tenants.map((t) =>
    em.create(Tenant, {
      name: t.name,
      domain: t.domain,
      maxExtensions: t.extensions.length,
      maxDevices: t.extensions.length * 2,
      maxRingGroups: 5,
      voiceMinutes: 100_000,
      faxPages: 1000,
    }),
  );
  const queues = population.tenants.map((t, i) => new Map(t.queues.map((q) => [q, em.create(Queue, { tenant: tenants[i]!, name: q })])));
  const users = population.agents.map((a) => {
    const tenant = tenants[a.tenant]!;
    // Nobody signs in with a password here: the hash only has to be a string.
    const user = em.create(User, { tenant, email: a.email, name: a.email, role: 'agent', passwordHash: 'bench-no-password' });
    em.create(Extension, { tenant, number: a.extension, sipPassword: 'bench', owner: user, callerIdName: a.email });
    for (const q of a.queues) em.create(QueueTier, { queue: queues[a.tenant]!.get(q)!, user });
    return user;
  });
  await em.flush();
  return users;
}
