// The real-PBX cell as the bench prints it: one row per ramp step and the
// hold, the figures to quote.
import type { RealPbxResult, RealStep } from './phase.ts';

const row = (what: string, s: RealStep) =>
  `${what.padEnd(10)} ${String(s.calls_per_s).padStart(7)} ${String(s.registrations_per_s).padStart(7)} ${String(s.esl_events_per_s).padStart(8)} ${String(s.esl_subscribed_events_per_s).padStart(8)} ${String(s.p50_ms).padStart(7)} ${String(s.p99_ms).padStart(7)} ${`${s.calls.failed}/${s.calls.placed}`.padStart(9)} ${String(s.cpu_pct.switchboard).padStart(6)} ${String(s.cpu_pct.freeswitch).padStart(6)}  ${s.ok ? 'ok' : s.reasons.join('; ')}`;

export function realPbxTable(r: RealPbxResult): string {
  const lines = [
    `Real PBX (sipp → FreeSWITCH → Switchboard → ${r.sockets} sockets), load average ${r.load_average.start} → ${r.load_average.end}`,
    'step        calls/s   regs/s  ESL ev/s subscr/s  p50 ms  p99 ms    failed  SB CPU FS CPU',
    ...r.ramp.map((s) => row(`ramp ${s.rate}`, s)),
    r.hold ? row(`HOLD ${r.hold.seconds}s`, r.hold) : 'no hold: no step was kept up with',
    `ramp ended: ${r.ramp_ended}`,
  ];
  return lines.join('\n');
}
