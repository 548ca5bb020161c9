// The child side of the bench's IPC: answers the orchestrator's calls and
// exits as soon as the orchestrator is gone, so no load process outlives it.
export type Handlers = Record<string, (arg: never) => unknown>;

interface Call {
  id: number;
  cmd: string;
  arg: unknown;
}

export function serve(handlers: Handlers): void {
  if (!process.send) throw new Error('a bench process must be started by bench/run.ts (it needs an IPC channel)');
  process.on('disconnect', () => process.exit(0));
  // A normal exit, so a --cpu-prof profile gets written.
  process.on('SIGTERM', () => process.exit(0));
  process.on('message', async ({ id, cmd, arg }: Call) => {
    try {
      const handler = handlers[cmd] as ((arg: unknown) => unknown) | undefined;
      if (!handler) throw new Error(`unknown command ${cmd}`);
      process.send!({ id, ok: true, result: await handler(arg) });
    } catch (err) {
      process.send!({ id, ok: false, error: (err as Error).stack ?? String(err) });
    }
  });
  process.send({ id: 0, ok: true, result: 'ready' });
}
