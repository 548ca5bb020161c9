// Do Not Disturb against a real FreeSWITCH. Saved on My Account (the REST
// call the web page makes) or dialled on a SIP phone (*78 on, *79 off), it
// must reach the owner's screen (a live patch), the database, and
// FreeSWITCH itself: a SIP call to the extension is answered by its
// voicemail without the phone ringing, and a `user/1001@…` bridge (queues,
// other users' follow-me) fails at once with USER_BUSY, which only happens
// if FreeSWITCH's cached directory entry was flushed. The phone of 1001 is a
// sipp that logs every INVITE and declines it (603), so "it rang" and "it
// did not" are the phone's own words, and a call that reached it ends with
// CALL_REJECTED, told apart from DND's USER_BUSY.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { follow, watchFigures, type LiveSocket, type LiveView } from '../helpers/live-client.ts';
import { waitFor } from '../helpers/wait.ts';
import { freePort, freePortRange } from './harness/ports.ts';
import { runSipp, sippSucceeds, type SippRun } from './harness/sipp.ts';
import { realPbxSuite } from './harness/stack.ts';

const stack = realPbxSuite(test);
const DOMAIN = 'acme.pbx.test';
const logs = mkdtempSync(join(tmpdir(), 'sb-dnd-'));
let phone: SippRun | undefined;
let phoneLog = '';
let socket: LiveSocket | undefined;
let view: LiveView;
const passwords: Record<string, string> = {};

test.after(() => {
  phone?.kill();
  socket?.close();
  rmSync(logs, { recursive: true, force: true });
});

const password = async (ext: string) => (passwords[ext] ??= await stack.sipPassword(DOMAIN, ext));

/** How many calls reached 1001's phone so far (its own log). */
const rings = () => {
  try {
    return (readFileSync(phoneLog, 'utf8').match(/^INVITE /gm) ?? []).length;
  } catch {
    return 0;
  }
};

/** The DND flag in the database: the truth the served directory and dialplan read. */
async function dndInDatabase(): Promise<boolean> {
  const rows = await stack.switchboard.orm.em
    .fork()
    .getConnection()
    .execute('select e.dnd from extensions e join tenants t on t.id = e.tenant_id where t.domain = ? and e.number = ?', [DOMAIN, '1001']);
  return rows[0]!.dnd as boolean;
}

/** A call placed by FreeSWITCH to `user/1001@…`, as a queue or a follow-me leg does: what originate answers. */
const originateTo1001 = async () => (await stack.fs.api(`originate {originate_timeout=8}user/1001@${DOMAIN} &park`)).trim();

/** 10 s of a 440 Hz tone as raw 8 kHz mu-law: what call.xml's phone says (sipp's rtp_stream sends the bytes as PCMU). */
let audioFile: string | undefined;
function audio(): string {
  if (!audioFile) {
    audioFile = join(logs, 'speech.ulaw');
    execFileSync('sox', ['-n', '-r', '8000', '-c', '1', '-e', 'u-law', '-t', 'raw', audioFile, 'synth', '10', 'sine', '440', 'vol', '0.5']);
  }
  return audioFile;
}

let calls = 0;
/** One SIP call from `from` to `dest` (call.xml); FreeSWITCH's final response's status line. */
async function call(from: string, dest: string, holdMs = 3000, during?: () => Promise<void>): Promise<string> {
  const log = join(logs, `call-${++calls}.log`);
  const run = await runSipp({
    target: stack.fs.ports.sip,
    scenario: 'call.xml',
    values: { USER: from, DOMAIN, PASS: await password(from), DEST: dest, HOLD_MS: holdMs, AUDIO: audio() },
    args: ['-trace_logs', '-log_file', log, '-mp', String((await freePortRange(4))[0])],
    timeoutMs: holdMs + 20_000,
  });
  await during?.();
  const { code, output } = await run.done;
  assert.is(code, 0, `sipp call ${from} → ${dest}: ${output.slice(-1500)}`);
  const final = /FINAL (SIP\/2\.0 [^\r\n]*)/.exec(readFileSync(log, 'utf8'))?.[1];
  assert.ok(final, 'the call logged FreeSWITCH\'s final response');
  return final!;
}

/** What FreeSWITCH's channels say about calls to 1001: the application each runs. */
async function channelsTo1001(): Promise<{ application: string; applicationData: string }[]> {
  const out = JSON.parse(await stack.fs.api('show channels as json')) as { rows?: Record<string, string>[] };
  return (out.rows ?? []).filter((r) => r.dest === '1001').map((r) => ({ application: r.application ?? '', applicationData: r.application_data ?? '' }));
}

const dndOnScreen = () => view.extensions['1001']?.state.dnd;

/** DND's call-center rule: 1001's mod_callcenter agent goes On Break with DND, Available without. */
const agentStatusIs = (status: string) =>
  waitFor(async () => (await stack.fs.api('callcenter_config agent get status 1001@acme.pbx.test')).trim() === status, 5000, `mod_callcenter to say agent 1001 is ${status}`, 100);

