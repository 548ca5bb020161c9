// A call's quality as one number: the ITU-T G.107 E-model in its usual
// simplified form (Cole & Rosenbluth, "Voice over IP performance monitoring",
// 2001), from what getStats tells a browser — delay, jitter and loss — and
// the words for a MOS that the call view and the PBX CDR page both use.

/** R without impairments for a wideband-capable codec; 93.2 is G.107's default. */
const R0 = 93.2;

/**
 * The effective one-way delay: half the round trip, plus a jitter buffer of
 * twice the jitter, plus 10 ms of codec delay.
 */
export const effectiveDelayMs = (rttMs: number, jitterMs: number) => rttMs / 2 + 2 * jitterMs + 10;

/** R → MOS, G.107's own mapping (FreeSWITCH's do_mos uses the same one on its R). */
export function mosOfR(r: number): number {
  if (r <= 0) return 1;
  if (r >= 100) return 4.5;
  return 1 + 0.035 * r + 0.000007 * r * (r - 60) * (100 - r);
}

/**
 * Estimated MOS from round-trip time (ms), jitter (ms) and packet loss (%).
 * Delay costs little below 160 ms one way and much above it; loss costs
 * 30·ln(1 + 15·e) for a loss fraction e (Cole & Rosenbluth's fit for G.711
 * with packet loss concealment: 1 % ≈ 4 R, 5 % ≈ 17 R).
 */
export function estimateMos(rttMs: number, jitterMs: number, lossPercent: number): number {
  const d = effectiveDelayMs(rttMs, jitterMs);
  const delayImpairment = d < 160 ? d / 40 : (d - 120) / 10;
  const lossImpairment = 30 * Math.log(1 + 15 * (Math.max(0, lossPercent) / 100));
  return mosOfR(R0 - delayImpairment - lossImpairment);
}

export type MosWord = 'good' | 'fair' | 'poor';

/** 4.0 and up: good (users satisfied); from 3.6: fair (some dissatisfied); below: poor (G.107 Annex B bands). */
export const mosWord = (mos: number): MosWord => (mos >= 4 ? 'good' : mos >= 3.6 ? 'fair' : 'poor');
