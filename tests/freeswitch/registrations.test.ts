// Two devices of one user against a real FreeSWITCH: both registered, one
// says goodbye, the other lapses; a phone that restarts on the same contact;
// and an ESL outage during which devices come and go. Throughout, what the
// user sees (the live patches followed as the browser does) must be exactly
// what FreeSWITCH holds: `show registrations` (the core table Switchboard
// reads back after a reconnect) and `sofia status profile internal reg`
// (sofia's own table, the one its events come from), compared by Call-ID,
// contact and expiry, not only by count.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { Device } from '../../common/live.ts';
import { follow, watchFigures, type LiveSocket, type LiveView } from '../helpers/live-client.ts';
import { sleep, waitFor } from '../helpers/wait.ts';
import { freePort } from './harness/ports.ts';
import { runSipp, type SippRun } from './harness/sipp.ts';
import { realPbxSuite } from './harness/stack.ts';
import { tcpProxy, type TcpProxy } from './harness/tcp-proxy.ts';

/** sofia keeps a lapsed registration this long (vars.xml SIP_EXPIRES_LATE_MARGIN; 60 s in production). */
const MARGIN_S = 2;
let esl: TcpProxy | undefined;
const stack = realPbxSuite(test, {
  freeswitchEnv: () => ({ SIP_EXPIRES_LATE_MARGIN: String(MARGIN_S) }),
  // Switchboard's event socket goes through a relay the test can cut.
  eslVia: async (port) => (esl = await tcpProxy(port)).port,
});
test.after(async () => {
  await esl?.close();
});

const DOMAIN = 'acme.pbx.test';
const USER = '1001';

interface Seen {
  callId: string;
  contact: string;
  /** Unix seconds: when the device's own registration runs out. */
  expiresAt: number;
}

const byCallId = (a: Seen, b: Seen) => a.callId.localeCompare(b.callId);

