// The real-PBX cell of `npm run bench`: sipp drives calls, queue callers and
// registrations through a real FreeSWITCH (started from freeswitch/conf) into
// a real Switchboard, while signed-in agents' sockets (bench/procs/load.ts)
// record FreeSWITCH's Event-Date-Timestamp → patch arrival. The call rate is
// raised in short steps (ramp.ts) until FreeSWITCH or Switchboard no longer
// keeps up; the highest rate that was kept up with is then held, and that
// hold is the result: calls/s, registrations/s, the ESL events/s FreeSWITCH
// produced (counted on a raw event socket of our own), Switchboard's p50/p99
// and both processes' CPU. Bounded by `seconds`; every process it started is
// stopped before it returns.
import { percentileUs, merge, type HistogramData } from '../stats/histogram.ts';
import { cpuPercent, sampleProc } from '../stats/proc.ts';
import { sleep } from '../local.ts';
import type { Child } from '../children.ts';
import type { Handlers } from '../procs/serve.ts';
import type { LoadApi, Tab } from '../procs/load.ts';
import type { RealPbxApi } from '../procs/real-pbx.ts';
import { signIn } from '../../tests/helpers/browser-session.ts';
import { DEMO_PASSWORD } from '../../tests/helpers/server.ts';
import { holdRate, judgeStep, nextRate, type Verdict } from './ramp.ts';
import { AGENTS, DOMAIN, placeCalls, startPhones, type Sip } from './traffic.ts';
import { noEvents, type EventCounts } from './event-count.ts';
import { openEventTap, type EventTap } from './tap.ts';
import { freeswitchInstalled } from '../../tests/freeswitch/harness/freeswitch.ts';

/** Calls per second tried in turn, `stepSeconds` each, until one is not kept up with. */
const LADDER = [5, 20, 40, 80];
const STEP_SECONDS = 3;
/** A step's calls placed, then the last ones' end and sipp's exit. */
const STEP_TAIL_SECONDS = 4;
/** The hold: as long as the time left allows, within these. */
const HOLD_SECONDS = { min: 10, max: 20 };
/** Stopping sipp, FreeSWITCH (killed), Switchboard and dropping its database (1–2 s). */
const TEARDOWN_SECONDS = 4;
/** Starting FreeSWITCH, Switchboard and the phones (15–30 s on a busy box, 5 s of it Switchboard's ESL retry backing off while FreeSWITCH starts). */
const SETUP_SECONDS = 20;
/** Each signed-in user of the demo tenant watches in this many tabs. */
const TABS_PER_USER = 3;
const USERS = ['agent', 'agent2', 'agent3', 'agent4', 'agent5', 'agent6', 'supervisor', 'admin'].map((u) => `${u}@acme.test`);

export interface RealStep {
  /** Calls per second asked of sipp. */
  rate: number;
  seconds: number;
  calls_per_s: number;
  registrations_per_s: number;
  calls: { placed: number; failed: number };
  registrations: { placed: number; failed: number };
  /** Events FreeSWITCH produced per second (all of them, and those Switchboard subscribes to) while the calls were placed. */
  esl_events_per_s: number;
  esl_subscribed_events_per_s: number;
  p50_ms: number;
  p99_ms: number;
  p999_ms: number;
  max_ms: number;
  patches_per_s: number;
  max_lag_ms: number;
  cpu_pct: { switchboard: number; freeswitch: number };
  ok: boolean;
  reasons: string[];
}

export interface RealPbxResult {
  date: string;
  load_average: { start: number; end: number };
  sockets: number;
  /** The ramp's steps, then the hold (the figures to quote). */
  ramp: RealStep[];
  /** Why the ramp ended: a step not kept up with (the box's limit), the cell's time bound (a lower bound), or the ladder's top. */
  ramp_ended: string;
  hold: RealStep | null;
  /** The events FreeSWITCH produced while the hold's calls were placed, by name. */
  hold_events_by_name: Record<string, number>;
  notes: string[];
}

export const REAL_PBX_DISABLED =
  'real PBX: skipped, FreeSWITCH is not installed (install it at /opt/freeswitch, or point FREESWITCH_PREFIX at one, to measure sipp traffic through real FreeSWITCH)';

type Start = <H extends Handlers>(name: string, file: string) => Promise<Child<H & Record<string, never>>>;

interface Rig {
  sip: Sip;
  load: Child<LoadApi & Record<string, never>>;
  tap: EventTap;
  pids: { switchboard: number; freeswitch: number };
}

