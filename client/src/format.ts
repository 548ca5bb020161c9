// Display formatting. Money arrives as a decimal string and is only ever
// formatted for display here, never turned into a float for arithmetic.

const moneyFormats = new Map<string, Intl.NumberFormat | null>();

function moneyFormat(currency: string): Intl.NumberFormat | null {
  let format = moneyFormats.get(currency);
  if (format === undefined) {
    try {
      format = new Intl.NumberFormat(undefined, { style: 'currency', currency });
    } catch {
      format = null; // not an ISO 4217 code
    }
    moneyFormats.set(currency, format);
  }
  return format;
}

const DECIMAL = /^[+-]?\d+(\.\d+)?$/;

/** "1234.5" + "USD" → "$1,234.50" (in the browser's locale). */
export function formatMoney(amount: string, currency: string): string {
  const value = amount.trim();
  const format = moneyFormat(currency);
  if (!format || !DECIMAL.test(value)) return `${value} ${currency}`.trim();
  // Intl formats a numeric string exactly (no binary rounding) where supported.
  return format.format(value as Intl.StringNumericLiteral);
}

/** True for a negative amount ("-0.01"), judged on the string. */
export const isNegativeAmount = (amount: string): boolean => /^\s*-\d*\.?\d*[1-9]/.test(amount);

/** a < b for decimal strings ("9.5000" < "10"), compared digit by digit: no float is involved. */
export function isBelow(amount: string, threshold: string | undefined): boolean {
  if (threshold === undefined || !DECIMAL.test(amount.trim()) || !DECIMAL.test(threshold.trim())) return false;
  return compareDecimal(amount.trim(), threshold.trim()) < 0;
}

function compareDecimal(a: string, b: string): number {
  const negA = a.startsWith('-') && /[1-9]/.test(a);
  const negB = b.startsWith('-') && /[1-9]/.test(b);
  if (negA !== negB) return negA ? -1 : 1;
  const [ai, af = ''] = a.replace(/^[+-]/, '').split('.');
  const [bi, bf = ''] = b.replace(/^[+-]/, '').split('.');
  const width = Math.max(af.length, bf.length);
  const digits = (i: string, f: string) => i.replace(/^0+(?=\d)/, '') + f.padEnd(width, '0');
  const x = digits(ai!, af);
  const y = digits(bi!, bf);
  const magnitude = x.length !== y.length ? x.length - y.length : x < y ? -1 : x > y ? 1 : 0;
  return negA ? -magnitude : magnitude;
}

const integer = new Intl.NumberFormat();
export const formatCount = (n: number): string => integer.format(n);

const time = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });
/** Unix seconds → local clock time ("14:32"). */
export const formatClock = (unixSeconds: number): string => time.format(new Date(unixSeconds * 1000));
