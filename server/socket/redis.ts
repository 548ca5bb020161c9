// The Redis connections behind the Socket.IO adapter. node-redis reconnects
// by itself after a lost connection, but it reports each failure as an
// 'error' event, and an 'error' without a listener kills the process; and
// the adapter sends its commands (every broadcast's PUBLISH, its
// UNSUBSCRIBEs on close) without waiting for the answer, so one caught by the
// lost connection was an unhandled rejection, which kills it too: a Redis
// restart took every Switchboard node down with it. Here each outage is
// logged once when it starts and once when Redis answers again, a command
// lost with the connection is logged, not thrown, and shutting down does not
// wait for a Redis that is not there.
import { createClient } from 'redis';
import type { Log } from '../log.ts';

/** `onBack`: the subscriber is connected again after an outage (what other nodes broadcast meanwhile was missed). */
export async function connectRedisPair(url: string, log: Log, onBack: () => void = () => {}) {
  const pub = createClient({ url });
  const sub = pub.duplicate();
  for (const [name, client] of [['publisher', pub], ['subscriber', sub]] as const) {
    let down = false;
    client.on('error', (err: Error) => {
      if (down) return;
      down = true;
      log.warn(`Redis ${name} connection lost (${err.message}): other nodes miss this node's broadcasts until it is back; reconnecting`);
    });
    client.on('ready', () => {
      if (!down) return;
      down = false;
      log.warn(`Redis ${name} connection back`);
      if (client === sub) onBack();
    });
  }
  await Promise.all([pub.connect(), sub.connect()]);
  // What the adapter is given: the same clients, whose commands' failures are always handled.
  const adapterView = <C extends object>(client: C): C =>
    new Proxy(client, {
      get(target, key) {
        const value: unknown = Reflect.get(target, key, target);
        if (typeof value !== 'function') return value;
        return (...args: unknown[]) => {
          const result: unknown = value.apply(target, args);
          // The caller may still await it and see the error; a dropped one is only logged.
          if (result instanceof Promise) {
            result.catch((err: Error) => log.debug(`Redis ${String(key)} failed with the connection: ${err.message}`));
          }
          return result;
        };
      },
    });
  return {
    /** The publishing and subscribing clients, for the Socket.IO adapter. */
    publisher: adapterView(pub),
    subscriber: adapterView(sub),
    /** Closes both; at once while Redis is unreachable (a QUIT would wait in the offline queue forever). */
    close: async () => {
      await Promise.allSettled([pub, sub].map((c) => (c.isReady ? c.close() : c.destroy())));
    },
  };
}
