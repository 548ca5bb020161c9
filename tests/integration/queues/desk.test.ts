// The agent's desk end to end over the simulator's mod_callcenter: breaks
// with a reason (kept with us, consistent with FreeSWITCH after its restart),
// the phone that availability follows, and "Ready now" after a queue call.
// The same behaviours against real FreeSWITCH: tests/freeswitch/desk.test.ts.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { AgentStatusResult } from '../../../common/socket.ts';
import { follow, setAgentStatus, withLiveView, type LiveSocket, type LiveView } from '../../helpers/live-client.ts';
import { restClient } from '../../helpers/rest.ts';
import { serverSuite } from '../../helpers/server-suite.ts';
import { sleep, waitFor } from '../../helpers/wait.ts';

const ACME = 'acme.pbx.test';
const suite = serverSuite(test);

const ask = (socket: LiveSocket, send: (ack: (r: AgentStatusResult) => void) => void) =>
  new Promise<AgentStatusResult>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no ack')), 10_000);
    send((result) => {
      clearTimeout(timer);
      resolve(result);
    });
  });
const takeBreak = (socket: LiveSocket, reason: string) => ask(socket, (ack) => socket.emit('agent-break', reason, ack));
const readyNow = (socket: LiveSocket) => ask(socket, (ack) => socket.emit('agent-ready', ack));
const agentOf = (view: LiveView, ext: string) => view.extensions[ext]!.state.agent!;
const nowSeconds = () => Date.now() / 1000;

async function deskSettings(patch: { breakReasons?: string[]; noPhoneBreak?: boolean; noPhoneGraceSeconds?: number }) {
  const rest = restClient(suite.server.url);
  const cookie = await suite.server.signIn('admin@acme.test');
  const { body: now } = await rest('GET', '/api/admin/settings', cookie);
  const saved = await rest('PUT', '/api/admin/settings', cookie, { package: now.package, limits: now.limits, lowCreditThreshold: now.lowCreditThreshold, ...patch });
  assert.is(saved.status, 200, JSON.stringify(saved.body));
  return saved.body;
}

test('a break with a reason: every screen shows the reason and since when; Available forgets it', async () => {
  const agent = await suite.server.signIn('agent2@acme.test');
  const supervisor = await suite.server.signIn('supervisor@acme.test');
  const [mine, theirs] = [suite.server.connect(agent), suite.server.connect(supervisor)];
  const [me, sup] = [follow(mine), follow(theirs)];
  try {
    await waitFor(() => me.snapshots === 1 && sup.snapshots === 1, 5000, 'the snapshots');
    assert.equal(me.tenant!.state.breakReasons, ['Lunch', 'Coffee', 'Training', 'Meeting', 'After-call work']);
    assert.equal(await takeBreak(mine, 'Lunch'), { ok: true });
    assert.ok(suite.server.simulator.commands.includes("callcenter_config agent set status 1002@acme.pbx.test 'On Break'"));
    const onLunch = () => sup.queues.sales!.state.agents.find((a) => a.name === `1002@${ACME}`);
    await waitFor(() => onLunch()?.status === 'On Break' && onLunch()?.reason === 'Lunch', 5000, 'the supervisor sees the reason');
    assert.is(agentOf(me, '1002').reason, 'Lunch');
    assert.is(agentOf(me, '1002').breakSource, 'agent');
    assert.ok(Math.abs(onLunch()!.since! - nowSeconds()) < 3, 'since: the moment of the break');

    // Changing the reason while on break: FreeSWITCH says nothing new (still On Break), the reason and clock change.
    await sleep(1100);
    const lunchSince = onLunch()!.since!;
    assert.equal(await takeBreak(mine, 'Training'), { ok: true });
    await waitFor(() => onLunch()?.reason === 'Training', 5000, 'the new reason');
    assert.ok(onLunch()!.since! > lunchSince, 'the clock starts again with a new reason');

    assert.equal(await setAgentStatus(mine, 'Available'), { ok: true });
    await waitFor(() => onLunch()?.status === 'Available', 5000);
    assert.is(onLunch()!.reason ?? null, null);
    assert.is(agentOf(me, '1002').reason ?? null, null);
  } finally {
    mine.close();
    theirs.close();
  }
});

test('a reason the tenant does not offer is refused in words, and nothing is asked of FreeSWITCH', () =>
  withLiveView(suite.server, 'agent3@acme.test', async (_view, socket) => {
    const before = suite.server.simulator.commands.length;
    assert.equal(await takeBreak(socket, 'Nap'), { ok: false, error: '"Nap" is not one of your organisation\'s break reasons.' });
    assert.is(suite.server.simulator.commands.slice(before).filter((c) => c.includes('1003@')).length, 0);
  }));

test('the reason survives FreeSWITCH going away and coming back, and goes when its tables end the break', () =>
  withLiveView(suite.server, 'agent3@acme.test', async (view, socket) => {
    assert.equal(await takeBreak(socket, 'Coffee'), { ok: true });
    await waitFor(() => agentOf(view, '1003').reason === 'Coffee', 5000);
    const since = agentOf(view, '1003').since;
    suite.server.simulator.goDown();
    await waitFor(() => !suite.server.switchboard.pbx.connected, 5000);
    suite.server.simulator.comeUp();
    await waitFor(() => suite.server.switchboard.pbx.connected, 15_000, 'the reconnect');
    await sleep(500); // the resync
    assert.is(agentOf(view, '1003').reason, 'Coffee', 'still on that break by FreeSWITCH tables: the reason stays');
    assert.is(agentOf(view, '1003').since, since);

    // While we were not listening, someone set the agent Available at the PBX (fs_cli).
    suite.server.simulator.goDown();
    await waitFor(() => !suite.server.switchboard.pbx.connected, 5000);
    suite.server.simulator.callcenter.agents.get(`1003@${ACME}`)!.status = 'Available';
    suite.server.simulator.comeUp();
    await waitFor(() => agentOf(view, '1003').status === 'Available', 15_000, 'the resync');
    assert.is(agentOf(view, '1003').reason ?? null, null);
  }));