/** `show registrations as json`, read with JSON.parse only (not with our parser: it is the judge). */
async function showRegistrations(): Promise<Seen[]> {
  const out = JSON.parse(await stack.fs.api('show registrations as json')) as { rows?: Record<string, string>[] };
  return (out.rows ?? [])
    .filter((r) => r.reg_user === USER && r.realm === DOMAIN)
    .map((r) => ({
      callId: r.token!,
      contact: r.url!.replace(/^sofia\/internal\//, ''),
      // reg time + expires + sip-expires-late-margin
      expiresAt: Number(r.expires) - MARGIN_S,
    }))
    .sort(byCallId);
}

/** `sofia status profile internal reg`: blocks of `Name: \tvalue` lines. */
async function sofiaRegistrations(): Promise<{ callId: string; contact: string }[]> {
  const out = await stack.fs.api('sofia status profile internal reg');
  return out
    .split(/\n\s*\n/)
    .map((block) => Object.fromEntries([...block.matchAll(/^([A-Za-z-]+):\s*\t(.*)$/gm)].map((m) => [m[1], m[2]!.trim()])))
    .filter((b) => b['Call-ID'] && b.User === `${USER}@${DOMAIN}`)
    .map((b) => ({ callId: b['Call-ID']!, contact: /<([^>]*)>/.exec(b.Contact!)?.[1] ?? b.Contact! }))
    .sort((a, b) => a.callId.localeCompare(b.callId));
}

const liveDevices = (view: LiveView): Seen[] =>
  (view.extensions[USER]?.state.devices ?? [])
    .map((d: Device) => ({ callId: d.callId, contact: d.contact, expiresAt: d.expiresAt }))
    .sort(byCallId);

const ids = (list: { callId: string; contact: string }[]) => list.map((d) => `${d.callId} ${d.contact}`);

/**
 * Waits until the screen and both FreeSWITCH tables hold `n` devices of 1001,
 * then asserts they are the same devices (Call-ID, contact) with the same
 * expiry (±1 s: sofia stamps its event a moment after it took the time of the
 * REGISTER) and that the dashboard's devices figure says `n`.
 */
async function converged(view: LiveView, n: number, ms = 10_000, what = `${n} devices`) {
  let last: { core: Seen[]; sofia: { callId: string; contact: string }[]; live: Seen[] } | undefined;
  const same = (a: string[], b: string[]) => a.join('\n') === b.join('\n');
  try {
    await waitFor(
      async () => {
        const [core, sofia] = await Promise.all([showRegistrations(), sofiaRegistrations()]);
        last = { core, sofia, live: liveDevices(view) };
        return core.length === n && view.figures?.state.devices === n && same(ids(last.live), ids(core)) && same(ids(sofia), ids(core));
      },
      ms,
      `${what} on screen, in show registrations and in sofia`,
      200,
    );
  } catch (err) {
    process.stderr.write(`last seen: ${JSON.stringify(last, null, 1)}\n`);
    throw err;
  }
  const seen = last!;
  assert.equal(ids(seen.live), ids(seen.core), 'the screen holds the devices show registrations lists');
  assert.equal(ids(seen.sofia), ids(seen.core), 'sofia and the core table agree');
  seen.live.forEach((d, i) => {
    const diff = Math.abs(d.expiresAt - seen.core[i]!.expiresAt);
    assert.ok(diff <= 1, `expiry of ${d.callId}: screen ${d.expiresAt}, FreeSWITCH ${seen.core[i]!.expiresAt}`);
  });
  assert.is(view.figures?.state.activeExtensions, n > 0 ? 1 : 0, 'active extensions');
  return seen;
}

let password: string | undefined;

async function register(options: { expires: number; holdMs: number; unregister?: boolean; port?: number }): Promise<SippRun> {
  // Read once, while Switchboard (and its database connection) is up.
  const pass = (password ??= await stack.sipPassword(DOMAIN, USER));
  return runSipp({
    target: stack.fs.ports.sip,
    scenario: 'register.xml',
    values: { USER, DOMAIN, PASS: pass, EXPIRES: options.expires, HOLD_MS: options.holdMs },
    parts: options.unregister ? ['UNREGISTER'] : [],
    port: options.port,
    timeoutMs: options.holdMs + 15_000,
  });
}

/** Signs in as 1001's owner and follows the live state until the first snapshot. */
async function watch(): Promise<{ view: LiveView; socket: LiveSocket }> {
  const socket = stack.connect(await stack.signIn('agent@acme.test'));
  const view = follow(socket);
  await waitFor(() => view.snapshots === 1, 5000, 'the first snapshot');
  // The Dashboard is open: the device counts come too.
  await watchFigures(socket, view);
  return { view, socket };
}

const sippRuns: SippRun[] = [];
const sockets: LiveSocket[] = [];
test.after.each(() => {
  for (const run of sippRuns.splice(0)) run.kill();
  for (const socket of sockets.splice(0)) socket.close();
});

async function phone(options: Parameters<typeof register>[0]) {
  const run = await register(options);
  sippRuns.push(run);
  return run;
}

test('two devices at once → 2; one unregisters → 1; the other lapses → 0, on screen as in FreeSWITCH', async () => {
  const { view, socket } = await watch();
  sockets.push(socket);
  await converged(view, 0);

  // The desk phone says goodbye long before the mobile lapses (reg + 20 s + the
  // margin, then the core table's 15 s sweep): a slow machine must not see the
  // mobile gone from show registrations before the desk phone's unregister.
  const desk = await phone({ expires: 3600, holdMs: 5000, unregister: true });
  const mobile = await phone({ expires: 20, holdMs: 120_000 });
  const two = await converged(view, 2);
  assert.equal(
    two.live.map((d) => d.contact.replace(/;.*$/, '')).sort(),
    [`sip:${USER}@127.0.0.1:${desk.port}`, `sip:${USER}@127.0.0.1:${mobile.port}`].sort(),
    'each contact is the device that registered',
  );

  const { code, output } = await desk.done;
  assert.is(code, 0, `the desk phone registered and unregistered: ${output.slice(-800)}`);
  const one = await converged(view, 1, 5000, 'the desk phone gone');
  assert.match(one.live[0]!.contact, `:${mobile.port};`);

  // The mobile never refreshes: sofia drops it in its 30 s sweep after
  // reg time + 20 s + the margin, and says so with sofia::expire.
  mobile.kill();
  const patchesBefore = view.patches.length;
  // The core table (show registrations) is swept every 15 s, sofia's every
  // 30 s: for a while FreeSWITCH disagrees with itself, and the screen
  // follows sofia's event. Time when each dropped it.
  const gone: { core?: number; sofia?: number; live?: number } = {};
  const t0 = Date.now();
  await waitFor(
    async () => {
      const [core, sofia] = await Promise.all([showRegistrations(), sofiaRegistrations()]);
      const at = Date.now() - t0;
      if (core.length === 0) gone.core ??= at;
      if (sofia.length === 0) gone.sofia ??= at;
      if (liveDevices(view).length === 0) gone.live ??= at;
      return gone.core !== undefined && gone.sofia !== undefined && gone.live !== undefined;
    },
    60_000,
    'the lapsed mobile to be dropped by FreeSWITCH and on screen',
    250,
  );
  process.stdout.write(`\n  lapse: show registrations dropped it after ${gone.core} ms, sofia after ${gone.sofia} ms, the screen after ${gone.live} ms\n`);
  assert.ok(gone.live! >= gone.sofia! - 500, 'the screen drops it when sofia does (sofia::expire), never before');
  assert.ok(gone.live! - gone.sofia! <= 1500, 'and at once');
  await converged(view, 0, 5000, 'the lapsed mobile dropped');
  const figure = view.patches.slice(patchesBefore).find((p) => p.scope === 'figures' && 'devices' in p.set);
  assert.is((figure?.set as { devices?: number } | undefined)?.devices, 0, 'the devices figure fell to 0 by a patch');
});

test('a phone that restarts on the same contact with a new Call-ID replaces its old registration', async () => {
  const { view, socket } = await watch();
  sockets.push(socket);
  await converged(view, 0);
  const port = await freePort();
  const before = await phone({ expires: 3600, holdMs: 120_000, port });
  const [first] = (await converged(view, 1)).live;
  before.kill();
  await sleep(200);
  // sipp's Call-ID carries its pid: the same contact, a new Call-ID, as a rebooted phone sends.
  const after = await phone({ expires: 3600, holdMs: 8000, port, unregister: true });
  const replaced = await waitFor(
    async () => {
      const core = await showRegistrations();
      return core.length === 1 && core[0]!.callId !== first!.callId ? core : undefined;
    },
    10_000,
    'FreeSWITCH to hold only the new registration',
    200,
  );
  const [second] = (await converged(view, 1)).live;
  assert.is(second!.callId, replaced[0]!.callId, 'the screen shows the new registration only');
  assert.is((await after.done).code, 0);
  await converged(view, 0, 5000, 'the restarted phone unregistered');
});

test('the event socket cut while devices come and go: the resync replaces what the screen held', async () => {
  const { view, socket } = await watch();
  sockets.push(socket);
  await converged(view, 0);
  const leaving = await phone({ expires: 3600, holdMs: 8000, unregister: true });
  const staying = await phone({ expires: 3600, holdMs: 120_000 });
  await converged(view, 2);

  esl!.cut();
  await waitFor(() => view.tenant?.state.pbxConnected === false, 5000, 'the screen to say the PBX link is down');
  // While Switchboard hears nothing: one device says goodbye, a new one registers.
  assert.is((await leaving.done).code, 0, 'the leaving phone unregistered');
  const arriving = await phone({ expires: 600, holdMs: 120_000 });
  await waitFor(async () => (await showRegistrations()).length === 2 && (await sofiaRegistrations()).length === 2, 10_000, 'FreeSWITCH to hold the staying and the arriving phone', 200);
  assert.equal(liveDevices(view).length, 2, 'the screen still shows what it knew');
  esl!.restore();

  await waitFor(() => view.tenant?.state.pbxConnected === true, 15_000, 'the link back up');
  const seen = await converged(view, 2);
  assert.equal(
    seen.live.map((d) => d.contact.replace(/;.*$/, '')).sort(),
    [`sip:${USER}@127.0.0.1:${staying.port}`, `sip:${USER}@127.0.0.1:${arriving.port}`].sort(),
    'the staying and the arriving phone, read back from show registrations',
  );
  const arrived = seen.live.find((d) => d.contact.includes(`:${arriving.port};`))!;
  const left = arrived.expiresAt - Math.floor(Date.now() / 1000);
  assert.ok(left > 585 && left <= 600, `the expiry is the device's own (${left} s left), not plus sofia's margin`);
});

test('Switchboard restarted while a device registers: the new server shows the truth FreeSWITCH holds', async () => {
  let { view, socket } = await watch();
  await converged(view, 2, 5000, 'the two devices of the previous test');
  socket.close();
  await stack.stopSwitchboard();
  const late = await phone({ expires: 600, holdMs: 12_000, unregister: true });
  await waitFor(async () => (await showRegistrations()).length === 3, 10_000, 'FreeSWITCH to hold three devices', 200);
  await stack.startSwitchboard();
  ({ view, socket } = await watch());
  sockets.push(socket);
  const seen = await converged(view, 3);
  assert.ok(seen.live.some((d) => d.contact.includes(`:${late.port};`)), 'the device that registered while Switchboard was down');
  assert.is((await late.done).code, 0);
  await converged(view, 2, 5000, 'its unregister, seen live after the restart');
});

test.run();
