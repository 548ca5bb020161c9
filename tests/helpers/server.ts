// A whole Switchboard for a test: a fresh PostgreSQL database, the demo seed,
// the PBX simulator over TCP (no demo traffic unless asked), on a free port.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { io, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents } from '../../common/socket.ts';
import { loadConfig } from '../../server/config.ts';
import { startSwitchboard } from '../../server/main.ts';
import { freshDatabase } from './db.ts';

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
    /** Signs in through the REST route and returns the session cookie. */
    async signIn(email: string, password = DEMO_PASSWORD) {
      const res = await fetch(`${switchboard.url}/api/auth/sign-in`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email, password }),
      });
      if (res.status !== 200) throw new Error(`sign-in as ${email} failed: ${res.status} ${await res.text()}`);
      const cookie = res.headers.get('set-cookie')?.split(';')[0];
      if (!cookie) throw new Error('no session cookie');
      return cookie;
    },
    connect(cookie?: string): Socket<ServerToClientEvents, ClientToServerEvents> {
      return io(switchboard.url, {
        transports: ['websocket'],
        extraHeaders: cookie ? { cookie } : {},
        reconnection: false,
        forceNew: true,
      });
    },
    async close() {
      await switchboard.close();
      await db.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export type TestServer = Awaited<ReturnType<typeof startTestServer>>;
