// A scripted day in the sales queue with known answers, a Switchboard restart
// in the middle (callers who joined, were answered and went on break while it
// was down), against the PBX simulator over TCP with its clock pinned: the
// wallboard's figures for today and the report pages must equal the script.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { queueFigures, agentFigures, type AgentReport, type QueueReport } from '../../../common/reports.ts';
import { follow } from '../../helpers/live-client.ts';
import { startNodes } from '../../helpers/nodes.ts';
import { waitFor } from '../../helpers/wait.ts';

const ACME = 'acme.pbx.test';
const SALES = `sales@${ACME}`;
const A = `1002@${ACME}`; // agent2@acme.test: sales only
const B = `1004@${ACME}`; // agent4@acme.test: support only

// The script runs 20 minutes ago, in whole seconds, so every interval is closed by now.
const T0 = Math.floor(Date.now() / 1000) - 20 * 60;
let clock = T0 * 1_000_000;
const at = (t: number) => (clock = (T0 + t) * 1_000_000);

let cluster: Awaited<ReturnType<typeof startNodes>>;

test.before(async () => {
  cluster = await startNodes(1, {}, { clock: () => clock });
  await waitFor(() => cluster.nodes[0]!.pbx.connected, 10_000, 'the ESL link');
});
test.after(async () => {
  await cluster?.close();
});

const localDay = (s: number) => {
  const d = new Date(s * 1000);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
};

async function report<T>(kind: 'queues' | 'agents', cookie: string, interval = 'day', format = 'json'): Promise<T> {
  const url = `${cluster.nodes[0]!.url}/api/reports/${kind}?from=${localDay(T0)}&to=${localDay(T0 + 1200)}&interval=${interval}&format=${format}`;
  const res = await fetch(url, { headers: { cookie } });
  assert.is(res.status, 200, await res.clone().text());
  return (format === 'csv' ? await res.text() : await res.json()) as T;
}

