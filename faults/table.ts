// The fault matrix as a Markdown table: printed by npm run faults and kept in the README.
import type { FaultResult } from './measure.ts';

export function faultTable(results: FaultResult[]): string {
  const rows = [
    ['fault', 'screens during the fault', 'seconds to truth', 'CDRs lost', 'doubled', 'calls (completed / placed)', 'faxes lost / sent twice', 'pass', 'notes'],
    ['---', '---', '---:', '---:', '---:', '---:', '---:', '---', '---'],
    ...results.map((r) => [
      r.fault,
      r.screens + (r.spooled ? `; ${r.spooled} CDR(s) left in mod_json_cdr's spool` : ''),
      r.secondsToTruth === null ? 'not reached' : r.secondsToTruth.toFixed(1),
      r.cdrsLost,
      r.doubled,
      `${r.calls.completed} / ${r.calls.placed}`,
      r.faxes ? `${r.faxes.lost} / ${r.faxes.sentTwice}` : '–',
      r.pass ? 'yes' : 'NO',
      r.notes.join('; ') || '–',
    ]),
  ];
  return rows.map((r) => `| ${r.join(' | ')} |`).join('\n');
}
