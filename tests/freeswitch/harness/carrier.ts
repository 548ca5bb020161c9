// The carrier of the real-PBX tests: a call from outside to one of our DIDs,
// delivered by sipp (did-call.xml) to FreeSWITCH's external profile with no
// authentication, as a carrier does. Answers FreeSWITCH's final response.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePortRange } from './ports.ts';
import { runSipp } from './sipp.ts';

export interface CarrierCall {
  /** FreeSWITCH's final response, e.g. "SIP/2.0 200 OK" or "SIP/2.0 404 Not Found". */
  final: string;
  /** 0 when the call went as scripted (answered and held, or refused and ACKed). */
  code: number | null;
  output: string;
}

/**
 * Calls `did` on the external profile at `externalPort`, holds it `holdMs`
 * once answered, and runs `during` while the call is up.
 */
export async function callFromOutside(externalPort: number, did: string, holdMs: number, during?: () => Promise<void>): Promise<CarrierCall> {
  const dir = mkdtempSync(join(tmpdir(), 'sb-carrier-'));
  try {
    const log = join(dir, 'did-call.log');
    const run = await runSipp({
      target: externalPort,
      scenario: 'did-call.xml',
      values: { DID: did, FROM: '+12125550199', HOLD_MS: holdMs },
      args: ['-trace_logs', '-log_file', log, '-mp', String((await freePortRange(4))[0])],
      timeoutMs: holdMs + 30_000,
    });
    await during?.();
    const { code, output } = await run.done;
    const final = /FINAL (SIP\/2\.0 [^\r\n]*)/.exec(readFileSync(log, 'utf8'))?.[1] ?? '';
    return { final, code, output };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
