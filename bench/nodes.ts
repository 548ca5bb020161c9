// The two-node cell (issue 16.1): several Switchboard nodes behind one
// address, as a deployment runs them — one PostgreSQL database, the Socket.IO
// Redis adapter, and each node consuming the PBX's ESL stream itself
// (server/live/store.ts). The same traffic is played twice, each time into a
// fresh PBX simulator seeded alike, so both runs start from the same PBX
// state and fire the same event sequence:
//   one: every agent's socket on one node;
//   two: the same agents split between two nodes, half on each.
// "Behind one address" is the load split by index (`nodeOf`), the round-robin
// a balancer in front would do, without a proxy hop of its own in the figures.
// Every socket judges its patches by seq (stats/seq-ledger.ts): a patch lost
// or doubled shows, and each socket's count is compared between the runs.
// All three nodes also run with Redis, so the runs differ only in the split.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Child } from './children.ts';
import { freePort, until } from './local.ts';
import { productServerEnv } from './server-env.ts';
import type { LoadApi, Tab } from './procs/load.ts';
import type { PbxApi } from './procs/pbx.ts';
import type { ServerApi } from './procs/server.ts';
import { keep, run, type Rig } from './rig.ts';
import { cpuPercent, sampleProc } from './stats/proc.ts';
import { compareTallies, perSocket, sumTallies, type ScopeKind, type SocketTally, type TallyComparison } from './stats/seq-ledger.ts';

export const REDIS_URL = 'redis://127.0.0.1:6379';

/** Seconds to start a simulator and the nodes, beyond the cells themselves (a budget, not a wait). */
export const NODES_START_SECONDS = 20;

export interface NodesPlan {
  n: number;
  rate: number;
  seconds: number;
  drainSeconds: number;
  quietSeconds: number;
}

export interface NodesRun {
  nodes: number;
  /** Agents' sockets on each node. */
  sockets_per_node: number[];
  status: 'ok' | 'lower-bound' | 'overloaded';
  overload_reason?: string;
  /** Events fired into the simulator: the same count in both runs. */
  fired: number;
  p50_ms: number;
  p99_ms: number;
  max_ms: number;
  /** Patches the agents received, from connecting until the run drained (snapshot excluded). */
  patches: number;
  by_kind: Record<ScopeKind, number>;
  per_socket: { min: number; mean: number; max: number };
  /** Sequence numbers skipped, summed over every scope of every socket. */
  lost: number;
  /** Patches whose seq was not above their scope's last one. */
  doubled: number;
  /** Patches for a scope the socket's snapshot did not hold. */
  unknown: number;
  /** Each node's CPU, % of one core from just before the run to the end of its drain (quiet check and drain included). */
  cpu_pct_per_node: number[];
  /** Each node's CPU seconds over the same span: the work, whatever the span. */
  cpu_s_per_node: number[];
  pbx_cpu_pct: number;
  loads_cpu_pct: number;
}

export interface NodesResult {
  n: number;
  rate: number;
  seconds: number;
  split: string;
  one: NodesRun;
  two: NodesRun;
  /** Socket by socket, the patches of the run on two nodes against the run on one. */
  compared: TallyComparison;
  /** Why the two runs' counts do not compare (a run cut short, or a different number of events fired); absent when they do. */
  not_comparable?: string;
  /** Every socket received as many patches on two nodes as on one. */
  same_messages: boolean;
}

/** The node agent `i` connects to: agent i lives in load process i mod L (rig.connect); each load process deals its own agents round-robin. */
export const nodeOf = (i: number, loads: number, nodes: number): number => Math.floor(i / loads) % nodes;

type Start = <H>(name: string, file: string, env?: Record<string, string>) => Promise<Child<H & Record<string, never>>>;

interface Setup {
  pbx: Child<PbxApi>;
  eslPort: number;
  nodes: { child: Child<ServerApi>; url: string }[];
}

/** A fresh simulator and `count` nodes reading its ESL stream, on the bench's database, with Redis. */
async function setUp(start: Start, name: string, count: number, pbxStart: Parameters<PbxApi['start']>[0], databaseUrl: string, dataDir: string): Promise<Setup> {
  const pbx = await start<PbxApi>(`pbx-${name}`, 'bench/procs/pbx.ts');
  const { product: eslPort } = await pbx.call('start', pbxStart);
  const nodes = await Promise.all(
    Array.from({ length: count }, async (_, i) => {
      const port = await freePort();
      const dir = join(dataDir, `${name}-${i + 1}`);
      mkdirSync(dir, { recursive: true });
      const env = { ...productServerEnv({ port, databaseUrl, dataDir: dir, eslPort }), REDIS_URL };
      return { child: await start<ServerApi>(`node-${name}-${i + 1}`, 'bench/procs/server.ts', env), url: `http://127.0.0.1:${port}` };
    }),
  );
  await until(`${name}: every node reading the PBX`, () => pbx.call('productReady', count), 20);
  return { pbx, eslPort, nodes };
}

/** Connects the first N agents, each to the node `nodeOf` gives it; the sockets on each node. */
async function connectSplit(loads: Child<LoadApi>[], tabs: Tab[], urls: string[]): Promise<number[]> {
  const perNode = urls.map(() => 0);
  const calls = loads.flatMap((load, j) =>
    urls.map((url, u) => {
      const part = tabs.filter((_, i) => i % loads.length === j && nodeOf(i, loads.length, urls.length) === u);
      perNode[u]! += part.length;
      return load.call('connect', { url, floor: false, tabs: part }, 180_000);
    }),
  );
  const failed = (await Promise.all(calls)).reduce((n, r) => n + r.failed, 0);
  if (failed) throw new Error(`${failed} of ${tabs.length} sockets failed to connect to the nodes`);
  return perNode;
}

