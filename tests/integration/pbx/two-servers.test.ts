// One Switchboard connected to two PBX simulators over real TCP
// (ESL_SERVERS): a supervisor joins an agent's call held by the second
// server, and the eavesdrop is originated there, not on the home server. An
// outage of the home server (its read-back lacks the legs) neither ends the
// supervision nor closes its audit row: the legs live on the second server.
// The call ending while the second server is unreachable ends both at its
// read-back. The same with real FreeSWITCH (registrations, calls, an
// outage): tests/freeswitch/two-servers.test.ts.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { SuperviseResult } from '../../../common/socket.ts';
import { PbxSimulator } from '../../../freeswitch/simulator/index.ts';
import { loadConfig } from '../../../server/config.ts';
import { callCenterConfig, listQueuePlans } from '../../../server/db/queue-queries.ts';
import { seedDemo } from '../../../server/db/seed.ts';
import { startSwitchboard, type Switchboard } from '../../../server/main.ts';
import { connectSocket, signIn } from '../../helpers/browser-session.ts';
import { freshDatabase, type FreshDatabase } from '../../helpers/db.ts';
import { follow, type LiveSocket, type LiveView } from '../../helpers/live-client.ts';
import { DEMO_PASSWORD } from '../../helpers/server.ts';
import { waitFor } from '../../helpers/wait.ts';

const ACME = 'acme.pbx.test';
let db: FreshDatabase;
let home: PbxSimulator;
let second: PbxSimulator;
let sb: Switchboard;
let dataDir: string;
const sockets: LiveSocket[] = [];
/** How many times Switchboard read a server back (once per connect). */
const readBacks = (sim: PbxSimulator) => sim.commands.filter((c) => c === 'show channels as json').length;

test.before(async () => {
  db = await freshDatabase();
  await seedDemo(db.orm.em.fork());
  const plan = callCenterConfig(await listQueuePlans(db.orm.em.fork()));
  await db.orm.close();
  home = new PbxSimulator({ heartbeatMs: 0 });
  second = new PbxSimulator({ heartbeatMs: 0 });
  const ports = [await home.start(), await second.start()];
  home.callcenter.configure(plan);
  dataDir = mkdtempSync(join(tmpdir(), 'sb-two-'));
  sb = await startSwitchboard(
    loadConfig({
      DATABASE_URL: db.url,
      DATA_DIR: dataDir,
      PORT: '0',
      SEED_DEMO: 'false',
      ESL_SERVERS: ports.map((p) => `127.0.0.1:${p}`).join(','),
      LOG_LEVEL: 'warn',
      NODE_ENV: 'test',
    }),
  );
  await waitFor(() => readBacks(home) > 0 && readBacks(second) > 0, 10_000, 'a link to each server, read back');
  // Both phones are on the second server.
  second.register({ user: '1001', domain: ACME });
  second.register({ user: '1007', domain: ACME });
});
test.after(async () => {
  for (const s of sockets) s.close();
  await sb?.close();
  await home?.stop();
  await second?.stop();
  await db?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

async function liveAs(email: string): Promise<{ socket: LiveSocket; view: LiveView }> {
  const socket = connectSocket(sb.url, await signIn(sb.url, email, DEMO_PASSWORD));
  sockets.push(socket);
  const view = follow(socket);
  await waitFor(() => view.snapshots >= 1, 5000, `${email}'s snapshot`);
  return { socket, view };
}

const supervise = (socket: LiveSocket) =>
  new Promise<SuperviseResult>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no ack to supervise')), 10_000);
    socket.emit('supervise', { extension: '1001', mode: 'listen' }, (r) => (clearTimeout(timer), resolve(r)));
  });

const openRows = async () =>
  (await sb.orm.em.fork().getConnection().execute(`select id from audit_log where action like 'supervise.%' and changes->>'until' is null`)) as unknown[];

test("a supervision of a call on the second server: eavesdropped there, untouched by the home server's outage, ended by the second's", async () => {
  const tenant = () => sb.live.tenantState(sb.live.tenantIdOfDomain(ACME)!)!;
  await waitFor(() => tenant().dashboard.devices === 2, 5000, "the second server's phones");
  const supervisor = await liveAs('supervisor@acme.test');
  const agent = await liveAs('agent@acme.test');
  const call = second.startCall({ from: '+15550001111', to: '1001', domain: ACME, direction: 'outbound', callerIdName: 'Dana Scully' });
  second.answer(call);
  await waitFor(() => tenant().legs.get(call)?.answeredAt, 5000, "the agent's call");

  assert.equal(await supervise(supervisor.socket), { ok: true });
  assert.ok(second.commands.some((c) => c.startsWith('originate') && c.includes(`&eavesdrop(${call})`)), 'originated on the server holding the call');
  assert.not.ok(home.commands.some((c) => c.startsWith('originate')), 'not on the home server');
  await waitFor(() => agent.view.extensions['1001']!.state.supervisor?.mode === 'listen', 5000, 'listening shown to the agent');
  assert.is((await openRows()).length, 1);

  const before = readBacks(home);
  home.goDown();
  home.comeUp();
  // Its read-back (no legs of ours) is folded, then the rows are checked against every server.
  await waitFor(() => readBacks(home) > before, 10_000, "the home server's read-back after its outage");
  await waitFor(() => second.commands.some((c) => c.startsWith('uuid_exists')), 5000, 'the second server asked about the legs');
  assert.equal(agent.view.extensions['1001']!.state.supervisor, { name: 'Grace Lindqvist', mode: 'listen' }, 'still shown');
  assert.is((await openRows()).length, 1, 'the audit row still open');
  assert.ok(tenant().legs.has(call), 'the call goes on');

  second.goDown();
  second.hangup(call);
  await waitFor(() => agent.view.extensions['1001']!.state.supervisor == null, 5000, "the agent's screen cleared: the second server is out of reach");
  assert.not.ok(tenant().legs.has(call));
  second.comeUp();
  await waitFor(async () => (await openRows()).length === 0, 10_000, 'the audit row closed');
  assert.ok(sb.pbx.connected);
  void supervisor;
});

test.run();
