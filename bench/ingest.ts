// Ingest: the highest ESL event rate the product keeps up with at N agents.
// A ladder of short probes finds the knee; the highest rate that passed must
// then hold for the confirmation time without lag, ESL backlog or memory
// growing. Falls back one rung if it does not.
import type { Plan } from './plan.ts';
import { run, type Rig, type Run } from './rig.ts';

/** Past this, agents' screens are visibly stale: the server did not keep up. */
const LAG_LIMIT_MS = 1000;
const MiB = 1024 * 1024;

export interface Verdict {
  ok: boolean;
  reasons: string[];
}

export function judge(rate: number, r: Pick<Run, 'paced' | 'windows' | 'drained' | 'overloaded'>): Verdict {
  const reasons: string[] = [];
  if (r.overloaded) reasons.push('stopped early: overloaded');
  if (!r.drained) reasons.push('messages still arriving after the drain time');
  const first = r.windows[0]!;
  const last = r.windows[r.windows.length - 1]!;
  if (r.paced.achievedRate < rate * 0.95) reasons.push(`the driver reached only ${Math.round(r.paced.achievedRate)}/s`);
  if (last.latency.p99_ms > LAG_LIMIT_MS) reasons.push(`p99 lag ${last.latency.p99_ms} ms > ${LAG_LIMIT_MS} ms`);
  if (r.windows.length > 1 && last.latency.p99_ms > first.latency.p99_ms * 2 + 100) {
    reasons.push(`p99 lag grew ${first.latency.p99_ms} → ${last.latency.p99_ms} ms`);
  }
  if (last.eslQueuedBytes > Math.max(MiB, first.eslQueuedBytes * 2)) {
    reasons.push(`ESL backlog ${Math.round(last.eslQueuedBytes / 1024)} KiB`);
  }
  if (r.windows.length > 1 && last.serverRssKb > first.serverRssKb * 1.25) {
    reasons.push(`RSS grew ${Math.round(first.serverRssKb / 1024)} → ${Math.round(last.serverRssKb / 1024)} MiB`);
  }
  return { ok: reasons.length === 0, reasons };
}

export interface IngestResult {
  /** Agents connected meanwhile. */
  n: number;
  /** Achieved events/s of the best confirmed run, or of the best probe when none was confirmed. */
  events_per_s: number;
  confirmed: boolean;
  confirm_seconds: number;
  server_cpu_pct: number;
  probes: { rate: number; achieved: number; p99_ms: number; server_cpu_pct: number; ok: boolean; reasons: string[] }[];
}

/** `secondsLeft`: time this phase may still use. A run after one that did not keep up reconnects the agents first (rig.ts). */
export async function measureIngest(rig: Rig, plan: Plan, secondsLeft: () => number, log: (s: string) => void): Promise<IngestResult> {
  const { ladder, probeSeconds, confirmSeconds } = plan.ingest;
  const probes: IngestResult['probes'] = [];
  const runTime = (seconds: number) => plan.quietSeconds + seconds + plan.drainSeconds + 3;
  if (ladder.length === 1 && confirmSeconds > 0) {
    // One rate only (the quick plan): no probe first, the confirmation is the measurement.
    const rate = ladder[0]!;
    if (secondsLeft() < runTime(confirmSeconds)) return { n: plan.ingest.n, events_per_s: 0, confirmed: false, confirm_seconds: 0, server_cpu_pct: 0, probes };
    const r = await run(rig, 'product', rate, confirmSeconds, plan.drainSeconds, plan.quietSeconds);
    const v = judge(rate, r);
    probes.push({ rate, achieved: Math.round(r.paced.achievedRate), p99_ms: r.total.latency.p99_ms, server_cpu_pct: r.total.cpu.server, ...v });
    log(`  ${confirmSeconds} s at ${rate}/s: ${v.ok ? 'sustained' : v.reasons.join('; ')} (p99 ${r.total.latency.p99_ms} ms, server CPU ${r.total.cpu.server} %)`);
    return {
      n: plan.ingest.n,
      events_per_s: Math.round(r.paced.achievedRate),
      confirmed: v.ok,
      confirm_seconds: v.ok ? confirmSeconds : 0,
      server_cpu_pct: r.total.cpu.server,
      probes,
    };
  }
  for (const rate of ladder) {
    if (secondsLeft() < runTime(probeSeconds)) break;
    const r = await run(rig, 'product', rate, probeSeconds, plan.drainSeconds, plan.quietSeconds);
    const v = judge(rate, r);
    probes.push({ rate, achieved: Math.round(r.paced.achievedRate), p99_ms: r.total.latency.p99_ms, server_cpu_pct: r.total.cpu.server, ...v });
    log(`  probe ${rate}/s: ${v.ok ? 'kept up' : v.reasons.join('; ')} (p99 ${r.total.latency.p99_ms} ms, server CPU ${r.total.cpu.server} %)${r.recoveredSeconds ? `, after reconnecting in ${r.recoveredSeconds} s` : ''}`);
    if (!v.ok) break;
  }
  const passed = probes.filter((p) => p.ok).reverse();
  for (const probe of passed.slice(0, 2)) {
    if (confirmSeconds <= 0 || secondsLeft() < runTime(confirmSeconds) + (rig.dirty ? rig.connected / 100 : 0)) break;
    const r = await run(rig, 'product', probe.rate, confirmSeconds, plan.drainSeconds, plan.quietSeconds);
    const v = judge(probe.rate, r);
    log(`  ${confirmSeconds} s at ${probe.rate}/s: ${v.ok ? 'sustained' : v.reasons.join('; ')}`);
    if (v.ok) {
      return {
        n: plan.ingest.n,
        events_per_s: Math.round(r.paced.achievedRate),
        confirmed: true,
        confirm_seconds: confirmSeconds,
        server_cpu_pct: r.total.cpu.server,
        probes,
      };
    }
  }
  const best = passed[0];
  return { n: plan.ingest.n, events_per_s: best?.achieved ?? 0, confirmed: false, confirm_seconds: 0, server_cpu_pct: best?.server_cpu_pct ?? 0, probes };
}
