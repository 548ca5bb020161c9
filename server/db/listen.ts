// PostgreSQL's LISTEN on a channel of our own, for news that other processes
// commit (an admin change made on another node, by the CLI or by `apply`).
// A notification is delivered only when its transaction commits, so what a
// listener hears has happened. A connection that drops may have missed some:
// `onGap` is called once it listens again, and the caller re-reads the truth.
import pg from 'pg';
import type { PGlite } from '@electric-sql/pglite';
import { backoffDelay, DEFAULT_BACKOFF } from '../pbx/backoff.ts';

export interface Listener {
  close(): Promise<void>;
}

export interface ListenOptions {
  channel: string;
  onMessage(payload: string): void;
  /** Notifications may have been missed (the connection dropped and came back). */
  onGap(): void;
  onError?(message: string): void;
}

const CHANNEL = /^[a-z_][a-z0-9_]*$/;

/** A dedicated connection to a real PostgreSQL (a pooled one would drop the LISTEN). */
export async function listenPostgres(url: string, options: ListenOptions): Promise<Listener> {
  if (!CHANNEL.test(options.channel)) throw new Error(`not a channel name: ${options.channel}`);
  let closed = false;
  let client: pg.Client | undefined;
  let retry: NodeJS.Timeout | undefined;
  let failures = 0;

  const connect = async (first: boolean): Promise<void> => {
    const c = new pg.Client({ connectionString: url });
    client = c;
    c.on('notification', (n) => {
      if (n.channel === options.channel && n.payload !== undefined) options.onMessage(n.payload);
    });
    c.on('error', (err) => options.onError?.(`LISTEN connection: ${err.message}`));
    c.on('end', () => {
      if (closed || client !== c) return;
      scheduleReconnect();
    });
    await c.connect();
    await c.query(`listen "${options.channel}"`);
    failures = 0;
    if (!first) options.onGap();
  };

  const scheduleReconnect = () => {
    client = undefined;
    retry = setTimeout(() => {
      connect(false).catch((err: Error) => {
        options.onError?.(`LISTEN connection: ${err.message}`);
        if (!closed) scheduleReconnect();
      });
    }, backoffDelay(failures++, DEFAULT_BACKOFF));
    retry.unref();
  };

  await connect(true);
  return {
    async close() {
      closed = true;
      clearTimeout(retry);
      await client?.end().catch(() => undefined);
    },
  };
}

/** The embedded PGlite: one process, so its notifications never go missing. */
export async function listenPglite(db: PGlite, options: ListenOptions): Promise<Listener> {
  const stop = await db.listen(options.channel, options.onMessage);
  return { close: () => stop() };
}
