// Everything a fault is injected into: the real-PBX stack (FreeSWITCH from
// freeswitch/conf, Switchboard, a database of its own) with Switchboard's
// event socket, PostgreSQL and (with two nodes) Redis each reached through a
// loopback relay the fault cuts — the machine's shared PostgreSQL and Redis
// are never stopped — plus the traffic, the watching screens and the judge.
import { join } from 'node:path';
import { startRealPbx, type RealPbx } from '../tests/freeswitch/harness/stack.ts';
import { tcpProxy, type TcpProxy } from '../tests/freeswitch/harness/tcp-proxy.ts';
import { startSwitchboard, type Switchboard } from '../server/main.ts';
import { loadConfig } from '../server/config.ts';
import { Judge } from './judge.ts';
import { closeScreens, openScreen, type Screen } from './screens.ts';
import { DOMAIN, startTraffic, type Traffic } from './traffic.ts';

const REDIS = { host: '127.0.0.1', port: 6379 };
/** Who watches: a supervisor and an admin see every extension, queue and the tenant's figures. */
const WATCHERS = ['supervisor@acme.test', 'admin@acme.test'];

export interface RigOptions {
  /** A second Switchboard node in this process, both on Redis (through the relay). */
  secondNode?: boolean;
  /** Switchboard on Redis (through the relay), for nodes started beside it (faults/node-kill.ts). */
  redis?: boolean;
  /** Calls placed this often. */
  callEveryMs?: number;
  /** More settings for the rig's own Switchboard node (FAX_POLL_MS, …). */
  env?: Record<string, string>;
}

export interface Rig {
  stack: RealPbx;
  esl: TcpProxy;
  postgres: TcpProxy;
  redis: TcpProxy | undefined;
  second: Switchboard | undefined;
  judge: Judge;
  traffic: Traffic;
  screens: Screen[];
  /** FreeSWITCH's answer to one API command (fs_cli): the truth the screens are held to. */
  api(command: string): Promise<string>;
  /** The tenant's balance in the database (read directly). */
  credit(): Promise<string>;
  /** mod_json_cdr's err-log-dir: CDRs it gave up posting. */
  spoolDir: string;
  close(): Promise<void>;
}

export async function startRig(options: RigOptions = {}): Promise<Rig> {
  let esl: TcpProxy | undefined;
  let postgres: TcpProxy | undefined;
  const redis = options.secondNode || options.redis ? await tcpProxy(REDIS.port, REDIS.host) : undefined;
  const stack = await startRealPbx({
    eslVia: async (port) => (esl = await tcpProxy(port)).port,
    databaseVia: async (url) => {
      const u = new URL(url);
      postgres = await tcpProxy(Number(u.port || 5432), u.hostname);
      u.host = `127.0.0.1:${postgres.port}`;
      return u.href;
    },
    env: { ...(redis ? { REDIS_URL: `redis://127.0.0.1:${redis.port}` } : {}), ...options.env },
    // Each CDR post tried 3 times 3 s apart (the deployment's default), then spooled.
    // The carrier gateway is FreeSWITCH's own external profile: outside calls come back in as DID calls.
    freeswitchEnv: (ports) => ({ JSON_CDR_RETRIES: '2', JSON_CDR_DELAY: '3', SIP_GATEWAY_PROXY: `127.0.0.1:${ports.external}` }),
  });
  // Closed last to first: the relays after everything that uses them.
  const closers: (() => Promise<unknown>)[] = [async () => redis?.close(), async () => postgres?.close(), async () => esl?.close(), () => stack.close()];
  const close = async () => {
    for (const c of closers.splice(0).reverse()) await c().catch(() => undefined);
  };
  try {
    const judge = await Judge.open({ port: stack.fs.ports.esl, password: stack.fs.eslPassword }, stack.db.url);
    closers.push(() => judge.close());
    const passwords = new Map(
      (
        await judge.db.query<{ address: string; sip_password: string }>(
          "select e.number || '@' || t.domain as address, e.sip_password from extensions e join tenants t on t.id = e.tenant_id",
        )
      ).rows.map((r) => [r.address, r.sip_password]),
    );
    let second: Switchboard | undefined;
    if (options.secondNode) {
      second = await startSwitchboard({
        ...loadConfig({
          DATABASE_URL: `postgres://postgres@127.0.0.1:${postgres!.port}/${stack.db.name}`,
          DATA_DIR: stack.dataDir,
          PORT: '0',
          SEED_DEMO: 'false',
          LOG_LEVEL: process.env.SB_LOG_LEVEL ?? 'warn',
          NODE_ENV: 'test',
          FREESWITCH_SECRET: stack.secret,
          FREESWITCH_ALLOWED_IPS: '127.0.0.1',
          REDIS_URL: `redis://127.0.0.1:${redis!.port}`,
        }),
        // Its own event socket, straight to FreeSWITCH, as every node has in production.
        esl: { kind: 'freeswitch', servers: [{ host: '127.0.0.1', port: stack.fs.ports.esl, password: stack.fs.eslPassword }] },
      });
      closers.push(() => second!.close());
    }
    const traffic = await startTraffic({ sipPort: stack.fs.ports.sip, password: (ext, domain) => passwords.get(`${ext}@${domain}`)!, everyMs: options.callEveryMs });
    closers.push(() => traffic.close());
    const screens: Screen[] = [];
    closers.push(async () => closeScreens(screens));
    for (const [i, node] of [stack.switchboard, ...(second ? [second] : [])].entries()) {
      for (const email of WATCHERS) screens.push(await openScreen(node.url, email, second ? `${email} (node ${i + 1})` : email));
    }
    return {
      stack,
      esl: esl!,
      postgres: postgres!,
      redis,
      second,
      judge,
      traffic,
      screens,
      api: (command) => stack.fs.api(command),
      credit: async () =>
        (await judge.db.query<{ credit: string }>('select credit::text as credit from tenants where domain = $1', [DOMAIN])).rows[0]!.credit,
      spoolDir: join(stack.fs.dirs.log, 'json_cdr', 'failed'),
      close,
    };
  } catch (err) {
    await close();
    throw err;
  }
}
