// Queues end to end: the simulator's mod_callcenter over TCP → the live
// store → Socket.IO rooms → real clients; and the agent's status control.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { follow, setAgentStatus, withLiveView, type LiveSocket } from '../../helpers/live-client.ts';
import { serverSuite } from '../../helpers/server-suite.ts';
import { sleep, waitFor } from '../../helpers/wait.ts';

const ACME = 'acme.pbx.test';
const suite = serverSuite(test);


test('the agent sets Available; the PBX confirms with agent-status-change; a caller is offered to them', () =>
  withLiveView(suite.server, 'agent2@acme.test', async (view, socket) => {
    assert.equal(Object.keys(view.queues).sort(), ['sales'], 'agent2 has a tier in sales only');
    assert.is(view.extensions['1002']!.state.agent?.status, 'Logged Out');
    assert.equal(await setAgentStatus(socket, 'Available'), { ok: true });
    await waitFor(() => view.extensions['1002']!.state.agent?.status === 'Available', 5000, 'confirmed status');
    assert.ok(suite.server.simulator.commands.includes("callcenter_config agent set status 1002@acme.pbx.test 'Available'"));

    const uuid = suite.server.simulator.callcenter.join(`sales@${ACME}`, { cidName: 'Marc Robinson', cidNumber: '+15145551212' });
    await waitFor(() => view.queues.sales!.state.members.some((m) => m.uuid === uuid), 5000, 'the member');
    const member = view.queues.sales!.state.members.find((m) => m.uuid === uuid)!;
    assert.is(member.cidNumber, '+15145551212');
    assert.ok(Math.abs(member.joinedAt - Date.now() / 1000) < 5);
    await waitFor(() => view.extensions['1002']!.state.agent?.state === 'Receiving', 5000, 'the offer');
    suite.server.simulator.callcenter.answer('1002@acme.pbx.test');
    await waitFor(() => view.extensions['1002']!.state.agent?.call?.memberUuid === uuid, 5000, 'the call');
    await waitFor(() => view.queues.sales!.state.answered === 1, 5000);
    suite.server.simulator.callcenter.hangup(uuid);
    await waitFor(() => view.queues.sales!.state.members.length === 0 && view.extensions['1002']!.state.agent?.call === null, 5000);
  }),
);

test('a status the PBX refuses, or a PBX that is down, comes back as a clear message and changes nothing', () =>
  withLiveView(suite.server, 'agent5@acme.test', async (view, socket) => {
    const bad = await setAgentStatus(socket, 'Out to lunch');
    assert.equal(bad, {
      ok: false,
      code: 'invalid-value',
      event: 'agent-status',
      error: 'Choose one of: Logged Out, Available, Available (On Demand), On Break.',
      path: [0],
    });
    // FreeSWITCH does not know this agent (its tier was removed there): -ERR Agent not found!
    suite.server.simulator.callcenter.agents.delete('1005@acme.pbx.test');
    const refused = await setAgentStatus(socket, 'On Break');
    assert.equal(refused, { ok: false, error: 'The PBX does not know you as a queue agent (1005@acme.pbx.test). Ask your administrator to add you.' });
    suite.server.simulator.goDown();
    await waitFor(() => !suite.server.switchboard.pbx.connected, 5000);
    const down = await setAgentStatus(socket, 'Available');
    assert.is(down.ok, false);
    assert.match(!down.ok ? down.error : '', /cannot be reached/);
    suite.server.simulator.comeUp();
    await waitFor(() => suite.server.switchboard.pbx.connected, 15000);
    // The reconnect provisions mod_callcenter from our database again
    // (callcenter-provision.ts), and the simulator now takes `agent add` as
    // FreeSWITCH does: the agent is back, Logged Out, and the view says so.
    await waitFor(() => suite.server.simulator.callcenter.agents.get('1005@acme.pbx.test'), 5000, 'the agent provisioned again');
    await waitFor(() => view.extensions['1005']!.state.agent?.status === 'Logged Out', 5000, 'the resync to show the agent as the PBX has it');
    assert.is(suite.server.simulator.callcenter.agents.get('1005@acme.pbx.test')!.status, 'Logged Out');
  }),
);

test('room scoping: billing callers reach billing agents and supervisors only, never another tenant', async () => {
  const [agent2, agent6, supervisor, globex] = await Promise.all(
    ['agent2@acme.test', 'agent6@acme.test', 'supervisor@acme.test', 'supervisor@globex.test'].map((e) => suite.server.signIn(e)),
  );
  const sockets = [agent2, agent6, supervisor, globex].map((c) => suite.server.connect(c));
  const [a2, a6, sup, glx] = sockets.map((s) => follow(s));
  try {
    await waitFor(() => [a2, a6, sup, glx].every((v) => v!.snapshots === 1), 5000);
    assert.equal(Object.keys(sup!.queues).sort(), ['billing', 'sales', 'support']);
    assert.equal(Object.keys(a6!.queues).sort(), ['billing', 'support']);
    assert.equal(Object.keys(glx!.queues), ['sales'], 'Globex sees its own sales queue only');
    suite.server.simulator.callcenter.join(`billing@${ACME}`, { cidName: 'Secret Caller', cidNumber: '+15550009999' });
    await waitFor(() => sup!.queues.billing!.state.members.length === 1 && a6!.queues.billing!.state.members.length === 1, 5000);
    await sleep(200);
    const leaked = (v: typeof a2) => JSON.stringify(v!.patches).includes('+15550009999');
    assert.not.ok(leaked(a2), 'agent2 (no billing tier) never receives billing callers');
    assert.not.ok(leaked(glx), 'another tenant never does');
    assert.ok(leaked(sup) && leaked(a6));
  } finally {
    for (const s of sockets) s.close();
  }
});

test.run();
