// `npm run soak -- --minutes N [--agents=A] [--rate=R]`: the realistic mix
// for N minutes, on this machine against 127.0.0.1 only, with the bench's
// processes (bench/procs): the PBX simulator firing registration, call and
// mod_callcenter events at R a second, the product's server in production
// mode, and A socket.io-client agents, a tenth of whom leave and come back
// every half minute (reloads, laptops closed). Every half minute the server
// reports its memory after a full GC, its event loop's delay, its open
// handles and file descriptors. A growth trend in any of them is a leak:
// the run prints the slopes (after a warm-up) and exits 1 when one grows.
// Writes soak/results/latest.json and, for runs of 10 minutes or more, the
// README's soak table. Every process and the database are gone at the end.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { guardProcesses, killAll, startChild, type Child } from '../bench/children.ts';
import { createBenchDatabase } from '../bench/db.ts';
import { freePort, until } from '../bench/local.ts';
import { productServerEnv } from '../bench/server-env.ts';
import { buildPopulation } from '../bench/population.ts';
import type { LoadApi, Tab } from '../bench/procs/load.ts';
import type { PbxApi } from '../bench/procs/pbx.ts';
import type { ServerApi } from '../bench/procs/server.ts';
import { queuePlans } from '../bench/traffic/queues.ts';
import { trend, type Trend } from './trend.ts';

const arg = (name: string, fallback: number) => Number(process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ?? fallback);
const minutesAt = process.argv.indexOf('--minutes');
const minutes = minutesAt > 0 ? Number(process.argv[minutesAt + 1]) : arg('minutes', 10);
const agents = arg('agents', 500);
const rate = arg('rate', 200);
const WINDOW_S = 30;
/** Samples before this (seconds of traffic) are the warm-up (caches, JIT, pools filling): not part of the trend. */
const WARM_UP_S = 90;
const RESULTS = new URL('./results/', import.meta.url);
const README = new URL('../README.md', import.meta.url);
const START = '<!-- soak:start (npm run soak writes this table) -->';
const END = '<!-- soak:end -->';

if (!(minutes > 0 && minutes <= 240)) throw new Error('--minutes must be between 1 and 240');
const started = performance.now();
const elapsedS = () => (performance.now() - started) / 1000;
const log = (s: string) => console.log(`[${elapsedS().toFixed(0).padStart(5)} s] ${s}`);

const children: Child<never>[] = [];
const dataDir = mkdtempSync(join(tmpdir(), 'sb-soak-'));
let dropDatabase = async () => {};
let cleaned: Promise<void> | undefined;
const cleanup = () =>
  (cleaned ??= (async () => {
    await Promise.allSettled(children.map((c) => c.stop()));
    killAll();
    await dropDatabase().catch((err) => console.error(`soak: could not drop the database: ${err}`));
    rmSync(dataDir, { recursive: true, force: true });
  })());
guardProcesses(cleanup);
const start = async <H>(name: string, file: string, env?: Record<string, string>) => {
  const child = await startChild<H & Record<string, never>>(name, file, env);
  children.push(child as Child<never>);
  return child as unknown as Child<H & Record<string, never>>;
};

interface Sample {
  atS: number;
  rssKb: number;
  heapUsedKb: number;
  loopDelayP99Ms: number;
  loopDelayMaxMs: number;
  handles: number;
  fds: number;
  eventsFired: number;
  messages: number;
  sockets: number;
}

const population = buildPopulation(agents);
log(`${agents} agents in ${population.tenants.length} tenants, ${rate} events/s for ${minutes} min; seeding the database`);
const db = await createBenchDatabase(population);
dropDatabase = db.drop;
const pbx = await start<PbxApi>('pbx', 'bench/procs/pbx.ts');
const eslPorts = await pbx.call('start', { tenants: population.tenants.map((t) => ({ domain: t.domain, extensions: t.extensions })), queues: queuePlans(population) });
const port = await freePort();
const server = await start<ServerApi>('server', 'bench/procs/server.ts', productServerEnv({ port, databaseUrl: db.url, dataDir, eslPort: eslPorts.product }));
await until('the server reading the PBX', () => pbx.call('productReady', undefined), 30);
const load = await start<LoadApi>('load-0', 'bench/procs/load.ts');
const url = `http://127.0.0.1:${port}`;
const tabs: Tab[] = population.agents.map((a, i) => ({ cookie: db.cookies[i]!, domain: population.tenants[a.tenant]!.domain }));
const connected = await load.call('connect', { url, floor: false, tabs }, 180_000);
if (connected.failed) throw new Error(`${connected.failed} of ${agents} sockets failed to connect`);
log(`${agents} sockets connected`);
await load.call('begin', undefined);
// The N minutes are of traffic: the set-up above does not count.
const trafficStart = performance.now();
const trafficS = () => (performance.now() - trafficStart) / 1000;

