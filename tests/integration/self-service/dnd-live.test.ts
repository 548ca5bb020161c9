// DND end to end: a phone dials *78 (the simulator asks our served dialplan
// over HTTP and fires the event it says) → the server saves it → sockets see
// it; and saving DND on the web tells FreeSWITCH through ESL.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { dial } from '../../../freeswitch/simulator/dial.ts';
import { Extension, Tenant } from '../../../server/db/entities/index.ts';
import { follow } from '../../helpers/live-client.ts';
import { restClient } from '../../helpers/rest.ts';
import { startTestServer, type TestServer } from '../../helpers/server.ts';
import { sleep, waitFor } from '../../helpers/wait.ts';

const ACME = 'acme.pbx.test';
let server: TestServer;
let rest: ReturnType<typeof restClient>;

test.before(async () => {
  server = await startTestServer();
  rest = restClient(server.url);
  await waitFor(() => server.switchboard.pbx.connected, 5000, 'the ESL link');
});
test.after(async () => {
  await server?.close();
});

const dndInDb = async (domain: string, number: string) => {
  const em = server.switchboard.orm.em.fork();
  const tenant = await em.findOneOrFail(Tenant, { domain });
  return (await em.findOneOrFail(Extension, { tenant, number })).dnd;
};

const dialFrom = (from: string, to: string) =>
  dial(server.simulator, { dialplanUrl: `${server.url}/freeswitch/dialplan`, from, to, domain: ACME });

test('*78 from extension 1001 turns DND on for its owner\'s sockets and the supervisor; *79 turns it off', async () => {
  const [agentCookie, supervisorCookie, otherCookie] = [
    await server.signIn('agent@acme.test'),
    await server.signIn('supervisor@acme.test'),
    await server.signIn('agent2@acme.test'),
  ];
  const sockets = [server.connect(agentCookie), server.connect(supervisorCookie), server.connect(otherCookie)];
  const [agent, supervisor, other] = sockets.map(follow) as [ReturnType<typeof follow>, ReturnType<typeof follow>, ReturnType<typeof follow>];
  try {
    await waitFor(() => agent.snapshots && supervisor.snapshots && other.snapshots, 5000, 'snapshots');
    assert.is(agent.extensions['1001']!.state.dnd, false);
    assert.ok(supervisor.extensions['1001'], 'a supervisor watches every extension of the tenant');
    assert.not.ok(other.extensions['1001'], 'another agent does not');

    const result = await dialFrom('1001', '*78');
    assert.is(result.notFound, false);
    assert.ok(result.executed.includes('event'), 'the simulator ran the served event application');
    await waitFor(() => agent.extensions['1001']!.state.dnd === true, 5000, 'the agent\'s DND patch');
    await waitFor(() => supervisor.extensions['1001']!.state.dnd === true, 5000, 'the supervisor\'s DND patch');
    assert.is(await dndInDb(ACME, '1001'), true);
    await waitFor(() => server.simulator.commands.includes(`xml_flush_cache id 1001 ${ACME}`), 5000, 'the directory flush');
    assert.ok(server.simulator.commands.includes(`callcenter_config agent set status 1001@${ACME} 'On Break'`));
    const patch = agent.patches.find((p) => p.scope === 'ext:1001' && 'dnd' in p.set)!;
    assert.equal(patch.set, { dnd: true }, 'a DND patch carries DND only, never credentials');

    await dialFrom('1001', '*79');
    await waitFor(() => agent.extensions['1001']!.state.dnd === false, 5000, 'DND off');
    assert.is(await dndInDb(ACME, '1001'), false);
    assert.ok(server.simulator.commands.includes(`callcenter_config agent set status 1001@${ACME} 'Available'`));
    await sleep(100);
    assert.not.ok(other.patches.some((p) => p.scope === 'ext:1001'), 'agent2 never saw 1001\'s DND');
  } finally {
    for (const s of sockets) s.close();
  }
});

test('saving DND through REST sends FreeSWITCH the flush and reaches every tab of the user', async () => {
  const [cookie, secondDevice] = [await server.signIn('agent@acme.test'), await server.signIn('agent@acme.test')];
  const tabs = [server.connect(cookie), server.connect(secondDevice)];
  const views = tabs.map(follow);
  try {
    await waitFor(() => views.every((v) => v.snapshots === 1), 5000, 'snapshots');
    const before = server.simulator.commands.length;
    const res = await rest('PUT', '/api/account/extensions/1001/dnd', cookie, { dnd: true });
    assert.is(res.status, 200);
    assert.is(res.body.dnd, true);
    await waitFor(() => views.every((v) => v.extensions['1001']!.state.dnd), 5000, 'both tabs');
    await waitFor(
      () => server.simulator.commands.slice(before).includes(`xml_flush_cache id 1001 ${ACME}`),
      5000,
      'the flush command at the simulator',
    );
    assert.is((await rest('PUT', '/api/account/extensions/1001/dnd', cookie, { dnd: false })).status, 200);
    await waitFor(() => views.every((v) => !v.extensions['1001']!.state.dnd), 5000, 'DND off in both tabs');
  } finally {
    for (const s of tabs) s.close();
  }
});

test('a feature code from a number that is not an extension changes nothing', async () => {
  const result = await dialFrom('7777', '*78');
  assert.is(result.notFound, true);
  await sleep(100);
  assert.is(await dndInDb(ACME, '1001'), false);
});

test.run();
