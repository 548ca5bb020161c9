// sipp's own account of a run: the last line of its -trace_stat CSV
// (cumulative columns), read by header name since sipp 3.6 puts 80-odd
// columns there and a tab inside the date ones.
export interface SippCounts {
  /** Calls sipp started. */
  placed: number;
  succeeded: number;
  /** Failed, plus calls still under way when sipp stopped (they never ended as scripted). */
  failed: number;
}

export function sippCounts(csv: string): SippCounts {
  const lines = csv.split('\n').filter((l) => l.trim());
  if (lines.length < 2) return { placed: 0, succeeded: 0, failed: 0 };
  const names = lines[0]!.split(';');
  const values = lines.at(-1)!.split(';');
  const column = (name: string) => Number(values[names.indexOf(name)] ?? 0) || 0;
  return {
    placed: column('TotalCallCreated'),
    succeeded: column('SuccessfulCall(C)'),
    failed: column('FailedCall(C)') + column('CurrentCall'),
  };
}
