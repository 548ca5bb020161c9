// The CDR pages' date filter, pure: a preset (or two custom dates) → the
// instants the API takes. Days are the browser's local days.
import { assertNever } from '../../../common/exhaustive.ts';

export type RangePreset = 'today' | '7days' | 'month' | 'custom';

export const PRESETS: { value: RangePreset; label: string }[] = [
  { value: 'today', label: 'Today' },
  { value: '7days', label: 'Last 7 days' },
  { value: 'month', label: 'This month' },
  { value: 'custom', label: 'Custom' },
];

export interface Range {
  /** Inclusive. */
  from: Date;
  /** Exclusive; undefined means "until now and on": new calls belong in it. */
  to: Date | undefined;
}

const startOfDay = (d: Date) => new Date(d.getFullYear(), d.getMonth(), d.getDate());
const addDays = (d: Date, n: number) => new Date(d.getFullYear(), d.getMonth(), d.getDate() + n);

/** "2024-11-05" (an <input type="date"> value) → local midnight, or undefined. */
export function localDate(value: string): Date | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return undefined;
  const d = new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  return Number.isNaN(d.getTime()) ? undefined : d;
}

export const dateInputValue = (d: Date) =>
  `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;

/** Custom ranges include both days they name; undefined when a custom date is missing or the order is wrong. */
export function rangeOf(preset: RangePreset, now: Date, customFrom = '', customTo = ''): Range | undefined {
  switch (preset) {
    case 'today':
      return { from: startOfDay(now), to: undefined };
    case '7days':
      return { from: addDays(startOfDay(now), -6), to: undefined };
    case 'month':
      return { from: new Date(now.getFullYear(), now.getMonth(), 1), to: undefined };
    case 'custom': {
      const from = localDate(customFrom);
      const last = localDate(customTo);
      if (!from || !last || last < from) return undefined;
      const to = addDays(last, 1);
      // A custom range that reaches today stays open, so new calls still appear.
      return { from, to: to > now ? undefined : to };
    }
    default:
      return assertNever(preset, 'range preset');
  }
}

/** The query string for /api/cdr and /api/cdr.csv. */
export function rangeQuery(range: Range): string {
  const q = new URLSearchParams({ from: range.from.toISOString() });
  if (range.to) q.set('to', range.to.toISOString());
  return q.toString();
}

/** Whether a call that started at `iso` belongs on the list. */
export const inRange = (range: Range, iso: string) => {
  const t = new Date(iso).getTime();
  return t >= range.from.getTime() && (!range.to || t < range.to.getTime());
};
