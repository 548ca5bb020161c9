// mod_callcenter on a real FreeSWITCH: the queues, agents and tiers of our
// database are FreeSWITCH's own after start (served callcenter.conf + ESL
// provisioning); the agent's SIP phone (sipp) rings and answers a caller
// (sipp) who dialled the queue's name; the status set over the socket as the
// Queues page does is what `callcenter_config agent get status` says; and
// the supervisor's live view equals mod_callcenter's own lists after the
// call, a break, an ESL outage and a FreeSWITCH restart with an empty
// mod_callcenter database.
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { QueueLive } from '../../common/live.ts';
import { callCenterConfig, listQueuePlans } from '../../server/db/queue-queries.ts';
import { parseAgents, parseMembers, parseTable, parseTiers } from '../../server/pbx/callcenter-resync.ts';
import { follow, setAgentStatus, type LiveSocket, type LiveView } from '../helpers/live-client.ts';
import { waitFor } from '../helpers/wait.ts';
import { runSipp, scenarioText, type SippRun } from './harness/sipp.ts';
import { realPbxSuite } from './harness/stack.ts';

const stack = realPbxSuite(test);
const DOMAIN = 'acme.pbx.test';
const SALES = `sales@${DOMAIN}`;
const AGENT = `1001@${DOMAIN}`;

const cc = async (args: string) => (await stack.fs.api(`callcenter_config ${args}`)).trim();
const sorted = <T>(items: T[], key: (t: T) => string) => [...items].sort((a, b) => key(a).localeCompare(key(b)));

/** What our database says mod_callcenter must hold. */
async function plan() {
  return callCenterConfig(await listQueuePlans(stack.switchboard.orm.em.fork()));
}

/** What mod_callcenter holds, in the same shape. */
async function provisioned() {
  const queues = parseTable(await cc('queue list')).map((r) => ({ name: r.name!, strategy: r.strategy!, maxWaitTime: Number(r.max_wait_time) }));
  const agents = parseTable(await cc('agent list')).map((r) => ({ name: r.name!, type: r.type!, contact: r.contact!, wrapUpTime: Number(r.wrap_up_time) }));
  const tiers = (
    await Promise.all(queues.map(async (q) => parseTiers(await cc(`queue list tiers ${q.name}`)).map((t) => ({ queue: q.name, ...t }))))
  ).flat();
  return { queues: sorted(queues, (q) => q.name), agents: sorted(agents, (a) => a.name), tiers: sorted(tiers, (t) => `${t.queue} ${t.agent}`) };
}

async function expected() {
  const p = await plan();
  return {
    queues: sorted(p.queues, (q) => q.name),
    agents: sorted(
      p.agents.map((a) => ({ name: a.name, type: 'callback', contact: `user/${a.name}`, wrapUpTime: a.wrapUpTime })),
      (a) => a.name,
    ),
    tiers: sorted(p.tiers, (t) => `${t.queue} ${t.agent}`),
  };
}

/** Waits until mod_callcenter holds exactly our database's queues, agents and tiers. */
async function untilProvisioned(what: string) {
  const want = JSON.stringify(await expected());
  let last = '';
  await waitFor(async () => (last = JSON.stringify(await provisioned())) === want, 20_000, what, 250).catch((err) => {
    throw new Error(`${(err as Error).message}\n want ${want}\n have ${last}`);
  });
}

/** A queue as mod_callcenter's lists say, in the live view's terms. */
async function fsQueue(name: string) {
  const full = `${name}@${DOMAIN}`;
  const agents = new Map(parseAgents(await cc(`queue list agents ${full}`)).map((a) => [a.name, a]));
  const queueRow = parseTable(await cc('queue list')).find((r) => r.name === full);
  return {
    agents: sorted(
      parseTiers(await cc(`queue list tiers ${full}`)).map((t) => ({ name: t.agent, status: agents.get(t.agent)?.status, state: agents.get(t.agent)?.state })),
      (a) => a.name,
    ),
    members: parseMembers(await cc(`queue list members ${full}`)).map((m) => ({ uuid: m.uuid, state: m.state, agent: m.state === 'Waiting' ? null : m.servingAgent })),
    answered: Number(queueRow?.calls_answered),
    abandoned: Number(queueRow?.calls_abandoned),
  };
}

