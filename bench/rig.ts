// The running bench: the PBX process, the product's server, the floor and
// the load processes, with the few moves every phase is made of — connect or
// drop agents, fire events for a while, collect what arrived.
import type { Child } from './children.ts';
import type { FloorApi } from './procs/floor.ts';
import type { LoadApi, Tab } from './procs/load.ts';
import type { PbxApi, Target } from './procs/pbx.ts';
import type { ServerApi } from './procs/server.ts';
import type { PaceResult } from './traffic/pace.ts';
import { add, merge, newHistogram, percentileUs, type Histogram } from './stats/histogram.ts';
import { cpuPercent, queuedBytes, sampleProc, type ProcSample } from './stats/proc.ts';

export interface Rig {
  pbx: Child<PbxApi>;
  server: Child<ServerApi>;
  floor: Child<FloorApi>;
  loads: Child<LoadApi>[];
  urls: Record<Target, string>;
  eslPorts: Record<Target, number>;
  /** Every agent's tab, in population order; the first N are the connected ones. */
  tabs: Tab[];
  /** Agents connected now (to whichever target). */
  connected: number;
  /**
   * The last run overloaded or was still delivering at its cut: the server
   * holds a backlog for these sockets. The next run reconnects them first.
   */
  dirty: boolean;
}

export interface Latency {
  p50_ms: number;
  p99_ms: number;
  p999_ms: number;
  max_ms: number;
  samples: number;
}

export interface Window {
  latency: Latency;
  messages: number;
  /** Characters of all the Socket.IO messages the agents received. */
  bytes: number;
  /** At the end of the window: wall clock − the newest event time delivered in the run, ms. */
  lagMs: number;
  /** Bytes queued in the kernel on the ESL link at the end of the window. */
  eslQueuedBytes: number;
  serverRssKb: number;
  /** % of one core, over the window. */
  cpu: { server: number; pbx: number; loads: number };
}

/**
 * A run is stopped as overloaded once its screens are this far behind: a
 * window's p99 passes it, or the newest event delivered is older than this
 * while events keep being fired (nothing fresh arrives, whatever old
 * messages still trickle in). More events would only pile up a backlog.
 */
export const OVERLOAD_MS = 3000;
/** Before a run, wait at most this long for an earlier run's messages to stop arriving (by default). */
const QUIET_BEFORE_S = 10;
/** After an overloaded run, wait at most this long for the ESL backlog to be read before reconnecting. */
const SETTLE_S = 20;
/** ESL bytes still queued in the kernel that count as settled. */
const SETTLED_BYTES = 64 * 1024;

const ms = (us: number) => Math.round(us / 10) / 100;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function latencyOf(h: Histogram): Latency {
  return {
    p50_ms: ms(percentileUs(h, 0.5)),
    p99_ms: ms(percentileUs(h, 0.99)),
    p999_ms: ms(percentileUs(h, 0.999)),
    max_ms: ms(h.maxUs),
    samples: h.count,
  };
}

/** Connects agents [from, to) to a target; agent i lives in load process i mod L. */
export async function connect(rig: Rig, target: Target, from: number, to: number): Promise<void> {
  const L = rig.loads.length;
  const results = await Promise.all(
    rig.loads.map((load, j) => {
      const tabs = rig.tabs.slice(from, to).filter((_, k) => (from + k) % L === j);
      return load.call('connect', { url: rig.urls[target], floor: target === 'floor', tabs }, 180_000);
    }),
  );
  const failed = results.reduce((n, r) => n + r.failed, 0);
  if (failed) throw new Error(`${failed} of ${to - from} ${target} sockets failed to connect`);
  rig.connected = to;
}

/** Keeps the first n agents connected, closing the rest. */
export async function keep(rig: Rig, n: number): Promise<void> {
  const L = rig.loads.length;
  await Promise.all(rig.loads.map((load, j) => load.call('keep', Math.max(0, Math.ceil((n - j) / L)))));
  rig.connected = Math.min(rig.connected, n);
}

async function takeAll(rig: Rig): Promise<{ histogram: Histogram; messages: number; newestAt: number; dropped: number; bytes: number }> {
  const parts = await Promise.all(rig.loads.map((l) => l.call('take', undefined)));
  return {
    histogram: merge(parts.map((p) => p.histogram)),
    messages: parts.reduce((n, p) => n + p.messages, 0),
    newestAt: Math.max(...parts.map((p) => p.newestAt)),
    dropped: parts.reduce((n, p) => n + p.dropped, 0),
    bytes: parts.reduce((n, p) => n + p.bytes, 0),
  };
}

/** Why a window counts as overloaded, or undefined: `lagMs` is now − the newest event delivered. */
export function overloadOf(window: Pick<Window, 'latency' | 'lagMs'>): string | undefined {
  if (window.latency.p99_ms > OVERLOAD_MS) return `p99 ${window.latency.p99_ms} ms > ${OVERLOAD_MS} ms`;
  if (window.lagMs > OVERLOAD_MS) return `nothing newer than ${Math.round(window.lagMs)} ms delivered`;
  return undefined;
}

/**
 * After a run that overloaded or did not drain: close every socket (the
 * server drops what it had buffered for them), wait until the ESL backlog is
 * read, then connect the same agents again, so the next run starts clean.
 */
