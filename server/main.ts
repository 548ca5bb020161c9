// The composition root: config → database → PBX → live state → HTTP + Socket.IO,
// closed in reverse (server/lifecycle.ts).
// `startSwitchboard` is what tests and the benchmark start; running this file
// directly (npm start) starts it from the environment.
import { createAdaptorServer } from '@hono/node-server';
import type { Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pathToFileURL } from 'node:url';
import { PbxSimulator, startDemo } from '../freeswitch/simulator/index.ts';
import { ConfigError, loadConfig, type Config, type EslEndpoint } from './config.ts';
import { openDatabase } from './db/orm.ts';
import { listTenantsWithExtensions } from './db/queries.ts';
import { callCenterConfig, listQueuePlans } from './db/queue-queries.ts';
import { DEMO_PASSWORD, formatCredentials, seedDemo } from './db/seed.ts';
import { startCdr } from './cdr/service.ts';
import { startFax } from './fax/service.ts';
import { startQueueFacts } from './reports/service.ts';
import { ADMIN_CHANNEL } from './admin/changes.ts';
import { followAdminChanges } from './admin/follow.ts';
import { forgetEndedBreaks, takeBreak } from './desk/breaks.ts';
import { forgetOverriddenSetters } from './desk/setters.ts';
import { orderAgentStatus } from './desk/status-order.ts';
import { changeAgentStatus } from './socket/agent-status.ts';
import { watchNoPhone } from './desk/no-phone.ts';
import { wrapUps } from './desk/wrap-up.ts';
import type { AgentStatus } from '../common/live.ts';
import type { AgentStatusOrder } from '../common/socket.ts';
import { followSupervisions } from './supervise/follow.ts';
import { superviseService } from './supervise/service.ts';
import type { SessionInfo } from './http/session.ts';
import { createApp } from './http/app.ts';
import { deleteExpiredSessions } from './http/session.ts';
import { Late, startAll } from './lifecycle.ts';
import type { Deliver } from './live/reach.ts';
import { LiveStore } from './live/store.ts';
import { createLog } from './log.ts';
import { connectServers } from './pbx/cluster.ts';
import { dndFromPhones } from './settings/dnd.ts';
import { holdVanishedCalls } from './resume/hold.ts';
import { attachSocket } from './socket/index.ts';

type SocketLayer = Awaited<ReturnType<typeof attachSocket>>;

