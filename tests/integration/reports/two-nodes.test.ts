// Two Switchboard nodes on one database and one PBX: each writes the queue
// facts it hears, one row lands per visit, and both wallboards show the same
// figures for today, read from the store — also a node that joins later.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { follow } from '../../helpers/live-client.ts';
import { startNodes } from '../../helpers/nodes.ts';
import { waitFor } from '../../helpers/wait.ts';

const SALES = 'sales@acme.pbx.test';
const A = '1002@acme.pbx.test';
const T0 = Math.floor(Date.now() / 1000) - 600;
let clock = T0 * 1_000_000;
const at = (t: number) => (clock = (T0 + t) * 1_000_000);

let cluster: Awaited<ReturnType<typeof startNodes>>;

test.before(async () => {
  cluster = await startNodes(2, {}, { clock: () => clock });
  await waitFor(() => cluster.nodes.every((n) => n.pbx.connected), 10_000, 'both ESL links');
});
test.after(async () => {
  await cluster?.close();
});

const figures = (q: { offered?: number; answered: number; abandoned: number; waitSeconds: number; answeredWithinThreshold: number }) => ({
  offered: q.offered,
  answered: q.answered,
  abandoned: q.abandoned,
  waitSeconds: q.waitSeconds,
  within: q.answeredWithinThreshold,
});

test('both nodes show the same today figures: one answered after 12 s, one abandoned; one stored row per visit', async () => {
  const [a, b] = cluster.nodes as [(typeof cluster.nodes)[0], (typeof cluster.nodes)[0]];
  const cookie = await cluster.signIn(b, 'supervisor@acme.test');
  const socket = cluster.connect(b, cookie);
  try {
    const wallboard = follow(socket);
    await waitFor(() => wallboard.snapshots === 1, 5000, 'the wallboard snapshot');
    const cc = cluster.simulator.callcenter;
    // A second after the simulator loaded its agents (Logged Out, logged at start-up from the resync).
    at(1);
    cc.api(`agent set status ${A} 'Available'`);
    at(10);
    const c1 = cc.join(SALES, { cidName: 'One', cidNumber: '+15550000001' });
    at(22);
    cc.answer(A);
    at(40);
    cc.hangup(c1);
    at(41);
    cc.api(`agent set status ${A} 'Logged Out'`);
    at(50);
    const c2 = cc.join(SALES, { cidName: 'Two', cidNumber: '+15550000002' });
    at(58);
    cc.abandon(c2);
    const expected = { offered: 2, answered: 1, abandoned: 1, waitSeconds: 12, within: 1 };
    const sales = (n: typeof a) => n.live.tenantState(cluster.tenantId('acme.pbx.test'))!.queues.get('sales')!;
    await waitFor(() => JSON.stringify(figures(sales(a))) === JSON.stringify(expected), 5000, "node A's figures");
    await waitFor(() => JSON.stringify(figures(sales(b))) === JSON.stringify(expected), 5000, "node B's figures");
    await waitFor(() => JSON.stringify(figures(wallboard.queues.sales!.state)) === JSON.stringify(expected), 5000, "the wallboard on node B");

    const rows = (await a.orm.em.getConnection().execute(`select "member_uuid", "outcome" from "queue_calls" order by "joined_at"`)) as { outcome: string }[];
    assert.equal(rows.map((r) => r.outcome), ['answered', 'abandoned'], 'two nodes wrote each visit; one row each');
    const statuses = (await a.orm.em.getConnection().execute(`select "status" from "agent_status_log" where "agent" = ? order by "started_at"`, [A])) as { status: string }[];
    assert.equal(statuses.map((s) => s.status), ['Logged Out', 'Available', 'Logged Out'], 'as the resync found it, then each change once');

    // A node started now reads today's figures from the store, not from what it heard.
    const c = await cluster.startNode(2);
    assert.equal(figures(sales(c)), expected);
  } finally {
    socket.close();
  }
});

test.run();
