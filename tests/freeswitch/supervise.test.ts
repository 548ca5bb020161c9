// Listen, whisper, barge against a real FreeSWITCH with three real SIP phones
// (baresip, each sending its own tone): a caller (440 Hz) dials the sales
// queue, the agent's phone (1000 Hz) answers mod_callcenter's call, and the
// supervisor's phone (1800 Hz) is rung by Switchboard and eavesdrops. What
// each phone hears is what FreeSWITCH sends it: uuid_record with
// RECORD_WRITE_ONLY on each leg (switch_ivr_async.c), a few seconds per mode,
// and a Goertzel detector over the WAV. The agent's socket is told who is
// listening or speaking (not listening, when the tenant hides it); each
// mode is an audit row with its times; an agent, another tenant's
// supervisor and a supervisor without an extension are refused with nothing
// originated.
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { SupervisionMode } from '../../common/live.ts';
import type { SuperviseRequest, SuperviseResult } from '../../common/socket.ts';
import { follow, setAgentStatus, type LiveSocket, type LiveView } from '../helpers/live-client.ts';
import { restClient } from '../helpers/rest.ts';
import { readWav, toneShares } from '../helpers/tone.ts';
import { sleep, waitFor } from '../helpers/wait.ts';
import { startDeskPhone, type DeskPhone } from './harness/desk-phone.ts';
import { freePortPair } from './harness/ports.ts';
import { realPbxSuite } from './harness/stack.ts';

const stack = realPbxSuite(test);
const DOMAIN = 'acme.pbx.test';
const CALLER_HZ = 440;
const AGENT_HZ = 1000;
const SUPERVISOR_HZ = 1800;
const TONES = [CALLER_HZ, AGENT_HZ, SUPERVISOR_HZ];
/** A tone makes up at least this share of what a phone is sent when it is heard… */
const HEARD = 0.1;
/** …and at most this when it is not. */
const NOT_HEARD = 0.02;
const RECORD_MS = 3000;

const phones: DeskPhone[] = [];
const sockets: LiveSocket[] = [];
let agent: { socket: LiveSocket; view: LiveView };
let supervisor: { socket: LiveSocket; view: LiveView };
/** The call's legs at FreeSWITCH. */
let legs: { caller: string; agent: string; supervisor: string };

test.after(async () => {
  for (const s of sockets) s.close();
  await Promise.all(phones.map((p) => p.stop()));
});

async function phone(extension: string, tone: number, dial?: string, autoAnswer = true) {
  const p = await startDeskPhone({
    extension,
    domain: DOMAIN,
    password: await stack.sipPassword(DOMAIN, extension),
    registrar: stack.fs.ports.sip,
    port: await freePortPair(),
    tone,
    dial,
    autoAnswer,
  });
  phones.push(p);
  return p;
}

async function liveAs(email: string) {
  const socket = stack.connect(await stack.signIn(email));
  const view = follow(socket);
  sockets.push(socket);
  await waitFor(() => view.snapshots >= 1, 10_000, `${email}'s first snapshot`);
  return { socket, view };
}

const supervise = (socket: LiveSocket, request: SuperviseRequest) =>
  new Promise<SuperviseResult>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no ack')), 45_000);
    socket.emit('supervise', request, (r) => (clearTimeout(timer), resolve(r)));
  });
const leave = (socket: LiveSocket) =>
  new Promise<SuperviseResult>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no ack')), 10_000);
    socket.emit('supervise-leave', (r) => (clearTimeout(timer), resolve(r)));
  });

/** FreeSWITCH's channels table is written by its SQL thread a moment after a channel comes or goes. */
const channelCount = async () => {
  await sleep(500);
  return Number(/(\d+) total/.exec(await stack.fs.api('show channels count'))?.[1]);
};
const exists = async (uuid: string) => (await stack.fs.api(`uuid_exists ${uuid}`)).trim() === 'true';
const shownToAgent = () => agent.view.extensions['1001']!.state.supervisor ?? null;
const mySupervising = () => supervisor.view.extensions['1007']!.state.supervising ?? null;

interface AuditSegment {
  id: string;
  actor: string;
  action: string;
  target: string;
  changes: { mode: SupervisionMode; call: string; supervisorLeg: string; from: string; until: string | null };
}
const segments = () => stack.sql<AuditSegment>(`select id, actor, action, target, changes from audit_log where action like 'supervise.%' order by id`);

/**
 * What FreeSWITCH sends each phone for RECORD_MS: each leg's write stream
 * recorded at once, then each tone's share of it.
 */
