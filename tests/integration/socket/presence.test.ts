// Colleagues' presence over the one socket: only while watched, every
// extension of the user's own tenant, with whom each one talks for
// supervisors and admins only; and the directory the page lists them from.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { Colleague } from '../../../common/api.ts';
import { openTab, operatorSnapshotsOnWatch } from '../../helpers/live-client.ts';
import { restClient } from '../../helpers/rest.ts';
import { serverSuite } from '../../helpers/server-suite.ts';
import { sleep, waitFor } from '../../helpers/wait.ts';

const ACME = 'acme.pbx.test';
const suite = serverSuite(test);

const watcher = (email: string) => openTab(suite.server, email);

test('watching: a snapshot with every extension; a phone rings and answers; peers reach the supervisor only; another tenant hears nothing', async () => {
  const [agent, supervisor, globex] = await Promise.all([watcher('agent@acme.test'), watcher('supervisor@acme.test'), watcher('supervisor@globex.test')]);
  try {
    assert.is(agent.view.presence, undefined, 'no presence until watched');
    for (const w of [agent, supervisor, globex]) w.socket.emit('presence-watch', true);
    await waitFor(() => [agent, supervisor, globex].every((w) => w.view.presence), 5000, 'the snapshots with presence');
    const acme = suite.server.switchboard.live.tenantState(suite.server.switchboard.live.tenantIds().find((id) => suite.server.switchboard.live.tenantState(id)!.domain === ACME)!)!;
    assert.equal(Object.keys(agent.view.presence!.state).sort(), [...acme.extensions.keys()].sort(), "every one of Acme's extensions");
    assert.is(agent.view.presence!.state['1002']!.state, 'offline');
    assert.is(agent.view.peers, undefined, 'an agent sees no peers');
    assert.equal(supervisor.view.peers?.state, {});

    const sim = suite.server.simulator;
    sim.register({ user: '1002', domain: ACME });
    await waitFor(() => supervisor.view.presence!.state['1002']!.state === 'idle', 5000, 'registered: available');
    const uuid = sim.startCall({ from: '+15145551212', callerIdName: 'Marc Robinson', to: '1002', domain: ACME, direction: 'outbound' });
    await waitFor(() => agent.view.presence!.state['1002']!.state === 'ringing', 5000, 'ringing');
    await waitFor(() => supervisor.view.peers!.state['1002']?.number === '+15145551212', 5000, 'the supervisor sees who calls');
    assert.equal(supervisor.view.peers!.state['1002'], { name: 'Marc Robinson', number: '+15145551212' });
    sim.answer(uuid);
    await waitFor(() => agent.view.presence!.state['1002']!.state === 'talking', 5000, 'talking');
    assert.ok(Math.abs(agent.view.presence!.state['1002']!.since - Date.now() / 1000) < 3, 'since the answer');
    sim.hangup(uuid);
    await waitFor(() => agent.view.presence!.state['1002']!.state === 'idle' && !supervisor.view.peers!.state['1002'], 5000, 'free again');

    const wire = (w: typeof agent) => JSON.stringify(w.view.patches);
    assert.not.match(wire(agent), /Marc Robinson|\+15145551212/, "an agent's socket never carries the caller");
    assert.is(globex.view.patches.filter((p) => p.scope === 'presence' || p.scope === 'peers').length, 0, 'Globex hears nothing of Acme');
    assert.ok(!('1002' in globex.view.presence!.state) || globex.view.presence!.state['1002']!.state === 'offline', "Globex's own 1002 is another extension");

    // Stopped: no more presence patches.
    agent.socket.emit('presence-watch', false);
    await sleep(200);
    const before = agent.view.patches.filter((p) => p.scope === 'presence').length;
    sim.register({ user: '1003', domain: ACME });
    await waitFor(() => supervisor.view.presence!.state['1003']!.state === 'idle', 5000);
    await sleep(200);
    assert.is(agent.view.patches.filter((p) => p.scope === 'presence').length, before);
  } finally {
    for (const w of [agent, supervisor, globex]) w.socket.close();
  }
});

test('an operator cannot watch; the directory is the own tenant\'s, for signed-in users only', async () => {
  const rest = restClient(suite.server.url);
  const acme = await rest('GET', '/api/colleagues', await suite.server.signIn('agent@acme.test'));
  assert.is(acme.status, 200);
  const colleagues = acme.body.colleagues as Colleague[];
  assert.equal(colleagues.find((c) => c.number === '1002'), { number: '1002', name: 'Ben Okafor' });
  assert.equal(colleagues.map((c) => c.number), [...colleagues.map((c) => c.number)].sort(), 'by number');
  const globex = (await rest('GET', '/api/colleagues', await suite.server.signIn('agent@globex.test'))).body.colleagues as Colleague[];
  assert.is(globex.find((c) => c.number === '1002')?.name, 'Jonas Weber', "Globex's own 1002");
  assert.is((await rest('GET', '/api/colleagues', undefined)).status, 401);
  assert.is((await rest('GET', '/api/colleagues', await suite.server.signIn('operator@provider.test'))).status, 403);

  assert.is(await operatorSnapshotsOnWatch(suite.server, 'presence-watch'), 0, 'nothing for an operator');
});

test.run();
