// The tenant's counters over the one socket (protocol 5): only the sockets
// whose open page shows them (figures-watch) receive them, in a snapshot and
// then as patches; every other socket of the tenant — an agent on their desk —
// gets no counter patch at all, while the header's tenant scope (credit, the
// PBX link) still reaches everyone. Real Socket.IO, PostgreSQL and simulator.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { DASHBOARD_FIGURES } from '../../../common/live.ts';
import { firstRefusal, openTab, operatorSnapshotsOnWatch, watchFigures, type LiveView } from '../../helpers/live-client.ts';
import { serverSuite } from '../../helpers/server-suite.ts';
import { sleep, waitFor } from '../../helpers/wait.ts';

const ACME = 'acme.pbx.test';
const suite = serverSuite(test);

const tab = (email: string) => openTab(suite.server, email);

/** Every counter patch and every counter field a socket received, whatever the scope it came in. */
const countersSeen = (view: LiveView) => [
  ...view.patches.filter((p) => p.scope === 'figures'),
  ...view.patches.filter((p) => DASHBOARD_FIGURES.some((key) => key in (p.set as object))),
];

test('a watching socket gets the counters in a snapshot, then patches; a socket that does not watch gets none; both get the header', async () => {
  const [desk, dashboard] = await Promise.all([tab('agent@acme.test'), tab('supervisor@acme.test')]);
  const usage = { desk: 0, dashboard: 0 };
  desk.socket.on('usage', () => usage.desk++);
  dashboard.socket.on('usage', () => usage.dashboard++);
  try {
    assert.is(desk.view.figures, undefined, 'the connect snapshot holds no counters');
    assert.not.ok(DASHBOARD_FIGURES.some((key) => key in desk.view.tenant!.state), 'nor does the tenant scope');
    await watchFigures(dashboard.socket, dashboard.view);
    const { devices, activeCalls } = dashboard.view.figures!.state;
    assert.is(dashboard.view.figures!.state.extensions, 12);

    const sim = suite.server.simulator;
    const callId = sim.register({ user: '1002', domain: ACME });
    await waitFor(() => dashboard.view.figures!.state.devices === devices + 1, 5000, 'the device counted');
    const call = sim.startCall({ from: '1002', to: '+442079460123', domain: ACME });
    await waitFor(() => dashboard.view.figures!.state.activeCalls === activeCalls + 1, 5000, 'the call counted');
    const counted = dashboard.view.patches.filter((p) => p.scope === 'figures');
    assert.ok(counted.every((p) => typeof p.eventAt === 'number'), 'each counter patch carries the time of its event');
    assert.equal(
      counted.map((p) => p.seq),
      counted.map((_, i) => dashboard.view.figures!.seq - counted.length + i + 1),
      'numbered 1 by 1 after the snapshot',
    );
    sim.answer(call);
    await sleep(1100);
    sim.hangup(call);
    await waitFor(() => dashboard.view.figures!.state.activeCalls === activeCalls, 5000, 'the call ended');
    // Its CDR changes this month's usage: only the pages that show it (Billing Quota watches the counters) hear it.
    await waitFor(() => usage.dashboard > 0, 5000, 'usage to the watching socket');
    // The header's scope still reaches every tab: the PBX link goes and comes back.
    sim.goDown();
    await waitFor(() => desk.view.tenant!.state.pbxConnected === false && dashboard.view.tenant!.state.pbxConnected === false, 5000, 'the link down on both');
    sim.comeUp();
    await waitFor(() => desk.view.tenant!.state.pbxConnected && dashboard.view.tenant!.state.pbxConnected, 15_000, 'the link up on both');
    await sleep(200);

    assert.equal(countersSeen(desk.view), [], 'the agent on their desk received no counter');
    assert.is(usage.desk, 0, 'nor the usage change');
    assert.ok(desk.view.patches.some((p) => p.scope === 'ext:1001' || p.scope === 'tenant'), 'while the rest of its live state came');
    sim.unregister('1002', ACME, callId);
    await waitFor(() => dashboard.view.figures!.state.devices === devices, 5000, 'the device gone');
  } finally {
    desk.socket.close();
    dashboard.socket.close();
  }
});

test('stopped watching: no more counter patches; a reconnect forgets the watch until the page asks again', async () => {
  const dashboard = await tab('supervisor@acme.test');
  try {
    await watchFigures(dashboard.socket, dashboard.view);
    dashboard.socket.emit('figures-watch', false);
    await sleep(200);
    const before = dashboard.view.patches.length;
    const sim = suite.server.simulator;
    const callId = sim.register({ user: '1003', domain: ACME });
    await waitFor(() => dashboard.view.patches.slice(before).some((p) => p.scope === 'ext:1003'), 5000, "1003's own patch");
    await sleep(200);
    assert.equal(
      dashboard.view.patches.slice(before).filter((p) => p.scope === 'figures'),
      [],
      'the page closed: nothing more of the counters',
    );

    // A new connection watches nothing: its snapshot holds no counters, and no patch comes until figures-watch.
    dashboard.socket.disconnect();
    dashboard.socket.connect();
    await waitFor(() => dashboard.view.snapshots === 3, 5000, 'the snapshot of the new connection');
    assert.is(dashboard.view.figures, undefined);
    const after = dashboard.view.patches.length;
    sim.unregister('1003', ACME, callId);
    await waitFor(() => dashboard.view.patches.slice(after).some((p) => p.scope === 'ext:1003'), 5000, "1003's own patch again");
    await sleep(200);
    assert.equal(dashboard.view.patches.slice(after).filter((p) => p.scope === 'figures'), []);
    await watchFigures(dashboard.socket, dashboard.view);
    assert.is(dashboard.view.figures!.state.extensions, 12, 're-watched: the counters again, whole');
  } finally {
    dashboard.socket.close();
  }
});

test('figures-watch takes only true or false, and an operator watches no tenant', async () => {
  const agent = await tab('agent@acme.test');
  try {
    const refusal = await firstRefusal(agent.socket, () => agent.socket.emit('figures-watch', 'yes' as never));
    assert.is(refusal.code, 'wrong-type');
    assert.is(agent.view.figures, undefined);
  } finally {
    agent.socket.close();
  }
  assert.is(await operatorSnapshotsOnWatch(suite.server, 'figures-watch'), 0, 'no tenant, no counters');
});

test.run();
