// A whole Switchboard for a test: a fresh PostgreSQL database, the demo seed,
// the PBX simulator over TCP (no demo traffic unless asked), on a free port.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../server/config.ts';
import { startSwitchboard } from '../../server/main.ts';
import { connectSocket, signIn } from './browser-session.ts';
import { freshDatabase } from './db.ts';
import type { HandshakeAuth } from '../../common/socket.ts';

export const DEMO_PASSWORD = 'switchboard';

export async function startTestServer(env: Record<string, string> = {}) {
  const db = await freshDatabase();
  await db.orm.close(); // the server opens its own connection
  const dataDir = mkdtempSync(join(tmpdir(), 'sb-test-'));
  const switchboard = await startSwitchboard(
    loadConfig({
      DATABASE_URL: db.url,
      DATA_DIR: dataDir,
      PORT: '0',
      SEED_DEMO: 'true',
      SIMULATOR_DEMO: 'false',
      LOG_LEVEL: 'warn',
      NODE_ENV: 'test',
      ...env,
    }),
  );
  const simulator = switchboard.simulator!;
  return {
    switchboard,
    simulator,
    url: switchboard.url,
    /** The fresh database, for a second process (the CLI) to work on. */
    databaseUrl: db.url,
    /** Signs in through the REST route and returns the session cookie. */
    signIn: (email: string, password = DEMO_PASSWORD) => signIn(switchboard.url, email, password),
    connect: (cookie?: string, auth?: HandshakeAuth) => connectSocket(switchboard.url, cookie, auth),
    async close() {
      await switchboard.close();
      await db.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export type TestServer = Awaited<ReturnType<typeof startTestServer>>;