const samples: Sample[] = [];
const churn = Math.max(1, Math.round(agents / 10));
let fired = 0;
let messages = 0;
for (let w = 0; trafficS() < minutes * 60 - 5; w++) {
  const seconds = Math.min(WINDOW_S, Math.max(1, Math.floor(minutes * 60 - trafficS())));
  fired += (await pbx.call('drive', { target: 'product', rate, seconds }, (seconds + 60) * 1000)).fired;
  messages += (await load.call('take', undefined)).messages;
  // A tenth of the agents leave and come back (a different tenth each time).
  const from = (w * churn) % agents;
  const leaving = tabs.slice(from, from + churn);
  await load.call('keep', agents - churn);
  const back = await load.call('connect', { url, floor: false, tabs: leaving }, 120_000);
  const h = await server.call('health', undefined);
  const sample: Sample = { atS: Math.round(trafficS()), ...h, eventsFired: fired, messages, sockets: agents - churn + back.connected };
  samples.push(sample);
  log(`heap ${(h.heapUsedKb / 1024).toFixed(1)} MB, RSS ${(h.rssKb / 1024).toFixed(0)} MB, loop p99 ${h.loopDelayP99Ms} ms, handles ${h.handles}, fds ${h.fds}, ${fired} events, ${messages} messages`);
}
await cleanup();

const steady = samples.filter((s) => s.atS >= WARM_UP_S);
// What each measure may wander by without being a trend: the garbage collector's and the sockets' churn.
const trends = {
  heapUsedKb: trend(steady.map((s) => [s.atS, s.heapUsedKb]), 4096),
  rssKb: trend(steady.map((s) => [s.atS, s.rssKb]), 16_384),
  loopDelayP99Ms: trend(steady.map((s) => [s.atS, s.loopDelayP99Ms]), 20),
  handles: trend(steady.map((s) => [s.atS, s.handles]), 10),
  fds: trend(steady.map((s) => [s.atS, s.fds]), 10),
};
const growing = Object.entries(trends).filter(([, t]) => t.growing).map(([name]) => name);
const results = {
  date: new Date().toISOString(),
  machine: `${cpus()[0]?.model.trim()}, ${cpus().length} cores, Node ${process.version}`,
  minutes,
  agents,
  rate,
  loadAverage: Number(loadavg()[0]!.toFixed(1)),
  eventsFired: fired,
  messagesDelivered: messages,
  trends,
  growing,
  samples,
};
mkdirSync(RESULTS, { recursive: true });
writeFileSync(new URL(minutes >= 10 ? 'latest.json' : 'short.json', RESULTS), `${JSON.stringify(results, null, 2)}\n`);
const table = soakTable(results.trends, samples);
console.log(`\n${table}\n\n${growing.length ? `GROWING: ${growing.join(', ')}` : 'no growth trend'}`);
if (minutes >= 10) {
  const readme = readFileSync(README, 'utf8');
  const from = readme.indexOf(START);
  const to = readme.indexOf(END);
  if (from !== -1 && to > from) {
    const heading = `Last run: ${results.date.slice(0, 16).replace('T', ' ')} UTC, ${results.machine}, ${minutes} min, ${agents} agents, ${rate} events/s (${fired} events, ${messages} messages delivered), load average ${results.loadAverage}; ${growing.length ? `growing: ${growing.join(', ')}` : 'no growth trend'}.`;
    writeFileSync(README, `${readme.slice(0, from + START.length)}\n${heading}\n\n${table}\n${readme.slice(to)}`);
  }
}
process.exit(growing.length ? 1 : 0);

function soakTable(t: Record<keyof typeof trends, Trend>, all: Sample[]): string {
  const first = all.find((s) => s.atS >= WARM_UP_S) ?? all[0]!;
  const last = all.at(-1)!;
  const row = (what: string, key: keyof typeof trends, unit: string, scale = 1) =>
    `| ${what} | ${(first[key] / scale).toFixed(1)} | ${(last[key] / scale).toFixed(1)} | ${(Math.max(...all.map((s) => s[key])) / scale).toFixed(1)} | ${((t[key].slopePerMinute * 10) / scale).toFixed(2)} ${unit} | ${t[key].growing ? 'GROWING' : 'flat'} |`;
  return [
    `| measure (server, after a full GC) | after warm-up | at the end | max | trend per 10 min | verdict |`,
    `|---|---:|---:|---:|---:|---|`,
    row('V8 heap used, MB', 'heapUsedKb', 'MB', 1024),
    row('RSS, MB', 'rssKb', 'MB', 1024),
    row('event-loop delay p99, ms', 'loopDelayP99Ms', 'ms'),
    row('open handles', 'handles', ''),
    row('file descriptors', 'fds', ''),
  ].join('\n');
}