async function step(rig: Rig, rate: number, seconds: number): Promise<{ step: RealStep; events: EventCounts }> {
  await rig.load.call('begin', undefined);
  rig.tap.take();
  const cpu0 = { sb: sampleProc(rig.pids.switchboard), fs: sampleProc(rig.pids.freeswitch) };
  const t0 = performance.now();
  let done = false;
  const traffic = placeCalls(rig.sip, rate, seconds).finally(() => (done = true));
  const windows: HistogramData[] = [];
  const lagMs: number[] = [];
  // Rates are taken over the windows while calls are placed (the steady state, not the last calls' end).
  const events = noEvents();
  let patches = 0;
  let placingSeconds = 0;
  let cpu1 = cpu0;
  const window = async () => {
    const w = await rig.load.call('take', undefined);
    windows.push(w.histogram);
    const e = rig.tap.take();
    const at = (performance.now() - t0) / 1000;
    if (at > seconds + 0.5) return;
    placingSeconds = at;
    cpu1 = { sb: sampleProc(rig.pids.switchboard), fs: sampleProc(rig.pids.freeswitch) };
    patches += w.messages;
    events.all += e.all;
    events.subscribed += e.subscribed;
    for (const [k, n] of Object.entries(e.byName)) events.byName[k] = (events.byName[k] ?? 0) + n;
    // How far behind the screens are while calls are placed.
    lagMs.push(w.newestAt ? Math.round(Date.now() - w.newestAt / 1000) : 0);
  };
  while (!done) {
    await sleep(1000);
    await window();
  }
  const sip = await traffic;
  await sleep(500); // the last hangups' patches
  await window();
  const elapsed = placingSeconds || seconds;
  const h = merge(windows);
  const ms = (q: number) => Math.round(percentileUs(h, q) / 100) / 10;
  const figures = {
    rate,
    seconds,
    placed: sip.calls.placed,
    failed: sip.calls.failed,
    p99Ms: ms(0.99),
    lagMs,
  };
  const verdict: Verdict = judgeStep(figures);
  if (!verdict.ok) verdict.reasons.push(...sip.failures.map((f) => `sipp ${f}`));
  return {
    events,
    step: {
      rate,
      seconds,
      calls_per_s: Math.round((sip.calls.placed / seconds) * 10) / 10,
      registrations_per_s: Math.round((sip.registrations.placed / seconds) * 10) / 10,
      calls: { placed: sip.calls.placed, failed: sip.calls.failed },
      registrations: { placed: sip.registrations.placed, failed: sip.registrations.failed },
      esl_events_per_s: Math.round(events.all / elapsed),
      esl_subscribed_events_per_s: Math.round(events.subscribed / elapsed),
      p50_ms: ms(0.5),
      p99_ms: figures.p99Ms,
      p999_ms: ms(0.999),
      max_ms: Math.round(h.maxUs / 100) / 10,
      patches_per_s: Math.round(patches / elapsed),
      max_lag_ms: Math.max(0, ...lagMs),
      cpu_pct: { switchboard: Math.round(cpuPercent(cpu0.sb, cpu1.sb)), freeswitch: Math.round(cpuPercent(cpu0.fs, cpu1.fs)) },
      ok: verdict.ok,
      reasons: verdict.reasons,
    },
  };
}

const describe = (s: RealStep) =>
  `${s.calls_per_s} calls/s + ${s.registrations_per_s} registrations/s: ${s.esl_events_per_s} ESL events/s (${s.esl_subscribed_events_per_s} subscribed), p50 ${s.p50_ms} p99 ${s.p99_ms} max ${s.max_ms} ms, ${s.patches_per_s} patches/s, lag ≤ ${s.max_lag_ms} ms, ${s.calls.failed}/${s.calls.placed} calls failed, CPU % Switchboard ${s.cpu_pct.switchboard} FreeSWITCH ${s.cpu_pct.freeswitch}${s.ok ? '' : ` — NOT KEPT UP: ${s.reasons.join('; ')}`}`;

/** Seconds the phase needs at least (setup, one step, a short hold, teardown). */
export const REAL_MIN_SECONDS = SETUP_SECONDS + STEP_SECONDS + HOLD_SECONDS.min + 2 * STEP_TAIL_SECONDS + TEARDOWN_SECONDS;

