// The real-PBX stack for one test file: a fresh PostgreSQL database with the
// demo seed, a Switchboard server pointed at a real FreeSWITCH (ESL,
// mod_xml_curl, mod_json_cdr), and that FreeSWITCH started from
// freeswitch/conf. Every suite in tests/freeswitch/ builds on this.
//
//   const stack = realPbxSuite(test);          // hooks: start before, tear down after (even on failure)
//   test('…', async () => { stack.fs.api('show registrations'); stack.switchboard.live … });
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Test } from 'uvu';
import { loadConfig } from '../../../server/config.ts';
import { startSwitchboard, type Switchboard } from '../../../server/main.ts';
import { connectSocket, signIn } from '../../helpers/browser-session.ts';
import { freshDatabase, type FreshDatabase } from '../../helpers/db.ts';
import { DEMO_PASSWORD } from '../../helpers/server.ts';
import { waitFor } from '../../helpers/wait.ts';
import type { Netns } from '../../sip/netns.ts';
import { allocatePorts, startFreeSwitch, type FreeSwitch, type FreeSwitchPorts } from './freeswitch.ts';
import type { Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents } from '../../../common/socket.ts';

export interface RealPbxOptions {
  /** More Switchboard settings (FAX_RETRIES, SMTP_URL, …). */
  env?: Record<string, string>;
  /** More FreeSWITCH variables for vars.xml (SIP_GATEWAY_PROXY, …), given the chosen ports. */
  freeswitchEnv?: (ports: FreeSwitchPorts) => Record<string, string>;
  /**
   * Start FreeSWITCH inside this network namespace (the test creates and closes
   * it), e.g. the loopback-only one Chromium runs in. Switchboard stays outside:
   * its HTTP port is forwarded in (mod_xml_curl, mod_json_cdr) and FreeSWITCH's
   * ESL port out, on the same numbers, so both sides use 127.0.0.1 as usual.
   */
  netns?: Pick<Netns, 'name' | 'forward' | 'expose'>;
  /**
   * The port Switchboard dials for FreeSWITCH's event socket, given the real
   * one: e.g. a tests/freeswitch/harness/tcp-proxy.ts relay a test can cut.
   */
  eslVia?: (eslPort: number) => number | Promise<number>;
  /**
   * The DATABASE_URL Switchboard uses, given the test database's own: e.g.
   * through a tcp-proxy.ts relay a fault test cuts (PostgreSQL unreachable)
   * without touching the machine's shared PostgreSQL.
   */
  databaseVia?: (databaseUrl: string) => string | Promise<string>;
  /**
   * How many FreeSWITCH servers (default 1): each on ports and in runtime
   * folders of its own, Switchboard connected to all (ESL_SERVERS, the first
   * the home server). Not with netns or eslVia.
   */
  servers?: number;
}

export interface RealPbx {
  /** The (first) FreeSWITCH. */
  fs: FreeSwitch;
  /** Every FreeSWITCH, in ESL_SERVERS order. */
  servers: FreeSwitch[];
  switchboard: Switchboard;
  db: FreshDatabase;
  /** Switchboard's base URL (http://127.0.0.1:<port>). */
  url: string;
  /** Where Switchboard and FreeSWITCH share fax files and recordings. */
  dataDir: string;
  secret: string;
  signIn(email: string, password?: string): Promise<string>;
  /** An extension's SIP password, as the tenant admin would hand it to a phone. */
  sipPassword(domain: string, extension: string): Promise<string>;
  /** A query on Switchboard's database, to check what it recorded. */
  sql<T = Record<string, unknown>>(query: string, params?: unknown[]): Promise<T[]>;
  connect(cookie: string): Socket<ServerToClientEvents, ClientToServerEvents>;
  /** Stops Switchboard only (FreeSWITCH keeps running), for outage tests. */
  stopSwitchboard(): Promise<void>;
  /** Starts Switchboard again on the same port, database and folders. */
  startSwitchboard(): Promise<void>;
  close(): Promise<void>;
}