function liveQueue(view: LiveView, name: string) {
  const q = view.queues[name]?.state as QueueLive | undefined;
  return {
    agents: (q?.agents ?? []).map((a) => ({ name: a.name, status: a.status, state: a.state })),
    members: (q?.members ?? []).map((m) => ({ uuid: m.uuid, state: m.state, agent: m.agent })),
    answered: q?.answered,
    abandoned: q?.abandoned,
  };
}

/** The live view's agents and members equal mod_callcenter's lists (the counters are compared where the test knows them). */
async function untilLiveEqualsFs(view: LiveView, name: string, what: string, counters = false) {
  let fs = '';
  let live = '';
  const pick = (v: Awaited<ReturnType<typeof fsQueue>>) => (counters ? v : { agents: v.agents, members: v.members });
  await waitFor(
    async () => {
      fs = JSON.stringify(pick(await fsQueue(name)));
      live = JSON.stringify(pick(liveQueue(view, name) as never));
      return fs === live;
    },
    10_000,
    what,
    200,
  ).catch((err) => {
    throw new Error(`${(err as Error).message}\n FreeSWITCH ${fs}\n live       ${live}`);
  });
}


async function liveAs(email: string) {
  const socket = stack.connect(await stack.signIn(email));
  const view = follow(socket);
  await waitFor(() => view.snapshots >= 1, 10_000, `${email}'s first snapshot`);
  sockets.push(socket);
  return { socket, view };
}

const sockets: LiveSocket[] = [];
const phones: SippRun[] = [];
const tmp = mkdtempSync(join(tmpdir(), 'sb-cc-'));
test.after(() => {
  for (const s of sockets) s.close();
  for (const p of phones) p.kill();
  rmSync(tmp, { recursive: true, force: true });
});

test('after start, mod_callcenter holds exactly our queues, agents (callback, user/<ext>@<domain>) and tiers', async () => {
  const want = await expected();
  assert.ok(want.queues.some((q) => q.name === SALES), 'the demo seed has sales@acme.pbx.test');
  assert.ok(want.tiers.filter((t) => t.queue === SALES).length === 3, 'sales has three agents');
  await untilProvisioned('mod_callcenter to hold our queues, agents and tiers');
  // The agent's own status answer, as FreeSWITCH gives it: a new agent is Logged Out.
  assert.is(await cc(`agent get status ${AGENT}`), 'Logged Out');
});

let agent: Awaited<ReturnType<typeof liveAs>>;
let supervisor: Awaited<ReturnType<typeof liveAs>>;

test('the agent registers a phone and sets Available over the socket: FreeSWITCH says Available', async () => {
  const answer = join(tmp, 'cc-answer.xml');
  writeFileSync(answer, scenarioText('cc-answer.xml', { USER: '1001', RING_MS: 2500 }));
  const phone = await runSipp({
    target: stack.fs.ports.sip,
    scenario: 'register.xml',
    values: { USER: '1001', DOMAIN, PASS: await stack.sipPassword(DOMAIN, '1001'), EXPIRES: 300, HOLD_MS: 200_000 },
    args: ['-oocsf', answer],
    timeoutMs: 220_000,
  });
  phones.push(phone);
  await waitFor(async () => (await stack.fs.api('show registrations')).includes(`1001,${DOMAIN}`), 10_000, "the agent's phone to register", 200);

  agent = await liveAs('agent@acme.test');
  supervisor = await liveAs('supervisor@acme.test');
  assert.is(agent.view.extensions['1001']?.state.agent?.status, 'Logged Out');
  assert.equal(await setAgentStatus(agent.socket, 'Available'), { ok: true });
  assert.is(await cc(`agent get status ${AGENT}`), 'Available');
  await waitFor(() => agent.view.extensions['1001']?.state.agent?.status === 'Available', 5000, 'the agent to see Available');
  await untilLiveEqualsFs(supervisor.view, 'sales', "the supervisor's sales queue to equal FreeSWITCH's lists");
});

