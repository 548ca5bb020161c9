// Several Switchboard nodes on one PostgreSQL database, each consuming the
// same simulator's ESL stream itself (as in production behind FreeSWITCH),
// optionally sharing Redis for the Socket.IO adapter.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { io, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents } from '../../common/socket.ts';
import { PbxSimulator, type PbxSimulatorOptions } from '../../freeswitch/simulator/index.ts';
import { loadConfig } from '../../server/config.ts';
import { listTenantsWithExtensions } from '../../server/db/queries.ts';
import { callCenterConfig, listQueuePlans } from '../../server/db/queue-queries.ts';
import { seedDemo } from '../../server/db/seed.ts';
import { startSwitchboard, type Switchboard } from '../../server/main.ts';
import { freshDatabase } from './db.ts';
import { DEMO_PASSWORD } from './server.ts';

export async function startNodes(count: number, env: Record<string, string> = {}, simulatorOptions: PbxSimulatorOptions = {}) {
  const db = await freshDatabase();
  await seedDemo(db.orm.em.fork());
  const tenants = await listTenantsWithExtensions(db.orm.em.fork());
  const simulator = new PbxSimulator({ heartbeatMs: 0, ...simulatorOptions });
  const port = await simulator.start();
  simulator.callcenter.configure(callCenterConfig(await listQueuePlans(db.orm.em.fork())));
  await db.orm.close();
  const dirs: string[] = [];
  const nodes: Switchboard[] = [];
  const startNode = () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'sb-node-'));
    dirs.push(dataDir);
    return startSwitchboard(
      loadConfig({
        DATABASE_URL: db.url,
        DATA_DIR: dataDir,
        PORT: '0',
        SEED_DEMO: 'false',
        ESL_HOST: '127.0.0.1',
        ESL_PORT: String(port),
        LOG_LEVEL: 'warn',
        NODE_ENV: 'test',
        ...env,
      }),
    );
  };
  for (let i = 0; i < count; i++) nodes.push(await startNode());
  const stopped = new Set<number>();
  return {
    nodes,
    /** Stops node `i` (its process gone: FreeSWITCH goes on without it). */
    async stopNode(i: number) {
      await nodes[i]!.close();
      stopped.add(i);
    },
    /** Starts node `i` again on the same database and PBX: a restarted Switchboard. */
    async startNode(i: number) {
      nodes[i] = await startNode();
      stopped.delete(i);
      return nodes[i]!;
    },
    simulator,
    tenantId: (domain: string) => tenants.find((t) => t.domain === domain)!.id,
    async signIn(node: Switchboard, email: string) {
      const res = await fetch(`${node.url}/api/auth/sign-in`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email, password: DEMO_PASSWORD }),
      });
      if (res.status !== 200) throw new Error(`sign-in as ${email} failed: ${res.status}`);
      return res.headers.get('set-cookie')!.split(';')[0]!;
    },
    connect(node: Switchboard, cookie: string): Socket<ServerToClientEvents, ClientToServerEvents> {
      return io(node.url, { transports: ['websocket'], extraHeaders: { cookie }, reconnection: false, forceNew: true });
    },
    async close() {
      for (const [i, node] of nodes.entries()) if (!stopped.has(i)) await node.close();
      await simulator.stop();
      await db.close();
      for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
    },
  };
}
