// Every process the bench starts goes through here: started with an IPC
// channel (children exit when it closes), remembered, and killed on exit,
// on SIGINT/SIGTERM and on error, so a run never leaves a process behind.
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Handlers } from './procs/serve.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const running = new Set<ChildProcess>();

type Arg<F> = F extends (arg: infer A) => unknown ? A : never;
type Result<F> = F extends (...args: never[]) => infer R ? Awaited<R> : never;

export interface Child<H extends Handlers> {
  name: string;
  pid: number;
  call<K extends keyof H & string>(cmd: K, arg: Arg<H[K]>, timeoutMs?: number): Promise<Result<H[K]>>;
  stop(): Promise<void>;
}

/** Starts `node --import tsx <file>` (relative to the repository root) and waits until it says it is ready. */
export function startChild<H extends Handlers>(name: string, file: string, env: Record<string, string> = {}): Promise<Child<H>> {
  const proc = spawn(process.execPath, ['--import', 'tsx', ...nodeFlags(name), file], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  running.add(proc);
  // Sending to a child that just died must fail the call, not crash the bench.
  proc.on('error', () => {});
  const waiting = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  let nextId = 1;
  const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
  return new Promise((resolveReady, rejectReady) => {
    proc.once('exit', (code, signal) => {
      running.delete(proc);
      const err = new Error(`${name} exited (${signal ?? code})`);
      rejectReady(err);
      for (const w of waiting.values()) w.reject(err);
      waiting.clear();
    });
    proc.on('message', (m: { id: number; ok: boolean; result?: unknown; error?: string }) => {
      if (m.id === 0) {
        resolveReady({
          name,
          pid: proc.pid!,
          call(cmd, arg, timeoutMs = 120_000) {
            const id = nextId++;
            return new Promise((resolve, reject) => {
              if (!proc.connected) return reject(new Error(`${name} is gone`));
              const timer = setTimeout(() => {
                waiting.delete(id);
                reject(new Error(`${name}.${cmd}: no answer within ${timeoutMs} ms`));
              }, timeoutMs);
              waiting.set(id, {
                resolve: (v) => (clearTimeout(timer), resolve(v as never)),
                reject: (e) => (clearTimeout(timer), reject(e)),
              });
              proc.send({ id, cmd, arg });
            });
          },
          async stop() {
            if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGTERM');
            const force = setTimeout(() => proc.kill('SIGKILL'), 3000);
            await exited;
            clearTimeout(force);
          },
        });
        return;
      }
      const w = waiting.get(m.id);
      waiting.delete(m.id);
      if (m.ok) w?.resolve(m.result);
      else w?.reject(new Error(`${name}: ${m.error}`));
    });
  });
}

/** BENCH_PROFILE=server (or floor, load-0, …) writes a V8 CPU profile of that process to bench/results/profiles/. */
function nodeFlags(name: string): string[] {
  const wanted = (process.env.BENCH_PROFILE ?? '').split(',');
  const gc = name === 'server' ? ['--expose-gc'] : [];
  return wanted.includes(name) ? [...gc, '--cpu-prof', '--cpu-prof-dir', `${root}bench/results/profiles`] : gc;
}

/** Kills whatever is still running; synchronous, so it also works from an 'exit' handler. */
export function killAll(): void {
  for (const proc of running) proc.kill('SIGKILL');
}

export function guardProcesses(cleanup: () => Promise<void>): void {
  process.once('exit', killAll);
  const bail = (why: string, code: number) => {
    console.error(`\nbench: ${why}; stopping every process it started`);
    void cleanup().finally(() => process.exit(code));
  };
  process.once('SIGINT', () => bail('interrupted', 130));
  process.once('SIGTERM', () => bail('terminated', 143));
  process.once('uncaughtException', (err) => bail(err.stack ?? String(err), 1));
  process.once('unhandledRejection', (err) => bail(String((err as Error)?.stack ?? err), 1));
}