async function heard(label: string): Promise<Record<'caller' | 'agent' | 'supervisor', Record<number, number>>> {
  const paths = Object.fromEntries(Object.keys(legs).map((who) => [who, join(stack.dataDir, `${label}-${who}.wav`)]));
  for (const [who, uuid] of Object.entries(legs)) {
    await stack.fs.api(`uuid_setvar ${uuid} RECORD_WRITE_ONLY true`);
    const started = await stack.fs.api(`uuid_record ${uuid} start ${paths[who]}`);
    assert.match(started, /^\+OK/, `uuid_record on the ${who}'s leg: ${started}`);
  }
  await sleep(RECORD_MS);
  for (const [who, uuid] of Object.entries(legs)) await stack.fs.api(`uuid_record ${uuid} stop ${paths[who]}`);
  const out = {} as Record<'caller' | 'agent' | 'supervisor', Record<number, number>>;
  for (const who of Object.keys(legs) as (keyof typeof legs)[]) {
    await waitFor(() => existsSync(paths[who]!) && statSync(paths[who]!).size > 8000, 5000, `the ${who}'s recording`, 100);
    out[who] = toneShares(readWav(paths[who]!), TONES);
  }
  const line = (who: keyof typeof legs) => TONES.map((f) => `${f} Hz ${out[who][f]!.toFixed(3)}`).join(', ');
  console.log(`  ${label}: caller hears ${line('caller')}; agent hears ${line('agent')}; supervisor hears ${line('supervisor')}`);
  return out;
}

function hears(shares: Record<number, number>, who: string, tones: { heard: number[]; notHeard: number[] }) {
  for (const f of tones.heard) assert.ok(shares[f]! > HEARD, `${who} hears ${f} Hz (share ${shares[f]!.toFixed(3)})`);
  for (const f of tones.notHeard) assert.ok(shares[f]! < NOT_HEARD, `${who} does not hear ${f} Hz (share ${shares[f]!.toFixed(3)})`);
}

async function settings(patch: { hideListening: boolean }) {
  const rest = restClient(stack.url);
  const cookie = await stack.signIn('admin@acme.test');
  const { body: now } = await rest('GET', '/api/admin/settings', cookie);
  const saved = await rest('PUT', '/api/admin/settings', cookie, { package: now.package, limits: now.limits, lowCreditThreshold: now.lowCreditThreshold, ...patch });
  assert.is(saved.status, 200, JSON.stringify(saved.body));
}

/** The caller (440 Hz) dials sales; the agent's phone (1000 Hz) answers mod_callcenter's call. Resolves with the caller's leg. */
async function queueCall() {
  await phone('1002', CALLER_HZ, 'sales');
  await waitFor(() => agent.view.extensions['1001']?.state.agent?.state === 'In a queue call', 20_000, 'the agent to be in a queue call', 100);
  // FreeSWITCH's channels table is written a moment after the channel exists.
  let caller: { uuid: string } | undefined;
  await waitFor(async () => {
    const { rows = [] } = JSON.parse(await stack.fs.api('show channels as json')) as { rows?: { uuid: string; direction: string; cid_num: string }[] };
    caller = rows.find((r) => r.direction === 'inbound' && r.cid_num === '1002');
    return !!caller;
  }, 5000, "the caller's leg in show channels", 100);
  return caller!.uuid;
}

test.before(async () => {
  await phone('1007', SUPERVISOR_HZ);
  await phone('1001', AGENT_HZ);
  agent = await liveAs('agent@acme.test');
  supervisor = await liveAs('supervisor@acme.test');
  // Only the agent of 1001 takes sales calls.
  for (const other of ['1002', '1003']) await stack.fs.api(`callcenter_config agent set status ${other}@${DOMAIN} 'Logged Out'`);
  assert.equal(await setAgentStatus(agent.socket, 'Available'), { ok: true });
  await waitFor(() => agent.view.extensions['1001']?.state.agent?.status === 'Available', 10_000, 'the agent Available');
});

