// The SIP side of the real-PBX bench, all sipp with the real-PBX tests'
// own scenarios (tests/freeswitch/sipp/): one answering phone that every
// queue agent and the called extension register to, then for each step of
// the ramp three sipp runs at a rate (-r) for a few seconds — calls from
// 1001 to 1002, callers into the sales queue (answered by the agents'
// phone, or giving up), and registrations of 1010 (a refresh each) — and
// sipp's own count of what it placed and what failed.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, freePortRange } from '../../tests/freeswitch/harness/ports.ts';
import { runSipp, sippSucceeds, type SippRun } from '../../tests/freeswitch/harness/sipp.ts';
import { splitCalls } from './ramp.ts';
import { sippCounts, type SippCounts } from './sipp-stats.ts';

export const DOMAIN = 'acme.pbx.test';
const CALLER = '1001';
const CALLEE = '1002';
const QUEUE = 'sales';
/** A spare extension: the queue's callers. */
const QUEUE_CALLER = '1009';
/** A spare extension that registers again and again (each REGISTER a refresh). */
const REGISTERING = '1010';
/** The demo's agents (1001–1006, sales is 1001–1003), 1002 also the called extension: all registered to the answering phone. */
export const AGENTS = ['1001', '1002', '1003', '1004', '1005', '1006'];
/** How long a call to 1002 and a queue caller stay after the answer. */
const CALL_MS = 1000;
const QUEUE_CALL_MS = 1000;

export interface Sip {
  sipPort: number;
  /** SIP password by `extension@domain`. */
  passwords: Record<string, string>;
}

export interface StepTraffic {
  calls: SippCounts;
  registrations: SippCounts;
  /** What sipp said of the first failure of each stream that had one (its -trace_err lines), to name why calls failed. */
  failures: string[];
}

/** The answering phone, with every agent (and the called extension) registered to it. */
export async function startPhones(sip: Sip): Promise<{ close(): Promise<void> }> {
  const port = await freePort();
  const phone: SippRun = await runSipp({
    target: sip.sipPort,
    scenario: 'answer.xml',
    values: {},
    port,
    args: ['-m', '10000000', '-rtp_echo', '-mp', String((await freePortRange(4))[0])],
    timeoutMs: 15 * 60_000,
  });
  await Promise.all(
    AGENTS.map((user) =>
      sippSucceeds({
        target: sip.sipPort,
        scenario: 'register-for.xml',
        values: { USER: user, DOMAIN, PASS: sip.passwords[`${user}@${DOMAIN}`]!, EXPIRES: 600, HOLD_MS: 0, CONTACT_PORT: port },
        timeoutMs: 15_000,
      }),
    ),
  );
  return {
    async close() {
      phone.kill();
      await phone.done;
    },
  };
}

/** `rate` calls per second (two in three to 1002, the rest to the queue) and `rate` registrations per second, for `seconds`. */
export async function placeCalls(sip: Sip, rate: number, seconds: number): Promise<StepTraffic> {
  const dir = mkdtempSync(join(tmpdir(), 'sb-bench-sipp-'));
  const pass = (user: string) => sip.passwords[`${user}@${DOMAIN}`]!;
  const split = splitCalls(rate);
  const failures: string[] = [];
  const stream = async (name: string, perSecond: number, scenario: string, values: Record<string, string | number>, holdMs: number): Promise<SippCounts> => {
    const stats = join(dir, `${name}.csv`);
    const run = await runSipp({
      target: sip.sipPort,
      scenario,
      values,
      // At most 10 s of calls at once: a FreeSWITCH that stops answering does not pile up thousands.
      args: ['-r', String(perSecond), '-m', String(perSecond * seconds), '-l', String(perSecond * 10), '-trace_stat', '-stf', stats, '-fd', '1'],
      timeoutMs: seconds * 1000 + holdMs + 8000,
    });
    const { output } = await run.done;
    let counts: SippCounts = { placed: 0, succeeded: 0, failed: 0 };
    try {
      counts = sippCounts(readFileSync(stats, 'utf8'));
    } catch {
      /* no statistics written: nothing counted */
    }
    const said = output.split('\n').find((l) => /error|aborted|timeout|unexpected/i.test(l));
    // sipp's lines start with a date, a time and an epoch: what it saw is after them.
    if (counts.failed && said) failures.push(`${name}: ${said.replace(/^[\d\s:.-]+:\s*/, '').slice(0, 160)}`);
    return counts;
  };
  try {
    const [extension, queue, registrations] = await Promise.all([
      stream('extension', split.extension, 'cc-call.xml', { USER: CALLER, DEST: CALLEE, DOMAIN, PASS: pass(CALLER), CALL_MS }, CALL_MS),
      stream('queue', split.queue, 'cc-call.xml', { USER: QUEUE_CALLER, DEST: QUEUE, DOMAIN, PASS: pass(QUEUE_CALLER), CALL_MS: QUEUE_CALL_MS }, QUEUE_CALL_MS),
      stream('register', rate, 'register-for.xml', { USER: REGISTERING, DOMAIN, PASS: pass(REGISTERING), EXPIRES: 600, HOLD_MS: 0, CONTACT_PORT: await freePort() }, 0),
    ]);
    return {
      calls: { placed: extension.placed + queue.placed, succeeded: extension.succeeded + queue.succeeded, failed: extension.failed + queue.failed },
      registrations,
      failures,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