export async function startSwitchboard(config: Config) {
  const log = createLog(config.logLevel);
  // Each part goes on the stack as soon as it has started; close() (or a
  // start-up that throws half-way) closes them in reverse. Where the order
  // matters, the comment at the add() says why.
  return startAll(log, async (stack) => {
    // Closed last: every part below reads or writes it until it is closed.
    const db = stack.add('the database', await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir }));
    const { orm } = db;

    if (config.seedDemo) {
      const seeded = await seedDemo(orm.em.fork());
      if (seeded.seeded) log.info(`Demo data created. Sign in with:\n${formatCredentials(seeded.credentials)}`);
      else log.info(`Demo data present: sign in as agent@acme.test, supervisor@acme.test or admin@acme.test with password "${DEMO_PASSWORD}" (unless changed).`);
    }
    const tenants = await listTenantsWithExtensions(orm.em.fork());
    const queues = await listQueuePlans(orm.em.fork());
    const live = new LiveStore(tenants);

    // With no FreeSWITCH configured, the simulator stands in for it over real TCP.
    let simulator: PbxSimulator | undefined;
    let esl: EslEndpoint[];
    if (config.esl.kind === 'simulator') {
      // The simulator plays a FreeSWITCH with freeswitch/conf's one gateway (SIP_GATEWAY, "carrier"): a fax through another is refused as FreeSWITCH refuses it.
      const sim = new PbxSimulator({ password: config.esl.password, gateways: ['carrier'], voicemailDir: config.voicemail.dir });
      const port = await sim.start();
      simulator = sim;
      // Stops after the ESL link to it has closed, as FreeSWITCH outlives us.
      stack.add('the PBX simulator', { close: () => sim.stop() });
      // Real FreeSWITCH reads callcenter.conf; the simulator is told the same queues, agents and tiers.
      sim.callcenter.configure(callCenterConfig(queues));
      esl = [{ host: '127.0.0.1', port, password: config.esl.password }];
      if (config.esl.demo) {
        const demo = startDemo(sim, tenants.map((t) => ({ domain: t.domain, extensions: t.extensions.map((e) => e.number) })));
        // The demo drives the simulator: it stops first.
        stack.add('the demo traffic', { close: async () => demo.stop() });
      }
      log.info(`PBX simulator listening on 127.0.0.1:${port}${config.esl.demo ? ' with demo traffic' : ''}`);
    } else {
      esl = config.esl.servers;
    }
    // mod_callcenter loads a queue by asking our mod_xml_curl endpoint: provision once the port is open.
    let listening!: () => void;
    const httpUp = new Promise<void>((resolve) => (listening = resolve));
    // Closes after the fax and CDR services that send commands and take events on it.
    const pbx = stack.add(
      'the ESL link',
      connectServers(esl, {
        log: (level, msg) => log[level](`pbx: ${msg}`),
        callcenterPlan: async () => {
          await httpUp;
          const plan = callCenterConfig(await listQueuePlans(orm.em.fork()));
          // Real FreeSWITCH fetches callcenter.conf from us at `queue load`; the simulator is told it.
          simulator?.callcenter.define(plan.queues);
          return plan;
        },
        // Every extension's mod_voicemail box, counted again after each (re)connect.
        mailboxes: () =>
          live.tenantIds().flatMap((id) => {
            const tenant = live.tenantState(id);
            return tenant ? [...tenant.extensions.keys()].map((user) => ({ user, domain: tenant.domain })) : [];
          }),
      }),
    );
    // Listen, whisper, barge (it tells the other nodes through `deliver`, below). Before the
    // live store folds a hangup, the state still holds the supervision it ends.
    const supervise = superviseService({ orm, pbx, live, deliver: (event, reach) => deliver(event, reach), log });
    const supervisions = followSupervisions({ orm, live, pbx, deliver: (event, reach) => deliver(event, reach), log });
    pbx.onEvent(supervisions.closeOnHangup);
    // Before the live store folds the event: the state still holds the breaks it ends.
    pbx.onEvent(forgetEndedBreaks({ orm, log, live }));
    pbx.onEvent(forgetOverriddenSetters({ orm, log, live }));
    pbx.onEvent((event) => live.ingest(event));
    // After the store folded a resync: the supervisions that went on (or ended) while nobody listened.
    pbx.onEvent((event) => void supervisions.resumeAfterResync(event).catch((err: Error) => log.warn(`supervise: after a resync: ${err.message}`)));

    // The socket layer attaches to the HTTP server, whose app needs the fax and
    // CDR services that notify it: they reach it through `sockets`, set once it
    // exists (calls before that wait for it). On the stack here, before fax and
    // CDR, so it closes after them: they notify it until they have stopped. It
    // also closes the HTTP server.
    const sockets = stack.add('Socket.IO and the HTTP server', new Late<SocketLayer>('the socket layer', log));
    const deliver: Deliver = (event, reach) => {
      live.ingest(event);
      if (reach === 'every-node') sockets.use((s) => s.broadcastAppEvent(event));
    };
    pbx.onEvent(dndFromPhones({ orm, pbx, deliver, log }));
    stack.add('calls held for a vanished softphone', holdVanishedCalls({ pbx, live, deliver, log, seconds: config.resumeSeconds }));
    // Stops (its send queue, mailer and event chain drained) before the ESL link and the database it uses.
    const fax = stack.add(
      'the fax service',
      startFax({
        orm,
        pbx,
        config: config.fax,
        log,
        notify: (tenantId, userId, change) => sockets.use((s) => s.notifyFax(tenantId, userId, change)),
        deliver,
      }),
    );
    // Writes its last CDRs before the database closes.
    const cdr = stack.add(
      'CDR capture',
      startCdr({
        orm,
        pbx,
        log,
        deliver,
        notify: {
          call: (tenantId, userId, row) => sockets.use((s) => s.notifyCdr(tenantId, userId, row)),
          usage: (tenantId) =>
            sockets.use((s) => {
              s.notifyUsage(tenantId);
              s.notifyOperators(['tenants', 'credit']);
            }),
        },
      }),
    );
    // Queue visits and agent statuses, stored once whichever node hears them; today's wallboard figures read back from them.
    const queueFacts = stack.add('queue facts', await startQueueFacts({ orm, listen: db.listen, pbx, live, deliver, log }));
    // mod_json_cdr's posts complete queue visits too: they arrive while the event socket is down.
    const calls: typeof cdr = {
      ...cdr,
      capture: async (detail) => {
        const recorded = await cdr.capture(detail);
        await queueFacts.cdr(detail);
        return recorded;
      },
    };
    const app = createApp({
      orm,
      config,
      log,
      fax,
      faxMaxUploadBytes: config.fax.maxUploadBytes,
      calls: {
        service: calls,
        recordingsDir: config.recordingsDir,
        devices: (tenantId) => live.tenantState(tenantId)?.dashboard.devices ?? 0,
      },
      pbx,
      deliver,
      voicemail: { pbx, config: config.voicemail },
      onSessionEnded: (sessionId, reason) => sockets.use((s) => s.endSession(sessionId, reason)),
    });
    // Socket.IO (and its Redis adapter) is fully set up before the port opens,
    // so no early client is accepted without being authenticated and served.
    const server = createAdaptorServer({ fetch: app.fetch }) as HttpServer;
    // The agent's desk: breaks with a reason, "Ready now" after a queue call, the no-phone watch.
    const breakDeps = { orm, pbx, live, log, deliver };
    const wrapUp = stack.add('wrap-ups lowered by "Ready now"', wrapUps(breakDeps));
    const noPhone = stack.add('the no-phone watch', watchNoPhone(breakDeps));
    const desk = {
      takeBreak: (session: SessionInfo, reason: string) => takeBreak(breakDeps, session, reason),
      readyNow: wrapUp.readyNow,
      changeStatus: (session: SessionInfo, status: AgentStatus) => changeAgentStatus(breakDeps, session, status),
      orderStatus: (session: SessionInfo, address: string | null, order: AgentStatusOrder) => orderAgentStatus(breakDeps, session, address, order),
    };
    const socketLayer = await attachSocket(server, { orm, config, live, log, pbx, desk, supervise });
    sockets.set(socketLayer);
    // Administrative changes, from any node, the CLI or `apply`, arrive from
    // PostgreSQL at their commit. Closed before the socket layer it refreshes,
    // once the changes already heard are handled.
    const follower = followAdminChanges({
      orm,
      live,
      sockets: socketLayer,
      pbx,
      log,
      // The no-phone setting may have been turned on for agents already without a phone
      // (no areas: the catch-up after missed notifications, when anything may have changed).
      afterChange: (change) => {
        if (change.tenantId && (change.areas.length === 0 || change.areas.includes('settings'))) noPhone.recheck(change.tenantId);
        // Hiding listening from agents (or showing it) applies to supervisions going on, too.
        if (change.tenantId && (change.areas.length === 0 || change.areas.includes('settings'))) void supervisions.settingsChanged(change.tenantId);
      },
    });
    const listener = await db.listen({ channel: ADMIN_CHANNEL, onMessage: follower.onMessage, onGap: follower.onGap, onError: (m) => log.warn(m) });
    stack.add('the administrative change listener', {
      close: async () => {
        await listener.close();
        await follower.settled();
      },
    });
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
    stack.add('the session purge', { close: async () => clearInterval(purge) });
    const { port } = server.address() as AddressInfo;
    const url = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`;
    if (simulator) {
      // The in-process FreeSWITCH stand-in posts its CDRs here, as mod_json_cdr does with json_cdr.conf.xml.
      simulator.postCdrTo(`${url}/freeswitch/cdr`, config.freeswitch.secret ? { cred: `switchboard:${config.freeswitch.secret}` } : {});
      // Closed first: its CDR posts need the HTTP server and CDR capture, which close after.
      const sim = simulator;
      stack.add("the simulator's CDR posts", { close: () => sim.cdrPostsSettled() });
    }
    log.info(`Switchboard on ${url}`);

    return {
      url,
      port,
      live,
      orm,
      simulator,
      pbx,
      close: () => stack.close(),
    };
  });
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
