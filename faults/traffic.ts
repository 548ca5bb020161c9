// The traffic that keeps flowing through real FreeSWITCH while a fault is
// injected: registered phones (1002 a sipp that answers every call, 1003–1005
// devices that only register) and a steady stream of calls from 1001, each a
// sipp run with its own Call-ID, held a few seconds and hung up by the
// caller: to 1002, and every third one to Globex's DID as an outside number
// (out through the carrier gateway, which the rig points at FreeSWITCH's own
// external profile, in again to Globex's 1001, another answering sipp), so
// Acme is debited for it.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, freePortRange } from '../tests/freeswitch/harness/ports.ts';
import { runSipp, sippSucceeds, type SippRun } from '../tests/freeswitch/harness/sipp.ts';

export const DOMAIN = 'acme.pbx.test';
const OUTSIDE = { domain: 'globex.pbx.test', extension: '1001', did: '+442079460101' };
const CALLER = '1001';
const CALLEE = '1002';
/** Phones that only register (their contacts listen nowhere: nothing calls them). */
const DEVICES = ['1003', '1004', '1005'];

export interface PlacedCall {
  callId: string;
  startedAt: number;
  /** sipp's exit code once it ended: 0 = answered, held and hung up with a 200 to its BYE. */
  code?: number | null;
}

export interface Traffic {
  calls: PlacedCall[];
  /** Registers every phone (again, after FreeSWITCH restarted: what phones do when their registration is gone). */
  register(): Promise<void>;
  /** Stops placing calls and waits for the ones under way to end. */
  drain(): Promise<void>;
  /** Starts placing calls again (after drain). */
  resume(): void;
  close(): Promise<void>;
}

export async function startTraffic(options: {
  sipPort: number;
  /** An extension's SIP password: (`1001`, `acme.pbx.test`). */
  password: (extension: string, domain: string) => string;
  /** A new call this often (at most `concurrent` at once). */
  everyMs?: number;
  holdMs?: number;
  concurrent?: number;
  label?: string;
}): Promise<Traffic> {
  const everyMs = options.everyMs ?? 700;
  const holdMs = options.holdMs ?? 2500;
  const concurrent = options.concurrent ?? 3;
  const label = options.label ?? 'fault';
  const dir = mkdtempSync(join(tmpdir(), 'sb-faults-'));
  // The caller speaks (call.xml streams it), the called phone echoes it back.
  const audio = join(dir, 'tone.ulaw');
  execFileSync('sox', ['-n', '-r', '8000', '-c', '1', '-e', 'u-law', '-t', 'raw', audio, 'synth', '10', 'sine', '440', 'vol', '0.5']);
  const calleePort = await freePort();
  const callee: SippRun = await runSipp({
    target: options.sipPort,
    scenario: 'answer.xml',
    values: {},
    port: calleePort,
    args: ['-m', '100000', '-rtp_echo', '-mp', String((await freePortRange(4))[0])],
    timeoutMs: 30 * 60_000,
  });
  const outsidePort = await freePort();
  const outside: SippRun = await runSipp({
    target: options.sipPort,
    scenario: 'answer.xml',
    values: {},
    port: outsidePort,
    args: ['-m', '100000', '-rtp_echo', '-mp', String((await freePortRange(4))[0])],
    timeoutMs: 30 * 60_000,
  });
  const devicePorts = await Promise.all(DEVICES.map(() => freePort()));

  const register = async () => {
    const phones: [string, string, number][] = [
      [CALLEE, DOMAIN, calleePort],
      [OUTSIDE.extension, OUTSIDE.domain, outsidePort],
      ...DEVICES.map((d, i): [string, string, number] => [d, DOMAIN, devicePorts[i]!]),
    ];
    await Promise.all(
      phones.map(([user, domain, contactPort]) =>
        sippSucceeds({
          target: options.sipPort,
          scenario: 'register-for.xml',
          values: { USER: user, DOMAIN: domain, PASS: options.password(user, domain), EXPIRES: 3600, HOLD_MS: 0, CONTACT_PORT: contactPort },
          timeoutMs: 15_000,
        }),
      ),
    );
  };

  const calls: PlacedCall[] = [];
  const running = new Set<Promise<void>>();
  let placing = true;
  let closed = false;
  let n = 0;
  const place = async () => {
    const call: PlacedCall = { callId: `${label}-${process.pid}-${++n}-${Date.now()}@faults`, startedAt: Date.now() };
    calls.push(call);
    const run = await runSipp({
      target: options.sipPort,
      scenario: 'call.xml',
      values: { USER: CALLER, DOMAIN, PASS: options.password(CALLER, DOMAIN), DEST: n % 3 === 0 ? OUTSIDE.did : CALLEE, HOLD_MS: holdMs, AUDIO: audio },
      args: ['-cid_str', call.callId, '-mp', String((await freePortRange(4))[0])],
      timeoutMs: holdMs + 20_000,
    });
    call.code = (await run.done).code;
  };
  const tick = () => {
    if (closed) return;
    if (placing && running.size < concurrent) {
      const p = place().catch(() => undefined);
      running.add(p);
      void p.finally(() => running.delete(p));
    }
    timer = setTimeout(tick, everyMs);
  };
  await register();
  let timer = setTimeout(tick, 0);

  return {
    calls,
    register,
    async drain() {
      placing = false;
      await Promise.all([...running]);
    },
    resume() {
      placing = true;
    },
    async close() {
      closed = true;
      clearTimeout(timer);
      await Promise.all([...running]);
      for (const phone of [callee, outside]) {
        phone.kill();
        await phone.done;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
