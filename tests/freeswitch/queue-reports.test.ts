// Queue reports against a real FreeSWITCH: sipp callers into the sales
// queue, the agent's sipp phone answering after 2.5 s of ringing, one caller
// answered while the event socket is cut (told only by mod_json_cdr's post of
// the member's CDR, its cc_* variables), a Switchboard restart, and a caller
// who gives up while the agent is on a Lunch break. The judge is
// mod_callcenter's own counters (calls_answered, calls_abandoned) and the
// times the script sets; the report and the wallboard must agree with them.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { agentFigures, queueFigures, type AgentReport, type QueueReport } from '../../common/reports.ts';
import { parseTable } from '../../server/pbx/callcenter-resync.ts';
import { follow, setAgentStatus, type LiveSocket } from '../helpers/live-client.ts';
import { waitFor } from '../helpers/wait.ts';
import { runSipp, scenarioText, type SippRun } from './harness/sipp.ts';
import { realPbxSuite } from './harness/stack.ts';
import { tcpProxy, type TcpProxy } from './harness/tcp-proxy.ts';

let esl: TcpProxy | undefined;
const stack = realPbxSuite(test, { eslVia: async (port) => (esl = await tcpProxy(port)).port });
const DOMAIN = 'acme.pbx.test';
const SALES = `sales@${DOMAIN}`;
const AGENT = `1001@${DOMAIN}`;
const RING_MS = 2500;

const phones: SippRun[] = [];
const sockets: LiveSocket[] = [];
const tmp = mkdtempSync(join(tmpdir(), 'sb-qr-'));
test.after(async () => {
  for (const s of sockets) s.close();
  for (const p of phones) p.kill();
  await esl?.close();
  rmSync(tmp, { recursive: true, force: true });
});

const cc = async (args: string) => (await stack.fs.api(`callcenter_config ${args}`)).trim();
const fsCounters = async () => {
  const row = parseTable(await cc('queue list')).find((r) => r.name === SALES)!;
  return { answered: Number(row.calls_answered), abandoned: Number(row.calls_abandoned) };
};
const visits = () => stack.sql<{ outcome: string; wait: number | null; left: number | null; talk: number | null }>(
  `select "outcome", extract(epoch from "answered_at" - "joined_at")::float8 as "wait", extract(epoch from "ended_at" - "joined_at")::float8 as "left",
     extract(epoch from "ended_at" - "answered_at")::float8 as "talk" from "queue_calls" order by "joined_at"`,
);

async function callSales(extension: string, callMs: number) {
  const caller = await runSipp({
    target: stack.fs.ports.sip,
    scenario: 'cc-call.xml',
    values: { USER: extension, DEST: 'sales', DOMAIN, PASS: await stack.sipPassword(DOMAIN, extension), CALL_MS: callMs },
    timeoutMs: 90_000,
  });
  phones.push(caller);
  return caller;
}

const today = () => {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
};

async function report<T>(kind: 'queues' | 'agents', cookie: string): Promise<T> {
  const res = await fetch(`${stack.url}/api/reports/${kind}?from=${today()}&to=${today()}&interval=hour`, { headers: { cookie } });
  assert.is(res.status, 200);
  return (await res.json()) as T;
}

