// `npm run faults [-- --only=esl,postgres]`: the fault matrix. Each fault is
// injected into a real stack (FreeSWITCH from freeswitch/conf, Switchboard,
// PostgreSQL and Redis reached through loopback relays that are cut, never
// the shared servers themselves) while sipp keeps calls and registrations
// flowing and socket clients watch; measured by faults/measure.ts. Bounded:
// every wait has a limit, the traffic is a few calls a second, all on
// 127.0.0.1. Prints a table, writes faults/results/latest.json and the
// README's fault table (between its markers); exits 1 when a fault failed.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { freeswitchInstalled, FREESWITCH_PREFIX } from '../tests/freeswitch/harness/freeswitch.ts';
import { eslFlaps, freeswitchRestart, postgresCut, postgresLock, redisCut } from './faults.ts';
import { measureFault, type FaultResult, type Injected } from './measure.ts';
import { killedNode } from './node-kill.ts';
import { FAX_NODE_KILL, FAX_NODE_KILL_ALONE, killedNodeMidFax } from './fax-node-kill.ts';
import { FAX_SPOOL_FULL, faxSpoolFull } from './fax-disk-full.ts';
import { startRig, type Rig, type RigOptions } from './rig.ts';
import { faultTable } from './table.ts';

const RESULTS = new URL('./results/', import.meta.url);
const README = new URL('../README.md', import.meta.url);
const START = '<!-- faults:start (npm run faults writes this table) -->';
const END = '<!-- faults:end -->';

interface Planned {
  key: string;
  fault: string;
  inject: (rig: Rig) => Promise<Injected>;
}

/** Faults sharing one rig run one after another on it; each group gets a fresh rig. */
const GROUPS: { rig: RigOptions; faults: Planned[] }[] = [
  {
    rig: {},
    faults: [
      { key: 'esl', fault: 'ESL link cut and restored 10 times in 10 s', inject: eslFlaps(10, 1000) },
      { key: 'postgres', fault: 'PostgreSQL unreachable for 5 s', inject: postgresCut(5000) },
      { key: 'postgres-slow', fault: 'PostgreSQL slow: CDR table locked for 5 s', inject: postgresLock(5000) },
      { key: 'freeswitch', fault: 'FreeSWITCH restarted', inject: freeswitchRestart },
    ],
  },
  { rig: { secondNode: true }, faults: [{ key: 'redis', fault: 'Redis unreachable for 5 s (two nodes)', inject: redisCut(5000) }] },
  // A fax retried after a full disk goes again within seconds, not the deployment's 2 minutes.
  { rig: { env: { FAX_RETRY_DELAY_S: '2' } }, faults: [{ key: 'fax-disk-full', fault: FAX_SPOOL_FULL, inject: faxSpoolFull }] },
];

if (!freeswitchInstalled()) {
  console.error(`npm run faults needs FreeSWITCH at ${FREESWITCH_PREFIX} (README, "Real FreeSWITCH"), or FREESWITCH_PREFIX set.`);
  process.exit(1);
}
const only = process.argv.find((a) => a.startsWith('--only='))?.slice('--only='.length).split(',');
const wanted = (key: string) => !only || only.includes(key);
const started = performance.now();
const results: FaultResult[] = [];
for (const group of GROUPS) {
  const faults = group.faults.filter((f) => wanted(f.key));
  if (!faults.length) continue;
  const rig = await startRig(group.rig);
  try {
    for (const f of faults) {
      console.log(`${f.fault}…`);
      const result = await measureFault(rig, f.fault, f.inject);
      console.log(`  ${JSON.stringify(result)}`);
      results.push(result);
    }
  } finally {
    await rig.close();
  }
}
if (wanted('node-kill')) {
  console.log('Switchboard node killed (SIGKILL) mid-call…');
  const result = await killedNode();
  console.log(`  ${JSON.stringify(result)}`);
  results.push(result);
}
for (const [key, fault, alone] of [['fax-node-kill', FAX_NODE_KILL, false], ['fax-node-kill-alone', FAX_NODE_KILL_ALONE, true]] as const) {
  if (!wanted(key)) continue;
  console.log(`${fault}…`);
  const result = await killedNodeMidFax({ alone });
  console.log(`  ${JSON.stringify(result)}`);
  results.push(result);
}

const summary = {
  date: new Date().toISOString(),
  machine: `${cpus()[0]?.model.trim()}, ${cpus().length} cores, Node ${process.version}`,
  seconds: Math.round((performance.now() - started) / 1000),
  loadAverage: Number(loadavg()[0]!.toFixed(1)),
  results,
};
mkdirSync(RESULTS, { recursive: true });
writeFileSync(new URL(only ? 'partial.json' : 'latest.json', RESULTS), `${JSON.stringify(summary, null, 2)}\n`);
const table = faultTable(results);
console.log(`\n${table}`);
for (const r of results) for (const n of r.notes) console.log(`${r.fault}: ${n}`);
if (!only) {
  const readme = readFileSync(README, 'utf8');
  const from = readme.indexOf(START);
  const to = readme.indexOf(END);
  if (from !== -1 && to > from) {
    const heading = `Last run: ${summary.date.slice(0, 16).replace('T', ' ')} UTC, ${summary.machine}, ${summary.seconds} s, load average ${summary.loadAverage}.`;
    writeFileSync(README, `${readme.slice(0, from + START.length)}\n${heading}\n\n${table}\n${readme.slice(to)}`);
  }
}
process.exit(results.every((r) => r.pass) ? 0 : 1);
