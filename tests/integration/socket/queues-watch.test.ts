// An agent's queues over the one socket: a client that asks for them with
// queues-watch (the browser's, QUEUES_ON_WATCH) gets them only while a view
// shows them — the Queues page, the wallboard, a supervisor's alerts — in a
// snapshot, then as patches; on their desk it gets none as callers and
// colleagues come and go, while its own extension still comes. A client
// that predates the event gets them all the time. Real Socket.IO,
// PostgreSQL and simulator.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { QUEUES_ON_WATCH, type HandshakeAuth } from '../../../common/socket.ts';
import { firstRefusal, openTab, operatorSnapshotsOnWatch, setAgentStatus, type LiveView } from '../../helpers/live-client.ts';
import { serverSuite } from '../../helpers/server-suite.ts';
import { sleep, waitFor } from '../../helpers/wait.ts';

const suite = serverSuite(test);

const tab = (email: string, auth?: HandshakeAuth) => openTab(suite.server, email, auth);

const queuePatches = (view: LiveView, from = 0) => view.patches.slice(from).filter((p) => p.scope.startsWith('queue:'));

/** Ben (1002, in sales only) changes his status: a patch of the sales queue, nothing of his own to Alice. */
async function benChanges(status: string) {
  const ben = await tab('agent2@acme.test');
  try {
    assert.equal(await setAgentStatus(ben.socket, status), { ok: true });
  } finally {
    ben.socket.close();
  }
}

test('on the desk: no queue in the snapshot and no queue patch; watching: a snapshot with her queues, then patches; stopped: none again', async () => {
  const alice = await tab('agent@acme.test', QUEUES_ON_WATCH);
  const wallboard = await tab('supervisor@acme.test', { ...QUEUES_ON_WATCH, watchingQueues: true });
  try {
    assert.equal(alice.view.queues, {}, 'the desk snapshot holds no queue');
    assert.equal(Object.keys(wallboard.view.queues).sort(), ['billing', 'sales', 'support'], 'a view open at the handshake: the first snapshot holds them');

    await benChanges('On Break');
    await waitFor(() => wallboard.view.queues.sales!.state.agents.find((a) => a.extension === '1002')?.status === 'On Break', 5000, 'the wallboard sees Ben on break');
    await sleep(200);
    assert.equal(queuePatches(alice.view), [], 'the desk received no queue patch');

    alice.socket.emit('queues-watch', true);
    await waitFor(() => alice.view.snapshots === 2, 5000, 'the snapshot answering queues-watch');
    assert.equal(Object.keys(alice.view.queues).sort(), ['billing', 'sales', 'support'], 'her own queues only (she has a tier in each)');
    assert.is(alice.view.queues.sales!.state.agents.find((a) => a.extension === '1002')?.status, 'On Break', 'as they are now');
    const from = alice.view.patches.length;
    await benChanges('Available');
    await waitFor(() => alice.view.queues.sales!.state.agents.find((a) => a.extension === '1002')?.status === 'Available', 5000, 'Ben available, by patch');
    const seqs = queuePatches(alice.view, from).filter((p) => p.scope === 'queue:sales').map((p) => p.seq);
    assert.ok(seqs.length > 0 && seqs[0] === alice.view.queues.sales!.seq - seqs.length + 1, 'numbered on from the snapshot');

    alice.socket.emit('queues-watch', false);
    await sleep(200);
    const after = alice.view.patches.length;
    await benChanges('On Break');
    await waitFor(() => wallboard.view.queues.sales!.state.agents.find((a) => a.extension === '1002')?.status === 'On Break', 5000, 'the wallboard sees the break');
    await sleep(200);
    assert.equal(queuePatches(alice.view, after), [], 'the page closed: no more queue patches');
  } finally {
    alice.socket.close();
    wallboard.socket.close();
  }
});

test('a client that predates queues-watch gets its queues all the time, as before', async () => {
  const old = await tab('agent2@acme.test');
  try {
    assert.equal(Object.keys(old.view.queues), ['sales']);
    assert.equal(await setAgentStatus(old.socket, 'Available'), { ok: true });
    await waitFor(() => queuePatches(old.view).length > 0, 5000, 'a queue patch without watching');
  } finally {
    old.socket.close();
  }
});

test('queues-watch takes only true or false, and an operator watches no tenant', async () => {
  const agent = await tab('agent@acme.test', QUEUES_ON_WATCH);
  try {
    const refusal = await firstRefusal(agent.socket, () => agent.socket.emit('queues-watch', 1 as never));
    assert.is(refusal.code, 'wrong-type');
    assert.equal(agent.view.queues, {});
  } finally {
    agent.socket.close();
  }
  assert.is(await operatorSnapshotsOnWatch(suite.server, 'queues-watch', { ...QUEUES_ON_WATCH, watchingQueues: true }), 0, 'no tenant, no snapshot');
});

test.run();
