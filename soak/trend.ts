// Is a measure growing over a soak? A least-squares line through the
// samples; it grows when the line rises by more than `noise` over the run
// AND the last third of the samples sits above the first (by their medians:
// one late spike does not make a trend; the caller's noise covers the
// garbage collector's sawtooth).
export interface Trend {
  slopePerMinute: number;
  /** What the line rose over the samples' span. */
  rise: number;
  growing: boolean;
}

export function trend(points: [atS: number, value: number][], noise = 0): Trend {
  const n = points.length;
  if (n < 3) return { slopePerMinute: 0, rise: 0, growing: false };
  const mx = points.reduce((a, [x]) => a + x, 0) / n;
  const my = points.reduce((a, [, y]) => a + y, 0) / n;
  const sxx = points.reduce((a, [x]) => a + (x - mx) ** 2, 0);
  const slope = sxx ? points.reduce((a, [x, y]) => a + (x - mx) * (y - my), 0) / sxx : 0;
  const rise = slope * (points[n - 1]![0] - points[0]![0]);
  const third = Math.max(1, Math.floor(n / 3));
  const median = (list: [number, number][]) => {
    const ys = list.map(([, y]) => y).sort((a, b) => a - b);
    return ys[Math.floor(ys.length / 2)]!;
  };
  const climbed = median(points.slice(-third)) > median(points.slice(0, third));
  // Noise: what the caller says, or 5 % of the mean, whichever is more.
  return { slopePerMinute: slope * 60, rise, growing: climbed && rise > Math.max(noise, Math.abs(my) * 0.05) };
}
