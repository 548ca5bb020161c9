// `npx tsx bench/real.ts`: only the real-PBX cell of the bench
// (bench/real/phase.ts), for a look without the simulator cells; as long as
// the default plan gives it (REAL_SECONDS=… for another bound). Its result
// replaces the `real_pbx` key of bench/results/latest.json (the rest of the
// file is kept as it was); `npm run bench` measures it with everything else.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { guardProcesses, killAll, startChild, type Child } from './children.ts';
import { PLANS } from './plan.ts';
import { realPbxPhase } from './real/phase.ts';
import { realPbxTable } from './real/table.ts';
import { loadAverage, RESULTS_DIR } from './report/results.ts';

const seconds = Number(process.env.REAL_SECONDS ?? PLANS.default.realSeconds);
const started = performance.now();
const elapsed = () => (performance.now() - started) / 1000;
const log = (s: string) => console.log(`[${elapsed().toFixed(1).padStart(5)} s] ${s}`);
const children: Child<never>[] = [];
guardProcesses(async () => {
  await Promise.allSettled(children.map((c) => c.stop()));
  killAll();
});
const { result, note, skipped } = await realPbxPhase({
  planSeconds: seconds,
  secondsLeft: () => seconds - elapsed(),
  start: async (name, file) => {
    const child = await startChild(name, file);
    children.push(child as Child<never>);
    return child as never;
  },
  log,
  loadAverage,
});
if (!result) {
  console.log(note ?? `skipped: ${skipped}`);
  process.exit(0);
}
console.log(`\n${realPbxTable(result)}\n\n${Math.round(elapsed())} s in all`);
const file = join(RESULTS_DIR, 'latest.json');
mkdirSync(RESULTS_DIR, { recursive: true });
const latest = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>) : {};
writeFileSync(file, JSON.stringify({ ...latest, real_pbx: result }, null, 2) + '\n');
console.log('written: the real_pbx key of bench/results/latest.json');
process.exit(0);
