// The agent's desk against a real FreeSWITCH with sipp phones: the wallboard
// (Chromium) says "no phone registered" within a second of the agent's only
// phone unregistering; with the tenant's setting on, mod_callcenter's own
// status goes On Break and back to Available with the phone, never over a
// break the agent chose; the wrap-up countdown is mod_callcenter's
// last_bridge_end + the queue's wrap-up-time, and "Ready now" lets the next
// caller through at once. A supervisor's socket puts the agent On Break with
// a reason: mod_callcenter's own status says so, the agent's socket says who.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { Browser } from 'playwright-core';
import type { AdminQueue } from '../../common/admin.ts';
import type { AgentStatusResult } from '../../common/socket.ts';
import { buildClientIfNeeded } from '../../scripts/client-build.ts';
import { parseTable } from '../../server/pbx/callcenter-resync.ts';
import { launchChromium, signInThroughForm } from '../helpers/browser.ts';
import { follow, setAgentStatus, type LiveSocket, type LiveView } from '../helpers/live-client.ts';
import { restClient } from '../helpers/rest.ts';
import { sleep, waitFor } from '../helpers/wait.ts';
import { runSipp, scenarioText, type SippRun } from './harness/sipp.ts';
import { realPbxSuite } from './harness/stack.ts';

// Built before the suite starts the server: it serves dist/client as it finds it at start.
test.before(() => void buildClientIfNeeded());
const stack = realPbxSuite(test);
const DOMAIN = 'acme.pbx.test';
const AGENT = `1001@${DOMAIN}`;
const WRAP_UP = 6;

const cc = async (args: string) => (await stack.fs.api(`callcenter_config ${args}`)).trim();
const fsStatus = () => cc(`agent get status ${AGENT}`);
const registered = async () => (await stack.fs.api('show registrations')).includes(`1001,${DOMAIN}`);

const phones: SippRun[] = [];
const sockets: LiveSocket[] = [];
const tmp = mkdtempSync(join(tmpdir(), 'sb-desk-'));
let browser: Browser | undefined;
let agent: { socket: LiveSocket; view: LiveView };

test.before(async () => {
  browser = await launchChromium();
});
test.after(async () => {
  for (const s of sockets) s.close();
  for (const p of phones) p.kill();
  await browser?.close();
  rmSync(tmp, { recursive: true, force: true });
});

/**
 * Agent 1001's one phone (sipp): registers, answers mod_callcenter's calls
 * (cc-answer.xml, ringing `ringMs`), and after `holdMs` unregisters
 * (Expires: 0). Resolves once FreeSWITCH lists the registration.
 */
async function agentPhone(holdMs: number, ringMs = 500) {
  const answer = join(tmp, `cc-answer-${phones.length}.xml`);
  writeFileSync(answer, scenarioText('cc-answer.xml', { USER: '1001', RING_MS: ringMs }));
  const phone = await runSipp({
    target: stack.fs.ports.sip,
    scenario: 'register.xml',
    values: { USER: '1001', DOMAIN, PASS: await stack.sipPassword(DOMAIN, '1001'), EXPIRES: 300, HOLD_MS: holdMs },
    parts: ['UNREGISTER'],
    args: ['-oocsf', answer],
    timeoutMs: holdMs + 30_000,
  });
  phones.push(phone);
  await waitFor(registered, 10_000, "the agent's phone to register", 100);
  return phone;
}

/** The phone's run ends after its unregister was answered; FreeSWITCH no longer lists it. */
async function unregistered(phone: SippRun) {
  const { code, output } = await phone.done;
  assert.is(code, 0, `the phone unregistered as scripted:\n${output.slice(-1500)}`);
  await waitFor(async () => !(await registered()), 5000, 'FreeSWITCH to drop the registration', 100);
}

async function liveAs(email: string) {
  const socket = stack.connect(await stack.signIn(email));
  const view = follow(socket);
  sockets.push(socket);
  await waitFor(() => view.snapshots >= 1, 10_000, `${email}'s first snapshot`);
  return { socket, view };
}
const me = () => agent.view.extensions['1001']!.state.agent!;

const ask = (send: (ack: (r: AgentStatusResult) => void) => void) =>
  new Promise<AgentStatusResult>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no ack')), 10_000);
    send((r) => (clearTimeout(timer), resolve(r)));
  });

async function deskSettings(patch: { noPhoneBreak: boolean; noPhoneGraceSeconds: number }) {
  const rest = restClient(stack.url);
  const cookie = await stack.signIn('admin@acme.test');
  const { body: now } = await rest('GET', '/api/admin/settings', cookie);
  const saved = await rest('PUT', '/api/admin/settings', cookie, { package: now.package, limits: now.limits, lowCreditThreshold: now.lowCreditThreshold, ...patch });
  assert.is(saved.status, 200, JSON.stringify(saved.body));
}

