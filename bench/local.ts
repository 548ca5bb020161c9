// Small waits and a free loopback port, for the bench and the soak.
import { createServer } from 'node:net';

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
    s.once('error', reject);
  });
}

/** Polls `check` every 100 ms until it says yes; throws after `seconds`. */
export async function until(what: string, check: () => Promise<boolean>, seconds: number) {
  const end = performance.now() + seconds * 1000;
  while (!(await check())) {
    if (performance.now() > end) throw new Error(`${what}: not within ${seconds} s`);
    await sleep(100);
  }
}
