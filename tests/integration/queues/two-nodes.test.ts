// Two server nodes on real Redis (Socket.IO adapter), no load balancer, one
// client on each: both consume the same ESL stream and number their own
// patches, so the same events give both clients the same patch sequence.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { follow } from '../../helpers/live-client.ts';
import { startNodes } from '../../helpers/nodes.ts';
import { waitFor } from '../../helpers/wait.ts';

let cluster: Awaited<ReturnType<typeof startNodes>>;

test.before(async () => {
  cluster = await startNodes(2, process.env.NO_REDIS ? {} : { REDIS_URL: 'redis://127.0.0.1:6379' });
  await waitFor(() => cluster.nodes.every((n) => n.pbx.connected), 10_000, 'both ESL links');
});
test.after(async () => {
  await cluster?.close();
});

test('a member joins a queue: both nodes\' clients get the same patches with the same seq numbers', async () => {
  const [a, b] = cluster.nodes as [(typeof cluster.nodes)[0], (typeof cluster.nodes)[0]];
  const cookies = [await cluster.signIn(a, 'supervisor@acme.test'), await cluster.signIn(b, 'supervisor@acme.test')];
  const sockets = [cluster.connect(a, cookies[0]!), cluster.connect(b, cookies[1]!)];
  const [va, vb] = sockets.map((s) => follow(s)) as [ReturnType<typeof follow>, ReturnType<typeof follow>];
  try {
    await waitFor(() => va.snapshots === 1 && vb.snapshots === 1, 5000, 'both snapshots');
    assert.equal(va.queues, vb.queues, 'identical snapshots');
    const before = va.queues.support!.seq;

    cluster.simulator.callcenter.api("agent set status 1004@acme.pbx.test 'Available'");
    const uuid = cluster.simulator.callcenter.join('support@acme.pbx.test', { cidName: 'Dana Scully', cidNumber: '+12025550147' });
    const served = (v: typeof va) => v.queues.support!.state.members.find((m) => m.uuid === uuid)?.state === 'Trying';
    await waitFor(() => served(va) && served(vb), 5000, 'the offer on both nodes');

    const queuePatches = (v: typeof va) => v.patches.filter((p) => p.scope.startsWith('queue:')).map(({ scope, seq, set }) => ({ scope, seq, set }));
    // The join, the offer and the agent's state change reach each node in one
    // read, so each node's store folds them into one patch per queue scope.
    assert.ok(queuePatches(va).length >= 1);
    // Later patches (today's figures read back from the store) reach each node on their own time: wait for both.
    const same = () => JSON.stringify(queuePatches(va)) === JSON.stringify(queuePatches(vb));
    await waitFor(same, 5000, 'the same queue patches on both nodes').catch(() => undefined);
    assert.equal(queuePatches(va), queuePatches(vb));
    assert.is(queuePatches(va)[0]!.seq, before + 1);
    assert.equal(va.queues, vb.queues);
  } finally {
    for (const s of sockets) s.close();
  }
});

test("a supervisor on one node sets an agent's status: the agent's socket on the other node says who", async () => {
  const [a, b] = cluster.nodes as [(typeof cluster.nodes)[0], (typeof cluster.nodes)[0]];
  const supervisor = cluster.connect(a, await cluster.signIn(a, 'supervisor@acme.test'));
  const agent = cluster.connect(b, await cluster.signIn(b, 'agent3@acme.test'));
  const view = follow(agent);
  try {
    await waitFor(() => view.snapshots === 1 && supervisor.connected, 5000, 'both connected');
    const result = await new Promise((resolve) => supervisor.emit('set-agent-status', { extension: '1003', status: 'On Break', reason: 'Training' }, resolve));
    assert.equal(result, { ok: true });
    const own = () => view.extensions['1003']!.state.agent;
    await waitFor(() => own()?.status === 'On Break' && own()?.setBy === 'Grace Lindqvist' && own()?.reason === 'Training', 5000, 'who set it, on the other node');
  } finally {
    supervisor.close();
    agent.close();
  }
});

test.run();
