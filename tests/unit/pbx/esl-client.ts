// A bare Event Socket client over net, for testing the simulator's bytes
// without modesl in between.
import { connect, type Socket } from 'node:net';
import { waitFor } from '../../helpers/wait.ts';

export interface Frame {
  headers: Record<string, string>;
  body: string;
}

export class RawEsl {
  readonly frames: Frame[] = [];
  closed = false;
  private buffer = Buffer.alloc(0);
  private read = 0;

  private constructor(readonly socket: Socket) {
    socket.on('data', (d) => this.onData(d));
    socket.on('close', () => (this.closed = true));
    socket.on('error', () => {});
  }

  static async open(port: number): Promise<RawEsl> {
    const socket = connect(port, '127.0.0.1');
    await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
    return new RawEsl(socket);
  }

  private onData(data: Buffer) {
    this.buffer = Buffer.concat([this.buffer, data]);
    for (;;) {
      const end = this.buffer.indexOf('\n\n');
      if (end === -1) return;
      const headers: Record<string, string> = {};
      for (const line of this.buffer.subarray(0, end).toString().split('\n')) {
        const i = line.indexOf(': ');
        headers[line.slice(0, i)] = line.slice(i + 2);
      }
      const length = Number(headers['Content-Length'] ?? 0);
      if (this.buffer.length < end + 2 + length) return;
      const body = this.buffer.subarray(end + 2, end + 2 + length).toString();
      this.buffer = this.buffer.subarray(end + 2 + length);
      this.frames.push({ headers, body });
    }
  }

  send(command: string) {
    this.socket.write(command + '\n\n');
  }

  /** The next frame not yet taken, optionally the next one matching. */
  async next(match: (f: Frame) => boolean = () => true, ms = 2000): Promise<Frame> {
    return waitFor(() => {
      for (let i = this.read; i < this.frames.length; i++) {
        if (match(this.frames[i]!)) {
          this.read = i + 1;
          return this.frames[i];
        }
      }
      return undefined;
    }, ms, 'an ESL frame');
  }

  async command(command: string): Promise<Frame> {
    this.send(command);
    return this.next((f) => f.headers['Content-Type'] === 'command/reply' || f.headers['Content-Type'] === 'api/response');
  }

  close() {
    this.socket.destroy();
  }
}