test('the only phone unregisters: the wallboard says "no phone registered" within a second; FreeSWITCH still says Available', async () => {
  const phone = await agentPhone(12_000);
  agent = await liveAs('agent@acme.test');
  assert.equal(await setAgentStatus(agent.socket, 'Available'), { ok: true });
  await waitFor(() => me().status === 'Available' && me().phone !== false, 5000, 'Available with a phone');

  const context = await browser!.newContext({ viewport: { width: 1366, height: 900 } });
  try {
    const page = await context.newPage();
    await signInThroughForm(page, stack.url, 'supervisor@acme.test');
    await page.waitForURL((url) => !url.pathname.includes('sign-in'), { timeout: 10_000 });
    await page.goto(`${stack.url}/wallboard`);
    const tile = page.getByTestId('tile-agent-1001').first();
    await tile.waitFor({ timeout: 10_000 });
    assert.match(await tile.innerText(), /Available/);
    assert.not.match(await tile.innerText(), /no phone/);

    const { code } = await phone.done;
    const unregisteredAt = Date.now();
    assert.is(code, 0, 'the phone unregistered');
    await page.waitForFunction(() => /no phone registered/.test(document.querySelector('[data-testid="tile-agent-1001"]')?.textContent ?? ''), undefined, {
      timeout: 5000,
      polling: 20,
    });
    const shownAfter = Date.now() - unregisteredAt;
    assert.ok(shownAfter < 1000, `shown ${shownAfter} ms after the unregister was answered`);
    console.log(`  "no phone registered" on the wallboard ${shownAfter} ms after the phone's unregister was answered`);
    assert.is(await fsStatus(), 'Available', 'mod_callcenter still calls the agent Available');
  } finally {
    await context.close();
  }
});

test('with the setting on: no phone → mod_callcenter says On Break ("No phone"); the phone returns → Available', async () => {
  // The agent is Available without a phone (the test before): turning the setting on acts after the grace period.
  await deskSettings({ noPhoneBreak: true, noPhoneGraceSeconds: 1 });
  await waitFor(async () => (await fsStatus()) === 'On Break', 5000, 'FreeSWITCH to put the agent On Break', 100);
  await waitFor(() => me().reason === 'No phone' && me().breakSource === 'no-phone', 5000, 'the reason on screen');

  const phone = await agentPhone(3000);
  await waitFor(async () => (await fsStatus()) === 'Available', 5000, 'FreeSWITCH to put the agent back to Available', 100);
  await waitFor(() => me().status === 'Available' && me().reason == null && me().phone !== false, 5000);

  // And again when the phone goes: the registration's own end, after the grace period.
  await unregistered(phone);
  // Seen here up to ~0.2 s after FreeSWITCH dropped it (its list is polled): a break without the
  // grace period would follow at once; with it, about a second after the drop.
  const gone = Date.now();
  await waitFor(async () => (await fsStatus()) === 'On Break', 5000, 'On Break again', 100);
  assert.ok(Date.now() - gone >= 700, 'not before the grace period');
});

test('a break the agent chose is never undone by a phone coming or going', async () => {
  const phone = await agentPhone(2500);
  await waitFor(async () => (await fsStatus()) === 'Available', 5000, 'back to Available with the phone', 100);
  assert.equal(await ask((ack) => agent.socket.emit('agent-break', 'Lunch', ack)), { ok: true });
  await waitFor(() => me().reason === 'Lunch', 5000);
  assert.is(await fsStatus(), 'On Break');
  await unregistered(phone);
  await sleep(1500); // past the grace period
  const again = await agentPhone(1500);
  await sleep(800);
  assert.is(await fsStatus(), 'On Break', 'still on the chosen break');
  assert.is(me().reason, 'Lunch');
  assert.is(me().breakSource, 'agent');
  await unregistered(again);
});

/** A caller dials the sales queue (mod_callcenter answers at once) and hangs up `callMs` later. */
async function callSales(extension: string, callMs: number) {
  const caller = await runSipp({
    target: stack.fs.ports.sip,
    scenario: 'cc-call.xml',
    values: { USER: extension, DEST: 'sales', DOMAIN, PASS: await stack.sipPassword(DOMAIN, extension), CALL_MS: callMs },
    timeoutMs: 60_000,
  });
  phones.push(caller);
  return caller;
}

