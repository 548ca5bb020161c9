// Hardens modesl's frame parser (lib/esl/Parser.js, modesl 1.2.1) at the ESL
// boundary. It runs inside the socket's 'data' handler, so whatever it throws
// is an uncaught exception that would end the whole server: a broken `%`
// escape in a header (decodeURIComponent), an XML body that does not parse, a
// burst of tiny frames (it recurses once per frame). And it trusts
// Content-Length: a negative or non-numeric one shifts every later frame, a huge
// one (or a header that never ends) buffers without limit.
//
// Here a header value that is not valid percent-encoding is kept as it came
// (the link goes on); a frame the parser cannot make sense of, or one over the
// limits, ends the link instead, and connection.ts reconnects and reads
// FreeSWITCH's truth back, as after any other outage. Applied once, before any
// connection exists (modesl binds the parser's handler when it connects).
import { createRequire } from 'node:module';

/** FreeSWITCH's headers are a few KB; this much without the blank line that ends them is not ESL. */
export const MAX_HEADER_BYTES = 64 * 1024;
/** Larger than any `show channels as json` we expect: 100,000 channels at ~600 bytes each. */
export const MAX_BODY_BYTES = 64 * 1024 * 1024;

export class EslFrameError extends Error {}

interface ParserInternals {
  buffer: Buffer;
  bodyLen: number;
  socket: { destroy(err?: Error): void };
  _onData(data: Buffer): void;
  _parseHeaderText(text: string): Record<string, string | number>;
}

const decode = (value: string) => {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
};

/** modesl's own header parsing, with a tolerant decode and a Content-Length that must be a length. */
function parseHeaderText(text: string): Record<string, string | number> {
  const headers: Record<string, string | number> = {};
  for (const line of text.split('\n')) {
    const [key = '', ...rest] = line.split(': ');
    const value = decode(rest.join(': '));
    if (key !== 'Content-Length') headers[key] = value;
    else if (/^\d+$/.test(value.trim())) headers[key] = Number(value);
    else throw new EslFrameError(`Content-Length "${value.slice(0, 40)}" is not a length`);
  }
  return headers;
}

let applied = false;

export function guardEslFrames(): void {
  if (applied) return;
  applied = true;
  const require = createRequire(import.meta.url);
  const Parser = require('modesl/lib/esl/Parser.js') as { prototype: ParserInternals };
  const onData = Parser.prototype._onData;
  Parser.prototype._parseHeaderText = parseHeaderText;
  Parser.prototype._onData = function (this: ParserInternals, data: Buffer) {
    try {
      onData.call(this, data);
      if (this.bodyLen > MAX_BODY_BYTES) throw new EslFrameError(`a frame of ${this.bodyLen} bytes is over the limit`);
      // What is left while no body is awaited is a header still without its end.
      if (this.bodyLen === 0 && this.buffer.length > MAX_HEADER_BYTES) throw new EslFrameError(`${this.buffer.length} bytes of header without an end`);
    } catch (err) {
      this.buffer = Buffer.alloc(0);
      this.bodyLen = 0;
      this.socket.destroy(err instanceof EslFrameError ? err : new EslFrameError(`unreadable frame: ${(err as Error).message}`));
    }
  };
}