test('the report and the wallboard equal the script, with a Switchboard restart in the middle', async () => {
  const cc = cluster.simulator.callcenter;
  const tenantId = cluster.tenantId(ACME);
  const sales = () => cluster.nodes[0]!.live.tenantState(tenantId)!.queues.get('sales')!;

  // A second after the simulator loaded its agents (Logged Out, logged at start-up from the resync).
  at(1);
  cc.api(`agent set status ${A} 'Available'`);
  // c1: waits 15 s, talks 60 s.
  at(10);
  const c1 = cc.join(SALES, { cidName: 'Caller One', cidNumber: '+15550000001' });
  at(25);
  cc.answer(A);
  at(85);
  cc.hangup(c1);
  // c2: waits 30 s (past the 20 s threshold), talks 120 s.
  at(100);
  const c2 = cc.join(SALES, { cidName: 'Caller Two', cidNumber: '+15550000002' });
  at(130);
  cc.answer(A);
  at(250);
  cc.hangup(c2);
  await waitFor(() => sales().answered === 2, 5000, 'two answered calls on the wallboard');

  // The agent takes a Lunch break from their desk (the reason is Switchboard's), 300 s.
  const agentCookie = await cluster.signIn(cluster.nodes[0]!, 'agent2@acme.test');
  const socket = cluster.connect(cluster.nodes[0]!, agentCookie);
  try {
    const view = follow(socket);
    await waitFor(() => view.snapshots === 1, 5000, 'the agent snapshot');
    at(300);
    const result = await new Promise((resolve) => socket.emit('agent-break', 'Lunch', resolve));
    assert.equal(result, { ok: true });
  } finally {
    socket.close();
  }
  // c3 and c4 give up after 45 s and 10 s: nobody is available.
  at(320);
  const c3 = cc.join(SALES, { cidName: 'Caller Three', cidNumber: '+15550000003' });
  at(365);
  cc.abandon(c3);
  at(400);
  const c4 = cc.join(SALES, { cidName: 'Caller Four', cidNumber: '+15550000004' });
  at(410);
  cc.abandon(c4);
  at(600);
  cc.api(`agent set status ${A} 'Available'`);
  // c5 is answered at once (5 s)…
  at(700);
  const c5 = cc.join(SALES, { cidName: 'Caller Five', cidNumber: '+15550000005' });
  at(705);
  cc.answer(A);
  await waitFor(() => sales().answered === 3 && sales().abandoned === 2, 5000, 'the figures before the restart');
  const supervisorBefore = { ...sales() };
  assert.equal([supervisorBefore.offered, supervisorBefore.answeredWithinThreshold, supervisorBefore.waitSeconds], [5, 2, 50]);

  // …and Switchboard stops while c5 talks. While it is down, c6 joins and
  // waits, and another agent goes On Break (no reason: not through Switchboard).
  await cluster.stopNode(0);
  at(750);
  const c6 = cc.join(SALES, { cidName: 'Caller Six', cidNumber: '+15550000006' });
  at(760);
  cc.api(`agent set status ${B} 'On Break'`);
  at(770);
  await cluster.startNode(0);
  await waitFor(() => cluster.nodes[0]!.pbx.connected, 10_000, 'the ESL link again');
  // The resync found c5 talking and c6 waiting.
  await waitFor(() => sales().offered === 6, 5000, 'c6 counted from the resync');
  at(800);
  cc.hangup(c5);
  // c6 gives up after 70 s, before the agent's wrap-up is over.
  at(820);
  cc.abandon(c6);
  at(900);
  cc.api(`agent set status ${B} 'Available'`);
  await waitFor(() => sales().abandoned === 3, 5000, 'c6 abandoned on the wallboard');

  // Today on the wallboard, from the store: 6 offered, 3 answered (waits 15,
  // 30, 5), 3 abandoned, 2 answered within 20 s, the longest wait 30 s.
  const q = sales();
  assert.equal(
    { offered: q.offered, answered: q.answered, abandoned: q.abandoned, waitSeconds: q.waitSeconds, within: q.answeredWithinThreshold, longest: q.longestWaitSeconds },
    { offered: 6, answered: 3, abandoned: 3, waitSeconds: 50, within: 2, longest: 30 },
  );

  const supervisor = await cluster.signIn(cluster.nodes[0]!, 'supervisor@acme.test');
  const queues = await report<QueueReport>('queues', supervisor);
  assert.equal(queues.queues, ['sales']);
  const [row] = queues.rows;
  const f = queueFigures(row!);
  assert.equal(
    { offered: f.offered, answered: f.answered, abandoned: f.abandoned, longestAbandon: f.longestAbandon, longestWait: f.longestWait },
    { offered: 6, answered: 3, abandoned: 3, longestAbandon: 70, longestWait: 30 },
  );
  assert.is(f.averageAbandon!.toFixed(2), ((45 + 10 + 70) / 3).toFixed(2));
  assert.is(f.averageWait!.toFixed(2), ((15 + 30 + 5) / 3).toFixed(2));
  assert.is(f.averageTalk!.toFixed(2), ((60 + 120 + 95) / 3).toFixed(2), 'c5 talked 95 s across the restart');
  assert.is(f.averageHandle!.toFixed(2), ((60 + 120 + 95) / 3 + 10).toFixed(2), 'talk plus the 10 s wrap-up');
  assert.is(f.serviceLevel!.toFixed(4), (2 / 6).toFixed(4));

  // The same figures per 15 minutes add up to the day's.
  const quarters = await report<QueueReport>('queues', supervisor, '15m');
  assert.is(quarters.buckets.length % 96, 0, 'whole days of 15-minute intervals');
  assert.is(quarters.rows.reduce((n, r) => n + r.offered, 0), 6);
  assert.is(quarters.rows.reduce((n, r) => n + r.abandoned, 0), 3);

  const agents = await report<AgentReport>('agents', supervisor);
  const a = agents.rows.find((r) => r.agent === A)!;
  assert.equal([a.answered, a.talkSum], [3, 275]);
  assert.equal(a.reasons, { Lunch: 300 }, 'the Lunch break, 300 s');
  assert.is(agentFigures(a).onBreak, 300);
  // Available from 1 s to 300 s and from 600 s on (until now); answered 3 calls of 70, 130 and 105 s handle time.
  assert.ok(agentFigures(a).available >= 299 + 600, `available ${agentFigures(a).available}`);
  const b = agents.rows.find((r) => r.agent === B)!;
  assert.equal(b.reasons, { '': 140 }, 'the break taken while Switchboard was down, from the resync');

  const csv = await report<string>('queues', supervisor, 'day', 'csv');
  const lines = csv.trim().split('\r\n');
  assert.is(lines.length, 2);
  assert.match(lines[1]!, /,sales,6,3,3,42,70,17,30,92,102,2,33\.3$/);
});

