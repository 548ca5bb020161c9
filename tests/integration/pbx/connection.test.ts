// connectPbx against the simulator over real TCP with the real modesl client.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { PbxSimulator, type PbxSimulatorOptions } from '../../../freeswitch/simulator/index.ts';
import { connectPbx, PbxCommandError, PbxDownError, type Pbx, type PbxOptions } from '../../../server/pbx/connection.ts';
import type { PbxEvent } from '../../../server/pbx/events.ts';
import { sleep, waitFor } from '../../helpers/wait.ts';

const DOMAIN = 'acme.pbx.test';
const fast = { baseMs: 20, maxMs: 200 };

function watch(pbx: Pbx) {
  const events: PbxEvent[] = [];
  pbx.onEvent((e) => events.push(e));
  const after = (from: number) => events.slice(from);
  return { events, after };
}

const users = (e: PbxEvent | undefined) =>
  e?.kind === 'resync' ? e.registrations.map((r) => r.user).sort() : [];

/**
 * A simulator on a free port and a Pbx dialling it with fast backoff; `body`
 * runs, then both are closed whatever happened, so a failed assertion leaves
 * no socket behind for the next test.
 */
async function linked(
  body: (sim: PbxSimulator, pbx: Pbx) => Promise<void>,
  options: { sim?: PbxSimulatorOptions; pbx?: Partial<PbxOptions> } = {},
): Promise<void> {
  const sim = new PbxSimulator({ heartbeatMs: 0, ...options.sim });
  const port = await sim.start();
  const pbx = connectPbx({ host: '127.0.0.1', port, password: 'ClueCon', backoff: fast, ...options.pbx });
  try {
    await body(sim, pbx);
  } finally {
    await pbx.close();
    await sim.stop();
  }
}

test('register → registered; link and resync on connect; api works and -ERR rejects', () =>
  linked(async (sim, pbx) => {
    const { events } = watch(pbx);
    await waitFor(() => events.find((e) => e.kind === 'resync'), 5000, 'first resync');
    assert.equal(events[0] && { kind: events[0].kind, up: (events[0] as { up?: boolean }).up }, { kind: 'link', up: true });
    assert.ok(pbx.connected);
    const callId = sim.register({ user: '1001', domain: DOMAIN, userAgent: 'Desk phone' });
    const reg = await waitFor(() => events.find((e) => e.kind === 'registered'), 3000, 'registered');
    assert.is(reg.kind === 'registered' && reg.registration.callId, callId);
    assert.is(reg.kind === 'registered' && reg.registration.userAgent, 'Desk phone');
    assert.match(await pbx.api('status'), /is ready/);
    try {
      await pbx.api('no_such_thing');
      assert.unreachable('should reject');
    } catch (err) {
      assert.instance(err, PbxCommandError);
      assert.match((err as Error).message, '-ERR no_such_thing Command not found!');
    }
    // A call's life arrives in order, typed.
    const uuid = sim.startCall({ from: '1001', to: '1002', domain: DOMAIN });
    sim.answer(uuid);
    sim.hangup(uuid, 'NORMAL_CLEARING');
    await waitFor(() => events.find((e) => e.kind === 'channel-hangup-complete'), 3000, 'hangup');
    assert.equal(
      events.filter((e) => e.kind.startsWith('channel-')).map((e) => e.kind),
      ['channel-created', 'channel-answered', 'channel-hangup-complete'],
    );
  }),
);

test('dropConnections → link down, then up, and a resync holding the registrations', () =>
  linked(async (sim, pbx) => {
    const { events, after } = watch(pbx);
    await waitFor(() => events.some((e) => e.kind === 'resync'), 5000, 'first resync');
    sim.register({ user: '1001', domain: DOMAIN });
    await waitFor(() => events.some((e) => e.kind === 'registered'), 3000, 'registered');
    const mark = events.length;
    sim.dropConnections();
    const resync = await waitFor(() => after(mark).find((e) => e.kind === 'resync'), 5000, 'resync after drop');
    const links = after(mark).filter((e) => e.kind === 'link').map((e) => e.kind === 'link' && e.up);
    assert.equal(links, [false, true], 'link down once, then up');
    assert.equal(users(resync), ['1001']);
    assert.ok(pbx.connected);
  }),
);