test('wrap-up: the countdown is mod_callcenter\'s last_bridge_end + the queue\'s wrap-up-time; "Ready now" lets the next caller through', async () => {
  await deskSettings({ noPhoneBreak: false, noPhoneGraceSeconds: 30 });
  // Every queue of agent 1001 gets the same wrap-up time; mod_callcenter keeps it per agent.
  const rest = restClient(stack.url);
  const admin = await stack.signIn('admin@acme.test');
  const queues = (await rest('GET', '/api/admin/queues', admin)).body.queues as AdminQueue[];
  for (const q of queues.filter((q) => q.tiers.some((t) => t.extension === '1001'))) {
    const tiers = q.tiers.map(({ userId, level, position }) => ({ userId, level, position }));
    const saved = await rest('PUT', `/api/admin/queues/${q.id}`, admin, { name: q.name, strategy: q.strategy, maxWaitTime: q.maxWaitTime, wrapUpTime: WRAP_UP, tiers });
    assert.is(saved.status, 200, JSON.stringify(saved.body));
  }
  await waitFor(async () => parseTable(await cc(`agent list ${AGENT}`))[0]?.wrap_up_time === String(WRAP_UP), 10_000, "mod_callcenter's wrap_up_time", 100);

  // Only agent 1001 takes sales calls, with a phone that answers (once per INVITE).
  for (const other of ['1002', '1003']) await cc(`agent set status ${other}@${DOMAIN} 'Logged Out'`);
  await agentPhone(120_000, 300);
  assert.equal(await setAgentStatus(agent.socket, 'Available'), { ok: true });
  await waitFor(() => me().status === 'Available' && me().reason == null, 5000);

  const first = await callSales('1009', 2500);
  await waitFor(() => me().state === 'In a queue call', 15_000, 'the first call to be answered');
  assert.is((await first.done).code, 0);
  await waitFor(() => (me().wrapUpUntil ?? 0) > 0, 5000, 'the wrap-up on screen');
  const row = parseTable(await cc(`agent list ${AGENT}`))[0]!;
  assert.is(me().wrapUpUntil, Number(row.last_bridge_end) + WRAP_UP, "the countdown ends when mod_callcenter's wrap-up does");
  const left = me().wrapUpUntil! - Date.now() / 1000;
  assert.ok(left > WRAP_UP - 2 && left <= WRAP_UP, `${left.toFixed(1)} s left`);

  const second = await callSales('1010', 8000);
  await sleep(1500);
  assert.is(me().state, 'Waiting', 'mod_callcenter offers no call during the wrap-up');
  const asked = Date.now();
  assert.equal(await ask((ack) => agent.socket.emit('agent-ready', ack)), { ok: true });
  await waitFor(() => me().state === 'Receiving' || me().state === 'In a queue call', 5000, 'the next caller offered at once');
  assert.ok(Date.now() - asked < (WRAP_UP - 2) * 1000, 'before the wrap-up would have ended');
  assert.is(me().wrapUpUntil ?? null, null);
  await waitFor(async () => parseTable(await cc(`agent list ${AGENT}`))[0]?.wrap_up_time === String(WRAP_UP), 5000, 'the wrap-up time set back', 100);
  assert.is((await second.done).code, 0);
});

test("a supervisor puts 1001 On Break · Lunch: mod_callcenter says On Break, the agent's socket says who; an agent may not; the agent's own change forgets who", async () => {
  const supervisor = await liveAs('supervisor@acme.test');
  const mine = await liveAs('agent@acme.test');
  const own = () => mine.view.extensions['1001']!.state.agent!;
  const order = (socket: LiveSocket, o: { extension: string; status: 'Available' | 'On Break' | 'Logged Out'; reason?: string }) =>
    ask((ack) => socket.emit('set-agent-status', o, ack));
  assert.equal(await setAgentStatus(mine.socket, 'Available'), { ok: true });
  await waitFor(async () => (await fsStatus()) === 'Available', 5000, 'FreeSWITCH: Available', 100);

  assert.equal(await order(mine.socket, { extension: '1001', status: 'Logged Out' }), {
    ok: false,
    error: "Only supervisors and administrators can set another agent's status.",
  });
  assert.is(await fsStatus(), 'Available', 'an agent cannot');

  assert.equal(await order(supervisor.socket, { extension: '1001', status: 'On Break', reason: 'Lunch' }), { ok: true });
  assert.is(await fsStatus(), 'On Break', "mod_callcenter's own status");
  await waitFor(() => own().status === 'On Break' && own().setBy === 'Grace Lindqvist', 5000, "the agent's socket says who");
  assert.is(own().reason, 'Lunch');
  const row = () => supervisor.view.queues.sales!.state.agents.find((a) => a.name === AGENT)!;
  await waitFor(() => row().status === 'On Break' && row().breakSource === 'supervisor', 5000, "the supervisor's row, as FreeSWITCH confirmed it");

  const rest = restClient(stack.url);
  const { body: log } = await rest('GET', '/api/admin/audit', await stack.signIn('admin@acme.test'));
  const entry = (log.entries as { action: string; actor: string; target: string; changes: unknown }[]).find((e) => e.action === 'agent.status');
  assert.equal(entry && [entry.actor, entry.target, entry.changes], ['supervisor@acme.test', 'agent 1001', { status: { from: 'Available', to: 'On Break' }, reason: { to: 'Lunch' } }]);

  assert.equal(await setAgentStatus(mine.socket, 'Available'), { ok: true });
  await waitFor(() => own().status === 'Available', 5000);
  assert.is(own().setBy ?? null, null);
  assert.is(await fsStatus(), 'Available');
});

test.run();