/** A phone of `extension` dials the sales queue and hangs up after `callMs` (cc-call.xml); kept for teardown. */
async function callSales(extension: string, callMs: number, timeoutMs: number) {
  const caller = await runSipp({
    target: stack.fs.ports.sip,
    scenario: 'cc-call.xml',
    values: { USER: extension, DEST: 'sales', DOMAIN, PASS: await stack.sipPassword(DOMAIN, extension), CALL_MS: callMs },
    timeoutMs,
  });
  phones.push(caller);
  return caller;
}

test('a caller dials "sales": one waiting member, then the agent phone rings, answers, and the wallboard equals mod_callcenter', async () => {
  const caller = await callSales('1009', 6000, 60_000);
  const sales = () => supervisor.view.queues.sales!.state;
  const member = await waitFor(() => sales().members.find((m) => m.state !== 'Answered'), 10_000, 'one waiting member on the wallboard');
  assert.is(sales().members.length, 1);
  assert.is(member.cidNumber, '1009');
  const fsMembers = parseMembers(await cc(`queue list members ${SALES}`));
  assert.equal(fsMembers.map((m) => m.uuid), [member.uuid], 'FreeSWITCH lists the same member');

  // The phone rings for 2.5 s, then answers.
  await waitFor(() => sales().members[0]?.state === 'Answered', 15_000, 'the member to be answered');
  assert.is(sales().members[0]!.agent, AGENT);
  // mod_callcenter fires bridge-agent-start before it bridges; its member row says Answered once the bridge is up.
  const answered = await waitFor(
    async () => {
      const rows = parseMembers(await cc(`queue list members ${SALES}`));
      return rows[0]?.state === 'Answered' ? rows : undefined;
    },
    5000,
    "FreeSWITCH's member row to say Answered",
    100,
  );
  assert.equal(answered.map((m) => [m.uuid, m.state, m.servingAgent]), [[member.uuid, 'Answered', AGENT]]);
  await waitFor(() => agent.view.extensions['1001']?.state.agent?.state === 'In a queue call', 5000, 'the agent to be in a queue call');
  assert.is(await cc(`agent get state ${AGENT}`), 'In a queue call');

  const { code, output } = await caller.done;
  assert.is(code, 0, `the caller's call went as scripted:\n${output.slice(-2000)}`);
  await waitFor(() => sales().members.length === 0, 10_000, 'the member to leave the wallboard');
  assert.is(sales().answered, 1);
  assert.is(sales().abandoned, 0);
  await untilLiveEqualsFs(supervisor.view, 'sales', 'the wallboard (answered, abandoned, agents, members) to equal mod_callcenter', true);
  const row = parseTable(await cc(`agent list ${AGENT}`))[0]!;
  assert.is(row.calls_answered, '1', 'mod_callcenter counted the call to the agent');
});

