// The send queue survives its server: a fax queued on node A, which stops
// while the fax is Sending or Queued, is finished by node B on the same
// database and data folder — ended exactly once, with the originates the
// PBX really saw counted. The PBX simulator runs on its own here (as
// FreeSWITCH would), so it outlives both servers and its fax calls go on.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { PbxSimulator } from '../../../freeswitch/simulator/index.ts';
import { loadConfig } from '../../../server/config.ts';
import { startSwitchboard, type Switchboard } from '../../../server/main.ts';
import type { OutboundSql } from '../../../server/fax/rows.ts';
import { freshDatabase, type FreshDatabase } from '../../helpers/db.ts';
import { makePdf, uploadFax } from '../../helpers/fax.ts';
import { DEMO_PASSWORD } from '../../helpers/server.ts';
import { sleep, waitFor } from '../../helpers/wait.ts';

const ESL_PASSWORD = 'restart-secret';
let simulator: PbxSimulator;
let eslPort = 0;
/** Whatever a test started, stopped by test.after even when an assertion threw. */
const running = new Set<Switchboard>();
const cleanups: (() => Promise<void>)[] = [];

test.before(async () => {
  simulator = new PbxSimulator({ password: ESL_PASSWORD, heartbeatMs: 0 });
  eslPort = await simulator.start();
});

test.after.each(async () => {
  for (const s of running) await s.close().catch(() => undefined);
  running.clear();
  while (cleanups.length) await cleanups.pop()!().catch(() => undefined);
  simulator.fax.delayMs = 300;
});

test.after(async () => {
  await simulator?.stop();
});

/** One database and one data folder, which both nodes of a test share. */
async function sharedStore() {
  const db = await freshDatabase();
  const dataDir = mkdtempSync(join(tmpdir(), 'sb-fax-restart-'));
  cleanups.push(async () => {
    await db.close();
    rmSync(dataDir, { recursive: true, force: true });
  });
  return { db, dataDir };
}

async function startNode(store: { db: FreshDatabase; dataDir: string }, env: Record<string, string> = {}) {
  const node = await startSwitchboard(
    loadConfig({
      DATABASE_URL: store.db.url,
      DATA_DIR: store.dataDir,
      PORT: '0',
      SEED_DEMO: 'true',
      ESL_HOST: '127.0.0.1',
      ESL_PORT: String(eslPort),
      ESL_PASSWORD,
      LOG_LEVEL: 'error',
      NODE_ENV: 'test',
      FAX_POLL_MS: '50',
      FAX_LEASE_S: '1',
      FAX_RETRY_DELAY_S: '0',
      ...env,
    }),
  );
  running.add(node);
  await waitFor(() => node.pbx.connected, 10_000, 'the node on the PBX');
  return node;
}

async function stopNode(node: Switchboard) {
  running.delete(node);
  await node.close();
}