test('availability follows the phone: shown without the setting; with it, On Break "No phone" and back — never over a chosen break', async () => {
  const agent = await suite.server.signIn('agent4@acme.test');
  const socket = suite.server.connect(agent);
  const view = follow(socket);
  const sim = suite.server.simulator;
  const fsStatus = () => sim.callcenter.agents.get(`1004@${ACME}`)!.status;
  try {
    await waitFor(() => view.snapshots === 1, 5000);
    assert.equal(await setAgentStatus(socket, 'Available'), { ok: true });
    await waitFor(() => agentOf(view, '1004').status === 'Available', 5000);
    assert.is(agentOf(view, '1004').phone, false, 'no device registered: the screens say so');
    const callId = sim.register({ user: '1004', domain: ACME });
    await waitFor(() => agentOf(view, '1004').phone !== false, 5000, 'the phone registers');
    sim.unregister('1004', ACME, callId);
    await waitFor(() => agentOf(view, '1004').phone === false, 5000, 'the phone goes');
    await sleep(300);
    assert.is(fsStatus(), 'Available', 'without the setting, nothing is changed at the PBX');

    // The setting turned on while the agent is already without a phone: it applies at once.
    await deskSettings({ noPhoneBreak: true, noPhoneGraceSeconds: 0 });
    await waitFor(() => fsStatus() === 'On Break', 5000, 'FreeSWITCH puts the agent On Break');
    await waitFor(() => agentOf(view, '1004').reason === 'No phone' && agentOf(view, '1004').breakSource === 'no-phone', 5000);
    const back = sim.register({ user: '1004', domain: ACME });
    await waitFor(() => fsStatus() === 'Available', 5000, 'the phone is back: Available');
    await waitFor(() => agentOf(view, '1004').status === 'Available' && agentOf(view, '1004').reason == null, 5000);

    // A grace period: a phone that comes back within it changes nothing.
    await deskSettings({ noPhoneGraceSeconds: 2 });
    sim.expire('1004', ACME, back);
    await sleep(700);
    const again = sim.register({ user: '1004', domain: ACME });
    await sleep(2_000);
    assert.is(fsStatus(), 'Available', 'the phone came back within the grace period');

    // A break the agent chose is never undone when a phone comes or goes.
    assert.equal(await takeBreak(socket, 'Meeting'), { ok: true });
    await waitFor(() => agentOf(view, '1004').reason === 'Meeting', 5000);
    sim.unregister('1004', ACME, again);
    await sleep(500);
    sim.register({ user: '1004', domain: ACME });
    await sleep(700);
    assert.is(fsStatus(), 'On Break');
    assert.is(agentOf(view, '1004').reason, 'Meeting');
  } finally {
    socket.close();
    await deskSettings({ noPhoneBreak: false, noPhoneGraceSeconds: 30 });
  }
});

test('wrap-up after a queue call counts down from the queue\'s wrap-up time; "Ready now" ends it so the next caller comes at once', () =>
  withLiveView(suite.server, 'agent@acme.test', async (view, socket) => {
    const sim = suite.server.simulator;
    const name = `1001@${ACME}`;
    assert.equal(await readyNow(socket), { ok: false, error: 'You are not wrapping up a queue call.' });
    assert.is(sim.callcenter.agents.get(name)!.wrapUpTime, 10, "the seed's queues keep mod_callcenter's 10 s");
    sim.register({ user: '1001', domain: ACME });
    assert.equal(await setAgentStatus(socket, 'Available'), { ok: true });
    await waitFor(() => agentOf(view, '1001').status === 'Available', 5000);
    // Only agent 1001 is available in sales, so every caller goes to them.
    for (const other of ['1002', '1003']) sim.api(`callcenter_config agent set status ${other}@${ACME} 'Logged Out'`);
    const first = sim.callcenter.join(`sales@${ACME}`, { cidName: 'First Caller', cidNumber: '+15145550001' });
    await waitFor(() => agentOf(view, '1001').state === 'Receiving', 5000, 'the offer');
    sim.callcenter.answer(name);
    await waitFor(() => agentOf(view, '1001').call?.memberUuid === first, 5000);
    sim.callcenter.hangup(first);
    await waitFor(() => (agentOf(view, '1001').wrapUpUntil ?? 0) > 0, 5000, 'the wrap-up');
    const left = agentOf(view, '1001').wrapUpUntil! - nowSeconds();
    assert.ok(left > 8 && left <= 10.5, `the countdown starts at the wrap-up time (${left.toFixed(1)} s left)`);

    const second = sim.callcenter.join(`sales@${ACME}`, { cidName: 'Second Caller', cidNumber: '+15145550002' });
    await sleep(500);
    assert.is(agentOf(view, '1001').state, 'Waiting', 'no offer during the wrap-up');
    assert.equal(await readyNow(socket), { ok: true });
    assert.ok(sim.commands.includes(`callcenter_config agent set wrap_up_time ${name} 0`));
    await waitFor(() => agentOf(view, '1001').state === 'Receiving', 3000, 'the next caller at once');
    assert.is(agentOf(view, '1001').wrapUpUntil ?? null, null, 'the countdown is gone');
    sim.callcenter.answer(name);
    await waitFor(() => sim.callcenter.agents.get(name)!.wrapUpTime === 10, 3000, 'the wrap-up time set back when the next call starts');
    sim.callcenter.hangup(second);
  }));

test.run();
