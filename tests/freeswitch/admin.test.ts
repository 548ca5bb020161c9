// Administration against a real FreeSWITCH 1.10.12 with real SIP phones
// (sipp): what an admin does on the pages is what FreeSWITCH does next, with
// no restart of either side.
//   * A new user and extension: the user signs in, sees the SIP password the
//     admin was shown, and a phone registers with it; a new SIP password
//     drops that phone at once and the old password is refused.
//   * A queue made with two tiers and a DID pointing at it: a carrier's call
//     to the DID reaches one of those agents' phones.
//   * A tier removed: the agent's open Queues page drops the queue, and
//     mod_callcenter no longer offers them calls.
//   * The DID re-pointed to an extension: the next call rings that phone.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { AdminDid, AdminQueue, ExtensionSecret, UserCreated } from '../../common/admin.ts';
import { parseTiers } from '../../server/pbx/callcenter-resync.ts';
import { follow, setAgentStatus, type LiveSocket, type LiveView } from '../helpers/live-client.ts';
import { restClient } from '../helpers/rest.ts';
import { waitFor } from '../helpers/wait.ts';
import { callFromOutside } from './harness/carrier.ts';
import { runSipp, scenarioText, type SippRun } from './harness/sipp.ts';
import { realPbxSuite } from './harness/stack.ts';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const stack = realPbxSuite(test);
const DOMAIN = 'acme.pbx.test';
const DID = '+14155550177';
const phones: SippRun[] = [];
const sockets: LiveSocket[] = [];
const tmp = mkdtempSync(join(tmpdir(), 'sb-admin-fs-'));
test.after(() => {
  for (const p of phones) p.kill();
  for (const s of sockets) s.close();
  rmSync(tmp, { recursive: true, force: true });
});

const cc = async (args: string) => (await stack.fs.api(`callcenter_config ${args}`)).trim();
/** Registered as sofia, which routes the calls, says (its own table, not the core's `show registrations`). */
const registered = async (ext: string) => (await stack.fs.api('sofia xmlstatus profile internal reg')).includes(`<user>${ext}@${DOMAIN}</user>`);

async function liveAs(email: string, password?: string): Promise<{ socket: LiveSocket; view: LiveView; cookie: string; accountChanges: () => number }> {
  const cookie = await stack.signIn(email, password);
  const socket = stack.connect(cookie);
  sockets.push(socket);
  let changes = 0;
  socket.on('account-changed', () => changes++);
  const view = follow(socket);
  await waitFor(() => view.snapshots >= 1, 10_000, `${email}'s first snapshot`);
  return { socket, view, cookie, accountChanges: () => changes };
}


/** A desk phone of `ext`: registers with `password`, answers whatever rings it (after `ringMs`) for as long as the test runs. */
async function deskPhone(ext: string, password: string, ringMs = 1000): Promise<SippRun> {
  const answer = join(tmp, `answer-${ext}.xml`);
  writeFileSync(answer, scenarioText('cc-answer.xml', { USER: ext, RING_MS: ringMs }));
  const phone = await runSipp({
    target: stack.fs.ports.sip,
    scenario: 'register.xml',
    values: { USER: ext, DOMAIN, PASS: password, EXPIRES: 300, HOLD_MS: 200_000 },
    args: ['-oocsf', answer],
    timeoutMs: 220_000,
  });
  phones.push(phone);
  return phone;
}

let admin: string;
let nora: UserCreated;
let noraExt: ExtensionSecret;
let noraPhone: SippRun;
const call = () => restClient(stack.url);

test('an admin creates a user and an extension; the user signs in and a phone registers with the password shown once', async () => {
  admin = await stack.signIn('admin@acme.test');
  const created = await call()('POST', '/api/admin/users', admin, { email: 'nora@acme.test', name: 'Nora New', role: 'agent', password: 'nora-first-password' });
  assert.is(created.status, 201, JSON.stringify(created.body));
  nora = created.body as UserCreated;
  const ext = await call()('POST', '/api/admin/extensions', admin, { number: '1050', ownerId: nora.user.id, callerIdName: 'Nora New' });
  assert.is(ext.status, 201, JSON.stringify(ext.body));
  noraExt = ext.body as ExtensionSecret;

  const me = await liveAs('nora@acme.test', 'nora-first-password');
  const account = await call()('GET', '/api/account', me.cookie);
  assert.equal(account.body.extensions.map((e: { number: string; sipPassword: string }) => [e.number, e.sipPassword]), [['1050', noraExt.sipPassword]]);
  noraPhone = await deskPhone('1050', noraExt.sipPassword);
  await waitFor(() => registered('1050'), 10_000, 'FreeSWITCH to hold the new extension\'s registration', 200);
  await waitFor(() => me.view.extensions['1050']?.state.devices.length === 1, 5000, 'her dashboard to show the phone');
});

