// A supervisor acts on an agent over the simulator's mod_callcenter (over
// TCP): the order goes to FreeSWITCH as `callcenter_config agent set
// status`, the rows change when its agent-status-change comes back, the
// agent's own screen says who set it until they change it themselves, and
// the change is in the audit log. Agents and another tenant's supervisor
// are refused, and FreeSWITCH is asked nothing for them.
// Against real FreeSWITCH: tests/freeswitch/desk.test.ts.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { AgentStatusOrder, AgentStatusResult } from '../../../common/socket.ts';
import { AgentStatusSetter, AuditEntry } from '../../../server/db/entities/index.ts';
import { follow, setAgentStatus, type LiveSocket, type LiveView } from '../../helpers/live-client.ts';
import { serverSuite } from '../../helpers/server-suite.ts';
import { waitFor } from '../../helpers/wait.ts';

const ACME = 'acme.pbx.test';
const suite = serverSuite(test);

const order = (socket: LiveSocket, o: AgentStatusOrder) =>
  new Promise<AgentStatusResult>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no ack')), 10_000);
    socket.emit('set-agent-status', o, (result) => {
      clearTimeout(timer);
      resolve(result);
    });
  });

async function open(email: string): Promise<{ socket: LiveSocket; view: LiveView }> {
  const socket = suite.server.connect(await suite.server.signIn(email));
  const view = follow(socket);
  await waitFor(() => view.snapshots === 1, 5000, `the snapshot of ${email}`);
  return { socket, view };
}

const commandsFor = (agent: string, from: number) => suite.server.simulator.commands.slice(from).filter((c) => c.includes(agent));

test('a supervisor puts an agent On Break with a reason: FreeSWITCH confirms, the agent is told who, it is audited; the agent\'s own change forgets who', async () => {
  const sup = await open('supervisor@acme.test');
  const agent = await open('agent2@acme.test');
  try {
    assert.equal(await setAgentStatus(agent.socket, 'Available'), { ok: true });
    const row = () => sup.view.queues.sales!.state.agents.find((a) => a.name === `1002@${ACME}`)!;
    await waitFor(() => row().status === 'Available', 5000);

    assert.equal(await order(sup.socket, { extension: '1002', status: 'On Break', reason: 'Lunch' }), { ok: true });
    assert.ok(suite.server.simulator.commands.includes(`callcenter_config agent set status 1002@${ACME} 'On Break'`));
    await waitFor(() => row().status === 'On Break', 5000, 'the supervisor sees FreeSWITCH confirm it');
    assert.equal([row().reason, row().breakSource, row().setBy], ['Lunch', 'supervisor', 'Grace Lindqvist']);
    const own = () => agent.view.extensions['1002']!.state.agent!;
    await waitFor(() => own().setBy === 'Grace Lindqvist', 5000, "the agent's screen says who");
    assert.equal([own().status, own().reason], ['On Break', 'Lunch']);

    const rows = await suite.server.switchboard.orm.em.fork().find(AuditEntry, { action: 'agent.status' }, { orderBy: { id: 'desc' } });
    assert.is(rows.length, 1);
    assert.equal([rows[0]!.actor, rows[0]!.target, rows[0]!.changes], [
      'supervisor@acme.test',
      'agent 1002',
      { status: { from: 'Available', to: 'On Break' }, reason: { to: 'Lunch' } },
    ]);

    // Kept for nodes that start later, until FreeSWITCH says otherwise (here: set at the PBX itself).
    const rowsOf = () => suite.server.switchboard.orm.em.fork().count(AgentStatusSetter, { agent: `1002@${ACME}` });
    assert.is(await rowsOf(), 1);
    suite.server.simulator.callcenter.api(`agent set status 1002@${ACME} 'Available'`);
    await waitFor(() => own().status === 'Available', 5000);
    assert.is(own().setBy ?? null, null, 'another status: nobody\'s word on it');
    await waitFor(async () => (await rowsOf()) === 0, 5000, 'the row forgotten');

    // Logged Out, then the agent makes themselves Available: nobody else's word is shown any more.
    assert.equal(await order(sup.socket, { extension: '1002', status: 'Logged Out' }), { ok: true });
    await waitFor(() => own().status === 'Logged Out' && own().setBy === 'Grace Lindqvist', 5000);
    assert.equal(await setAgentStatus(agent.socket, 'Available'), { ok: true });
    await waitFor(() => own().status === 'Available', 5000);
    assert.is(own().setBy ?? null, null);
    assert.is(row().setBy ?? null, null);
  } finally {
    sup.socket.close();
    agent.socket.close();
  }
});

test('refused: an agent, another tenant\'s supervisor (as if the extension did not exist), an unknown reason; FreeSWITCH is asked nothing', async () => {
  const agent = await open('agent@acme.test');
  const globex = await open('supervisor@globex.test');
  const sup = await open('supervisor@acme.test');
  try {
    const before = suite.server.simulator.commands.length;
    const auditBefore = await suite.server.switchboard.orm.em.fork().count(AuditEntry, { action: 'agent.status' });
    assert.equal(await order(agent.socket, { extension: '1002', status: 'Logged Out' }), {
      ok: false,
      error: "Only supervisors and administrators can set another agent's status.",
    });
    // 1005 is Acme's agent; to Globex's supervisor it does not exist.
    assert.equal(await order(globex.socket, { extension: '1005', status: 'Logged Out' }), { ok: false, error: 'There is no extension 1005 in your organisation.' });
    assert.equal(await order(sup.socket, { extension: '1003', status: 'On Break', reason: 'Nap' }), {
      ok: false,
      error: '"Nap" is not one of your organisation\'s break reasons.',
    });
    assert.equal(commandsFor(`@${ACME}`, before), []);
    assert.is(await suite.server.switchboard.orm.em.fork().count(AuditEntry, { action: 'agent.status' }), auditBefore, 'nothing audited');
    // A malformed order is refused by the decoder before any of this.
    const refused = await order(sup.socket, { extension: '1003', status: 'On Break', tenantId: 'other' } as never);
    assert.is(!refused.ok && 'code' in refused && refused.code, 'unknown-field');
  } finally {
    for (const s of [agent, globex, sup]) s.socket.close();
  }
});

test('FreeSWITCH refuses (agent unknown to it): the supervisor is told, and the reason and who-set-it saved first are undone', async () => {
  const sup = await open('supervisor@acme.test');
  try {
    const sim = suite.server.simulator;
    const name = `1003@${ACME}`;
    const saved = sim.callcenter.agents.get(name)!;
    sim.callcenter.agents.delete(name);
    try {
      const result = await order(sup.socket, { extension: '1003', status: 'On Break', reason: 'Coffee' });
      assert.equal(result, { ok: false, error: 'FreeSWITCH refused the change (Agent not found!).' });
    } finally {
      sim.callcenter.agents.set(name, saved);
    }
    const state = suite.server.switchboard.live.tenantState([...suite.server.switchboard.live.tenantIds()].find((id) => suite.server.switchboard.live.tenantState(id)!.domain === ACME)!)!;
    assert.is(state.setters.has(name), false);
    assert.is(state.breaks.get(name)?.reason === 'Coffee', false);
  } finally {
    sup.socket.close();
  }
});

test.run();
