// `npm run bench [-- --quick]`: the live-path benchmark. Everything runs on
// this machine against 127.0.0.1 in separate processes — the PBX simulator
// with its rate driver, the product's server in production mode, the floor
// (modesl → Socket.IO, no product logic) and the load processes full of
// socket.io-client agents — on a PostgreSQL database of its own. Phases:
//   1. client weight (vite build into a scratch folder) and the seeded database
//   2. product: for N from largest to smallest, connect (RSS per socket at the
//      largest), then each rate for `cellSeconds`; ingest ladder at its N
//   3. floor: the same cells
//   4. nodes: one cell on one node, then on two behind one address (bench/nodes.ts)
// Bounded by plan.deadlineSeconds: a phase that no longer fits is skipped, and
// at the deadline whatever was measured is written (marked partial). Every
// process and the database are gone at the end, also on Ctrl-C or error.
// A cell that overloads is reported as such with what was delivered, and all
// its sockets are closed and reconnected so the next cell starts clean.
//
// For a look at a few cells only: --ns=100,1000 --rates=2000 --targets=floor --no-ingest
// (--targets=nodes: the two-node cell only)
// (the results are then written to results/partial-*.json, never over latest.json).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { guardProcesses, killAll, startChild, type Child } from './children.ts';
import { freePort, sleep, until } from './local.ts';
import { ESL_PASSWORD, productServerEnv } from './server-env.ts';
import { measureClientWeight } from './client-weight.ts';
import { createBenchDatabase } from './db.ts';
import { measureIngest, type IngestResult } from './ingest.ts';
import { measureNodes, NODES_START_SECONDS, type NodesResult } from './nodes.ts';
import { PLANS, type Plan } from './plan.ts';
import { buildPopulation } from './population.ts';
import { queuePlans } from './traffic/queues.ts';
import type { FloorApi } from './procs/floor.ts';
import type { ServerApi } from './procs/server.ts';
import type { LoadApi } from './procs/load.ts';
import type { PbxApi, Target } from './procs/pbx.ts';
import type { ClientWeight } from './client-weight.ts';
import { latencyChart } from './report/chart.ts';
import { loadAverage, machine, RESULTS_DIR, type Cell, type FanoutRow, type Results } from './report/results.ts';
import { fanoutTable, summary } from './report/table.ts';
import { nodesTable } from './report/nodes-table.ts';
import { connect, keep, recover, run, type Rig, type Run } from './rig.ts';
import { realPbxPhase, type RealPbxResult } from './real/phase.ts';
import { realPbxTable } from './real/table.ts';