async function signIn(url: string, email = 'agent@acme.test') {
  const res = await fetch(`${url}/api/auth/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: DEMO_PASSWORD }),
  });
  assert.is(res.status, 200, `sign-in as ${email}`);
  return res.headers.get('set-cookie')!.split(';')[0]!;
}

const faxRow = async (db: FreshDatabase, id: string) => {
  const [row] = (await db.orm.em.fork().getConnection().execute(`select * from "fax_outbound" where "id" = ?`, [id])) as OutboundSql[];
  return row;
};

/** The row once `ready` holds for it (for waitFor), else undefined. */
const rowWhen = async (db: FreshDatabase, id: string, ready: (r: OutboundSql) => boolean) => {
  const r = await faxRow(db, id);
  return r && ready(r) ? r : undefined;
};
const settled = (r: OutboundSql) => r.status === 'sent' || r.status === 'failed';

/** The txfax originates the PBX received for this number (the simulator logs every command). */
const originates = (number: string) => simulator.commands.filter((c) => c.startsWith('originate') && c.includes(`/${number} &txfax(`));

test('stopped while Sending, the call still up: node B takes over the expired lease, waits on the live call, and records Sent once', async () => {
  const store = await sharedStore();
  simulator.fax.delayMs = 4000; // the far machine takes its time: the call outlives node A
  const a = await startNode(store);
  const cookie = await signIn(a.url);
  const up = await uploadFax(a.url, cookie, { to: '+15550107001' }, { bytes: await makePdf(2), name: 'a.pdf', type: 'application/pdf' });
  assert.is(up.status, 201, JSON.stringify(up.body));
  const id: string = up.body.fax.id;
  const sending = await waitFor(() => rowWhen(store.db, id, (r) => r.status === 'sending' && originates('+15550107001').length === 1), 20_000, 'Sending on A');
  await stopNode(a);
  assert.is((await faxRow(store.db, id))!.status, 'sending', 'A stopped mid-call: nothing has settled the fax');
  await sleep(1200); // the 1 s lease A took has run out

  const b = await startNode(store);
  const sent = await waitFor(() => rowWhen(store.db, id, (r) => r.status !== 'sending'), 20_000, 'the fax settled on B');
  assert.is(sent.status, 'sent', `ended ${sent.status}: ${sent.reason}`);
  assert.is(sent.sent_pages, 2);
  assert.is(sent.attempts, 1);
  assert.is(sent.reason, null);
  assert.is(sent.call_uuid, sending.call_uuid, 'the result of the call A placed');
  assert.ok(simulator.commands.includes(`uuid_exists ${sending.call_uuid}`), 'B asked FreeSWITCH whether the call still lived');
  assert.is(originates('+15550107001').length, 1, 'one call to the far machine, never a second');
  // B keeps polling: nothing moves the settled fax again.
  await sleep(1500);
  const later = await faxRow(store.db, id);
  assert.is(later!.status, 'sent');
  assert.is(String(later!.completed_at), String(sent.completed_at));
  assert.is(originates('+15550107001').length, 1);
  await stopNode(b);
});

test('stopped while Sending and the result lost with no node listening: B re-sends after the lease, Sent once on the second call', async () => {
  const store = await sharedStore();
  simulator.fax.delayMs = 1500;
  const a = await startNode(store);
  const cookie = await signIn(a.url);
  const up = await uploadFax(a.url, cookie, { to: '+15550107002' }, { bytes: await makePdf(1), name: 'b.pdf', type: 'application/pdf' });
  assert.is(up.status, 201, JSON.stringify(up.body));
  const id: string = up.body.fax.id;
  const first = await waitFor(() => rowWhen(store.db, id, (r) => r.status === 'sending' && originates('+15550107002').length === 1), 20_000, 'Sending on A');
  await stopNode(a);
  // The call ends while no server is connected: its txfaxresult reaches nobody.
  await waitFor(() => !simulator.channels().some((c) => c.uuid === first.call_uuid), 10_000, 'the fax call over');
  simulator.fax.delayMs = 300;

  const b = await startNode(store);
  const sent = await waitFor(() => rowWhen(store.db, id, settled), 20_000, 'the fax settled on B');
  assert.is(sent.status, 'sent', `ended ${sent.status}: ${sent.reason}`);
  assert.is(sent.attempts, 2, 'the lost attempt counts');
  assert.is.not(sent.call_uuid, first.call_uuid, 'settled by the second call');
  assert.is(originates('+15550107002').length, 2);
  await sleep(1500);
  assert.is((await faxRow(store.db, id))!.status, 'sent');
  assert.is(originates('+15550107002').length, 2, 'no third call');
  await stopNode(b);
});

test('stopped while Queued for a retry: B sends it when its time comes, once', async () => {
  const store = await sharedStore();
  simulator.fax.delayMs = 300;
  simulator.fax.failNext('busy');
  const a = await startNode(store, { FAX_RETRY_DELAY_S: '2' });
  const cookie = await signIn(a.url);
  const up = await uploadFax(a.url, cookie, { to: '+15550107003' }, { bytes: await makePdf(1), name: 'c.pdf', type: 'application/pdf' });
  assert.is(up.status, 201, JSON.stringify(up.body));
  const id: string = up.body.fax.id;
  const queued = await waitFor(() => rowWhen(store.db, id, (r) => r.status === 'queued' && r.attempts === 1), 20_000, 'back in the queue after busy');
  assert.match(queued.reason!, /busy/);
  await stopNode(a);
  assert.is(originates('+15550107003').length, 1);

  const b = await startNode(store, { FAX_RETRY_DELAY_S: '2' });
  const sent = await waitFor(() => rowWhen(store.db, id, settled), 20_000, 'the fax settled on B');
  assert.is(sent.status, 'sent', `ended ${sent.status}: ${sent.reason}`);
  assert.is(sent.attempts, 2);
  assert.is(originates('+15550107003').length, 2, 'the busy call and the one that went through');
  await stopNode(b);
});

test('two nodes on one queue at once: the fax goes out once', async () => {
  const store = await sharedStore();
  simulator.fax.delayMs = 300;
  const a = await startNode(store);
  await startNode(store); // B: it polls the same table
  const cookie = await signIn(a.url);
  const ids: string[] = [];
  for (let i = 0; i < 4; i++) {
    const up = await uploadFax(a.url, cookie, { to: `+1555010710${i}` }, { bytes: await makePdf(1), name: `d${i}.pdf`, type: 'application/pdf' });
    assert.is(up.status, 201, JSON.stringify(up.body));
    ids.push(up.body.fax.id);
  }
  for (const id of ids) {
    const r = await waitFor(() => rowWhen(store.db, id, settled), 20_000, `fax ${id} settled`);
    assert.is(r.status, 'sent', `ended ${r.status}: ${r.reason}`);
    assert.is(r.attempts, 1);
  }
  for (let i = 0; i < 4; i++) assert.is(originates(`+1555010710${i}`).length, 1, `fax ${i} originated once`);
});

test.run();
