// A raw Event Socket client over node:net, written from mod_event_socket's
// framing (headers, blank line, Content-Length bytes of body) and nothing
// else: not modesl, not server/pbx. It records every frame exactly as it
// arrived, so what it captures from a real FreeSWITCH can judge the
// simulator (tests/integration/pbx/conformance.test.ts).
import { connect, type Socket } from 'node:net';
import { waitFor } from '../../helpers/wait.ts';

/** One frame off the wire: the outer headers in order (repeats kept) and the body. */
export interface TapFrame {
  headers: [name: string, value: string][];
  body: string;
}

export const frameHeader = (f: TapFrame, name: string): string | undefined => f.headers.find(([n]) => n === name)?.[1];
export const contentType = (f: TapFrame): string => frameHeader(f, 'Content-Type') ?? '';

/** A text/event-json frame's event (values as FreeSWITCH wrote them); undefined for other frames. */
export function jsonEvent(f: TapFrame): Record<string, string> | undefined {
  if (contentType(f) !== 'text/event-json') return undefined;
  return JSON.parse(f.body) as Record<string, string>;
}

export class EslTap {
  /** Every frame received, in order. */
  readonly frames: TapFrame[] = [];
  closed = false;
  private buffer = Buffer.alloc(0);
  /** Frames no next() has taken yet: a reply awaited does not swallow an event that came first. */
  private queue: TapFrame[] = [];

  private constructor(private readonly socket: Socket) {
    socket.on('data', (d: Buffer) => this.onData(d));
    socket.on('close', () => (this.closed = true));
    socket.on('error', () => {});
  }

  static async open(port: number, host = '127.0.0.1'): Promise<EslTap> {
    const socket = connect(port, host);
    await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
    return new EslTap(socket);
  }

  private onData(data: Buffer): void {
    this.buffer = Buffer.concat([this.buffer, data]);
    for (;;) {
      const end = this.buffer.indexOf('\n\n');
      if (end === -1) return;
      const headers: [string, string][] = [];
      for (const line of this.buffer.subarray(0, end).toString('utf8').split('\n')) {
        const colon = line.indexOf(':');
        if (colon > 0) headers.push([line.slice(0, colon), line.slice(colon + 1).trim()]);
      }
      const length = Number(headers.find(([n]) => n === 'Content-Length')?.[1] ?? 0);
      if (this.buffer.length < end + 2 + length) return;
      const body = this.buffer.subarray(end + 2, end + 2 + length).toString('utf8');
      this.buffer = this.buffer.subarray(end + 2 + length);
      this.frames.push({ headers, body });
      this.queue.push({ headers, body });
    }
  }

  /** Sends one command (a first line, optional header lines), terminated by the blank line. */
  send(command: string): void {
    this.socket.write(command + '\n\n');
  }

  /** The next frame not yet taken that matches, waiting at most `ms`. */
  next(match: (f: TapFrame) => boolean = () => true, ms = 5000, what = 'an ESL frame'): Promise<TapFrame> {
    return waitFor(() => {
      const i = this.queue.findIndex(match);
      return i === -1 ? undefined : this.queue.splice(i, 1)[0];
    }, ms, what);
  }

  /** A command and its command/reply or api/response frame. */
  command(command: string, ms = 10_000): Promise<TapFrame> {
    this.send(command);
    return this.next((f) => ['command/reply', 'api/response'].includes(contentType(f)), ms, `a reply to ${command.split('\n')[0]}`);
  }

  /** The next event frame whose event matches. */
  event(match: (e: Record<string, string>) => boolean, ms = 10_000, what = 'an event'): Promise<TapFrame> {
    return this.next((f) => {
      const e = jsonEvent(f);
      return e !== undefined && match(e);
    }, ms, what);
  }

  /** Frames that arrived and were not taken (e.g. after a disconnect notice). */
  untaken(): TapFrame[] {
    return this.queue.splice(0);
  }

  close(): void {
    this.socket.destroy();
  }
}
