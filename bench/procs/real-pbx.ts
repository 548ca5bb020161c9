// The real-PBX stack of bench/real.ts in a process of its own: the same
// stack the real-PBX tests and the fault matrix use (tests/freeswitch/harness/
// stack.ts: FreeSWITCH from freeswitch/conf on free loopback ports, a
// Switchboard pointed at it, a database of its own with the demo seed), here
// in production mode. Its own process so that its CPU is Switchboard's alone
// (FreeSWITCH is a child of it, counted apart by its pid); closed by the
// orchestrator's `close`, and on exit FreeSWITCH is killed with it.
import { readdirSync, readFileSync } from 'node:fs';
import { startRealPbx, type RealPbx } from '../../tests/freeswitch/harness/stack.ts';
import { serve } from './serve.ts';

let stack: RealPbx | undefined;

/** FreeSWITCH's pid: the child of this process whose command is freeswitch. */
function freeswitchPid(): number {
  for (const task of readdirSync('/proc/self/task')) {
    for (const pid of readFileSync(`/proc/self/task/${task}/children`, 'utf8').trim().split(/\s+/).filter(Boolean)) {
      if (readFileSync(`/proc/${pid}/comm`, 'utf8').trim() === 'freeswitch') return Number(pid);
    }
  }
  throw new Error('no FreeSWITCH child found');
}

const handlers = {
  async start() {
    stack = await startRealPbx({ env: { NODE_ENV: 'production', COOKIE_SECURE: 'false', LOG_LEVEL: 'warn' } });
    const rows = await stack.sql<{ address: string; sip_password: string }>(
      "select e.number || '@' || t.domain as address, e.sip_password from extensions e join tenants t on t.id = e.tenant_id",
    );
    return {
      url: stack.url,
      sipPort: stack.fs.ports.sip,
      eslPort: stack.fs.ports.esl,
      eslPassword: stack.fs.eslPassword,
      freeswitchPid: freeswitchPid(),
      /** SIP passwords by `extension@domain`. */
      passwords: Object.fromEntries(rows.map((r) => [r.address, r.sip_password])),
    };
  },
  /** One API command through fs_cli. */
  api: (command: string) => stack!.fs.api(command),
  async close() {
    // Killed, not shut down: nothing is left to measure, and FreeSWITCH's orderly shutdown takes 7–10 s of the cell's bound.
    await stack?.fs.kill();
    await stack?.close();
    stack = undefined;
  },
};

export type RealPbxApi = typeof handlers;
serve(handlers);