test('a new SIP password drops the phone at once; the old password is refused, the new one works', async () => {
  const me = await liveAs('nora@acme.test', 'nora-first-password');
  await waitFor(() => me.view.extensions['1050']?.state.devices.length === 1, 5000, 'her phone on her dashboard');
  const renewed = await call()('POST', `/api/admin/extensions/${noraExt.extension.id}/sip-password`, admin);
  assert.is(renewed.status, 200);
  const fresh = (renewed.body as ExtensionSecret).sipPassword;
  assert.is.not(fresh, noraExt.sipPassword);
  await waitFor(async () => !(await registered('1050')), 10_000, 'sofia to drop the registration', 200);
  await waitFor(() => me.view.extensions['1050']?.state.devices.length === 0, 5000, 'her dashboard to drop the phone');
  // FreeSWITCH's core table keeps the row until it expires; a resync (another change makes one) must not bring it back.
  assert.match(await stack.fs.api('show registrations'), new RegExp(`1050,${DOMAIN.replace(/\./g, '\\.')}`), "the core's stale row is still there");
  assert.is((await call()('PATCH', `/api/admin/extensions/${noraExt.extension.id}`, admin, { callerIdName: 'Nora N.' })).status, 200);
  await new Promise((r) => setTimeout(r, 1500));
  assert.is(me.view.extensions['1050']?.state.devices.length, 0, 'the resync leaves out what sofia dropped');
  noraPhone.kill();
  const old = await runSipp({ target: stack.fs.ports.sip, scenario: 'register.xml', values: { USER: '1050', DOMAIN, PASS: noraExt.sipPassword, EXPIRES: 60, HOLD_MS: 0 }, timeoutMs: 15_000 });
  phones.push(old);
  assert.is.not((await old.done).code, 0, 'the old password no longer registers');
  noraExt = { ...noraExt, sipPassword: fresh };
  noraPhone = await deskPhone('1050', fresh);
  await waitFor(() => registered('1050'), 10_000, 'the phone to register with the new password', 200);
});

let queue: AdminQueue;
let did: AdminDid;
let noraLive: Awaited<ReturnType<typeof liveAs>>;
let esther: Awaited<ReturnType<typeof liveAs>>;
let supervisor: Awaited<ReturnType<typeof liveAs>>;

test('a queue with two tiers and a DID to it: a call from outside reaches one of those agents\' phones', async () => {
  const users = (await call()('GET', '/api/admin/users', admin)).body.users as { id: string; email: string }[];
  const estherId = users.find((u) => u.email === 'agent5@acme.test')!.id;
  const made = await call()('POST', '/api/admin/queues', admin, {
    name: 'priority',
    strategy: 'longest-idle-agent',
    maxWaitTime: 0,
    wrapUpTime: 2,
    tiers: [
      { userId: nora.user.id, level: 1, position: 1 },
      { userId: estherId, level: 1, position: 2 },
    ],
  });
  assert.is(made.status, 201, JSON.stringify(made.body));
  queue = made.body as AdminQueue;
  const didMade = await call()('POST', '/api/admin/dids', admin, { number: DID, route: { kind: 'queue', target: 'priority' } });
  assert.is(didMade.status, 201, JSON.stringify(didMade.body));
  did = didMade.body as AdminDid;

  // FreeSWITCH's own lists: the queue is loaded and has exactly those two agents.
  await waitFor(async () => parseTiers(await cc(`queue list tiers priority@${DOMAIN}`)).map((t) => t.agent).sort().join() === `1005@${DOMAIN},1050@${DOMAIN}`, 10_000, 'mod_callcenter to have both tiers', 200);
  assert.match(await cc(`agent list 1050@${DOMAIN}`), /\|2\|/, "the queue's wrap-up time is the new agent's");

  await deskPhone('1005', await stack.sipPassword(DOMAIN, '1005'));
  await waitFor(() => registered('1005'), 10_000, "Esther's phone to register", 200);
  noraLive = await liveAs('nora@acme.test', 'nora-first-password');
  esther = await liveAs('agent5@acme.test');
  supervisor = await liveAs('supervisor@acme.test');
  assert.ok('priority' in noraLive.view.queues && 'priority' in esther.view.queues, 'both agents see the new queue');
  assert.equal(await setAgentStatus(noraLive.socket, 'Available'), { ok: true });
  assert.equal(await setAgentStatus(esther.socket, 'Available'), { ok: true });

  let answeredBy: string | null | undefined;
  const result = await callFromOutside(stack.fs.ports.external, DID, 3000, async () => {
    answeredBy = await waitFor(() => supervisor.view.queues.priority?.state.members.find((m) => m.state === 'Answered')?.agent, 20_000, 'an agent to answer the caller');
  });
  assert.is(result.final, 'SIP/2.0 200 OK', result.output.slice(-1500));
  assert.ok([`1050@${DOMAIN}`, `1005@${DOMAIN}`].includes(answeredBy!), `answered by ${answeredBy}`);
  await waitFor(() => supervisor.view.queues.priority!.state.answered === 1, 10_000, 'one answered call on the wallboard');
});

