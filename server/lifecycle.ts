// Start-up and shutdown as a contract. Every part that is started goes on a
// stack the moment it has started; closing runs the stack in reverse, each
// step awaited, so a part closes only after everything built on it has. A
// start-up that fails half-way closes what it had already started.
import type { Log } from './log.ts';

/** Anything that was started and must be closed again. */
export interface Service {
  close(): Promise<void>;
}

export interface Disposer extends Service {
  /** Puts a part that has just started on the stack; returns it. */
  add<T extends Service>(name: string, part: T): T;
}

/**
 * A disposal stack. close() closes the parts last-added first; one that fails
 * is logged and the rest still close. Closing twice closes once.
 */
export function disposer(log: Pick<Log, 'error'>): Disposer {
  const parts: { name: string; part: Service }[] = [];
  let closing: Promise<void> | undefined;
  return {
    add(name, part) {
      if (closing) throw new Error(`${name} was started while shutting down`);
      parts.push({ name, part });
      return part;
    },
    close() {
      closing ??= (async () => {
        for (const { name, part } of parts.reverse()) {
          try {
            await part.close();
          } catch (err) {
            log.error(`closing ${name} failed: ${(err as Error).message}`);
          }
        }
      })();
      return closing;
    },
  };
}

/** Runs `setup` on a fresh stack; if it throws, what it had started is closed before the error goes on. */
export async function startAll<T>(log: Pick<Log, 'error'>, setup: (stack: Disposer) => Promise<T>): Promise<T> {
  const stack = disposer(log);
  try {
    return await setup(stack);
  } catch (err) {
    await stack.close();
    throw err;
  }
}

/**
 * A part that others must reach but that can only be built after them (the
 * socket layer attaches to the HTTP server, whose app needs the fax and CDR
 * services that notify the socket layer). Calls made before set() wait, in
 * order, and run when it is set; calls after close() are dropped, the part
 * being gone. It closes the part it was given.
 */
export class Late<T extends Service> implements Service {
  private target: T | undefined;
  private waiting: ((target: T) => void)[] = [];
  private closed = false;

  constructor(
    readonly name: string,
    private readonly log: Pick<Log, 'warn' | 'debug'>,
    /** Calls kept before set(); more are dropped with a warning (a start-up that hangs must not grow forever). */
    private readonly limit = 10_000,
  ) {}

  set(target: T): void {
    if (this.target || this.closed) throw new Error(`${this.name}: set twice or after close`);
    this.target = target;
    const waiting = this.waiting;
    this.waiting = [];
    for (const call of waiting) call(target);
  }

  use(call: (target: T) => void): void {
    if (this.target) return call(this.target);
    if (this.closed) return this.log.debug(`${this.name} is closed: a call to it was dropped`);
    if (this.waiting.length >= this.limit) return this.log.warn(`${this.name} is not up yet and ${this.limit} calls wait for it: one was dropped`);
    this.waiting.push(call);
  }

  async close(): Promise<void> {
    this.closed = true;
    this.waiting = [];
    const target = this.target;
    this.target = undefined;
    await target?.close();
  }
}
