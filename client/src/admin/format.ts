// How the administration pages write times, decimals and audit changes.

const when = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' });
/** An ISO time as the audit log and the ledger show it, to the second. */
export const formatWhen = (iso: string): string => when.format(new Date(iso));

/** "0.012000" → "0.012", "5.0000" → "5": the database's padding, dropped. */
export const trimDecimal = (value: string): string => (value.includes('.') ? value.replace(/\.?0+$/, '') : value);

/** "callerIdName" → "caller ID name". */
export const fieldWords = (key: string): string =>
  key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .replace(/\bid\b/g, 'ID')
    .replace(/\bsip\b/g, 'SIP')
    .replace(/\bdid\b/g, 'DID');

const valueWords = (value: unknown): string => {
  if (value === null || value === undefined || value === '') return 'none';
  if (Array.isArray(value)) return value.length ? value.map(valueWords).join(', ') : 'none';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
};

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * An audit row's `changes` as lines: { field: { from, to } } → "field: a → b",
 * { field: { to } } → "field: b", { field: { from } } → "field: was a", and
 * plain values (a reason, a count) as "field: value".
 */
export function describeChanges(changes: Record<string, unknown>): string[] {
  return Object.entries(changes).map(([key, change]) => {
    const field = fieldWords(key);
    if (isRecord(change) && ('from' in change || 'to' in change)) {
      if ('from' in change && 'to' in change) return `${field}: ${valueWords(change.from)} → ${valueWords(change.to)}`;
      if ('to' in change) return `${field}: ${valueWords(change.to)}`;
      return `${field}: was ${valueWords(change.from)}`;
    }
    return `${field}: ${valueWords(change)}`;
  });
}