test('answered, answered with the event socket cut, a restart, abandoned on a break: the report equals mod_callcenter', async () => {
  const answer = join(tmp, 'cc-answer.xml');
  writeFileSync(answer, scenarioText('cc-answer.xml', { USER: '1001', RING_MS }));
  phones.push(
    await runSipp({
      target: stack.fs.ports.sip,
      scenario: 'register.xml',
      values: { USER: '1001', DOMAIN, PASS: await stack.sipPassword(DOMAIN, '1001'), EXPIRES: 300, HOLD_MS: 280_000 },
      args: ['-oocsf', answer],
      timeoutMs: 300_000,
    }),
  );
  await waitFor(async () => (await stack.fs.api('show registrations')).includes(`1001,${DOMAIN}`), 10_000, "the agent's phone to register", 200);
  const agentSocket = stack.connect(await stack.signIn('agent@acme.test'));
  sockets.push(agentSocket);
  const agentView = follow(agentSocket);
  await waitFor(() => agentView.snapshots >= 1, 10_000, "the agent's snapshot");
  assert.equal(await setAgentStatus(agentSocket, 'Available'), { ok: true });

  // 1. Answered after the phone rang 2.5 s; talks 4 s.
  const first = await callSales('1009', 4000);
  assert.is((await first.done).code, 0, 'the first caller went as scripted');
  await waitFor(async () => (await visits()).length === 1 && (await visits())[0]!.talk !== null, 10_000, 'the first visit stored');

  // 2. The event socket is cut: this caller is answered and told only by the
  //    member's CDR that mod_json_cdr posts. (After the agent's 10 s wrap-up:
  //    mod_callcenter offers nothing before it is over.)
  await new Promise((resolve) => setTimeout(resolve, 11_000));
  esl!.cut();
  await waitFor(() => !stack.switchboard.pbx.connected, 10_000, 'Switchboard to see ESL down', 50);
  const second = await callSales('1010', 6000);
  assert.is((await second.done).code, 0, 'the second caller went as scripted');
  await waitFor(async () => (await visits()).length === 2, 15_000, 'the second visit from its CDR', 200);
  assert.not.ok(stack.switchboard.pbx.connected, 'ESL stayed down for the whole call');
  esl!.restore();
  await waitFor(() => stack.switchboard.pbx.connected, 20_000, 'Switchboard to reconnect over ESL', 50);

  // 3. Switchboard restarts.
  await stack.stopSwitchboard();
  await stack.startSwitchboard();
  await waitFor(() => stack.switchboard.pbx.connected, 20_000, 'Switchboard back on ESL', 50);

  // 4. The agent goes on a Lunch break; a caller nobody takes gives up after 3 s.
  const agentAgain = stack.connect(await stack.signIn('agent@acme.test'));
  sockets.push(agentAgain);
  const again = follow(agentAgain);
  await waitFor(() => again.snapshots >= 1, 10_000, "the agent's snapshot after the restart");
  const onBreak = await new Promise((resolve) => agentAgain.emit('agent-break', 'Lunch', resolve));
  assert.equal(onBreak, { ok: true });
  const third = await callSales('1009', 3000);
  assert.is((await third.done).code, 0, 'the third caller hung up as scripted');
  assert.equal(await setAgentStatus(agentAgain, 'Available'), { ok: true });

  // mod_callcenter's own counters are the judge.
  await waitFor(async () => (await fsCounters()).abandoned === 1, 10_000, 'mod_callcenter to count the abandoned call', 200).catch(async (err) => {
    throw new Error(`${(err as Error).message}: ${JSON.stringify(await fsCounters())} ${JSON.stringify(await visits())} ${await cc(`queue list members ${SALES}`)}`);
  });
  assert.equal(await fsCounters(), { answered: 2, abandoned: 1 });
  const supervisor = await stack.signIn('supervisor@acme.test');
  const rows = await waitFor(async () => {
    const r = (await report<QueueReport>('queues', supervisor)).rows.filter((x) => x.queue === 'sales');
    return r.reduce((n, x) => n + x.abandoned, 0) === 1 ? r : undefined;
  }, 10_000, 'the report to count the abandoned caller', 200);
  const total = rows.reduce((t, r) => ({ ...t, offered: t.offered + r.offered, answered: t.answered + r.answered, abandoned: t.abandoned + r.abandoned, talked: t.talked + r.talked }), { offered: 0, answered: 0, abandoned: 0, talked: 0 });
  assert.equal(total, { offered: 3, answered: 2, abandoned: 1, talked: 2 });
  const stored = await visits();
  // The first caller waited for the 2.5 s ring (and the dispatch's second); the abandoned one about 3 s.
  // Whole seconds, as mod_callcenter stamps them: the ring is 2.5 s, the callers stay 4 s and 6 s after FreeSWITCH answers them.
  assert.ok(stored[0]!.wait! >= 2 && stored[0]!.wait! <= 4, `first wait ${stored[0]!.wait}`);
  assert.ok(stored[0]!.talk! >= 1 && stored[0]!.talk! <= 3, `first talk ${stored[0]!.talk}`);
  assert.ok(stored[1]!.wait! >= 2 && stored[1]!.wait! <= 4, `second wait (from the CDR) ${stored[1]!.wait}`);
  assert.ok(stored[1]!.talk! >= 3 && stored[1]!.talk! <= 5, `second talk (from the CDR) ${stored[1]!.talk}`);
  assert.equal(stored.map((v) => v.outcome), ['answered', 'answered', 'abandoned']);
  assert.ok(stored[2]!.left! >= 2 && stored[2]!.left! <= 6, `time before abandon ${stored[2]!.left}`);
  const f = queueFigures(rows.reduce((a, b) => ({ ...a, waitMax: Math.max(a.waitMax, b.waitMax), abandonMax: Math.max(a.abandonMax, b.abandonMax) })));
  assert.ok(f.longestWait! >= 2);

  // The wallboard after the restart counts the same.
  const wallboard = follow(stack.connect(supervisor));
  await waitFor(() => wallboard.queues.sales?.state.abandoned === 1 && wallboard.queues.sales.state.answered === 2, 10_000, 'the wallboard to equal mod_callcenter');
  assert.is(wallboard.queues.sales!.state.offered, 3);

  const agents = await report<AgentReport>('agents', supervisor);
  const mine = agents.rows.filter((r) => r.agent === AGENT);
  assert.is(mine.reduce((n, r) => n + r.answered, 0), 2);
  const lunch = mine.reduce((n, r) => n + (r.reasons.Lunch ?? 0), 0);
  assert.ok(lunch >= 2 && lunch <= 30, `the Lunch break, ${lunch} s`);
  assert.ok(mine.reduce((n, r) => n + agentFigures(r).available, 0) > 0);
});

test.run();