const arg = (name: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const numbers = (v: string | undefined) => v?.split(',').map(Number).filter((x) => x > 0);
const base = PLANS[process.argv.includes('--quick') ? 'quick' : 'default'];
const plan: Plan = { ...base, ns: numbers(arg('ns')) ?? base.ns, rates: numbers(arg('rates')) ?? base.rates };
// The two-node cell adds about 20 s, which the quick plan has no room for: `--quick --targets=nodes` runs it alone.
const targets = arg('targets')?.split(',') ?? ['product', 'floor', ...(plan.name === 'default' ? ['nodes'] : [])];
const withIngest = !process.argv.includes('--no-ingest') && plan.ns.includes(plan.ingest.n) && targets.includes('product');
/** A run with its plan narrowed on the command line is a look, not the record. */
const narrowed = Boolean(arg('ns') || arg('rates') || arg('targets') || process.argv.includes('--no-ingest'));
const loadAtStart = loadAverage();
const started = performance.now();
const elapsed = () => (performance.now() - started) / 1000;
const secondsLeft = () => plan.deadlineSeconds - elapsed();
const log = (s: string) => console.log(`[${elapsed().toFixed(1).padStart(5)} s] ${s}`);

const children: Child<never>[] = [];
const stopBuild = new AbortController();
const dataDir = mkdtempSync(join(tmpdir(), 'sb-bench-'));
let dropDatabase = async () => {};
let cleaned: Promise<void> | undefined;
function cleanup(): Promise<void> {
  cleaned ??= (async () => {
    stopBuild.abort();
    await Promise.allSettled(children.map((c) => c.stop()));
    killAll();
    await dropDatabase().catch((err) => console.error(`bench: could not drop the database: ${err}`));
    rmSync(dataDir, { recursive: true, force: true });
  })();
  return cleaned;
}
guardProcesses(cleanup);

// What has been measured so far: written at the end, or at the deadline.
const product = new Map<string, Cell>();
const floorCells = new Map<string, Cell>();
let ingest: IngestResult | undefined;
let twoNodes: NodesResult | undefined;
let weight: ClientWeight | undefined;
/** Server memory after a full GC, with no socket and with the largest N connected. */
const rss = { n: Math.max(...plan.ns), at_0_kb: 0, at_n_kb: 0, heap_at_0_kb: 0, heap_at_n_kb: 0 };
const skipped: string[] = [];
let realPbx: { result: RealPbxResult | null; note?: string } = { result: null };

/** Events fired into the product's simulator so far, by generator (read at the end of each target's cells). */
let firedByKind: Record<string, number> = {};
function eventMix(): string {
  const total = Object.values(firedByKind).reduce((a, b) => a + b, 0);
  if (!total) return 'not read';
  return Object.entries(firedByKind)
    .map(([kind, n]) => `${kind} ${n} (${Math.round((100 * n) / total)} %)`)
    .join(', ');
}

function results(partial: boolean): Results {
  const fanout: FanoutRow[] = [];
  for (const n of plan.ns) {
    for (const rate of plan.rates) {
      const p = product.get(`${n}/${rate}`);
      const f = floorCells.get(`${n}/${rate}`) ?? null;
      if (!p) continue;
      const ratio = f && f.p99_ms > 0 ? Math.round((p.p99_ms / f.p99_ms) * 100) / 100 : null;
      fanout.push({ n, rate, p50_ms: p.p50_ms, p99_ms: p.p99_ms, p999_ms: p.p999_ms, max_ms: p.max_ms, floor_p99_ms: f?.p99_ms ?? null, ratio_p99: ratio, product: p, floor: f });
    }
  }
  return {
    machine: machine(),
    date: new Date().toISOString(),
    plan: narrowed ? `${plan.name} (narrowed: ${process.argv.slice(2).join(' ')})` : plan.name,
    duration_s: Math.round(elapsed()),
    partial: partial || skipped.length > 0,
    load_average: { start: loadAtStart, end: loadAverage() },
    fanout,
    ingest_events_per_s: ingest?.events_per_s ?? 0,
    ingest: ingest ?? null,
    rss_per_socket_kb: rss.at_n_kb ? Math.round(((rss.at_n_kb - rss.at_0_kb) / rss.n) * 10) / 10 : 0,
    heap_per_socket_kb: rss.heap_at_n_kb ? Math.round(((rss.heap_at_n_kb - rss.heap_at_0_kb) / rss.n) * 10) / 10 : 0,
    rss,
    client_gzip_kb: { before_sign_in: weight?.before_sign_in ?? 0, softphone: weight?.softphone ?? null },
    client_files: weight?.files ?? { before_sign_in: [], softphone: [] },
    real_pbx: realPbx.result,
    two_nodes: twoNodes ?? null,
    notes: [
      `Events: sofia::register/unregister, CHANNEL_CREATE/ANSWER/HANGUP_COMPLETE and mod_callcenter callcenter::info (callers join, are offered, answered, hang up or abandon; agents change status), one step of each kind in three; events fired into the product's simulator by kind: ${eventMix()}.`,
      "Server, simulator, floor and load clients share this machine's cores; latency includes the load clients' own queueing.",
      'A cell is OVERLOADED when its screens fell 3 s behind (p99, or nothing newer delivered): it was stopped early and its figures are what was delivered until then (lower bounds); every socket was then reconnected.',
      'Floor: modesl → one small message ({name, at}) per event to every socket of the event\'s domain; no product logic.',
      ...(realPbx.note ? [realPbx.note] : []),
      ...skipped.map((s) => `skipped for lack of time: ${s}`),
    ],
  };
}

function write(r: Results) {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const name = narrowed ? `partial-${r.date.replace(/[:.]/g, '-')}` : 'latest';
  writeFileSync(join(RESULTS_DIR, `${name}.json`), JSON.stringify(r, null, 2) + '\n');
  if (!narrowed) writeFileSync(join(RESULTS_DIR, 'latency.svg'), latencyChart(r.fanout, `${r.machine} — ${r.date} — plan ${r.plan}${r.partial ? ' (partial)' : ''}`));
  const extra = [r.two_nodes && nodesTable(r.two_nodes), r.real_pbx && realPbxTable(r.real_pbx)].filter(Boolean).map((t) => `\n\n${t}`).join('');
  console.log(`\n${fanoutTable(r)}\n\n${summary(r)}${extra}\n\n${r.machine}, ${r.date}, ${r.duration_s} s, load average ${r.load_average.start} → ${r.load_average.end}${r.partial ? ', PARTIAL' : ''}`);
  console.log(`written: bench/results/${name}.json${narrowed ? '' : ', bench/results/latency.svg'}`);
}

setTimeout(() => {
  console.error(`\nbench: past its ${plan.deadlineSeconds} s deadline; stopping everything and writing what was measured`);
  void cleanup().finally(() => {
    write(results(true));
    process.exit(1);
  });
}, plan.deadlineSeconds * 1000).unref();

async function start<H>(name: string, file: string, env?: Record<string, string>): Promise<Child<H & Record<string, never>>> {
  const child = await startChild<H & Record<string, never>>(name, file, env);
  children.push(child as Child<never>);
  return child;
}

const cell = (r: Run): Cell => ({
  p50_ms: r.total.latency.p50_ms,
  p99_ms: r.total.latency.p99_ms,
  p999_ms: r.total.latency.p999_ms,
  max_ms: r.total.latency.max_ms,
  achieved_rate: Math.round(r.paced.achievedRate),
  messages_per_s: Math.round(r.total.messages / r.paced.seconds),
  kb_per_s: Math.round(r.total.bytes / r.paced.seconds / 1000),
  cpu_pct: r.total.cpu,
  drained: r.drained,
  overloaded: r.overloaded,
  status: r.overloaded ? 'overloaded' : r.drained ? 'ok' : 'lower-bound',
  ...(r.overloadReason ? { overload_reason: r.overloadReason } : {}),
  messages: r.total.messages,
  fired: r.paced.fired,
  max_lag_ms: r.maxLagMs,
  ...(r.recoveredSeconds !== undefined ? { recovered_s: r.recoveredSeconds } : {}),
});

/** Seconds a cell may take: quiet before, the events, the drain, and a reconnect if it overloads. */
const cellBudget = () => plan.quietSeconds / 2 + plan.cellSeconds + plan.drainSeconds + 1;

let currentN = 0;

async function cells(rig: Rig, target: Target, into: Map<string, Cell>) {
  for (const n of [...plan.ns].sort((a, b) => b - a)) {
    const connectSeconds = (rig.dirty ? n : Math.max(0, n - currentN)) / 150;
    if (secondsLeft() < plan.reserveSeconds + connectSeconds + cellBudget()) {
      skipped.push(`${target} N=${n}`);
      log(`${target} N=${n}: skipped, ${Math.round(secondsLeft())} s left`);
      continue;
    }
    await keep(rig, Math.min(n, currentN));
    if (currentN < n) {
      const t0 = performance.now();
      await connect(rig, target, currentN, n);
      log(`${target}: ${n} agents connected in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    }
    currentN = n;
    await sleep(500);
    if (target === 'product' && n === Math.max(...plan.ns)) {
      const m = await rig.server.call('memory', undefined);
      rss.at_n_kb = m.rssKb;
      rss.heap_at_n_kb = m.heapUsedKb;
    }
    for (const rate of plan.rates) {
      if (secondsLeft() < plan.reserveSeconds + (rig.dirty ? n / 150 : 0) + cellBudget()) {
        skipped.push(`${target} N=${n} ${rate}/s`);
        log(`${target} N=${n} ${rate}/s: skipped, ${Math.round(secondsLeft())} s left`);
        continue;
      }
      const r = await run(rig, target, rate, plan.cellSeconds, plan.drainSeconds, plan.quietSeconds);
      if (r.recoveredSeconds !== undefined) log(`  (first reconnected ${n} agents in ${r.recoveredSeconds} s: the cell before left a backlog)`);
      const c = cell(r);
      into.set(`${n}/${rate}`, c);
      const how = c.status === 'overloaded' ? ` OVERLOADED (${c.overload_reason}; ${c.messages} of the messages delivered until then)` : c.status === 'lower-bound' ? ' (still arriving at the cut)' : '';
      log(`${target} N=${n} ${rate}/s: p50 ${c.p50_ms} p99 ${c.p99_ms} max ${c.max_ms} ms${how}, ${c.messages_per_s} msgs/s, ${c.kb_per_s} KB/s, max lag ${c.max_lag_ms} ms, CPU % server ${c.cpu_pct.server} pbx ${c.cpu_pct.pbx} loads ${c.cpu_pct.loads}`);
    }
    if (withIngest && target === 'product' && n === plan.ingest.n) {
      log(`ingest at N=${n}`);
      ingest = await measureIngest(rig, plan, () => secondsLeft() - plan.reserveSeconds, log);
    }
  }
  if (target === 'product') firedByKind = await rig.pbx.call('events', 'product');
  // Close everything; a backlog the last cell left is read before the next target starts.
  if (rig.dirty) await recover(rig, target, 0);
  await keep(rig, 0);
  currentN = 0;
}

log(`plan ${plan.name}: N ${plan.ns.join('/')}, ${plan.rates.join('/')} events/s, ${plan.cellSeconds} s per cell, ${targets.join(' + ')}${withIngest ? ' + ingest' : ''}, deadline ${plan.deadlineSeconds} s`);
const population = buildPopulation(Math.max(...plan.ns, plan.ingest.n, plan.nodes?.n ?? 0));
log(`${population.agents.length} agents in ${population.tenants.length} tenants (largest ${population.tenants[0]!.extensions.length}); building the client and seeding the database`);
const [built, db] = await Promise.all([
  measureClientWeight(stopBuild.signal).then((w) => (log('client built'), w)),
  createBenchDatabase(population).then((d) => (log('database seeded'), d)),
]);
weight = built;
dropDatabase = db.drop;

const pbx = await start<PbxApi>('pbx', 'bench/procs/pbx.ts');
const queues = queuePlans(population);
const pbxStart = { tenants: population.tenants.map((t) => ({ domain: t.domain, extensions: t.extensions })), queues };
const eslPorts = await pbx.call('start', pbxStart);
const port = await freePort();
// The floor and the load processes start while the server does.
const others = Promise.all([
  start<FloorApi>('floor', 'bench/procs/floor.ts').then(async (f) => ({ floor: f, floorPort: await f.call('start', { eslPort: eslPorts.floor, password: ESL_PASSWORD }) })),
  Promise.all(Array.from({ length: plan.loadProcesses }, (_, i) => start<LoadApi>(`load-${i}`, 'bench/procs/load.ts'))),
]);
const server = await start<ServerApi>('server', 'bench/procs/server.ts', productServerEnv({ port, databaseUrl: db.url, dataDir, eslPort: eslPorts.product }));
await until('the server reading the PBX', () => pbx.call('productReady', undefined), 15);
const [{ floor, floorPort }, loads] = await others;
const rig: Rig = {
  pbx,
  server,
  floor,
  loads,
  eslPorts,
  urls: { product: `http://127.0.0.1:${port}`, floor: `http://127.0.0.1:${floorPort}` },
  tabs: population.agents.map((a, i) => ({ cookie: db.cookies[i]!, domain: population.tenants[a.tenant]!.domain })),
  connected: 0,
  dirty: false,
};
await sleep(1000);
const m0 = await server.call('memory', undefined);
rss.at_0_kb = m0.rssKb;
rss.heap_at_0_kb = m0.heapUsedKb;
log(`server up (RSS ${Math.round(rss.at_0_kb / 1024)} MiB), floor up; ${loads.length} load processes`);

if (targets.includes('product')) await cells(rig, 'product', product);
if (targets.includes('floor')) await cells(rig, 'floor', floorCells);
if (targets.includes('nodes') && plan.nodes) {
  const nodesPlan = { ...plan.nodes, seconds: plan.cellSeconds, drainSeconds: plan.drainSeconds, quietSeconds: plan.quietSeconds };
  if (secondsLeft() < plan.reserveSeconds + NODES_START_SECONDS + 2 * (nodesPlan.n / 150 + cellBudget())) {
    skipped.push(`nodes N=${nodesPlan.n} ${nodesPlan.rate}/s`);
    log(`nodes: skipped, ${Math.round(secondsLeft())} s left`);
  } else {
    twoNodes = await measureNodes(rig, start, { plan: nodesPlan, pbxStart, databaseUrl: db.url, dataDir }, log);
  }
}
// Last, on its own FreeSWITCH, Switchboard and database: whatever time the simulator cells left, up to the plan's bound.
if (!narrowed) {
  const phase = await realPbxPhase({ planSeconds: plan.realSeconds, secondsLeft: () => secondsLeft() - plan.reserveSeconds, start, log, loadAverage });
  realPbx = phase;
  if (phase.note) log(phase.note);
  if (phase.skipped) (skipped.push(phase.skipped), log(`${phase.skipped}: skipped`));
}

await cleanup();
children.length = 0;
write(results(false));
process.exit(0);
