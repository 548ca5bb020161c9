// sipp (Debian's sip-tester) as the SIP phones of the real-PBX tests: each
// run is one device or one call, from a scenario in tests/freeswitch/sipp/
// with its @PLACEHOLDERS@ filled in, bound to 127.0.0.1 on a free port.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './ports.ts';

const SCENARIOS = new URL('../sipp/', import.meta.url).pathname;

export interface SippRun {
  /** The local SIP port (the device's contact). */
  port: number;
  child: ChildProcess;
  /** Resolves when sipp exits: 0 = every scenario step passed. */
  done: Promise<{ code: number | null; output: string }>;
  /** Stop it now (a device that vanishes without unregistering). */
  kill(): void;
}

/**
 * Fills `scenario`'s @NAME@ placeholders from `values`; a part between
 * `<!-- @PART -->` and `<!-- /@PART -->` is kept only when `parts` names it.
 */
export function scenarioText(scenario: string, values: Record<string, string | number>, parts: string[] = []): string {
  let text = readFileSync(join(SCENARIOS, scenario), 'utf8');
  text = text.replace(/<!-- @(\w+) -->([\s\S]*?)<!-- \/@\1 -->/g, (_, part: string, body: string) => (parts.includes(part) ? body : ''));
  return text.replace(/@([A-Z_]+)@/g, (whole, name: string) => {
    if (!(name in values)) throw new Error(`${scenario}: no value for @${name}@`);
    return String(values[name]);
  });
}

export interface SippOptions {
  /** FreeSWITCH's SIP port on 127.0.0.1. */
  target: number;
  scenario: string;
  values: Record<string, string | number>;
  parts?: string[];
  /** Extra sipp arguments (-rtp_echo, -mp, …). */
  args?: string[];
  /** Bound on the whole run. */
  timeoutMs?: number;
  port?: number;
}

export async function runSipp(options: SippOptions): Promise<SippRun> {
  const port = options.port ?? (await freePort());
  const dir = mkdtempSync(join(tmpdir(), 'sb-sipp-'));
  const file = join(dir, options.scenario);
  writeFileSync(file, scenarioText(options.scenario, { PORT: port, ...options.values }, options.parts));
  const timeout = Math.ceil((options.timeoutMs ?? 60_000) / 1000);
  const args = [
    `127.0.0.1:${options.target}`,
    '-sf', file,
    '-i', '127.0.0.1',
    '-p', String(port),
    '-m', '1',
    '-timeout', `${timeout}s`,
    '-timeout_error',
    '-nostdin',
    '-trace_err', '-error_file', join(dir, 'errors.log'),
    ...(options.args ?? []),
  ];
  const child = spawn('sipp', args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (d) => (output = (output + d).slice(-20_000)));
  child.stderr!.on('data', (d) => (output = (output + d).slice(-20_000)));
  const done = new Promise<{ code: number | null; output: string }>((resolve) => {
    child.once('exit', (code) => {
      let errors = '';
      try {
        errors = readFileSync(join(dir, 'errors.log'), 'utf8');
      } catch {
        /* no errors written */
      }
      rmSync(dir, { recursive: true, force: true });
      resolve({ code, output: `${output}\n${errors}`.trim() });
    });
  });
  running.add(child);
  child.once('exit', () => running.delete(child));
  return { port, child, done, kill: () => child.kill('SIGKILL') };
}

// Killed with the test process: one hook for every running sipp (the fault
// matrix runs more than ten at once, one hook each would trip Node's
// listener-leak warning).
const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

/** Runs a scenario to its end and throws with sipp's words when a step failed. */
export async function sippSucceeds(options: SippOptions): Promise<void> {
  const run = await runSipp(options);
  const { code, output } = await run.done;
  if (code !== 0) throw new Error(`sipp ${options.scenario} exited with ${code}:\n${output.slice(-3000)}`);
}
