// Two real server processes (`node --import tsx server/main.ts`) on one
// PostgreSQL, both consuming the same simulator's ESL stream, sharing Redis
// for Socket.IO, with mod_json_cdr posting every CDR to the first as well:
// each HANGUP_COMPLETE reaches the database three times, at once. Every
// call must still be one row and one debit, and both nodes' clients must end
// on the database's balance, each told of each call once.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { io, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents } from '../../../common/socket.ts';
import { PbxSimulator } from '../../../freeswitch/simulator/index.ts';
import { seedDemo } from '../../../server/db/seed.ts';
import { freshDatabase, type FreshDatabase } from '../../helpers/db.ts';
import { follow } from '../../helpers/live-client.ts';
import { DEMO_PASSWORD } from '../../helpers/server.ts';
import { sleep, waitFor } from '../../helpers/wait.ts';

const ROOT = new URL('../../../', import.meta.url).pathname;
const CALLS = 12;

let db: FreshDatabase;
let simulator: PbxSimulator;
const children: ChildProcess[] = [];
const dirs: string[] = [];
const urls: string[] = [];

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });

async function startNode(eslPort: number): Promise<string> {
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'sb-proc-'));
  dirs.push(dataDir);
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: ROOT,
    env: {
      ...process.env,
      DATABASE_URL: db.url,
      DATA_DIR: dataDir,
      PORT: String(port),
      SEED_DEMO: 'false',
      ESL_HOST: '127.0.0.1',
      ESL_PORT: String(eslPort),
      REDIS_URL: 'redis://127.0.0.1:6379',
      LOG_LEVEL: 'warn',
      NODE_ENV: 'test',
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  children.push(child);
  const url = `http://127.0.0.1:${port}`;
  // Socket.IO attaches after HTTP listens: ready once its handshake answers.
  await waitFor(async () => (await fetch(`${url}/socket.io/?EIO=4&transport=polling`).catch(() => undefined))?.status === 200, 30_000, `node on ${port}`, 100);
  return url;
}

async function stopChild(child: ChildProcess) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

async function signIn(url: string, email: string) {
  const res = await fetch(`${url}/api/auth/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: DEMO_PASSWORD }),
  });
  assert.is(res.status, 200);
  return res.headers.get('set-cookie')!.split(';')[0]!;
}

test.before(async () => {
  db = await freshDatabase();
  await seedDemo(db.orm.em.fork());
  simulator = new PbxSimulator({ heartbeatMs: 0 });
  const eslPort = await simulator.start();
  urls.push(await startNode(eslPort), await startNode(eslPort));
  simulator.postCdrTo(`${urls[0]}/freeswitch/cdr`);
});
test.after(async () => {
  await Promise.all(children.map(stopChild));
  await simulator?.stop();
  await db?.close();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

test(`${CALLS} calls consumed by two processes and posted over HTTP: ${CALLS} rows, ${CALLS} debits, same balance everywhere`, async () => {
  const sockets: Socket<ServerToClientEvents, ClientToServerEvents>[] = [];
  try {
    const views: ReturnType<typeof follow>[] = [];
    for (const url of urls) {
      const cookie = await signIn(url, 'agent@acme.test');
      // A socket that arrives while the node is still connecting to Redis is
      // accepted but never served (noted in the report); try again until served.
      await waitFor(
        async () => {
          const socket = io(url, { transports: ['websocket'], extraHeaders: { cookie }, reconnection: false, forceNew: true });
          const view = follow(socket);
          const served = await waitFor(() => view.snapshots > 0, 1000, 'snapshot').then(() => true, () => false);
          if (!served) socket.close();
          else sockets.push(socket), views.push(view);
          return served;
        },
        15_000,
        `a served socket on ${url}`,
      );
    }
    const told = sockets.map(() => new Map<string, number>());
    sockets.forEach((s, i) => s.on('cdr', (row) => told[i]!.set(row.uuid, (told[i]!.get(row.uuid) ?? 0) + 1)));
    await waitFor(() => views.every((v) => v.tenant?.state.pbxConnected), 15_000, 'both nodes on ESL');

    const uuids = Array.from({ length: CALLS }, (_, i) =>
      simulator.startCall({ from: '1001', to: `+1415555${String(1000 + i)}`, domain: 'acme.pbx.test' }),
    );
    for (const uuid of uuids) simulator.answer(uuid);
    await sleep(1100);
    for (const uuid of uuids) simulator.hangup(uuid);
    await simulator.cdrPostsSettled();

    const sql = <T>(q: string, p: unknown[] = []) => db.orm.em.fork().getConnection().execute(q, p) as Promise<T[]>;
    await waitFor(async () => (await sql<{ n: number }>('select count(*)::int as n from cdr'))[0]!.n >= CALLS, 10_000, 'the rows');
    await sleep(300); // anything late would show now
    const [rows] = await sql<{ n: number; cost: string }>(`select count(*)::int as n, sum(cost)::text as cost from cdr where uuid in (${uuids.map(() => '?').join(', ')})`, uuids);
    assert.is(rows!.n, CALLS, 'one row per call');
    // Each call: 1–2 s at +1 (0.01/min, 60/60) = 0.01.
    assert.is(rows!.cost, '0.1200');
    const [tenant] = await sql<{ credit: string; credit_version: number }>(
      `select credit::text as credit, credit_version from tenants where domain = 'acme.pbx.test'`,
    );
    assert.is(tenant!.credit, '125.3800', 'debited once per call');
    // The seed's opening top-up was the first change.
    assert.is(tenant!.credit_version, 1 + CALLS, 'one balance change per call');

    await waitFor(() => views.every((v) => v.tenant!.state.credit === '125.3800'), 5000, 'both clients on the final balance');
    await waitFor(() => told.every((t) => t.size === CALLS), 5000, 'every call told on both nodes');
    for (const t of told) assert.ok([...t.values()].every((n) => n === 1), 'each call told once per client');
  } finally {
    for (const s of sockets) s.close();
  }
});

test.run();