test('listen → whisper → barge → listen → leave: each phone hears what the mode says, the agent sees it, one audit row per mode', async () => {
  const callerLeg = await queueCall();
  const before = Date.now();
  assert.equal(await supervise(supervisor.socket, { extension: '1001', mode: 'listen' }), { ok: true });
  const joined = Date.now();
  console.log(`  the supervisor's phone rang and answered; the ack came ${joined - before} ms after the request`);
  await waitFor(() => mySupervising()?.mode === 'listen', 5000, "the supervisor's bar to say listen");
  await waitFor(() => shownToAgent()?.mode === 'listen', 5000, 'the agent to see the supervisor listening');
  assert.equal(shownToAgent(), { name: 'Grace Lindqvist', mode: 'listen' });

  const [first] = await segments();
  assert.ok(first, 'an audit row for listening');
  legs = { caller: callerLeg, agent: first.changes.call, supervisor: first.changes.supervisorLeg };
  assert.is(first.action, 'supervise.listen');
  assert.is(first.actor, 'supervisor@acme.test');
  assert.is(first.target, 'extension 1001');
  assert.is(first.changes.until, null, 'open while listening');
  const from = Date.parse(first.changes.from);
  assert.ok(from >= before - 1000 && from <= joined + 1000, 'listening began when the phone answered');
  assert.ok(await exists(legs.supervisor), "the supervisor's leg is a channel of FreeSWITCH");

  await sleep(500);
  const listen = await heard('listen');
  hears(listen.supervisor, 'the supervisor', { heard: [CALLER_HZ, AGENT_HZ], notHeard: [SUPERVISOR_HZ] });
  hears(listen.agent, 'the agent', { heard: [CALLER_HZ], notHeard: [SUPERVISOR_HZ] });
  hears(listen.caller, 'the caller', { heard: [AGENT_HZ], notHeard: [SUPERVISOR_HZ] });

  const times: Record<string, number> = { listen: from };
  for (const mode of ['whisper', 'barge', 'listen'] as const) {
    const count = await channelCount();
    times[`${mode}-asked`] = Date.now();
    assert.equal(await supervise(supervisor.socket, { extension: '1001', mode }), { ok: true });
    await waitFor(() => shownToAgent()?.mode === mode, 5000, `the agent to see ${mode}`);
    assert.is(mySupervising()?.mode, mode);
    assert.is(await channelCount(), count, 'the mode changed without a new call');
    await sleep(500);
    const now = await heard(mode);
    if (mode === 'whisper') {
      hears(now.agent, 'the agent', { heard: [CALLER_HZ, SUPERVISOR_HZ], notHeard: [] });
      hears(now.caller, 'the caller', { heard: [AGENT_HZ], notHeard: [SUPERVISOR_HZ] });
    } else if (mode === 'barge') {
      hears(now.agent, 'the agent', { heard: [CALLER_HZ, SUPERVISOR_HZ], notHeard: [] });
      hears(now.caller, 'the caller', { heard: [AGENT_HZ, SUPERVISOR_HZ], notHeard: [] });
    } else {
      hears(now.agent, 'the agent', { heard: [CALLER_HZ], notHeard: [SUPERVISOR_HZ] });
      hears(now.caller, 'the caller', { heard: [AGENT_HZ], notHeard: [SUPERVISOR_HZ] });
    }
    hears(now.supervisor, 'the supervisor', { heard: [CALLER_HZ, AGENT_HZ], notHeard: [SUPERVISOR_HZ] });
  }

  const leftAt = Date.now();
  assert.equal(await leave(supervisor.socket), { ok: true });
  await waitFor(() => shownToAgent() === null && mySupervising() === null, 5000, 'the supervision to end on both screens');
  await waitFor(async () => (await segments()).every((s) => s.changes.until !== null), 5000, 'every audit row closed');
  await waitFor(async () => !(await exists(legs.supervisor)), 5000, "the supervisor's leg to be gone");
  assert.ok(await exists(legs.agent), "the agent's call goes on");

  const rows = await segments();
  assert.equal(
    rows.map((r) => r.action),
    ['supervise.listen', 'supervise.whisper', 'supervise.barge', 'supervise.listen'],
  );
  const near = (at: string | null, ms: number, what: string) => {
    assert.ok(at, `${what} is recorded`);
    const off = Math.abs(Date.parse(at!) - ms);
    assert.ok(off < 1000, `${what}: ${at} is ${off} ms from when the test acted`);
  };
  near(rows[0]!.changes.until, times['whisper-asked']!, 'listening ended at the switch to whisper');
  near(rows[1]!.changes.from, times['whisper-asked']!, 'whisper began');
  near(rows[1]!.changes.until, times['barge-asked']!, 'whisper ended');
  near(rows[2]!.changes.from, times['barge-asked']!, 'barge began');
  near(rows[2]!.changes.until, times['listen-asked']!, 'barge ended');
  near(rows[3]!.changes.from, times['listen-asked']!, 'listening again began');
  near(rows[3]!.changes.until, leftAt, 'listening ended when the supervisor left');
  for (const r of rows) assert.is(r.changes.call, legs.agent, 'every row names the same call');
});

