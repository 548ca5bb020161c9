// The console and README lines of the two-node cell (bench/nodes.ts).
import type { NodesResult, NodesRun } from '../nodes.ts';

export function nodesTable(r: NodesResult): string {
  const head = ['nodes', 'sockets', 'status', 'events', 'patches', 'tenant / ext / queue', 'per socket', 'lost', 'doubled', 'p50 ms', 'p99 ms', 'CPU % per node', 'CPU s per node'];
  const row = (x: NodesRun) => [
    x.nodes,
    x.sockets_per_node.join(' + '),
    x.status === 'ok' ? 'ok' : x.status === 'lower-bound' ? 'late' : 'OVERLOADED',
    x.fired,
    x.patches,
    `${x.by_kind.tenant} / ${x.by_kind.ext} / ${x.by_kind.queue}`,
    `${x.per_socket.min}–${x.per_socket.max}`,
    x.lost,
    x.doubled,
    x.p50_ms,
    x.p99_ms,
    x.cpu_pct_per_node.join(' + '),
    x.cpu_s_per_node.join(' + '),
  ];
  const rows = [row(r.one), row(r.two)];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((cells) => String(cells[i]).length)));
  const line = (cells: (string | number)[]) => `| ${cells.map((c, i) => String(c).padStart(widths[i]!)).join(' | ')} |`;
  const c = r.compared;
  const verdict = r.not_comparable
    ? `counts not comparable: ${r.not_comparable}; lost and doubled hold for what arrived`
    : r.same_messages
    ? `every one of the ${c.sockets} sockets received as many patches on two nodes as on one`
    : `${c.differing} of ${c.sockets} sockets received a different number of patches on two nodes than on one (Σ |difference| ${c.absoluteDifference}, at most ${c.largestDifference} for one socket${c.unmatched ? `; ${c.unmatched} sockets in one run only` : ''})`;
  return [
    `Two nodes behind one address (Redis adapter), N=${r.n} at ${r.rate} events/s for ${r.seconds} s, the same event sequence each time; split ${r.split}:`,
    line(head),
    `|${widths.map((w) => '-'.repeat(w + 1) + ':').join('|')}|`,
    ...rows.map(line),
    `Socket by socket: ${verdict}.`,
  ].join('\n');
}
