// Header lookups: what parse.ts reads events through, whatever they came from.
import { decodeValue } from './parse.ts';

/** Returns the header's value, or undefined/null when the event has none. */
export type HeaderLookup = (name: string) => string | null | undefined;

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