test.before(async () => {
  // 1001's phone: a declining UAS, registered with register-for.xml on its port.
  const port = await freePort();
  phoneLog = join(logs, 'phone.log');
  phone = await runSipp({
    target: stack.fs.ports.sip,
    scenario: 'decline-phone.xml',
    values: {},
    port,
    args: ['-m', '1000', '-trace_logs', '-log_file', phoneLog],
    timeoutMs: 200_000,
  });
  await sippSucceeds({
    target: stack.fs.ports.sip,
    scenario: 'register-for.xml',
    values: { USER: '1001', DOMAIN, PASS: await password('1001'), EXPIRES: 600, HOLD_MS: 0, CONTACT_PORT: port },
  });
  socket = stack.connect(await stack.signIn('agent@acme.test'));
  view = follow(socket);
  await waitFor(() => view.snapshots === 1, 10_000, 'the first snapshot');
  await watchFigures(socket, view);
  await waitFor(() => view.figures?.state.devices === 1, 10_000, 'the counters with 1001 registered');
  assert.is(dndOnScreen(), false);
});

test('DND saved on My Account: the screen, the database, and FreeSWITCH send callers to voicemail', async () => {
  // DND off: FreeSWITCH reaches the phone (and caches 1001's directory entry).
  assert.is(await originateTo1001(), '-ERR CALL_REJECTED', 'the phone rang and declined');
  assert.is(rings(), 1);

  const res = await fetch(`${stack.url}/api/account/extensions/1001/dnd`, {
    method: 'PUT',
    headers: { cookie: await stack.signIn('agent@acme.test'), 'content-type': 'application/json' },
    body: JSON.stringify({ dnd: true }),
  });
  assert.is(res.status, 200, await res.clone().text());
  assert.is(((await res.json()) as { dnd: boolean }).dnd, true);
  await waitFor(() => dndOnScreen() === true, 3000, 'the DND patch on the owner\'s screen');
  assert.ok(view.patches.some((p) => p.scope === 'ext:1001' && (p.set as { dnd?: boolean }).dnd === true), 'a patch carried it');
  assert.is(await dndInDatabase(), true);
  await agentStatusIs('On Break');

  // The directory entry FreeSWITCH cached a moment ago was flushed: busy at once, the phone silent.
  assert.is(await originateTo1001(), '-ERR USER_BUSY', 'a user/ bridge to an extension on DND');
  assert.is(rings(), 1, 'the phone did not ring');

  // A SIP phone calling 1001 is answered by 1001's voicemail; 1001's phone never rings.
  let during: { application: string; applicationData: string }[] = [];
  const final = await call('1002', '1001', 3000, async () => {
    let rows: { application: string; applicationData: string }[] = [];
    try {
      await waitFor(async () => (rows = await channelsTo1001()).some((r) => r.application === 'voicemail'), 5000, 'FreeSWITCH to run voicemail for the call', 100);
    } catch (err) {
      process.stderr.write(`channels to 1001: ${JSON.stringify(rows)}\nFreeSWITCH log:\n${stack.fs.log().split('\n').slice(-80).join('\n')}\n`);
      throw err;
    }
    during = rows;
  });
  assert.is(final, 'SIP/2.0 200 OK', 'the caller is answered (by voicemail), not refused');
  assert.equal(during.find((r) => r.application === 'voicemail')?.applicationData, `default ${DOMAIN} 1001`);
  assert.is(rings(), 1, 'the phone did not ring');
});

test('*79 and *78 dialled on the phone flip DND live on screen, in the database and in FreeSWITCH', async () => {
  assert.is(await dndInDatabase(), true, 'still on from the previous test');
  const patches = view.patches.length;

  // *79: FreeSWITCH answers the feature code, plays the tone and hangs up.
  assert.is(await call('1001', '*79', 5000), 'SIP/2.0 200 OK');
  await waitFor(() => dndOnScreen() === false, 5000, 'DND off on screen');
  assert.ok(view.patches.slice(patches).some((p) => p.scope === 'ext:1001' && (p.set as { dnd?: boolean }).dnd === false));
  assert.is(await dndInDatabase(), false);
  await agentStatusIs('Available');
  const before = rings();
  assert.is(await originateTo1001(), '-ERR CALL_REJECTED', 'the phone rings again');
  assert.is(rings(), before + 1);

  // *78: on again; the entry cached by that call is flushed again.
  assert.is(await call('1001', '*78', 5000), 'SIP/2.0 200 OK');
  await waitFor(() => dndOnScreen() === true, 5000, 'DND on on screen');
  assert.is(await dndInDatabase(), true);
  await agentStatusIs('On Break');
  assert.is(await originateTo1001(), '-ERR USER_BUSY');
  assert.is(rings(), before + 1, 'the phone did not ring');

  // Back off from My Account, so the file leaves the seed as it found it.
  const res = await fetch(`${stack.url}/api/account/extensions/1001/dnd`, {
    method: 'PUT',
    headers: { cookie: await stack.signIn('agent@acme.test'), 'content-type': 'application/json' },
    body: JSON.stringify({ dnd: false }),
  });
  assert.is(res.status, 200);
  await waitFor(() => dndOnScreen() === false, 3000, 'DND off on screen');
});

test.run();
