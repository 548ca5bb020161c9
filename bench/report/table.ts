// The console and README table: one line per (N, rate), product beside floor.
import type { Cell, Results } from './results.ts';

/** How long issue #3 asks the ingest rate to be held. */
const ISSUE_CONFIRM_S = 30;

const pad = (v: string | number, w: number) => String(v).padStart(w);

export function fanoutTable(r: Results): string {
  const head = ['N', 'rate/s', 'achieved', 'status', 'p50 ms', 'p99 ms', 'p99.9 ms', 'max ms', 'msgs/s', 'KB/s', 'server CPU%', 'floor status', 'floor p99', 'floor msgs/s', 'floor KB/s', 'floor CPU%', 'ratio p99'];
  // ≥: stopped early or still arriving when the drain time ran out, so a lower bound.
  const atLeast = (c: Cell, v: number) => `${c.status === 'ok' ? '' : '≥'}${v}`;
  const status = (c: Cell) => (c.status === 'ok' ? 'ok' : c.status === 'lower-bound' ? 'late' : 'OVERLOADED');
  const rows = r.fanout.map((f) => [
    f.n,
    f.rate,
    Math.round(f.product.achieved_rate),
    status(f.product),
    atLeast(f.product, f.p50_ms),
    atLeast(f.product, f.p99_ms),
    atLeast(f.product, f.p999_ms),
    atLeast(f.product, f.max_ms),
    Math.round(f.product.messages_per_s),
    f.product.kb_per_s ?? '–',
    f.product.cpu_pct.server,
    f.floor ? status(f.floor) : '–',
    f.floor ? atLeast(f.floor, f.floor.p99_ms) : '–',
    f.floor ? Math.round(f.floor.messages_per_s) : '–',
    f.floor?.kb_per_s ?? '–',
    f.floor ? f.floor.cpu_pct.server : '–',
    f.ratio_p99 === null ? '–' : f.ratio_p99.toFixed(2),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((row) => String(row[i]).length)));
  const line = (cells: (string | number)[]) => `| ${cells.map((c, i) => pad(c, widths[i]!)).join(' | ')} |`;
  return [line(head), `|${widths.map((w) => '-'.repeat(w + 1) + ':').join('|')}|`, ...rows.map(line)].join('\n');
}

export function summary(r: Results): string {
  const i = r.ingest;
  const phone = r.client_gzip_kb.softphone === null ? 'no softphone chunk found' : `${r.client_gzip_kb.softphone} KB (${r.client_files.softphone.join(', ')})`;
  return [
    ...(i
      ? [
          `Ingest at N=${i.n}: ${r.ingest_events_per_s} events/s ${i.confirmed ? `sustained ${i.confirm_seconds} s${i.confirm_seconds < ISSUE_CONFIRM_S ? ` (a shorter confirmation than the issue's ${ISSUE_CONFIRM_S} s: quick plan)` : ''}` : '(probe only, not confirmed)'}, server CPU ${i.server_cpu_pct} %`,
          `  probes: ${i.probes.map((p) => `${p.rate}/s→${p.ok ? 'ok' : 'no'} (p99 ${p.p99_ms} ms, CPU ${p.server_cpu_pct} %)`).join(', ')}`,
        ]
      : ['Ingest: not measured (no time left)']),
    `Server RSS per socket at N=${r.rss.n}, after a full GC: ${r.rss_per_socket_kb} KB (${Math.round(r.rss.at_0_kb / 1024)} → ${Math.round(r.rss.at_n_kb / 1024)} MiB); V8 heap ${r.heap_per_socket_kb} KB per socket`,
    `Client JS gzip: ${r.client_gzip_kb.before_sign_in} KB before sign-in; softphone: ${phone}`,
  ].join('\n');
}