test('the tenant hides listening: the agent sees nothing while the supervisor listens, and sees whisper; the call ending ends it', async () => {
  await settings({ hideListening: true });
  assert.equal(await supervise(supervisor.socket, { extension: '1001', mode: 'listen' }), { ok: true });
  await waitFor(() => mySupervising()?.mode === 'listen', 5000, "the supervisor's bar");
  await sleep(500);
  assert.is(shownToAgent(), null, 'listening is not shown');
  assert.equal(await supervise(supervisor.socket, { extension: '1001', mode: 'whisper' }), { ok: true });
  await waitFor(() => shownToAgent()?.mode === 'whisper', 5000, 'whisper is always shown');

  // The caller hangs up: the supervision ends on both screens and its row is closed.
  const endedAt = Date.now();
  await stack.fs.api(`uuid_kill ${legs.caller}`);
  await waitFor(() => shownToAgent() === null && mySupervising() === null, 10_000, 'the supervision to end with the call');
  const last = (await segments()).at(-1)!;
  assert.is(last.action, 'supervise.whisper');
  await waitFor(async () => (await segments()).at(-1)!.changes.until !== null, 5000, 'the whisper row closed');
  const until = Date.parse((await segments()).at(-1)!.changes.until!);
  assert.ok(Math.abs(until - endedAt) < 1000, `closed when the call ended (${until - endedAt} ms)`);
  await waitFor(async () => !(await exists(legs.supervisor)), 5000, "the supervisor's leg to end with the call");
  await settings({ hideListening: false });
});

test('refused: an agent, another tenant\'s supervisor, a supervisor without an extension, a call that is not, bad input — nothing originated', async () => {
  await queueCall();
  const count = await channelCount();
  const rows = (await segments()).length;

  const refused = async (who: LiveSocket, request: unknown, error: RegExp) => {
    const result = (await supervise(who, request as SuperviseRequest)) as { ok: boolean; error?: string };
    assert.is(result.ok, false, JSON.stringify(result));
    assert.match(result.error ?? '', error, JSON.stringify(result));
  };
  await refused(agent.socket, { extension: '1001', mode: 'listen' }, /Only supervisors and administrators/);
  const globex = await liveAs('supervisor@globex.test');
  // globex has an extension 1001 of its own: the tenant is the session's, so it is that one, not on a call.
  await refused(globex.socket, { extension: '1001', mode: 'listen' }, /not on a call/);
  await refused(globex.socket, { extension: '1005', mode: 'barge' }, /no extension 1005/);
  const globexAdmin = await liveAs('admin@globex.test');
  await refused(globexAdmin.socket, { extension: '1001', mode: 'listen' }, /extension of your own/);
  await refused(supervisor.socket, { extension: '1003', mode: 'listen' }, /not on a call/);
  await refused(supervisor.socket, { extension: '1007', mode: 'listen' }, /your own extension/);
  await refused(supervisor.socket, { extension: '1001', mode: 'shout' }, /Choose one of: listen, whisper, barge/);
  await refused(supervisor.socket, { extension: '1001', mode: 'listen', tenant: 'globex' }, /./);
  assert.equal(await leave(agent.socket), { ok: false, error: 'Only supervisors and administrators may listen to calls.' });
  assert.equal(await leave(supervisor.socket), { ok: false, error: 'You are not on any call as a supervisor.' });

  assert.is(await channelCount(), count, 'no channel was originated');
  assert.is((await segments()).length, rows, 'no audit row was written');
  assert.is(shownToAgent(), null);
});

test("Leave while the supervisor's phone still rings: it stops ringing, nothing joins, no audit row", async () => {
  // The admin's desk phone (1008) lets calls ring.
  const desk = await phone('1008', SUPERVISOR_HZ, undefined, false);
  const admin = await liveAs('admin@acme.test');
  const rows = (await segments()).length;
  const asked = supervise(admin.socket, { extension: '1001', mode: 'listen' });
  await waitFor(() => /Incoming call|ringing/i.test(desk.log()), 10_000, 'the admin\'s phone to ring', 100);
  assert.equal(await leave(admin.socket), { ok: true });
  assert.equal(await asked, { ok: false, error: 'Cancelled: your phone stopped ringing.' });
  assert.is((await segments()).length, rows, 'no audit row');
  assert.is(shownToAgent(), null);
  assert.is(admin.view.extensions['1008']!.state.supervising ?? null, null);
});

test.run();