async function measure(rig: Rig, setup: Setup, plan: NodesPlan): Promise<{ run: NodesRun; tallies: Record<string, SocketTally> }> {
  await Promise.all(rig.loads.map((l) => l.call('countSeqs', true)));
  const perNode = await connectSplit(
    rig.loads,
    rig.tabs.slice(0, plan.n),
    setup.nodes.map((n) => n.url),
  );
  // The rig's moves (fire, cut windows, drain) pointed at this simulator and the first node.
  const first = setup.nodes[0]!;
  const sub: Rig = { ...rig, pbx: setup.pbx, server: first.child, urls: { ...rig.urls, product: first.url }, eslPorts: { ...rig.eslPorts, product: setup.eslPort }, connected: plan.n, dirty: false };
  const before = setup.nodes.map((n) => sampleProc(n.child.pid));
  const r = await run(sub, 'product', plan.rate, plan.seconds, plan.drainSeconds, plan.quietSeconds);
  const after = setup.nodes.map((n) => sampleProc(n.child.pid));
  const tallies: Record<string, SocketTally> = Object.assign({}, ...(await Promise.all(rig.loads.map((l) => l.call('seqTallies', undefined)))));
  await Promise.all(rig.loads.map((l) => l.call('countSeqs', false)));
  await keep(sub, 0);
  const sum = sumTallies(Object.values(tallies));
  return {
    tallies,
    run: {
      nodes: setup.nodes.length,
      sockets_per_node: perNode,
      status: r.overloaded ? 'overloaded' : r.drained ? 'ok' : 'lower-bound',
      ...(r.overloadReason ? { overload_reason: r.overloadReason } : {}),
      fired: r.paced.fired,
      p50_ms: r.total.latency.p50_ms,
      p99_ms: r.total.latency.p99_ms,
      max_ms: r.total.latency.max_ms,
      patches: sum.patches,
      by_kind: sum.byKind,
      per_socket: perSocket(Object.values(tallies)),
      lost: sum.lost,
      doubled: sum.doubled,
      unknown: sum.unknown,
      cpu_pct_per_node: before.map((b, i) => Math.round(cpuPercent(b, after[i]!))),
      cpu_s_per_node: before.map((b, i) => Math.round((after[i]!.cpuS - b.cpuS) * 100) / 100),
      pbx_cpu_pct: r.total.cpu.pbx,
      loads_cpu_pct: r.total.cpu.loads,
    },
  };
}

/**
 * Starts both setups at once (the nodes of the second idle while the first
 * runs: no sockets, no events), plays the cell on one node then on two, and
 * stops what it started: the first setup as soon as it is measured, so it
 * does not re-read the second run's queue figures beside it.
 */
export async function measureNodes(
  rig: Rig,
  start: Start,
  o: { plan: NodesPlan; pbxStart: Parameters<PbxApi['start']>[0]; databaseUrl: string; dataDir: string },
  log: (s: string) => void,
): Promise<NodesResult> {
  const [one, two] = await Promise.all([setUp(start, 'one', 1, o.pbxStart, o.databaseUrl, o.dataDir), setUp(start, 'two', 2, o.pbxStart, o.databaseUrl, o.dataDir)]);
  log(`nodes: 1 + 2 nodes up with Redis, each set on its own fresh simulator`);
  const stop = async (setups: Setup[]) => {
    // The nodes first, so none of them sees its PBX go away and starts reconnecting.
    await Promise.all(setups.flatMap((s) => s.nodes.map((n) => n.child.stop())));
    await Promise.all(setups.map((s) => s.pbx.stop()));
  };
  try {
    const a = await measure(rig, one, o.plan);
    log(`nodes: one node: ${runLine(a.run)}`);
    await stop([one]);
    const b = await measure(rig, two, o.plan);
    log(`nodes: two nodes: ${runLine(b.run)}`);
    const compared = compareTallies(a.tallies, b.tallies);
    return {
      n: o.plan.n,
      rate: o.plan.rate,
      seconds: o.plan.seconds,
      split: 'by index: agent i on node ⌊i ÷ load processes⌋ mod 2 (the round-robin of a balancer, no proxy hop)',
      one: a.run,
      two: b.run,
      compared,
      ...notComparable(a.run, b.run),
      same_messages: compared.differing === 0 && compared.unmatched === 0,
    };
  } finally {
    await stop([one, two]);
  }
}

function notComparable(one: NodesRun, two: NodesRun): { not_comparable?: string } {
  if (one.status !== 'ok' || two.status !== 'ok') return { not_comparable: `a run was cut short (${one.status} on one node, ${two.status} on two)` };
  // The driver fires at most a burst per tick: starved at the very end, it stops short of the last steps.
  if (one.fired !== two.fired) return { not_comparable: `the driver fired ${one.fired} events on one node and ${two.fired} on two (the same sequence, cut at a different step)` };
  return {};
}

export function runLine(r: NodesRun): string {
  return `${r.status}, ${r.fired} events, ${r.patches} patches (per socket ${r.per_socket.min}–${r.per_socket.max}), lost ${r.lost}, doubled ${r.doubled}, p50 ${r.p50_ms} p99 ${r.p99_ms} ms, CPU % per node ${r.cpu_pct_per_node.join(' + ')} (sockets ${r.sockets_per_node.join(' + ')})`;
}
