// A brand-new PostgreSQL database per test file on the local server
// (127.0.0.1:5432, user postgres, trust auth), migrated by openDatabase and
// dropped again on close, so suites never see each other's rows.
import { randomBytes } from 'node:crypto';
import type { Knex } from 'knex';
// knex is CommonJS: under Node's ESM only its default export exists.
import knex from 'knex';
import { openDatabase, type Orm } from '../../server/db/orm.ts';

/** The server's maintenance database we connect to for CREATE/DROP DATABASE. */
const ADMIN_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export interface FreshDatabase {
  /** postgres://… of the new database: hand it to a server or a child process as DATABASE_URL. */
  url: string;
  name: string;
  orm: Orm;
  close(): Promise<void>;
}

function adminConnection(): Knex {
  return knex({ client: 'pg', connection: ADMIN_URL, pool: { min: 0, max: 1 } });
}

export async function freshDatabase(): Promise<FreshDatabase> {
  const name = `sb_t_${randomBytes(6).toString('hex')}`;
  const admin = adminConnection();
  try {
    await admin.raw(`create database "${name}"`);
  } finally {
    await admin.destroy();
  }
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  const db = await openDatabase({ databaseUrl: url.href, dataDir: '/nonexistent-not-used-with-a-url' });
  return {
    url: url.href,
    name,
    orm: db.orm,
    async close() {
      // A caller may have closed the ORM already (to hand the database to a server).
      if (await db.orm.isConnected()) await db.close();
      const drop = adminConnection();
      try {
        // FORCE: a child process or server that was killed may still hold a connection.
        await drop.raw(`drop database if exists "${name}" with (force)`);
      } finally {
        await drop.destroy();
      }
    },
  };
}
