// pdf-lib inflates every object stream (and cross-reference stream) of a PDF
// as it loads it, whole, into memory no heap limit counts (ArrayBuffers): a
// few hundred KB of zeros deflated is a stream of gigabytes. Before pdf-lib
// sees an upload, those streams are inflated here with a budget, and a
// document over it is refused. Content and image streams are left alone:
// pdf-lib does not decode them, ghostscript does, under its own limits.
import { constants, inflateSync } from 'node:zlib';

/** Object streams of real documents are a few MB at most. */
export const OBJECT_STREAM_BUDGET_BYTES = 64 * 1024 * 1024;

/** The inflated size of the document's object and cross-reference streams, or undefined once it is over the budget. */
export function objectStreamBytes(bytes: Uint8Array, budget = OBJECT_STREAM_BUDGET_BYTES): number | undefined {
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('latin1');
  let total = 0;
  for (const m of text.matchAll(/\/Type\s*\/(?:ObjStm|XRef)\b/g)) {
    const keyword = text.indexOf('stream', m.index);
    if (keyword < 0) break;
    let start = keyword + 'stream'.length;
    if (text[start] === '\r') start++;
    if (text[start] === '\n') start++;
    const end = text.indexOf('endstream', start);
    const data = bytes.subarray(start, end < 0 ? bytes.length : end);
    try {
      total += inflateSync(data, { maxOutputLength: budget - total + 1, finishFlush: constants.Z_SYNC_FLUSH }).length;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') return undefined;
      // Not deflated, or broken: pdf-lib judges it.
    }
    if (total > budget) return undefined;
  }
  return total;
}