export async function startRealPbx(options: RealPbxOptions = {}): Promise<RealPbx> {
  const secret = randomBytes(16).toString('hex');
  const db = await freshDatabase();
  await db.orm.close(); // the server opens its own connection
  const dataDir = mkdtempSync(join(tmpdir(), 'sb-real-'));
  // FreeSWITCH's storage, shared: Switchboard reads voicemail there and writes greetings for mod_voicemail.
  const storageDir = join(dataDir, 'freeswitch-storage');
  const count = options.servers ?? 1;
  if (count > 1 && (options.netns || options.eslVia)) throw new Error('several FreeSWITCH servers: netns and eslVia are for one');
  const portsOf: FreeSwitchPorts[] = [];
  for (let i = 0; i < count; i++) portsOf.push(await allocatePorts());
  const ports = portsOf[0]!;
  let port = 0;
  const databaseUrl = options.databaseVia ? await options.databaseVia(db.url) : db.url;
  const config = () =>
    loadConfig({
      DATABASE_URL: databaseUrl,
      DATA_DIR: dataDir,
      PORT: String(port),
      SEED_DEMO: 'true',
      LOG_LEVEL: process.env.SB_LOG_LEVEL ?? 'warn',
      NODE_ENV: 'test',
      ESL_HOST: '127.0.0.1',
      ESL_PORT: String(ports.esl),
      ESL_PASSWORD: 'set-below',
      FREESWITCH_SECRET: secret,
      FREESWITCH_ALLOWED_IPS: '127.0.0.1',
      FAX_GATEWAY: 'carrier',
      VOICEMAIL_DIR: join(storageDir, 'voicemail'),
      ...options.env,
    });
  let fs: FreeSwitch | undefined;
  const servers: FreeSwitch[] = [];
  let switchboard: Switchboard | undefined;
  const cleanup = async () => {
    await switchboard?.close().catch(() => undefined);
    await Promise.all(servers.map((s) => s.stop().catch(() => undefined)));
    await db.close().catch(() => undefined);
    rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    // The ESL password is FreeSWITCH's (random per run); Switchboard retries until FreeSWITCH is up.
    const eslPassword = `esl-${randomBytes(6).toString('hex')}`;
    const eslPort = options.eslVia ? await options.eslVia(ports.esl) : ports.esl;
    const start = async () => {
      const c = config();
      const endpoints = portsOf.map((p, i) => ({ host: '127.0.0.1', port: i === 0 ? eslPort : p.esl, password: eslPassword }));
      switchboard = await startSwitchboard({ ...c, esl: { kind: 'freeswitch', servers: endpoints } });
      port = switchboard.port;
    };
    await start();
    if (options.netns) {
      await options.netns.forward(port);
      await options.netns.expose(ports.esl);
    }
    // One after another: two starting at once on two cores starve each other past the start timeout.
    for (const p of portsOf) {
      servers.push(
        await startFreeSwitch({
          switchboardUrl: switchboard!.url,
          secret,
          ports: p,
          eslPassword,
          env: options.freeswitchEnv?.(p),
          netns: options.netns,
          storageDir,
        }),
      );
    }
    fs = servers[0]!;
    await waitFor(() => switchboard!.pbx.connected, 20_000, 'Switchboard to connect to FreeSWITCH over ESL', 50);
    const stack: RealPbx = {
      fs,
      servers,
      get switchboard() {
        return switchboard!;
      },
      db,
      get url() {
        return switchboard!.url;
      },
      dataDir,
      secret,
      signIn: (email, password = DEMO_PASSWORD) => signIn(switchboard!.url, email, password),
      async sql<T>(query: string, params: unknown[] = []) {
        return (await switchboard!.orm.em.fork().getConnection().execute(query, params)) as T[];
      },
      async sipPassword(domain, extension) {
        const [row] = await stack.sql<{ sip_password: string }>(
          'select e.sip_password from extensions e join tenants t on t.id = e.tenant_id where t.domain = ? and e.number = ?',
          [domain, extension],
        );
        if (!row) throw new Error(`no extension ${extension}@${domain}`);
        return row.sip_password;
      },
      connect: (cookie) => connectSocket(switchboard!.url, cookie),
      async stopSwitchboard() {
        await switchboard?.close();
      },
      async startSwitchboard() {
        await start();
        await waitFor(() => switchboard!.pbx.connected, 20_000, 'Switchboard to reconnect to FreeSWITCH', 50);
      },
      close: cleanup,
    };
    return stack;
  } catch (err) {
    if (fs) process.stderr.write(`\nFreeSWITCH log (last lines):\n${fs.log().split('\n').slice(-60).join('\n')}\n`);
    await cleanup();
    throw err;
  }
}

/**
 * Registers a test file's hooks: the stack starts before the first test and is
 * torn down after the last, whatever happened in between. On a failure the
 * tail of FreeSWITCH's log is printed, since that is where the reason is.
 */
export function realPbxSuite(test: Test, options: RealPbxOptions = {}): RealPbx {
  const holder: { stack?: RealPbx } = {};
  test.before(async () => {
    holder.stack = await startRealPbx(options);
  });
  test.after(async () => {
    await holder.stack?.close();
  });
  return late(() => holder.stack, 'the real-PBX stack');
}

/**
 * Something a suite's before hook starts, usable at module level: each read
 * is passed to it once started (methods bound to it), and reading it earlier
 * says so.
 */
export function late<T extends object>(started: () => T | undefined, what: string): T {
  return new Proxy({} as T, {
    get(_, key) {
      const target = started();
      if (!target) throw new Error(`${what} is not started (read it inside tests only)`);
      const value: unknown = Reflect.get(target, key);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}
