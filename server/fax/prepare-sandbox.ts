// Uploads are read by pdf-lib in a worker thread with its own heap limit and
// a deadline per upload, never on the thread that serves everyone: a hostile
// PDF (an object stream that inflates to gigabytes, a page tree of a million
// pages, nesting deep enough to overflow the stack) costs that worker, which
// is ended (the next upload starts a new one), and the user gets a 422.
// Uploads wait their turn: one worker, one upload at a time.
import { Worker } from 'node:worker_threads';
import { FaxInputError } from './errors.ts';
import type { Prepared, PrepareRequest } from './prepare.ts';

export interface SandboxLimits {
  heapMb: number;
  timeoutMs: number;
}

export const PREPARE_LIMITS: SandboxLimits = { heapMb: 256, timeoutMs: 20_000 };

const DAMAGED = 'This PDF is damaged and cannot be read. Save or export it again and retry.';
const TOO_BIG = 'This PDF is too complex to fax: reading it needs more memory or time than a fax may take. Print it to a new PDF and retry.';

type Reply = { id: number } & ({ prepared: Prepared } | { refused?: { status: FaxInputError['status']; message: string } });

export interface PrepareSandbox {
  prepare(request: PrepareRequest): Promise<Prepared>;
  close(): Promise<void>;
}

export function prepareSandbox(limits: SandboxLimits = PREPARE_LIMITS): PrepareSandbox {
  let worker: Worker | undefined;
  let turn = Promise.resolve();
  let nextId = 0;

  const start = () => {
    const w = new Worker(new URL('./prepare-worker.mjs', import.meta.url), {
      resourceLimits: { maxOldGenerationSizeMb: limits.heapMb, maxYoungGenerationSizeMb: 32, stackSizeMb: 4 },
    });
    // Idle, it must not keep the process alive; if it dies idle, the next upload starts another.
    w.unref();
    const forget = () => {
      if (worker === w) worker = undefined;
    };
    w.on('error', forget);
    w.on('exit', forget);
    return w;
  };

  /** One upload on the worker; the worker is ended if the upload ends it, overstays or breaks it. */
  const runOne = (request: PrepareRequest) =>
    new Promise<Prepared>((resolve, reject) => {
      const w = (worker ??= start());
      const id = nextId++;
      const finish = (outcome: () => void, keep: boolean) => {
        clearTimeout(timer);
        w.off('message', onMessage);
        w.off('error', onError);
        w.off('exit', onExit);
        if (!keep) {
          if (worker === w) worker = undefined;
          void w.terminate();
        }
        outcome();
      };
      const onMessage = (reply: Reply) => {
        if (reply.id !== id) return;
        finish(() => {
          if ('prepared' in reply) resolve(reply.prepared);
          else reject(new FaxInputError(reply.refused?.status ?? 422, reply.refused?.message ?? DAMAGED));
        }, true);
      };
      // ERR_WORKER_OUT_OF_MEMORY, or the worker's own crash: the file is the cause either way.
      const onError = (err: NodeJS.ErrnoException) =>
        finish(() => reject(new FaxInputError(422, err.code === 'ERR_WORKER_OUT_OF_MEMORY' ? TOO_BIG : DAMAGED)), false);
      const onExit = () => finish(() => reject(new FaxInputError(422, DAMAGED)), false);
      const timer = setTimeout(() => finish(() => reject(new FaxInputError(422, TOO_BIG)), false), limits.timeoutMs);
      w.on('message', onMessage);
      w.once('error', onError);
      w.once('exit', onExit);
      w.ref();
      w.postMessage({ id, request });
    }).finally(() => worker?.unref());

  return {
    prepare(request) {
      const result = turn.then(() => runOne(request));
      turn = result.then(
        () => undefined,
        () => undefined,
      );
      return result;
    },
    async close() {
      await turn;
      await worker?.terminate();
      worker = undefined;
    },
  };
}
