// Listen, whisper, barge over the PBX simulator with two server nodes on
// real Redis: the supervisor's socket is on one node, the agent's on the
// other, and the agent still sees who is listening or speaking; modes are
// digits on the supervisor's leg (no new originate); leaving, or the call
// ending, clears both screens and closes the audit rows; every refusal is a
// clear ack error with nothing originated. The same against real FreeSWITCH,
// with audio: tests/freeswitch/supervise.test.ts.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { SuperviseRequest, SuperviseResult } from '../../../common/socket.ts';
import type { Switchboard } from '../../../server/main.ts';
import { SUPERVISOR_RING_SECONDS } from '../../../server/pbx/eavesdrop.ts';
import { follow, type LiveSocket, type LiveView } from '../../helpers/live-client.ts';
import { startNodes } from '../../helpers/nodes.ts';
import { restClient } from '../../helpers/rest.ts';
import { waitFor } from '../../helpers/wait.ts';

const ACME = 'acme.pbx.test';
let cluster: Awaited<ReturnType<typeof startNodes>>;
let a: Switchboard;
let b: Switchboard;
const sockets: LiveSocket[] = [];

test.before(async () => {
  cluster = await startNodes(2, process.env.NO_REDIS ? {} : { REDIS_URL: 'redis://127.0.0.1:6379' });
  [a, b] = cluster.nodes as [Switchboard, Switchboard];
  await waitFor(() => cluster.nodes.every((n) => n.pbx.connected), 10_000, 'both ESL links');
  // The supervisor's phone and the agent's.
  cluster.simulator.register({ user: '1007', domain: ACME });
  cluster.simulator.register({ user: '1001', domain: ACME });
});
test.after(async () => {
  for (const s of sockets) s.close();
  await cluster?.close();
});

async function liveAs(node: Switchboard, email: string): Promise<{ socket: LiveSocket; view: LiveView }> {
  const socket = cluster.connect(node, await cluster.signIn(node, email));
  sockets.push(socket);
  const view = follow(socket);
  await waitFor(() => view.snapshots >= 1, 5000, `${email}'s snapshot`);
  return { socket, view };
}

const supervise = (socket: LiveSocket, request: SuperviseRequest) =>
  new Promise<SuperviseResult>((resolve, reject) => {
    // The server answers by itself once the supervisor's phone has rung out: wait for its word, not less.
    const timer = setTimeout(() => reject(new Error(`no ack to supervise ${JSON.stringify(request)}`)), (SUPERVISOR_RING_SECONDS + 10) * 1000);
    socket.emit('supervise', request, (r) => (clearTimeout(timer), resolve(r)));
  });
const leave = (socket: LiveSocket) =>
  new Promise<SuperviseResult>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no ack')), 10_000);
    socket.emit('supervise-leave', (r) => (clearTimeout(timer), resolve(r)));
  });

/** An outside caller on the agent's phone, answered; returns the agent's leg. */
function callOnAgent(): string {
  const uuid = cluster.simulator.startCall({ from: '+15550001111', to: '1001', domain: ACME, direction: 'outbound', callerIdName: 'Dana Scully' });
  cluster.simulator.answer(uuid);
  return uuid;
}

interface Row {
  actor: string;
  action: string;
  target: string;
  changes: { mode: string; call: string; supervisorLeg: string; from: string; until: string | null };
}
const rows = async () =>
  (await a.orm.em.fork().getConnection().execute(`select actor, action, target, changes from audit_log where action like 'supervise.%' order by id`)) as Row[];
const originates = () => cluster.simulator.commands.filter((c) => c.startsWith('originate')).length;

