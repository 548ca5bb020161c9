// Runs every uvu suite under tests/ (or only the groups/paths given as
// arguments), each file in its own Node process so a server one file starts
// cannot leak into the next, and ends with the line "N passed, M failed".
import { spawn } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { FREESWITCH_PREFIX, freeswitchInstalled } from './freeswitch/harness/freeswitch.ts';

const GROUPS = ['unit', 'components', 'integration', 'freeswitch', 'browser'];
const FILE_TIMEOUT_MS = 240_000;
const root = new URL('.', import.meta.url).pathname;

const testFiles = (dir: string): string[] =>
  readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) return testFiles(path);
      return /\.test\.tsx?$/.test(name) ? [path] : [];
    });

const wanted = process.argv.slice(2);
// The real-PBX suite needs a FreeSWITCH. Without one it is skipped, saying
// so in one line; in CI (CI=true) it is mandatory and fails instead.
const realPbx = freeswitchInstalled() || process.env.CI === 'true';
const files = GROUPS.filter((g) => g !== 'freeswitch' || realPbx)
  .flatMap((g) => testFiles(join(root, g)))
  .filter((f) => wanted.length === 0 || wanted.some((w) => relative(root, f).startsWith(w) || f.includes(w)));
const realPbxSkipped = !realPbx && (wanted.length === 0 || wanted.some((w) => w.startsWith('freeswitch')));


// uvu prints "Total: N / Passed: N / Skipped: N" for the file it ran.
const count = (out: string, label: string) => Number(out.match(new RegExp(`${label}:\\s+(\\d+)`))?.[1] ?? 0);
const stripAnsi = (s: string) => s.replace(/\x1b\[[0-9;]*m/g, '');

// Component tests (Solid components on a happy-dom window, msw answering
// their REST calls) need Solid's JSX compiler and its browser build: their
// own runner sets that up, then runs the file.
const componentRunner = join(root, 'helpers', 'component-runner.mjs');
const isComponentTest = (file: string) => file.startsWith(join(root, 'components') + '/');

function runFile(file: string) {
  return new Promise<{ passed: number; failed: number; skipped: number }>((done) => {
    const args = isComponentTest(file) ? [componentRunner, file] : ['--import', 'tsx', file];
    const child = spawn(process.execPath, args, {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, FORCE_COLOR: '0', NODE_ENV: 'test' },
      detached: true,
    });
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      process.stdout.write(d);
    });
    child.stderr.on('data', (d) => process.stderr.write(d));
    const timer = setTimeout(() => {
      console.error(`\n${relative(root, file)}: still running after ${FILE_TIMEOUT_MS / 1000} s, killed`);
      try { process.kill(-child.pid!, 'SIGKILL'); } catch { /* already gone */ }
    }, FILE_TIMEOUT_MS);
    child.on('close', (code) => {
      clearTimeout(timer);
      const text = stripAnsi(out);
      const total = count(text, 'Total');
      const passed = count(text, 'Passed');
      const skipped = count(text, 'Skipped');
      // A file that crashed or exited non-zero counts at least one failure.
      const failed = Math.max(total - passed - skipped, code === 0 ? 0 : 1);
      done({ passed, failed, skipped });
    });
  });
}

let passed = 0;
let failed = 0;
let skipped = 0;
const failures: string[] = [];
for (const file of files) {
  console.log(`\n— ${relative(root, file)}`);
  const r = await runFile(file);
  passed += r.passed;
  failed += r.failed;
  skipped += r.skipped;
  if (r.failed) failures.push(relative(root, file));
}
if (failures.length) console.log(`\nFailed files:\n  ${failures.join('\n  ')}`);
if (realPbxSkipped) {
  console.log(
    `\nreal-PBX suite (tests/freeswitch) skipped: no FreeSWITCH at ${FREESWITCH_PREFIX}; install FreeSWITCH 1.10 there (README, "Real FreeSWITCH") or set FREESWITCH_PREFIX to run it.`,
  );
}
console.log(`\n${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed || files.length === 0 ? 1 : 0);
