// Small SVG charts for the report pages. Each is a <figure> whose SVG is one
// image with a title and a description a screen reader reads; the numbers
// themselves are in the table below it, which is what a keyboard or screen
// reader user reads instead. No library: a few rectangles and a polyline.
import { createUniqueId, For, Show, type JSX } from 'solid-js';

const W = 720;
const H = 220;
const PAD = { left: 40, right: 12, top: 12, bottom: 28 };
const plotW = W - PAD.left - PAD.right;
const plotH = H - PAD.top - PAD.bottom;

/** 1, 2, 5 × 10ⁿ: a round maximum for the axis. */
export function niceMax(value: number): number {
  if (value <= 0) return 1;
  const p = 10 ** Math.floor(Math.log10(value));
  return [1, 2, 5, 10].map((m) => m * p).find((n) => n >= value)!;
}

/** At most ~8 labels along the x axis, evenly spaced. */
const labelEvery = (n: number) => Math.max(1, Math.ceil(n / 8));

export interface Series {
  name: string;
  /** A CSS colour (the page's palette). */
  color: string;
  values: number[];
}

function Frame(props: { title: string; description: string; max: number; format: (v: number) => string; labels: string[]; legend: Series[]; children: JSX.Element }) {
  const titleId = createUniqueId();
  const descId = createUniqueId();
  const every = () => labelEvery(props.labels.length);
  const step = () => plotW / Math.max(1, props.labels.length);
  return (
    <figure class="card report-chart">
      <figcaption class="report-chart-caption">
        <span class="card-title">{props.title}</span>
        <span class="report-legend" aria-hidden="true">
          <For each={props.legend}>
            {(s) => (
              <span class="report-legend-item">
                <span class="report-swatch" style={{ background: s.color }} />
                {s.name}
              </span>
            )}
          </For>
        </span>
      </figcaption>
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-labelledby={`${titleId} ${descId}`} class="report-svg">
        <title id={titleId}>{props.title}</title>
        <desc id={descId}>{props.description}</desc>
        <For each={[0, 0.5, 1]}>
          {(f) => (
            <g>
              <line x1={PAD.left} x2={W - PAD.right} y1={PAD.top + plotH * (1 - f)} y2={PAD.top + plotH * (1 - f)} class="report-grid" />
              <text x={PAD.left - 6} y={PAD.top + plotH * (1 - f) + 4} text-anchor="end" class="report-axis">
                {props.format(props.max * f)}
              </text>
            </g>
          )}
        </For>
        <For each={props.labels}>
          {(label, i) => (
            <Show when={i() % every() === 0}>
              <text x={PAD.left + step() * (i() + 0.5)} y={H - 8} text-anchor="middle" class="report-axis">
                {label}
              </text>
            </Show>
          )}
        </For>
        {props.children}
      </svg>
    </figure>
  );
}

/** Bars side by side per interval, one per series. */
export function BarChart(props: { title: string; description: string; labels: string[]; series: Series[] }): JSX.Element {
  const max = () => niceMax(Math.max(0, ...props.series.flatMap((s) => s.values)));
  const step = () => plotW / Math.max(1, props.labels.length);
  const barW = () => Math.max(0.5, (step() * 0.8) / props.series.length);
  return (
    <Frame title={props.title} description={props.description} max={max()} format={(v) => String(Math.round(v))} labels={props.labels} legend={props.series}>
      <For each={props.series}>
        {(s, k) => (
          <g fill={s.color}>
            <For each={s.values}>
              {(v, i) => (
                <Show when={v > 0}>
                  <rect x={PAD.left + step() * i() + step() * 0.1 + barW() * k()} width={barW()} y={PAD.top + plotH * (1 - v / max())} height={(plotH * v) / max()} />
                </Show>
              )}
            </For>
          </g>
        )}
      </For>
    </Frame>
  );
}

/** A line over the intervals, 0–100 %; an interval without a value breaks the line. */
export function PercentLine(props: { title: string; description: string; labels: string[]; name: string; color: string; values: (number | null)[]; target?: number }): JSX.Element {
  const step = () => plotW / Math.max(1, props.labels.length);
  const segments = () => {
    const out: string[][] = [];
    let current: string[] = [];
    props.values.forEach((v, i) => {
      if (v === null) {
        if (current.length) out.push(current);
        current = [];
      } else current.push(`${PAD.left + step() * (i + 0.5)},${PAD.top + plotH * (1 - v)}`);
    });
    if (current.length) out.push(current);
    return out;
  };
  return (
    <Frame title={props.title} description={props.description} max={1} format={(v) => `${Math.round(v * 100)} %`} labels={props.labels} legend={[{ name: props.name, color: props.color, values: [] }]}>
      <For each={segments()}>
        {(points) => (
          <>
            <polyline points={points.join(' ')} fill="none" stroke={props.color} stroke-width="2" />
            <For each={points}>{(p) => <circle cx={p.split(',')[0]} cy={p.split(',')[1]} r="2.5" fill={props.color} />}</For>
          </>
        )}
      </For>
    </Frame>
  );
}