export async function measureRealPbx(o: { start: Start; seconds: number; log: (s: string) => void; loadAverage: () => number }): Promise<RealPbxResult> {
  const began = performance.now();
  const left = () => o.seconds - (performance.now() - began) / 1000;
  const loadAtStart = o.loadAverage();
  const pbx = await o.start<RealPbxApi>('real-pbx', 'bench/procs/real-pbx.ts');
  const closers: (() => Promise<unknown>)[] = [() => pbx.call('close', undefined, 20_000), () => pbx.stop()];
  try {
    const [info, load] = await Promise.all([pbx.call('start', undefined, 60_000), o.start<LoadApi>('load-real', 'bench/procs/load.ts')]);
    closers.unshift(() => load.stop());
    const sip: Sip = { sipPort: info.sipPort, passwords: info.passwords };
    const phones = await startPhones(sip);
    closers.unshift(() => phones.close());
    // Every agent takes queue calls (mod_callcenter's agents start Logged Out).
    for (const a of AGENTS) await pbx.call('api', `callcenter_config agent set status ${a}@${DOMAIN} Available`);
    const cookies = await Promise.all(USERS.map((u) => signIn(info.url, u, DEMO_PASSWORD)));
    const tabs: Tab[] = cookies.flatMap((cookie) => Array.from({ length: TABS_PER_USER }, () => ({ cookie, domain: DOMAIN })));
    const connected = await load.call('connect', { url: info.url, floor: false, tabs });
    const tap = await openEventTap(info.eslPort, info.eslPassword);
    closers.unshift(async () => tap.close());
    const rig: Rig = { sip, load, tap, pids: { switchboard: pbx.pid, freeswitch: info.freeswitchPid } };
    o.log(`real PBX: FreeSWITCH and Switchboard up, ${AGENTS.length} phones registered, ${connected.connected} sockets (${USERS.length} users × ${TABS_PER_USER} tabs)`);

    const ramp: RealStep[] = [];
    const done: { rate: number; verdict: Verdict }[] = [];
    let rampEnded = `the ladder's top (${LADDER.at(-1)} calls/s) was kept up with`;
    for (let rate = nextRate(LADDER, done); rate !== undefined; rate = nextRate(LADDER, done)) {
      if (left() < STEP_SECONDS + HOLD_SECONDS.min + 2 * STEP_TAIL_SECONDS + TEARDOWN_SECONDS) {
        rampEnded = `the cell's time ran out before ${rate} calls/s (${Math.round(left())} s left): the highest rate kept up with is a lower bound`;
        o.log(`real PBX: ramp stopped, ${rampEnded}`);
        break;
      }
      const { step: s } = await step(rig, rate, STEP_SECONDS);
      ramp.push(s);
      done.push({ rate, verdict: { ok: s.ok, reasons: s.reasons } });
      if (!s.ok) rampEnded = `${rate} calls/s was not kept up with (${s.reasons.join('; ')})`;
      o.log(`real PBX step ${rate}/s: ${describe(s)}`);
    }
    const rate = holdRate(done);
    let hold: RealStep | null = null;
    let byName: Record<string, number> = {};
    const holdSeconds = Math.min(HOLD_SECONDS.max, Math.floor(left() - STEP_TAIL_SECONDS - TEARDOWN_SECONDS));
    if (rate !== undefined && holdSeconds >= HOLD_SECONDS.min) {
      const r = await step(rig, rate, holdSeconds);
      hold = r.step;
      byName = Object.fromEntries(Object.entries(r.events.byName).sort((a, b) => b[1] - a[1]));
      o.log(`real PBX hold ${rate}/s for ${holdSeconds} s: ${describe(hold)}`);
    } else o.log(`real PBX: no hold (${rate === undefined ? 'no step was kept up with' : `${Math.round(left())} s left`})`);
    return {
      date: new Date().toISOString(),
      load_average: { start: loadAtStart, end: o.loadAverage() },
      sockets: connected.connected,
      ramp,
      ramp_ended: rampEnded,
      hold,
      hold_events_by_name: byName,
      notes: [
        `sipp through FreeSWITCH 1.10 (freeswitch/conf): each second, of the rate's calls two in three from 1001 to 1002 (answered, held 1 s) and the rest into the sales queue (held 1 s, answered by an agent's phone or given up), plus as many registrations of one extension (each a refresh).`,
        `Latency: FreeSWITCH's Event-Date-Timestamp → patch arrival at ${connected.connected} sockets of ${USERS.length} signed-in users of the tenant (agents, a supervisor and an admin).`,
        'ESL events/s: every event FreeSWITCH sent a raw event socket of the bench subscribed to ALL (that socket adds its own serialisation to FreeSWITCH\'s CPU); "subscribed": those Switchboard subscribes to.',
        `A step is kept up with when sipp placed ≥ 90 % of its calls, ≤ 2 % failed, p99 ≤ 1 s and the screens stayed ≤ 2 s behind; the highest such rate is then held ${HOLD_SECONDS.min}–${HOLD_SECONDS.max} s (as the time left allows).`,
        'FreeSWITCH, Switchboard, sipp and the load clients share this machine\'s cores.',
      ],
    };
  } finally {
    const t = performance.now();
    for (const c of closers.splice(0)) await c().catch(() => undefined);
    o.log(`real PBX: sipp, FreeSWITCH, Switchboard and its database stopped in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  }
}

/**
 * The cell as a phase of `npm run bench`: run when the plan has time for it
 * and FreeSWITCH is installed; otherwise a note saying why not (`skipped`
 * when it was for lack of time, which makes the run partial).
 */
export async function realPbxPhase(o: {
  planSeconds: number;
  secondsLeft: () => number;
  start: Start;
  log: (s: string) => void;
  loadAverage: () => number;
}): Promise<{ result: RealPbxResult | null; note?: string; skipped?: string }> {
  if (!o.planSeconds) return { result: null, note: 'real PBX: not in this plan (the default plan measures it)' };
  if (!freeswitchInstalled()) return { result: null, note: REAL_PBX_DISABLED };
  const seconds = Math.min(o.planSeconds, Math.floor(o.secondsLeft()));
  if (seconds < REAL_MIN_SECONDS) return { result: null, skipped: `real PBX (${seconds} s left, ${REAL_MIN_SECONDS} s needed)` };
  return { result: await measureRealPbx({ ...o, seconds }) };
}
