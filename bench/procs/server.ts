// The product's server exactly as `npm start` runs it (production mode,
// settings from the environment), in a process that also exits when the
// bench does. The one addition: the bench may ask for a full GC before it
// reads the memory, so garbage of the handshakes does not count as per-socket
// memory (started with --expose-gc, see children.ts).
import { runFromEnvironment } from '../../server/main.ts';
import { serve } from './serve.ts';

const handlers = {
  memory() {
    (globalThis as { gc?: () => void }).gc?.();
    const m = process.memoryUsage();
    return { rssKb: Math.round(m.rss / 1024), heapUsedKb: Math.round(m.heapUsed / 1024) };
  },
};

export type ServerApi = typeof handlers;
await runFromEnvironment();
serve(handlers);
