// Start-up and shutdown as a contract, on real PostgreSQL and the simulator
// over real TCP: a start-up that fails half-way (the port is taken) rejects
// AND closes the database, the PBX link and the simulator it had opened; a
// clean close leaves nothing open either.
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import knex from 'knex';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { loadConfig } from '../../server/config.ts';
import { startSwitchboard } from '../../server/main.ts';
import { freshDatabase, type FreshDatabase } from '../helpers/db.ts';
import { waitFor } from '../helpers/wait.ts';

let db: FreshDatabase;
let dataDir: string;
let blocker: Server;

test.before(async () => {
  db = await freshDatabase();
  await db.orm.close(); // the server opens its own connections
  dataDir = mkdtempSync(join(tmpdir(), 'sb-lifecycle-'));
  blocker = createServer();
  await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
});
test.after(async () => {
  await new Promise<void>((resolve) => blocker.close(() => resolve()));
  await db.close();
  rmSync(dataDir, { recursive: true, force: true });
});

const config = (port: number) =>
  loadConfig({
    DATABASE_URL: db.url,
    DATA_DIR: dataDir,
    HOST: '127.0.0.1',
    PORT: String(port),
    SEED_DEMO: 'true',
    // Demo traffic on: its timers and the simulator's CDR posts must stop too.
    SIMULATOR_DEMO: 'true',
    LOG_LEVEL: 'silent',
    NODE_ENV: 'test',
  });

/** Connections PostgreSQL itself says are open to the test database (this query's own is elsewhere). */
async function connectionsToDb(): Promise<number> {
  const admin = knex({ client: 'pg', connection: process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test', pool: { min: 0, max: 1 } });
  try {
    const { rows } = await admin.raw<{ rows: { n: number }[] }>('select count(*)::int as n from pg_stat_activity where datname = ?', [db.name]);
    return rows[0]!.n;
  } finally {
    await admin.destroy();
  }
}

/** What keeps this process alive: sockets, servers, handles (timers are unref'd or cleared, and counted apart). */
const handles = () =>
  process
    .getActiveResourcesInfo()
    .filter((r) => r !== 'Timeout' && r !== 'Immediate')
    .sort();

test('a start-up that fails on a taken port rejects and closes the database, PBX link and simulator it opened', async () => {
  const taken = (blocker.address() as AddressInfo).port;
  const before = handles();
  let opened = 0;
  const err = await startSwitchboard(config(taken)).catch((e: NodeJS.ErrnoException) => e);
  assert.instance(err, Error);
  assert.is((err as NodeJS.ErrnoException).code, 'EADDRINUSE');
  // It had seeded the database and started the simulator, the ESL link and Socket.IO before the port was tried.
  await waitFor(async () => (opened = await connectionsToDb()) === 0, 3000, 'no database connection').catch(() => {
    throw new Error(`the failed start-up left ${opened} database connection(s) open`);
  });
  await waitFor(() => handles().join() === before.join(), 3000, 'no handle').catch(() => {
    throw new Error(`the failed start-up left handles open: before [${before.join(', ')}], after [${handles().join(', ')}]`);
  });
});

test('a clean start and close leaves no connection and no handle', async () => {
  const before = handles();
  const switchboard = await startSwitchboard(config(0));
  await waitFor(() => switchboard.pbx.connected, 5000, 'the ESL link');
  assert.ok((await connectionsToDb()) > 0, 'it was connected');
  assert.ok(handles().length > before.length, 'it had opened sockets');
  await switchboard.close();
  let opened = 0;
  await waitFor(async () => (opened = await connectionsToDb()) === 0, 3000, 'no database connection').catch(() => {
    throw new Error(`close() left ${opened} database connection(s) open`);
  });
  await waitFor(() => handles().join() === before.join(), 3000, 'no handle').catch(() => {
    throw new Error(`close() left handles open: before [${before.join(', ')}], after [${handles().join(', ')}]`);
  });
  await switchboard.close(); // a second close is harmless
});

test.run();
