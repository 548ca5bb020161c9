// Rating, pure: which rate applies to a number (the longest matching
// prefix), how many seconds an answered call is billed for (first
// increment, then whole increments), and what that costs. Money is integer
// arithmetic on BigInt in ten-thousandths (the credit's own precision), so
// no amount ever passes through a float.

export interface RateRow {
  /** E.164 prefix with its plus. */
  prefix: string;
  /** Per minute, decimal string with up to 6 places. */
  perMinute: string;
  firstIncrement: number;
  increment: number;
}

const PER_MINUTE = /^(\d+)(?:\.(\d{1,6}))?$/;

/** The dialled number in E.164 (`+…`, international `00…` too), or undefined for an extension or short code. */
export function e164(destination: string): string | undefined {
  const compact = destination.replace(/[\s().-]/g, '');
  const international = compact.startsWith('+') ? compact.slice(1) : compact.startsWith('00') ? compact.slice(2) : undefined;
  return international && /^[1-9]\d{5,14}$/.test(international) ? `+${international}` : undefined;
}

export function longestPrefix<R extends RateRow>(rates: readonly R[], number: string): R | undefined {
  let best: R | undefined;
  for (const rate of rates) {
    if (number.startsWith(rate.prefix) && (!best || rate.prefix.length > best.prefix.length)) best = rate;
  }
  return best;
}

/** 60/60 bills 61 s as 120 s; 30/6 bills 31 s as 36 s; an unanswered call (0 s) costs nothing. */
export function billedSeconds(billsec: number, firstIncrement: number, increment: number): number {
  if (billsec <= 0) return 0;
  if (billsec <= firstIncrement) return firstIncrement;
  return firstIncrement + Math.ceil((billsec - firstIncrement) / increment) * increment;
}

/** Micro-units (1e-6) of a per-minute decimal string. */
function micros(perMinute: string): bigint {
  const match = PER_MINUTE.exec(perMinute.trim());
  if (!match) throw new Error(`not a rate: ${perMinute}`);
  return BigInt(match[1]!) * 1_000_000n + BigInt((match[2] ?? '').padEnd(6, '0'));
}

/** Ten-thousandths as a decimal string with 4 places: 12345n → "1.2345". */
export function fromTenThousandths(value: bigint): string {
  const sign = value < 0n ? '-' : '';
  const abs = value < 0n ? -value : value;
  return `${sign}${abs / 10_000n}.${(abs % 10_000n).toString().padStart(4, '0')}`;
}

/**
 * What `billsec` seconds cost at `rate`, as a 4-place decimal string,
 * rounded up to the next ten-thousandth so a fraction is never given away.
 */
export function charge(billsec: number, rate: RateRow): string {
  const seconds = BigInt(billedSeconds(billsec, rate.firstIncrement, rate.increment));
  // seconds × µ/min ÷ 60 s/min = µ; ÷ 100 = ten-thousandths. Rounded up.
  const numerator = seconds * micros(rate.perMinute);
  const denominator = 6_000n;
  return fromTenThousandths((numerator + denominator - 1n) / denominator);
}
