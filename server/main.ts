// The composition root: config → database → PBX → live state → HTTP + Socket.IO.
// `startSwitchboard` is what tests and the benchmark start; running this file
// directly (npm start) starts it from the environment.
import { createAdaptorServer } from '@hono/node-server';
import type { Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pathToFileURL } from 'node:url';
import { PbxSimulator } from '../freeswitch/simulator/index.ts';
import { ConfigError, loadConfig, type Config } from './config.ts';
import { openDatabase } from './db/orm.ts';
import { listTenantsWithExtensions } from './db/queries.ts';
import { callCenterConfig, listQueuePlans } from './db/queue-queries.ts';
import { DEMO_PASSWORD, formatCredentials, seedDemo } from './db/seed.ts';
import { startCdr } from './cdr/service.ts';
import { startFax } from './fax/service.ts';
import { createApp } from './http/app.ts';
import { deleteExpiredSessions } from './http/session.ts';
import type { AppEvent } from './live/reduce.ts';
import { LiveStore } from './live/store.ts';
import { createLog } from './log.ts';
import { connectPbx } from './pbx/connection.ts';
import { dndFromPhones } from './settings/dnd.ts';
import { attachSocket } from './socket/index.ts';

export async function startSwitchboard(config: Config) {
  const log = createLog(config.logLevel);
  const db = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  const { orm } = db;

  if (config.seedDemo) {
    const seeded = await seedDemo(orm.em.fork());
    if (seeded.seeded) log.info(`Demo data created. Sign in with:\n${formatCredentials(seeded.credentials)}`);
    else log.info(`Demo data present: sign in as agent@acme.test, supervisor@acme.test or admin@acme.test with password "${DEMO_PASSWORD}" (unless changed).`);
  }
  const tenants = await listTenantsWithExtensions(orm.em.fork());
  const queues = await listQueuePlans(orm.em.fork());
  const live = new LiveStore(
    tenants.map((t) => ({ ...t, queueNames: queues.filter((q) => q.tenantId === t.id).map((q) => q.name) })),
  );

  // With no FreeSWITCH configured, the simulator stands in for it over real TCP.
  let simulator: PbxSimulator | undefined;
  let esl: { host: string; port: number; password: string };
  if (config.esl.kind === 'simulator') {
    // The simulator plays a FreeSWITCH with freeswitch/conf's one gateway (SIP_GATEWAY, "carrier"): a fax through another is refused as FreeSWITCH refuses it.
    simulator = new PbxSimulator({ password: config.esl.password, gateways: ['carrier'] });
    const port = await simulator.start();
    // Real FreeSWITCH reads callcenter.conf; the simulator is told the same queues, agents and tiers.
    simulator.callcenter.configure(callCenterConfig(queues));
    esl = { host: '127.0.0.1', port, password: config.esl.password };
    if (config.esl.demo) {
      simulator.startDemo(tenants.map((t) => ({ domain: t.domain, extensions: t.extensions.map((e) => e.number) })));
    }
    log.info(`PBX simulator listening on 127.0.0.1:${port}${config.esl.demo ? ' with demo traffic' : ''}`);
  } else {
    esl = config.esl;
  }
  // mod_callcenter loads a queue by asking our mod_xml_curl endpoint: provision once the port is open.
  let listening!: () => void;
  const httpUp = new Promise<void>((resolve) => (listening = resolve));
  const pbx = connectPbx({
    ...esl,
    log: (level, msg) => log[level](`pbx: ${msg}`),
    callcenterPlan: async () => {
      await httpUp;
      return callCenterConfig(await listQueuePlans(orm.em.fork()));
    },
  });
  pbx.onEvent((event) => live.ingest(event));

  let socket: Awaited<ReturnType<typeof attachSocket>> | undefined;
  const ingest = (event: AppEvent) => live.ingest(event);
  /** A change this node alone knows of (a setting saved here): live state here and on every other node. */
  const publish = (event: AppEvent) => {
    ingest(event);
    socket?.broadcastAppEvent(event);
  };
  // *78/*79 dialled on a phone: every node sees the event on its own ESL link.
  pbx.onEvent(dndFromPhones({ orm, pbx, publish, ingest, log }));
  const fax = startFax({
    orm,
    pbx,
    config: config.fax,
    log,
    notify: (tenantId, userId, change) => socket?.notifyFax(tenantId, userId, change),
    counted: publish,
  });
  const cdr = startCdr({
    orm,
    pbx,
    log,
    publish,
    notify: {
      call: (tenantId, userId, row) => socket?.notifyCdr(tenantId, userId, row),
      usage: (tenantId) => socket?.notifyUsage(tenantId),
    },
  });
  const app = createApp({
    orm,
    config,
    log,
    fax,
    faxMaxUploadBytes: config.fax.maxUploadBytes,
    calls: {
      service: cdr,
      recordingsDir: config.recordingsDir,
      devices: (tenantId) => live.tenantState(tenantId)?.figures.devices ?? 0,
    },
    pbx,
    publish,
    ingest,
    onSessionEnded: (sessionId, reason) => socket?.endSession(sessionId, reason),
  });
  // Socket.IO (and its Redis adapter) is fully set up before the port opens,
  // so no early client is accepted without being authenticated and served.
  const server = createAdaptorServer({ fetch: app.fetch }) as HttpServer;
  socket = await attachSocket(server, { orm, config, live, log, pbx });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => resolve());
  });
  listening();
  // Expired sessions are refused when presented; this only keeps the table small.
  const purge = setInterval(() => {
    deleteExpiredSessions(orm.em.fork()).catch((err) => log.warn(`session purge failed: ${(err as Error).message}`));
  }, 60 * 60 * 1000);
  purge.unref();
  const { port } = server.address() as AddressInfo;
  const url = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`;
  // The in-process FreeSWITCH stand-in posts its CDRs here, as mod_json_cdr does with json_cdr.conf.xml.
  simulator?.postCdrTo(`${url}/freeswitch/cdr`, config.freeswitch.secret ? { cred: `switchboard:${config.freeswitch.secret}` } : {});
  log.info(`Switchboard on ${url}`);

  return {
    url,
    port,
    live,
    orm,
    simulator,
    publish,
    pbx,
    async close() {
      clearInterval(purge);
      await fax.close();
      await simulator?.cdrPostsSettled();
      await cdr.close();
      await socket?.close(); // also closes the HTTP server
      await pbx.close();
      await simulator?.stop();
      await db.close();
    },
  };
}

export type Switchboard = Awaited<ReturnType<typeof startSwitchboard>>;

/** Start from the environment and stop cleanly on SIGINT/SIGTERM. */
export async function runFromEnvironment() {
  try {
    const switchboard = await startSwitchboard(loadConfig());
    const stop = async () => {
      await switchboard.close();
      process.exit(0);
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  } catch (err) {
    console.error(err instanceof ConfigError ? err.message : err);
    process.exit(1);
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await runFromEnvironment();