test('supervisor on node A, agent on node B: listen → whisper → leave, seen live by the agent, one audit row per mode', async () => {
  const supervisor = await liveAs(a, 'supervisor@acme.test');
  const agent = await liveAs(b, 'agent@acme.test');
  const call = callOnAgent();
  await waitFor(() => a.live.tenantState(cluster.tenantId(ACME))!.legs.get(call)?.answeredAt, 5000, "node A to know the agent's call");

  const asked = Date.now();
  assert.equal(await supervise(supervisor.socket, { extension: '1001', mode: 'listen' }), { ok: true });
  const originate = cluster.simulator.commands.find((c) => c.startsWith('originate'))!;
  assert.match(originate, /^originate \{origination_uuid=[0-9a-f-]{36},originate_timeout=30,.*eavesdrop_enable_dtmf=true\}user\/1007@acme\.pbx\.test &eavesdrop\(/);
  assert.ok(originate.endsWith(`&eavesdrop(${call})`), 'eavesdrops on the agent\'s leg');
  const leg = /origination_uuid=([0-9a-f-]{36})/.exec(originate)![1]!;
  assert.is(cluster.simulator.eavesdrops.target(leg), call);

  await waitFor(() => agent.view.extensions['1001']!.state.supervisor?.mode === 'listen', 5000, 'the agent on the other node to see listening');
  assert.equal(agent.view.extensions['1001']!.state.supervisor, { name: 'Grace Lindqvist', mode: 'listen' });
  await waitFor(() => supervisor.view.extensions['1007']!.state.supervising?.extension === '1001', 5000, "the supervisor's bar");

  const count = originates();
  const whisperAt = Date.now();
  assert.equal(await supervise(supervisor.socket, { extension: '1001', mode: 'whisper' }), { ok: true });
  assert.is(originates(), count, 'no new originate for a mode');
  assert.ok(cluster.simulator.commands.includes(`uuid_recv_dtmf ${leg} 2`), 'whisper is digit 2 on the supervisor\'s leg');
  assert.is(cluster.simulator.eavesdrops.digits.get(leg), '2');
  await waitFor(() => agent.view.extensions['1001']!.state.supervisor?.mode === 'whisper', 5000, 'the agent to see whisper');
  assert.equal(await supervise(supervisor.socket, { extension: '1001', mode: 'whisper' }), { ok: true }, 'the same mode again is fine');
  assert.is(cluster.simulator.eavesdrops.digits.get(leg), '2', 'and sends nothing');

  const leftAt = Date.now();
  assert.equal(await leave(supervisor.socket), { ok: true });
  await waitFor(
    () => agent.view.extensions['1001']!.state.supervisor == null && supervisor.view.extensions['1007']!.state.supervising == null,
    5000,
    'both screens to clear',
  );
  assert.is(cluster.simulator.eavesdrops.target(leg), undefined, "the supervisor's leg is gone");
  await waitFor(async () => (await rows()).every((r) => r.changes.until !== null), 5000, 'the rows closed');
  const audit = await rows();
  assert.equal(
    audit.map((r) => [r.actor, r.action, r.target, r.changes.call, r.changes.supervisorLeg]),
    [
      ['supervisor@acme.test', 'supervise.listen', 'extension 1001', call, leg],
      ['supervisor@acme.test', 'supervise.whisper', 'extension 1001', call, leg],
    ],
  );
  const near = (iso: string | null, ms: number) => assert.ok(iso && Math.abs(Date.parse(iso) - ms) < 1000, `${iso} near ${new Date(ms).toISOString()}`);
  near(audit[0]!.changes.from, asked);
  near(audit[0]!.changes.until, whisperAt);
  near(audit[1]!.changes.from, whisperAt);
  near(audit[1]!.changes.until, leftAt);
  cluster.simulator.hangup(call);
});

test('the call ends while a supervisor barges: both screens clear on both nodes and the row is closed', async () => {
  const supervisor = await liveAs(b, 'admin@acme.test');
  const agent = await liveAs(a, 'agent@acme.test');
  const call = callOnAgent();
  await waitFor(() => b.live.tenantState(cluster.tenantId(ACME))!.legs.get(call)?.answeredAt, 5000, "node B to know the call");
  // The admin's own extension is 1008: its phone must be registered to ring.
  cluster.simulator.register({ user: '1008', domain: ACME });
  assert.equal(await supervise(supervisor.socket, { extension: '1001', mode: 'barge' }), { ok: true });
  await waitFor(() => agent.view.extensions['1001']!.state.supervisor?.mode === 'barge', 5000, 'the agent to see barge');
  assert.is(agent.view.extensions['1001']!.state.supervisor!.name, 'Hiro Tanaka');
  cluster.simulator.hangup(call);
  await waitFor(() => agent.view.extensions['1001']!.state.supervisor == null, 5000, "the agent's screen to clear");
  await waitFor(() => supervisor.view.extensions['1008']!.state.supervising == null, 5000, "the admin's bar to clear");
  for (const node of [a, b]) assert.is(node.live.tenantState(cluster.tenantId(ACME))!.supervisions.size, 0);
  await waitFor(async () => (await rows()).at(-1)!.changes.until !== null, 5000, 'the barge row closed');
  assert.is((await rows()).at(-1)!.action, 'supervise.barge');
});

test('an ESL outage: a supervision that goes on is still shown after the resync; one whose call ended meanwhile is cleared and its row closed', async () => {
  const supervisor = await liveAs(a, 'supervisor@acme.test');
  const agent = await liveAs(b, 'agent@acme.test');
  const call = callOnAgent();
  await waitFor(() => a.live.tenantState(cluster.tenantId(ACME))!.legs.get(call)?.answeredAt, 5000, 'the call');
  assert.equal(await supervise(supervisor.socket, { extension: '1001', mode: 'whisper' }), { ok: true });
  await waitFor(() => agent.view.extensions['1001']!.state.supervisor?.mode === 'whisper', 5000, 'whisper shown');
  const connected = () => cluster.nodes.every((n) => n.pbx.connected);

  // The link drops and comes back: FreeSWITCH's channels still hold both legs.
  cluster.simulator.goDown();
  await waitFor(() => !connected(), 5000, 'the links down');
  cluster.simulator.comeUp();
  await waitFor(connected, 10_000, 'the links back');
  await new Promise((r) => setTimeout(r, 500));
  assert.equal(agent.view.extensions['1001']!.state.supervisor, { name: 'Grace Lindqvist', mode: 'whisper' }, 'still shown');
  assert.is((await rows()).at(-1)!.changes.until, null, 'still open');

  // The call ends while no node listens: the resync says so.
  cluster.simulator.goDown();
  await waitFor(() => !connected(), 5000, 'the links down again');
  cluster.simulator.hangup(call);
  const back = Date.now();
  cluster.simulator.comeUp();
  await waitFor(connected, 10_000, 'the links back again');
  await waitFor(() => agent.view.extensions['1001']!.state.supervisor == null, 5000, "the agent's screen to clear");
  await waitFor(() => supervisor.view.extensions['1007']!.state.supervising == null, 5000, "the supervisor's bar to clear");
  await waitFor(async () => (await rows()).at(-1)!.changes.until !== null, 5000, 'the row closed at the resync');
  const until = Date.parse((await rows()).at(-1)!.changes.until!);
  assert.ok(until >= back - 1000 && until <= Date.now() + 1000, 'closed when the resync told');
});

test('the admin hides listening while a supervisor listens: the agent\'s notice goes on both nodes, and comes back when shown again', async () => {
  const supervisor = await liveAs(a, 'supervisor@acme.test');
  const agent = await liveAs(b, 'agent@acme.test');
  const call = callOnAgent();
  await waitFor(() => a.live.tenantState(cluster.tenantId(ACME))!.legs.get(call)?.answeredAt, 5000, 'the call');
  assert.equal(await supervise(supervisor.socket, { extension: '1001', mode: 'listen' }), { ok: true });
  await waitFor(() => agent.view.extensions['1001']!.state.supervisor?.mode === 'listen', 5000, 'listening shown');

  const settings = async (hideListening: boolean) => {
    const rest = restClient(a.url);
    const cookie = await cluster.signIn(a, 'admin@acme.test');
    const { body: now } = await rest('GET', '/api/admin/settings', cookie);
    const saved = await rest('PUT', '/api/admin/settings', cookie, { package: now.package, limits: now.limits, lowCreditThreshold: now.lowCreditThreshold, hideListening });
    assert.is(saved.status, 200, JSON.stringify(saved.body));
  };
  await settings(true);
  await waitFor(() => agent.view.extensions['1001']!.state.supervisor === null, 5000, 'listening hidden on the agent\'s node');
  assert.equal(supervisor.view.extensions['1007']!.state.supervising?.mode, 'listen', 'the supervisor still listens');
  await settings(false);
  await waitFor(() => agent.view.extensions['1001']!.state.supervisor?.mode === 'listen', 5000, 'listening shown again');
  cluster.simulator.hangup(call);
  await waitFor(() => agent.view.extensions['1001']!.state.supervisor == null, 5000, 'cleared');
});

test('refused with a clear ack error, nothing originated: agents, another tenant, no extension, no call, bad input', async () => {
  const agent = await liveAs(a, 'agent@acme.test');
  const supervisor = await liveAs(a, 'supervisor@acme.test');
  const globex = await liveAs(b, 'supervisor@globex.test');
  const globexAdmin = await liveAs(b, 'admin@globex.test');
  const call = callOnAgent();
  await waitFor(() => a.live.tenantState(cluster.tenantId(ACME))!.legs.get(call)?.answeredAt, 5000, 'the call');
  const before = { originates: originates(), rows: (await rows()).length };

  const refused = async (socket: LiveSocket, request: unknown, error: RegExp) => {
    const result = await supervise(socket, request as SuperviseRequest);
    assert.is(result.ok, false, JSON.stringify(result));
    assert.match((result as { error: string }).error, error);
    return result;
  };
  await refused(agent.socket, { extension: '1002', mode: 'listen' }, /Only supervisors and administrators may listen to calls\./);
  // globex's own 1001 (not on a call): acme's call is out of reach, whatever the request says.
  await refused(globex.socket, { extension: '1001', mode: 'listen' }, /Extension 1001 is not on a call\./);
  await refused(globex.socket, { extension: '1007', mode: 'listen' }, /There is no extension 1007\./);
  await refused(globexAdmin.socket, { extension: '1002', mode: 'listen' }, /You need an extension of your own/);
  await refused(supervisor.socket, { extension: '1002', mode: 'listen' }, /Extension 1002 is not on a call\./);
  await refused(supervisor.socket, { extension: '1007', mode: 'listen' }, /That is your own extension\./);
  // The decoder's refusals, in its fixed order.
  const bad = async (args: unknown[], code: string, error: RegExp) => {
    const result = await new Promise<Record<string, unknown>>((resolve) => (supervisor.socket.emit as (...x: unknown[]) => void)('supervise', ...args, resolve));
    assert.is(result.code, code, JSON.stringify(result));
    assert.match(String(result.error), error);
  };
  await bad(['1001'], 'not-an-object', /Send \{ extension, mode \}\./);
  await bad([{ extension: '1001', mode: 'listen', tenantId: 'x' }], 'unknown-field', /./);
  await bad([{ extension: 1001, mode: 'listen' }], 'wrong-type', /Say which extension\./);
  await bad([{ extension: '1001', mode: 'shout' }], 'invalid-value', /Choose one of: listen, whisper, barge\./);
  await bad([{ extension: '10 01', mode: 'listen' }], 'invalid-value', /Not an extension number\./);
  assert.equal(await leave(agent.socket), { ok: false, error: 'Only supervisors and administrators may listen to calls.' });
  assert.equal(await leave(supervisor.socket), { ok: false, error: 'You are not on any call as a supervisor.' });

  assert.is(originates(), before.originates, 'nothing originated');
  assert.is((await rows()).length, before.rows, 'no audit row');
  assert.ok(agent.socket.connected && supervisor.socket.connected, 'the sockets stay open');

  // A second supervisor on a call already supervised is told who is there.
  assert.equal(await supervise(supervisor.socket, { extension: '1001', mode: 'listen' }), { ok: true });
  cluster.simulator.register({ user: '1008', domain: ACME });
  const admin = await liveAs(b, 'admin@acme.test');
  await waitFor(() => b.live.tenantState(cluster.tenantId(ACME))!.supervisions.size === 1, 5000, 'node B to know');
  await refused(admin.socket, { extension: '1001', mode: 'barge' }, /Grace Lindqvist is already on extension 1001's call\./);

  // globex's own 1001 on a call too: its supervisor reaches that one only, and their phone (1003) is not registered.
  const globexCall = cluster.simulator.startCall({ from: '+442079460000', to: '1001', domain: 'globex.pbx.test', direction: 'outbound' });
  cluster.simulator.answer(globexCall);
  await waitFor(() => b.live.tenantState(cluster.tenantId('globex.pbx.test'))!.legs.get(globexCall)?.answeredAt, 5000, "globex's call");
  await refused(globex.socket, { extension: '1001', mode: 'listen' }, /No phone of yours is registered/);
  const tried = cluster.simulator.commands.filter((c) => c.startsWith('originate')).at(-1)!;
  assert.ok(tried.includes('user/1003@globex.pbx.test') && tried.endsWith(`&eavesdrop(${globexCall})`), "globex's own call, never acme's");
  assert.is(b.live.tenantState(cluster.tenantId(ACME))!.supervisions.get('1001')?.name, 'Grace Lindqvist', "acme's supervision untouched");
  cluster.simulator.hangup(globexCall);
  cluster.simulator.hangup(call);
});

test.run();
