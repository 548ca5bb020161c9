// The hand-written migrations build the schema the entities describe, on a
// real PostgreSQL and on embedded PGlite alike, and run only once.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Tenant, User } from '../../../server/db/entities/index.ts';
import { listTenantsWithExtensions } from '../../../server/db/queries.ts';
import { seedDemo } from '../../../server/db/seed.ts';
import { createTestApp } from '../../helpers/auth-app.ts';
import { openDatabase, type Orm } from '../../../server/db/orm.ts';
import { migrationsList } from '../../../server/db/migrations/index.ts';
import { freshDatabase } from '../../helpers/db.ts';

/** Every table an entity maps to: what the migrations must have created. */
const entityTables = (orm: Orm): string[] =>
  Object.values(orm.getMetadata().getAll())
    .filter((meta) => !meta.embeddable && !meta.virtual)
    .map((meta) => meta.tableName)
    .sort();

async function tablesOf(orm: Orm): Promise<string[]> {
  const rows: { table_name: string }[] = await orm.em
    .getConnection()
    .execute(`select table_name from information_schema.tables where table_schema = 'public' order by table_name`);
  return rows.map((r) => r.table_name).filter((t) => t !== 'mikro_orm_migrations');
}

/** Opens a database for `body` and closes it even when an assertion fails, so a failing test still exits. */
async function withDatabase(dataDir: string, body: (db: Awaited<ReturnType<typeof openDatabase>>) => Promise<void>, databaseUrl?: string) {
  const db = await openDatabase({ dataDir, ...(databaseUrl && { databaseUrl }) });
  try {
    await body(db);
  } finally {
    await db.close();
  }
}

async function appliedMigrations(orm: Orm): Promise<string[]> {
  const rows: { name: string }[] = await orm.em.getConnection().execute(`select name from mikro_orm_migrations order by id`);
  return rows.map((r) => r.name);
}

async function assertSchemaMatchesEntities(orm: Orm) {
  const diff = await orm.getSchemaGenerator().getUpdateSchemaSQL({ wrap: false });
  assert.is(diff.replace(/set names 'utf8';/, '').trim(), '', `entities and migrations disagree:\n${diff}`);
}

test('a fresh PostgreSQL database gets every table, exactly as the entities describe', async () => {
  const db = await freshDatabase();
  try {
    assert.ok(entityTables(db.orm).includes('users'));
    assert.equal(await tablesOf(db.orm), entityTables(db.orm));
    assert.equal(await appliedMigrations(db.orm), migrationsList.map((m) => m.name));
    await assertSchemaMatchesEntities(db.orm);

    // Opening again applies nothing twice.
    await withDatabase('/unused', async (again) => {
      assert.equal(await appliedMigrations(again.orm), migrationsList.map((m) => m.name));
    }, db.url);
  } finally {
    await db.close();
  }
});

test('a fresh PGlite folder gets the same schema and keeps its data across restarts', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'sb-pglite-'));
  try {
    await withDatabase(dataDir, async (first) => {
      assert.equal(await tablesOf(first.orm), entityTables(first.orm));
      await assertSchemaMatchesEntities(first.orm);
      const em = first.orm.em.fork();
      em.create(Tenant, {
        name: 'Kept',
        domain: 'kept.pbx.test',
        credit: '1.2345',
        maxExtensions: 1,
        maxDevices: 1,
        maxRingGroups: 0,
        voiceMinutes: 0,
        faxPages: 0,
      });
      await em.flush();
    });

    await withDatabase(dataDir, async (second) => {
      const kept = await second.orm.em.fork().findOneOrFail(Tenant, { domain: 'kept.pbx.test' });
      assert.is(kept.credit, '1.2345', 'credit comes back as the exact decimal string');
      assert.equal(await appliedMigrations(second.orm), migrationsList.map((m) => m.name));
    });
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
});

test('seed, sign-in, lockout and unlock work on PGlite as on PostgreSQL', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'sb-pglite-'));
  const db = await openDatabase({ dataDir });
  try {
    assert.ok((await seedDemo(db.orm.em.fork())).seeded);
    const t = createTestApp(db.orm, { maxFailedSignIns: 2 });
    const { res, cookie } = await t.signIn('agent@globex.test');
    assert.is(res.status, 200);
    assert.is((await t.request('GET', '/api/me', { cookie })).status, 200);
    assert.is((await t.signIn('agent2@globex.test', 'nope')).res.status, 401);
    assert.is((await t.signIn('agent2@globex.test', 'nope')).res.status, 423);
    const admin = await t.signIn('admin@globex.test');
    const id = (await db.orm.em.fork().findOneOrFail(User, { email: 'agent2@globex.test' })).id;
    assert.is((await t.request('POST', `/api/admin/users/${id}/unlock`, { cookie: admin.cookie })).status, 200);
    assert.is((await t.signIn('agent2@globex.test')).res.status, 200);
    const tenants = await listTenantsWithExtensions(db.orm.em.fork());
    assert.equal(tenants.map((x) => x.queues), [3, 1]);
  } finally {
    await db.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
});

test('the database refuses what the code must never write', async () => {
  const db = await freshDatabase();
  try {
    const conn = db.orm.em.getConnection();
    const tenant = `insert into tenants (id, name, domain, max_extensions, max_devices, max_ring_groups, voice_minutes, fax_pages)
      values (gen_random_uuid(), 'T', 'dup.pbx.test', 1, 1, 1, 1, 1)`;
    await conn.execute(tenant);
    let duplicate: unknown;
    await conn.execute(tenant).catch((e: unknown) => (duplicate = e));
    assert.ok(duplicate, 'two tenants cannot share a SIP domain');

    let upper: unknown;
    await conn
      .execute(
        `insert into users (id, tenant_id, email, name, password_hash, role)
         select gen_random_uuid(), id, 'Someone@Example.test', 'S', 'x', 'agent' from tenants limit 1`,
      )
      .catch((e: unknown) => (upper = e));
    assert.ok(upper, 'e-mails are stored lowercase only');
  } finally {
    await db.close();
  }
});

test.run();