test('agents may not read reports; a range too long for its interval is refused with a reason', async () => {
  const node = cluster.nodes[0]!;
  const agent = await cluster.signIn(node, 'agent@acme.test');
  const refused = await fetch(`${node.url}/api/reports/queues?from=2026-01-01&to=2026-01-02&interval=day`, { headers: { cookie: agent } });
  assert.is(refused.status, 403);
  const supervisor = await cluster.signIn(node, 'supervisor@acme.test');
  const long = await fetch(`${node.url}/api/reports/queues?from=2026-01-01&to=2026-12-31&interval=15m`, { headers: { cookie: supervisor } });
  assert.is(long.status, 400);
  assert.match(((await long.json()) as { error: string }).error, /at most 3000/);
  const bad = await fetch(`${node.url}/api/reports/agents?from=2026-01-01&to=2026-01-02&interval=week`, { headers: { cookie: supervisor } });
  assert.is(bad.status, 400);
});

test("a caller who came and went while the event socket was down is counted from the member's CDR (mod_json_cdr)", async () => {
  const node = cluster.nodes[0]!;
  const sales = () => node.live.tenantState(cluster.tenantId(ACME))!.queues.get('sales')!;
  const before = { offered: sales().offered!, answered: sales().answered };
  const joined = T0 + 1000;
  // The member leg's document as mod_json_cdr posts it, with the cc_* variables
  // mod_callcenter sets on it "for xml_cdr needs" (cc_member_thread, callcenter_function).
  const cdr = {
    channel_data: { direction: 'inbound' },
    variables: {
      uuid: 'f0e1d2c3-0000-4000-8000-000000000007', domain_name: ACME, direction: 'inbound',
      start_uepoch: String((joined - 2) * 1e6), answer_uepoch: String((joined - 1) * 1e6), end_uepoch: String((joined + 40) * 1e6),
      cc_side: 'member', cc_member_uuid: 'a7a7a7a7-0000-4000-8000-000000000007', cc_queue: SALES, cc_queue_joined_epoch: String(joined),
      cc_agent: A, cc_queue_answered_epoch: String(joined + 8), cc_queue_terminated_epoch: String(joined + 40), cc_cause: 'answered',
      hangup_cause: 'NORMAL_CLEARING',
    },
    callflow: [{ caller_profile: { caller_id_name: 'Caller Seven', caller_id_number: '+15550000007', destination_number: '+14155550100' } }],
  };
  const post = () => fetch(`${node.url}/freeswitch/cdr?uuid=${cdr.variables.uuid}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(cdr) });
  assert.is((await post()).status, 200);
  await waitFor(() => sales().offered === before.offered + 1 && sales().answered === before.answered + 1, 5000, 'the visit on the wallboard');
  // mod_json_cdr retries: the same CDR again changes nothing.
  assert.is((await post()).status, 200);
  const [row] = (await node.orm.em.getConnection().execute(`select count(*)::int as n from "queue_calls" where "member_uuid" = ?`, [cdr.variables.cc_member_uuid])) as { n: number }[];
  assert.is(row!.n, 1);
  assert.is(sales().offered, before.offered + 1);
});

test.run();