test('goDown, register while down, comeUp → resync has both; api rejects while down', () =>
  linked(async (sim, pbx) => {
    const { events, after } = watch(pbx);
    await waitFor(() => events.some((e) => e.kind === 'resync'), 5000, 'first resync');
    sim.register({ user: '1001', domain: DOMAIN });
    await waitFor(() => events.some((e) => e.kind === 'registered'), 3000, 'registered 1001');
    const mark = events.length;
    sim.goDown();
    await waitFor(() => !pbx.connected, 3000, 'link down');
    try {
      await pbx.api('status');
      assert.unreachable('api should reject while down');
    } catch (err) {
      assert.instance(err, PbxDownError);
    }
    sim.register({ user: '1002', domain: DOMAIN });
    await sleep(300); // several refused reconnects
    assert.not.ok(after(mark).some((e) => e.kind === 'registered'), 'an event fired while down must be lost');
    sim.comeUp();
    const resync = await waitFor(() => after(mark).find((e) => e.kind === 'resync'), 5000, 'resync after comeUp');
    assert.equal(users(resync), ['1001', '1002']);
    assert.equal(after(mark).filter((e) => e.kind === 'link').map((e) => e.kind === 'link' && e.up), [false, true]);
  }),
);

test('wrong password: logged clearly, no crash, keeps retrying; the password never logged', () => {
  const logs: string[] = [];
  return linked(
    async (_sim, pbx) => {
      await waitFor(() => logs.filter((l) => l.includes('ESL_PASSWORD')).length >= 3, 5000, 'three failed auths');
      assert.ok(logs.some((l) => l.startsWith('error') && l.includes('rejected the ESL password')));
      assert.not.ok(logs.some((l) => l.includes('wrong-one') || l.includes('right-one')), 'password in a log line');
      assert.not.ok(pbx.connected);
    },
    { sim: { password: 'right-one' }, pbx: { password: 'wrong-one', log: (l, m) => logs.push(`${l} ${m}`) } },
  );
});

test('nothing listening: ECONNREFUSED retried quietly, close() stops it', async () => {
  const sim = new PbxSimulator();
  const port = await sim.start();
  await sim.stop(); // the port is free now: connections are refused
  const logs: string[] = [];
  const pbx = connectPbx({ host: '127.0.0.1', port, password: 'ClueCon', backoff: fast, log: (l, m) => logs.push(`${l} ${m}`) });
  await waitFor(() => logs.filter((l) => l.includes('ECONNREFUSED')).length >= 2, 5000, 'refused twice');
  await pbx.close();
  const count = logs.length;
  await sleep(400);
  assert.is(logs.length, count, 'no reconnect after close()');
});

test('close() during a live link emits link down and leaves nothing running', async () => {
  const sim = new PbxSimulator({ heartbeatMs: 0 });
  const port = await sim.start();
  const pbx = connectPbx({ host: '127.0.0.1', port, password: 'ClueCon', backoff: fast });
  const { events } = watch(pbx);
  await waitFor(() => pbx.connected, 5000, 'link up');
  await pbx.close();
  const last = events.at(-1);
  assert.equal(last?.kind === 'link' && last.up, false);
  assert.not.ok(pbx.connected);
  await sim.stop();
  await sleep(50);
  const sockets = process.getActiveResourcesInfo().filter((r) => r.startsWith('TCP'));
  assert.equal(sockets, [], 'open sockets after close()');
  // Beyond this, the runner fails the file if the process does not exit by itself.
});

test("a phone dropped from sofia's table (flush_inbound_reg) leaves the live registrations, and a resync does not bring back the core's stale row", () =>
  linked(async (sim, pbx) => {
    const { events, after } = watch(pbx);
    await waitFor(() => events.find((e) => e.kind === 'resync'), 5000, 'first resync');
    const callId = sim.register({ user: '1001', domain: DOMAIN });
    sim.register({ user: '1002', domain: DOMAIN });
    await waitFor(() => events.filter((e) => e.kind === 'registered').length === 2, 3000, 'both registered');
    const mark = events.length;
    assert.match(await pbx.api(`sofia profile internal flush_inbound_reg 1001@${DOMAIN}`), /^\+OK flushing/);
    const expired = await waitFor(() => after(mark).find((e) => e.kind === 'unregistered'), 3000, 'sofia::expire');
    assert.is(expired.kind === 'unregistered' && expired.callId, callId);
    // As FreeSWITCH: sofia forgot it, the core's table still lists it until it expires.
    assert.match(await pbx.api('show registrations'), new RegExp(`1001,${DOMAIN}`));
    assert.not.match(await pbx.api('sofia xmlstatus profile internal reg'), /1001@acme/);
    await pbx.reprovision();
    const resync = after(mark).find((e) => e.kind === 'resync');
    assert.equal(users(resync), ['1002']);
    assert.match(await pbx.api('sofia xmlstatus profile nosuch reg'), /Invalid Profile/);
  }));

test.run();
