// The product's server exactly as `npm start` runs it (production mode,
// settings from the environment), in a process that also exits when the
// bench does. The one addition: the bench may ask for a full GC before it
// reads the memory, so garbage of the handshakes does not count as per-socket
// memory (started with --expose-gc, see children.ts); the soak also reads the
// event loop's delay, open handles and file descriptors.
import { readdirSync } from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { runFromEnvironment } from '../../server/main.ts';
import { serve } from './serve.ts';

const loopDelay = monitorEventLoopDelay({ resolution: 10 });
loopDelay.enable();

const handlers = {
  memory() {
    (globalThis as { gc?: () => void }).gc?.();
    const m = process.memoryUsage();
    return { rssKb: Math.round(m.rss / 1024), heapUsedKb: Math.round(m.heapUsed / 1024) };
  },
  /** Memory after a full GC, and the event loop's delay since the last call. */
  health() {
    const memory = handlers.memory();
    const ms = (ns: number) => Math.round(ns / 1e4) / 100;
    const health = {
      ...memory,
      loopDelayP99Ms: ms(loopDelay.percentile(99)),
      loopDelayMaxMs: ms(loopDelay.max),
      handles: process.getActiveResourcesInfo().length,
      fds: readdirSync('/proc/self/fd').length,
    };
    loopDelay.reset();
    return health;
  },
};

export type ServerApi = typeof handlers;
await runFromEnvironment();
serve(handlers);