export async function recover(rig: Rig, target: Target, n: number): Promise<{ settled: boolean; seconds: number }> {
  const start = performance.now();
  await keep(rig, 0);
  let settled = false;
  let calm = 0;
  while (performance.now() - start < SETTLE_S * 1000) {
    calm = queuedBytes(rig.eslPorts[target]) < SETTLED_BYTES ? calm + 1 : 0;
    if (calm >= 3) {
      settled = true;
      break;
    }
    await sleep(250);
  }
  if (n > 0) await connect(rig, target, 0, n);
  rig.dirty = false;
  return { settled, seconds: (performance.now() - start) / 1000 };
}

/** Waits until no message has arrived for half a second, or `seconds` passed; false when it never went quiet. */
async function drain(rig: Rig, seconds: number): Promise<boolean> {
  const start = performance.now();
  const count = async () => (await Promise.all(rig.loads.map((l) => l.call('messages', undefined)))).reduce((a, b) => a + b, 0);
  let last = await count();
  let quiet = 0;
  while (quiet < 2 && performance.now() - start < seconds * 1000) {
    await sleep(250);
    const now = await count();
    quiet = now === last ? quiet + 1 : 0;
    last = now;
  }
  return quiet >= 2;
}

function sampleAll(rig: Rig, target: Target) {
  return {
    server: sampleProc(target === 'product' ? rig.server.pid : rig.floor.pid),
    pbx: sampleProc(rig.pbx.pid),
    loads: rig.loads.map((l) => sampleProc(l.pid)),
  };
}

function cpuBetween(a: ReturnType<typeof sampleAll>, b: ReturnType<typeof sampleAll>) {
  const round = (x: number) => Math.round(x);
  return {
    server: round(cpuPercent(a.server, b.server)),
    pbx: round(cpuPercent(a.pbx, b.pbx)),
    loads: round(a.loads.reduce((sum, s, i) => sum + cpuPercent(s, b.loads[i] as ProcSample), 0)),
  };
}

export interface Run {
  paced: PaceResult;
  /** The whole run, drain included. */
  total: Window;
  /** Consecutive one-second windows while events flowed (the last one takes the drain too). */
  windows: Window[];
  /** False when messages were still arriving at the cut: the latencies are then lower bounds. */
  drained: boolean;
  /** Stopped early because the screens fell OVERLOAD_MS behind. */
  overloaded: boolean;
  /** Why it was stopped early. */
  overloadReason?: string;
  /** The largest lag seen at a window's end while events were fired, ms. */
  maxLagMs: number;
  /** Seconds spent reconnecting the agents first, because the run before left a backlog. */
  recoveredSeconds?: number;
}

/** Fires `rate` events/s at a target for `seconds`, cutting what arrives into one-second windows. */
export async function run(rig: Rig, target: Target, rate: number, seconds: number, drainSeconds: number, quietSeconds = QUIET_BEFORE_S): Promise<Run> {
  const recovered = rig.dirty ? await recover(rig, target, rig.connected) : undefined;
  await drain(rig, quietSeconds);
  // Starts the load processes' run: whatever an earlier run left in flight is not counted here.
  await Promise.all(rig.loads.map((l) => l.call('begin', undefined)));
  const first = sampleAll(rig, target);
  const driving = rig.pbx.call('drive', { target, rate, seconds }, (seconds + 30) * 1000);
  const windows: Window[] = [];
  const all = newHistogram();
  let messages = 0;
  let bytes = 0;
  let from = first;
  let overloadReason: string | undefined;
  let maxLagMs = 0;
  let dropped = 0;
  const cut = async (firing: boolean) => {
    const to = sampleAll(rig, target);
    const taken = await takeAll(rig);
    add(all, taken.histogram);
    messages += taken.messages;
    bytes += taken.bytes;
    dropped += taken.dropped;
    const lagMs = performance.timeOrigin + performance.now() - taken.newestAt / 1000;
    const window: Window = {
      latency: latencyOf(taken.histogram),
      messages: taken.messages,
      bytes: taken.bytes,
      lagMs,
      eslQueuedBytes: queuedBytes(rig.eslPorts[target]),
      serverRssKb: to.server.rssKb,
      cpu: cpuBetween(from, to),
    };
    windows.push(window);
    from = to;
    if (!firing) {
      // After the events stopped the lag grows by itself; only late arrivals count.
      overloadReason ??= overloadOf({ latency: window.latency, lagMs: 0 });
      return;
    }
    maxLagMs = Math.max(maxLagMs, lagMs);
    overloadReason ??= overloadOf(window);
    if (overloadReason) await rig.pbx.call('stop', undefined);
  };
  // One-second windows, so an overload is caught early.
  const started = performance.now();
  for (let w = 1; w < seconds && !overloadReason; w++) {
    await sleep(Math.max(0, started + w * 1000 - performance.now()));
    await cut(true);
  }
  const paced = await driving;
  const drained = await drain(rig, drainSeconds);
  await cut(false);
  const end = sampleAll(rig, target);
  const latency = latencyOf(all);
  overloadReason ??= overloadOf({ latency, lagMs: 0 });
  if (dropped) overloadReason ??= `${dropped} sockets dropped by the server`;
  rig.dirty = overloadReason !== undefined || !drained;
  return {
    ...(recovered ? { recoveredSeconds: Math.round(recovered.seconds * 10) / 10 } : {}),
    paced,
    windows,
    drained,
    overloaded: overloadReason !== undefined,
    ...(overloadReason ? { overloadReason } : {}),
    maxLagMs: Math.round(maxLagMs),
    total: {
      latency,
      messages,
      bytes,
      lagMs: windows[windows.length - 1]!.lagMs,
      eslQueuedBytes: windows[windows.length - 1]!.eslQueuedBytes,
      serverRssKb: end.server.rssKb,
      cpu: cpuBetween(first, end),
    },
  };
}
