// When a step of the real-PBX ramp counts as kept up with, and which rate
// comes next: pure, so tests/unit/bench/real-ramp.test.ts holds the rules.
// A step is a few seconds of sipp placing `rate` calls (and registrations)
// per second through FreeSWITCH while the agents' sockets measure
// FreeSWITCH's event time → patch arrival.

export interface StepFigures {
  /** Calls per second asked of sipp (-r). */
  rate: number;
  seconds: number;
  /** Calls sipp placed (TotalCallCreated) and how many of them failed or never ended. */
  placed: number;
  failed: number;
  /** Event → socket p99 over the step, ms. */
  p99Ms: number;
  /** How far behind the screens were at each one-second window (now − newest event delivered), ms. */
  lagMs: number[];
}

export const LIMITS = {
  /** sipp calls that failed (a timeout, an unexpected answer): FreeSWITCH did not keep up. */
  failedFraction: 0.02,
  /** sipp placed fewer calls per second than asked: the machine did not keep up. */
  placedFraction: 0.9,
  p99Ms: 1000,
  /** The screens fell this far behind while calls were placed. */
  lagMs: 2000,
};

export interface Verdict {
  ok: boolean;
  reasons: string[];
}

export function judgeStep(s: StepFigures): Verdict {
  const reasons: string[] = [];
  const asked = s.rate * s.seconds;
  if (s.placed < asked * LIMITS.placedFraction) reasons.push(`sipp placed ${s.placed} of ${asked} calls`);
  if (s.placed > 0 && s.failed / s.placed > LIMITS.failedFraction) reasons.push(`${s.failed} of ${s.placed} calls failed`);
  if (s.p99Ms > LIMITS.p99Ms) reasons.push(`p99 ${s.p99Ms} ms > ${LIMITS.p99Ms} ms`);
  const lag = Math.max(0, ...s.lagMs);
  if (lag > LIMITS.lagMs) reasons.push(`screens ${lag} ms behind`);
  return { ok: reasons.length === 0, reasons };
}

/** The next rung after the steps so far, or undefined when the last step failed or the ladder is done. */
export function nextRate(ladder: readonly number[], done: readonly { rate: number; verdict: Verdict }[]): number | undefined {
  const last = done.at(-1);
  if (!last) return ladder[0];
  if (!last.verdict.ok) return undefined;
  return ladder.find((r) => r > last.rate);
}

/** The highest rate that was kept up with: the one to hold. */
export function holdRate(done: readonly { rate: number; verdict: Verdict }[]): number | undefined {
  const kept = done.filter((d) => d.verdict.ok).map((d) => d.rate);
  return kept.length ? Math.max(...kept) : undefined;
}

/** A rate's calls: two in three to an extension, the rest to a queue (at least one each). */
export function splitCalls(rate: number): { extension: number; queue: number } {
  const queue = Math.max(1, Math.round(rate / 3));
  return { extension: Math.max(1, rate - queue), queue };
}