test('a tier removed: the agent\'s open Queues page drops the queue, and FreeSWITCH offers them no more calls', async () => {
  const before = esther.accountChanges();
  const updated = await call()('PUT', `/api/admin/queues/${queue.id}`, admin, {
    name: 'priority',
    strategy: 'longest-idle-agent',
    maxWaitTime: 0,
    wrapUpTime: 2,
    tiers: [{ userId: nora.user.id, level: 1, position: 1 }],
  });
  assert.is(updated.status, 200, JSON.stringify(updated.body));
  await waitFor(() => !('priority' in esther.view.queues), 10_000, "Esther's view to drop the queue");
  assert.ok(esther.accountChanges() > before, 'told her tab its account changed');
  await waitFor(async () => parseTiers(await cc(`queue list tiers priority@${DOMAIN}`)).map((t) => t.agent).join() === `1050@${DOMAIN}`, 10_000, "mod_callcenter to drop Esther's tier", 200);

  // Esther is the only Available agent left anywhere near it, and she gets nothing: the caller waits, then gives up.
  assert.equal(await setAgentStatus(noraLive.socket, 'On Break'), { ok: true });
  await waitFor(() => supervisor.view.queues.priority!.state.agents.every((a) => a.status === 'On Break'), 10_000, 'the wallboard to show Nora on break');
  const estherAnswered = (await cc(`agent list 1005@${DOMAIN}`)).split('\n')[1];
  const waiting = await callFromOutside(stack.fs.ports.external, DID, 4000, async () => {
    await waitFor(() => supervisor.view.queues.priority!.state.members.length === 1, 10_000, 'the caller to wait in the queue');
    await new Promise((r) => setTimeout(r, 2500));
    assert.equal(supervisor.view.queues.priority!.state.members.map((m) => [m.state, m.agent]), [['Waiting', null]], 'nobody is offered the caller');
  });
  assert.is(waiting.final, 'SIP/2.0 200 OK', 'the queue answered the caller (music while waiting)');
  await waitFor(() => supervisor.view.queues.priority!.state.abandoned === 1, 10_000, 'the caller counted as abandoned');
  assert.is((await cc(`agent list 1005@${DOMAIN}`)).split('\n')[1], estherAnswered, "Esther's mod_callcenter row shows no new offer or call");
});

test('the DID re-pointed to an extension: the next call from outside rings that extension\'s phone', async () => {
  const res = await call()('PUT', `/api/admin/dids/${did.id}`, admin, { number: DID, route: { kind: 'extension', target: '1050' }, userId: nora.user.id, active: true });
  assert.is(res.status, 200, JSON.stringify(res.body));
  let during = '';
  const result = await callFromOutside(stack.fs.ports.external, DID, 2000, async () => {
    // A bridged call: the carrier's leg with a b-leg to Nora's phone.
    during = await waitFor(async () => {
      const calls = await stack.fs.api('show calls');
      return calls.split('\n').find((row) => row.includes(DID) && row.includes('sofia/internal/1050@'));
    }, 15_000, "the DID's call bridged to Nora's phone", 200);
  });
  assert.is(result.final, 'SIP/2.0 200 OK', result.output.slice(-1500));
  assert.not.match(during, /callcenter/i, 'not the queue any more');
});

test.run();
