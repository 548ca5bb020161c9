// A Switchboard node killed with SIGKILL mid-call: a second node runs as a
// child process (`node --import tsx server/main.ts`, as in production) on the
// same database, FreeSWITCH and Redis, two tabs watching it; it is killed while a
// call is up and started again on the same port, and its tabs reconnect by
// themselves. The first node and FreeSWITCH go on throughout.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../tests/freeswitch/harness/ports.ts';
import { waitFor } from '../tests/helpers/wait.ts';
import { midCall } from './faults.ts';
import { measureFault, type FaultResult, type Injected } from './measure.ts';
import { startRig, type Rig } from './rig.ts';
import { openScreen } from './screens.ts';

const ROOT = new URL('../', import.meta.url).pathname;
const WATCHERS = ['supervisor@acme.test', 'admin@acme.test'];

export interface ChildNode {
  url: string;
  kill(): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** A node in a process of its own on the rig's database, FreeSWITCH and Redis; `env` adds settings (FAX_SPOOL_DIR, …). */
export async function childNode(rig: Rig, env: Record<string, string> = {}): Promise<ChildNode> {
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'sb-faults-node-'));
  const url = `http://127.0.0.1:${port}`;
  let child: ChildProcess | undefined;
  const gone = (c: ChildProcess) => c.exitCode !== null || c.signalCode !== null;
  const exited = (c: ChildProcess) => (gone(c) ? Promise.resolve() : new Promise<void>((resolve) => c.once('exit', () => resolve())));
  const killOnExit = () => child?.kill('SIGKILL');
  process.once('exit', killOnExit);
  const node: ChildNode = {
    url,
    async start() {
      child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
        cwd: ROOT,
        env: {
          PATH: process.env.PATH,
          DATABASE_URL: rig.stack.db.url,
          DATA_DIR: dataDir,
          PORT: String(port),
          SEED_DEMO: 'false',
          ESL_HOST: '127.0.0.1',
          ESL_PORT: String(rig.stack.fs.ports.esl),
          ESL_PASSWORD: rig.stack.fs.eslPassword,
          FREESWITCH_SECRET: rig.stack.secret,
          FREESWITCH_ALLOWED_IPS: '127.0.0.1',
          LOG_LEVEL: process.env.SB_LOG_LEVEL ?? 'warn',
          NODE_ENV: 'test',
          // Several nodes share what only one knows (a balance it debited) through Redis.
          REDIS_URL: `redis://127.0.0.1:${rig.redis!.port}`,
          ...env,
        },
        stdio: ['ignore', 'inherit', 'inherit'],
      });
      // Socket.IO attaches after HTTP listens: ready once its handshake answers.
      await waitFor(
        async () => (await fetch(`${url}/socket.io/?EIO=4&transport=polling`).catch(() => undefined))?.status === 200,
        30_000,
        `the child node on ${port}`,
        100,
      );
    },
    async kill() {
      if (!child || gone(child)) return;
      const done = exited(child);
      child.kill('SIGKILL');
      await done;
    },
    async stop() {
      if (child && !gone(child)) {
        const done = exited(child);
        child.kill('SIGTERM');
        const timer = setTimeout(() => child?.kill('SIGKILL'), 10_000);
        await done;
        clearTimeout(timer);
      }
      process.off('exit', killOnExit);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
  await node.start();
  return node;
}

/** Runs the whole fault on a rig of its own. */
export async function killedNode(): Promise<FaultResult> {
  const rig = await startRig({ redis: true });
  let node: ChildNode | undefined;
  try {
    node = await childNode(rig);
    for (const email of WATCHERS) rig.screens.push(await openScreen(node.url, email, `${email} (killed node)`));
    const inject = async (): Promise<Injected> => {
      await midCall(rig);
      await node!.kill();
      await node!.start();
      return { outages: [], endedAt: Date.now() };
    };
    return await measureFault(rig, 'Switchboard node killed (SIGKILL) mid-call', inject);
  } finally {
    // The tabs first (they would keep reconnecting), then the node, then the rest.
    for (const s of rig.screens) s.socket.close();
    await node?.stop();
    await rig.close();
  }
}