test('On Break over the socket: FreeSWITCH says On Break; a caller nobody takes is abandoned on both sides', async () => {
  assert.equal(await setAgentStatus(agent.socket, 'On Break'), { ok: true });
  assert.is(await cc(`agent get status ${AGENT}`), 'On Break');
  await untilLiveEqualsFs(supervisor.view, 'sales', 'the wallboard to show the break');
  assert.is(supervisor.view.queues.sales!.state.agents.find((a) => a.name === AGENT)?.status, 'On Break');

  // Nobody is available now: a caller waits, gives up, and both sides count one abandoned call.
  const caller = await callSales('1010', 3000, 30_000);
  await waitFor(() => supervisor.view.queues.sales!.state.members.length === 1, 10_000, 'the second caller to wait');
  assert.is((await caller.done).code, 0, 'the second caller hung up as scripted');
  await waitFor(() => supervisor.view.queues.sales!.state.abandoned === 1, 10_000, 'one abandoned call on the wallboard');
  assert.is(supervisor.view.queues.sales!.state.answered, 1);
  await untilLiveEqualsFs(supervisor.view, 'sales', 'the wallboard (answered 1, abandoned 1) to equal mod_callcenter', true);
  // mod_callcenter keeps the abandoned caller listed (state Abandoned) for discard-abandoned-after; it is no caller of ours.
  assert.match(await cc(`queue list members ${SALES}`), /\|Abandoned\|/);
});

test('an ESL outage with changes made in FreeSWITCH meanwhile: after reconnect our database is provisioned again and the live view equals FreeSWITCH', async () => {
  await stack.stopSwitchboard();
  // Changed while nobody listens: statuses (FreeSWITCH's to keep), a tier and an agent that our database does not have.
  await cc(`agent set status 1002@${DOMAIN} Available`);
  await cc(`agent set status ${AGENT} 'Available (On Demand)'`);
  await cc(`tier del ${SALES} 1003@${DOMAIN}`);
  await cc(`agent add 1099@${DOMAIN} callback`);
  await cc(`tier add ${SALES} 1099@${DOMAIN} 1 9`);
  await cc(`tier set level support@${DOMAIN} 1001@${DOMAIN} 7`);
  await stack.startSwitchboard();
  await untilProvisioned('the provisioning to undo the changes our database does not have');
  assert.is(await cc(`agent get status 1002@${DOMAIN}`), 'Available', 'a status is FreeSWITCH’s: kept');
  const { view } = await liveAs('supervisor@acme.test');
  for (const q of ['sales', 'support', 'billing']) await untilLiveEqualsFs(view, q, `the ${q} queue after the outage`);
  assert.is(view.queues.sales!.state.agents.find((a) => a.name === AGENT)?.status, 'Available (On Demand)');
});

test('FreeSWITCH restarts with an empty mod_callcenter database while Switchboard is down: queues, agents and tiers come back without a person', async () => {
  await stack.stopSwitchboard();
  await stack.fs.stop({ keepDirs: true });
  for (const f of readdirSync(stack.fs.dirs.db)) if (f.startsWith('callcenter')) rmSync(join(stack.fs.dirs.db, f));
  await stack.fs.restart();
  // mod_xml_curl could not reach Switchboard: FreeSWITCH read its own callcenter.conf.xml, which has no queues.
  assert.equal(parseTable(await cc('queue list')), [], 'no queue without Switchboard');
  assert.equal(parseTable(await cc('agent list')), [], 'no agent in a new mod_callcenter database');
  await stack.startSwitchboard();
  await untilProvisioned('mod_callcenter to hold our database again');
  const { view } = await liveAs('supervisor@acme.test');
  for (const q of ['sales', 'support', 'billing']) await untilLiveEqualsFs(view, q, `the ${q} queue after the FreeSWITCH restart`);
  assert.is(await cc(`agent get status ${AGENT}`), 'Logged Out', 'a new mod_callcenter database starts every agent Logged Out');
});

test('FreeSWITCH restarts while Switchboard runs: it loads callcenter.conf from Switchboard, and changes made in its own database are undone', async () => {
  await cc(`tier del ${SALES} 1002@${DOMAIN}`);
  await cc(`agent add 1098@${DOMAIN} callback`);
  await stack.fs.stop({ keepDirs: true });
  await stack.fs.restart();
  await waitFor(() => stack.switchboard.pbx.connected, 20_000, 'Switchboard to reconnect over ESL', 100);
  await untilProvisioned('mod_callcenter to hold our database again');
});

test.run();
