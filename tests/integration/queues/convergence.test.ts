// Convergence, property-style: random callcenter and registration traffic,
// with ESL outages during which events are lost; after every reconnect and
// resync each node's live state must equal what the simulator's own tables
// answer to the queries FreeSWITCH answers (`callcenter_config …`, `show registrations`).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { QueueLive } from '../../../common/live.ts';
import { parseAgents, parseMembers, parseTiers } from '../../../server/pbx/callcenter-resync.ts';
import { parseRegistrations } from '../../../server/pbx/resync.ts';
import { startNodes } from '../../helpers/nodes.ts';
import { waitFor } from '../../helpers/wait.ts';

const ACME = 'acme.pbx.test';
const QUEUES = ['sales', 'support', 'billing'];
const AGENTS = ['1001', '1002', '1003', '1004', '1005', '1006'].map((e) => `${e}@${ACME}`);
const STATUSES = ['Available', 'On Break', 'Logged Out', 'Available (On Demand)'];

let cluster: Awaited<ReturnType<typeof startNodes>>;
test.before(async () => {
  cluster = await startNodes(2);
  await waitFor(() => cluster.nodes.every((n) => n.pbx.connected), 10_000, 'both ESL links');
});
test.after(async () => {
  await cluster?.close();
});

/** mulberry32: a seeded PRNG, so a failing run can be replayed from its seed. */
function prng(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** What FreeSWITCH's tables say, in the live state's terms. */
function truth() {
  const sim = cluster.simulator;
  const queues = QUEUES.map((name) => {
    const full = `${name}@${ACME}`;
    const agents = new Map(parseAgents(sim.api(`callcenter_config queue list agents ${full}`)).map((a) => [a.name, a]));
    return {
      name,
      members: parseMembers(sim.api(`callcenter_config queue list members ${full}`))
        .map((m) => ({ uuid: m.uuid, state: m.state, agent: m.state === 'Waiting' ? null : m.servingAgent, joinedAt: m.joinedAt, cidNumber: m.cidNumber }))
        .sort((a, b) => a.joinedAt - b.joinedAt || a.uuid.localeCompare(b.uuid)),
      agents: parseTiers(sim.api(`callcenter_config queue list tiers ${full}`))
        .map((t) => ({ name: t.agent, status: agents.get(t.agent)!.status, state: agents.get(t.agent)!.state }))
        .sort((a, b) => a.name.localeCompare(b.name)),
    };
  });
  const devices: Record<string, string[]> = {};
  for (const r of parseRegistrations(sim.api('show registrations as json'))) (devices[r.user] ??= []).push(r.callId);
  return { queues, devices };
}

function seen(node: (typeof cluster.nodes)[0]) {
  const state = node.live.tenantState(cluster.tenantId(ACME))!;
  const queues = QUEUES.map((name) => {
    const q = state.queues.get(name) as QueueLive;
    return {
      name,
      members: q.members.map((m) => ({ uuid: m.uuid, state: m.state, agent: m.agent, joinedAt: m.joinedAt, cidNumber: m.cidNumber })),
      agents: q.agents.map((a) => ({ name: a.name, status: a.status, state: a.state })),
    };
  });
  const devices: Record<string, string[]> = {};
  for (const ext of state.extensions.values()) if (ext.devices.length) devices[ext.number] = ext.devices.map((d) => d.callId);
  return { queues, devices };
}

const normal = (v: ReturnType<typeof truth>) => JSON.stringify({ ...v, devices: Object.fromEntries(Object.entries(v.devices).sort().map(([k, ids]) => [k, [...ids].sort()])) });

test('random traffic with outages: every node converges to the PBX truth after each resync', async () => {
  const seed = Number(process.env.SEED ?? Date.now() % 100_000);
  const random = prng(seed);
  const pick = <T>(items: T[]) => items[Math.floor(random() * items.length)]!;
  const cc = cluster.simulator.callcenter;
  const sim = cluster.simulator;
  for (let round = 0; round < 6; round++) {
    const outage = round > 0;
    if (outage) {
      sim.goDown();
      await waitFor(() => cluster.nodes.every((n) => !n.pbx.connected), 5000, 'links down');
    }
    for (let step = 0; step < 25; step++) {
      const roll = random();
      const offered = [...cc.members.values()].filter((m) => m.state === 'Trying');
      const answered = [...cc.members.values()].filter((m) => m.state === 'Answered');
      const waiting = [...cc.members.values()].filter((m) => m.state === 'Waiting' || m.state === 'Trying');
      if (roll < 0.25) cc.join(`${pick(QUEUES)}@${ACME}`, { cidName: `Caller ${step}`, cidNumber: `+1555${Math.floor(random() * 1e7)}` });
      else if (roll < 0.45) sim.api(`callcenter_config agent set status ${pick(AGENTS)} '${pick(STATUSES)}'`);
      else if (roll < 0.6 && offered.length) cc.answer(pick(offered).servingAgent);
      else if (roll < 0.67 && offered.length) cc.noAnswer(pick(offered).servingAgent);
      else if (roll < 0.77 && answered.length) cc.hangup(pick(answered).uuid);
      else if (roll < 0.85 && waiting.length) cc.abandon(pick(waiting).uuid);
      else if (roll < 0.93) sim.register({ user: pick(['1001', '1002', '1003', '1009']), domain: ACME });
      else {
        const reg = sim.registrations().find((r) => r.domain === ACME);
        if (reg) sim.unregister(reg.user, ACME, reg.callId);
      }
    }
    if (outage) sim.comeUp();
    const expected = normal(truth());
    for (const node of cluster.nodes) {
      await waitFor(() => node.pbx.connected && normal(seen(node)) === expected, 15_000, `node converged (seed ${seed}, round ${round})`).catch(
        (err: Error) => {
          assert.fixture(normal(seen(node)), expected, err.message);
        },
      );
    }
  }
});

test.run();
