// One SVG page: event → client latency percentiles against N, product (solid)
// and floor (dashed), one panel per event rate, both axes logarithmic.
import type { FanoutRow } from './results.ts';

const W = 440;
const H = 360;
const M = { left: 56, right: 16, top: 36, bottom: 44 };
const SERIES = [
  { key: 'p50', color: '#2a9d8f' },
  { key: 'p99', color: '#e76f51' },
  { key: 'p99.9', color: '#6d597a' },
] as const;

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
const log10 = Math.log10;

function pick(row: FanoutRow, side: 'product' | 'floor', key: (typeof SERIES)[number]['key']): number | undefined {
  const c = row[side];
  if (!c) return undefined;
  return Math.max(0.1, key === 'p50' ? c.p50_ms : key === 'p99' ? c.p99_ms : c.p999_ms);
}

function panel(rows: FanoutRow[], rate: number, x0: number): string {
  const ns = [...new Set(rows.map((r) => r.n))].sort((a, b) => a - b);
  const values = rows.flatMap((r) => SERIES.flatMap((s) => [pick(r, 'product', s.key), pick(r, 'floor', s.key)])).filter((v): v is number => v !== undefined);
  const yMin = 10 ** Math.floor(log10(Math.min(...values)));
  const yMax = 10 ** Math.ceil(log10(Math.max(...values)));
  const xMin = log10(ns[0]!) - 0.15;
  const xMax = log10(ns[ns.length - 1]!) + 0.15;
  const px = (n: number) => x0 + M.left + ((log10(n) - xMin) / (xMax - xMin)) * (W - M.left - M.right);
  const py = (v: number) => M.top + (1 - (log10(v) - log10(yMin)) / (log10(yMax) - log10(yMin))) * (H - M.top - M.bottom);
  const out: string[] = [`<text x="${x0 + W / 2}" y="20" text-anchor="middle" font-weight="bold">${rate} events/s</text>`];
  for (let v = yMin; v <= yMax; v *= 10) {
    out.push(`<line x1="${x0 + M.left}" x2="${x0 + W - M.right}" y1="${py(v)}" y2="${py(v)}" stroke="#ddd"/>`);
    out.push(`<text x="${x0 + M.left - 6}" y="${py(v) + 4}" text-anchor="end">${v >= 1 ? v : v.toFixed(1)} ms</text>`);
  }
  for (const n of ns) {
    out.push(`<line x1="${px(n)}" x2="${px(n)}" y1="${M.top}" y2="${H - M.bottom}" stroke="#eee"/>`);
    out.push(`<text x="${px(n)}" y="${H - M.bottom + 16}" text-anchor="middle">${n}</text>`);
  }
  out.push(`<text x="${x0 + W / 2}" y="${H - 8}" text-anchor="middle">connected agents (N)</text>`);
  for (const side of ['product', 'floor'] as const) {
    for (const s of SERIES) {
      const pts = rows.flatMap((r) => {
        const v = pick(r, side, s.key);
        return v === undefined ? [] : [`${px(r.n).toFixed(1)},${py(v).toFixed(1)}`];
      });
      const dash = side === 'floor' ? ' stroke-dasharray="5 4"' : '';
      out.push(`<polyline points="${pts.join(' ')}" fill="none" stroke="${s.color}" stroke-width="2"${dash}/>`);
    }
  }
  // An overloaded cell's figures are only what was delivered before it was stopped: mark it.
  for (const r of rows) {
    for (const side of ['product', 'floor'] as const) {
      const c = r[side];
      const v = pick(r, side, 'p99');
      if (c && v !== undefined && c.status === 'overloaded') {
        out.push(`<text x="${px(r.n) + 4}" y="${py(v) - 4}" fill="#b00" font-size="10">${side === 'floor' ? 'floor ' : ''}overloaded</text>`);
      }
    }
  }
  return out.join('\n');
}

export function latencyChart(rows: FanoutRow[], caption: string): string {
  const rates = [...new Set(rows.map((r) => r.rate))].sort((a, b) => a - b);
  const width = W * rates.length;
  const legend = SERIES.map(
    (s, i) => `<line x1="${16 + i * 110}" x2="${40 + i * 110}" y1="${H + 16}" y2="${H + 16}" stroke="${s.color}" stroke-width="2"/><text x="${44 + i * 110}" y="${H + 20}">${s.key}</text>`,
  ).join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${H + 56}" font-family="sans-serif" font-size="11">
<rect width="100%" height="100%" fill="white"/>
${rates.map((rate, i) => panel(rows.filter((r) => r.rate === rate).sort((a, b) => a.n - b.n), rate, i * W)).join('\n')}
${legend}<text x="${16 + 3 * 110}" y="${H + 20}">solid: Switchboard, dashed: floor (modesl → Socket.IO, no product logic)</text>
<text x="16" y="${H + 44}" fill="#555">${esc(caption)}</text>
</svg>
`;
}
