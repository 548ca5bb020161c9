// Header lookups: what parse.ts and cdr.ts read events through, whatever
// they came from, and the few value readers both share.

/** Returns the header's value, or undefined/null when the event has none. */
export type HeaderLookup = (name: string) => string | null | undefined;

/** A lookup that says only string or undefined. */
export type Get = (name: string) => string | undefined;

/** Decodes only what is encoded; a stray `%` in an already-decoded value stays as it is. */
export function decodeValue(value: string): string {
  if (!value.includes('%')) return value;
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

// Not decoded again: a second decode turned a literal `%41` or `100%25` in a
// caller name or SIP header into something FreeSWITCH never sent.
export const reader =
  (header: HeaderLookup): Get =>
  (name) => {
    const raw = header(name);
    return raw === undefined || raw === null ? undefined : String(raw);
  };

/** A decimal header value; 0 when absent or not a number. */
export const int = (value: string | undefined): number => {
  const n = Number.parseInt(value ?? '', 10);
  return Number.isFinite(n) ? n : 0;
};

/**
 * user@host → [user, host], split at the first `@` as FreeSWITCH's
 * switch_split_user_domain (strchr) and mod_sofia's presence code do.
 */
export const splitAddress = (value: string | undefined): [string | undefined, string | undefined] => {
  if (!value) return [undefined, undefined];
  const at = value.indexOf('@');
  return at === -1 ? [value, undefined] : [value.slice(0, at), value.slice(at + 1)];
};

/**
 * An `event plain` header block (`Name: value` lines, up to the first blank
 * line) as a lookup, values URL-decoded (FreeSWITCH encodes them in plain
 * mode). A repeated header keeps its last value; both as modesl's Parser does.
 */
export function plainHeaders(text: string): { header: HeaderLookup; body: string } {
  const end = text.indexOf('\n\n');
  const block = end === -1 ? text : text.slice(0, end);
  const headers = new Map<string, string>();
  for (const line of block.split('\n')) {
    const colon = line.indexOf(': ');
    if (colon > 0) headers.set(line.slice(0, colon), decodeValue(line.slice(colon + 2)));
  }
  let body = end === -1 ? '' : text.slice(end + 2);
  const length = Number(headers.get('Content-Length'));
  if (length >= 0 && body) body = Buffer.from(body).subarray(0, length).toString();
  return { header: (name) => headers.get(name), body };
}
