// Every leg of a real call is one CDR row and at most one debit, however it
// reaches Switchboard: over ESL and mod_json_cdr both, over mod_json_cdr
// alone (the event socket cut by a relay), or from mod_json_cdr's spool
// replayed with `npm run cdr-replay` after Switchboard was down for the
// hangup. The judge is FreeSWITCH itself: its own CHANNEL_HANGUP_COMPLETE
// read by a raw ESL tap of the test's (not Switchboard's), the JSON document
// it spooled, and its log. The phones are sipp with quotes, a backslash,
// "%41" and non-ASCII in the caller ID, the Call-ID, X- headers and the SDP,
// so a value decoded, re-encoded or mangled anywhere shows.
import { execFile } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { waitFor } from '../helpers/wait.ts';
import { EslTap, jsonEvent } from './harness/esl-tap.ts';
import { freePort, freePortRange } from './harness/ports.ts';
import { runSipp, sippSucceeds } from './harness/sipp.ts';
import { realPbxSuite } from './harness/stack.ts';
import { tcpProxy, type TcpProxy } from './harness/tcp-proxy.ts';

let esl: TcpProxy | undefined;
const stack = realPbxSuite(test, {
  // Switchboard's event socket goes through a relay the test can cut.
  eslVia: async (port) => (esl = await tcpProxy(port)).port,
  // Two attempts a second apart, then the spool: the outage test stays short.
  freeswitchEnv: () => ({ JSON_CDR_RETRIES: '1', JSON_CDR_DELAY: '1' }),
});
test.after(async () => {
  tap?.close();
  await esl?.close();
});

const DOMAIN = 'acme.pbx.test';
/** In the From header's quoted display name (the backslashes are the SIP escapes, sent as they are). */
const CALLER_NAME = 'Zoë \\"Q\\" %41';
/**
 * What FreeSWITCH makes of it: sofia URL-decodes a display name that has a
 * "%" (check_decode in mod_sofia.h) and keeps the backslashes, so its own
 * caller ID for that leg says "A". The CDR must say what FreeSWITCH says.
 */
const CALLER_NAME_IN_FREESWITCH = 'Zoë \\"Q\\" A';
/** 1001's caller ID in the directory: what FreeSWITCH shows the called phone. */
const DIRECTORY_NAME = 'Zoë "Q" %41 & <Co>';
/** sipp's Call-ID (-cid_str): %% is sipp's own escape for one %. */
const CALL_ID = 'cdr-%%41-"q"\\-%u-%p@%s';

let tap: EslTap | undefined;
const phone = { callerPort: 0, calleePort: 0, pass1001: '' };
let creditBefore: { credit: string; version: number } | undefined;

type Event = Record<string, string>;
interface Row {
  uuid: string;
  extension: string | null;
  direction: string;
  caller_id_name: string;
  caller_id_number: string;
  destination: string;
  started_at: Date;
  answered_at: Date | null;
  ended_at: Date;
  duration: number;
  billsec: number;
  hangup_cause: string;
  read_codec: string;
  write_codec: string;
  sip_call_id: string;
  cost: string | null;
}

const rowsOf = (uuid: string) => stack.sql<Row>('select * from cdr where uuid = ?', [uuid]);

async function credit() {
  const [t] = await stack.sql<{ credit: string; credit_version: number }>('select credit::text as credit, credit_version from tenants where domain = ?', [DOMAIN]);
  return { credit: t!.credit, version: Number(t!.credit_version) };
}

interface Call {
  /** FreeSWITCH's CHANNEL_HANGUP_COMPLETE per leg UUID, as it wrote it. */
  legs: Map<string, Event>;
}

/**
 * 1001 calls `dest` (1002 answers, or a feature code that FreeSWITCH hangs
 * up itself); `during` runs while every leg is up.
 */
async function placeCall(dest: string, options: { holdMs?: number; during?: () => Promise<void> } = {}): Promise<Call> {
  const fs = stack.fs;
  const toPhone = dest === '1002';
  const before = hangups().length;
  // Each phone echoes the media it gets, as a live handset sends some: with
  // none coming in, FreeSWITCH's playback of the feature code's tone never ends.
  // -aa: FreeSWITCH's message-waiting NOTIFYs to the bound contact get a 200, not a failed scenario.
  const media = async () => ['-aa', '-rtp_echo', '-mp', String((await freePortRange(4))[0])];
  const callee = toPhone
    ? await runSipp({ target: fs.ports.sip, scenario: 'cdr-answer.xml', values: {}, port: phone.calleePort, args: await media(), timeoutMs: 40_000 })
    : undefined;
  // An INVITE sent before sipp listens is refused (ICMP), and FreeSWITCH gives up on the leg at once.
  if (callee) {
    let exited: string | undefined;
    void callee.done.then(({ output }) => (exited = output));
    await waitFor(
      () => {
        if (exited !== undefined) throw new Error(`the called phone (sipp) exited before it listened:\n${exited}`);
        return udpListening(phone.calleePort);
      },
      10_000,
      'the called phone to listen',
      20,
    );
  }
  const caller = await runSipp({
    target: fs.ports.sip,
    scenario: 'cdr-call.xml',
    port: phone.callerPort,
    values: { USER: '1001', PASS: phone.pass1001, DOMAIN, DEST: dest, CALLER_NAME, HOLD_MS: options.holdMs ?? 2500 },
    parts: [toPhone ? 'CALLER_HANGS_UP' : 'PBX_HANGS_UP'],
    args: ['-cid_str', CALL_ID, ...(await media())],
    timeoutMs: 40_000,
  });
  const expected = toPhone ? 2 : 1;
  if (options.during) {
    await waitFor(
      async () => {
        const rows = (JSON.parse(await fs.api('show channels as json')) as { rows?: { callstate: string }[] }).rows ?? [];
        return rows.length === expected && rows.every((r) => r.callstate === 'ACTIVE');
      },
      10_000,
      `${expected} answered leg(s) of 1001 → ${dest}`,
      100,
    );
    await options.during();
  }
  const [a, b] = await Promise.all([caller.done, callee?.done]);
  if (a.code !== 0) throw new Error(`caller sipp failed:\n${a.output.slice(0, 3000)}\n${channelLog()}`);
  if (b && b.code !== 0) throw new Error(`callee sipp failed:\n${b.output.slice(0, 3000)}`);
  // The calls run one after another, so the hangups since this one began are its legs.
  const ended: Event[] = await waitFor(() => (hangups().length >= before + expected ? hangups().slice(before) : undefined), 10_000, `${expected} hangup(s) on the tap`, 50);
  assert.is(ended.length, expected, `${expected} leg(s)`);
  const legs = new Map<string, Event>(ended.map((e) => [e['Unique-ID']!, e]));
  return { legs };
}

/** The leg's only row, once it is there. */
const oneRow = async (uuid: string, ms = 10_000) => {
  const rows = await waitFor(async () => {
    const r = await rowsOf(uuid);
    return r.length > 0 && r;
  }, ms, `the CDR of ${uuid}`, 50);
  await new Promise((r) => setTimeout(r, 300)); // a second path landing late would show now
  const again = await rowsOf(uuid);
  assert.is(again.length, 1, `one row for ${uuid}`);
  return again[0]!;
};

/** Every CHANNEL_HANGUP_COMPLETE the tap heard, in order, as FreeSWITCH wrote it. */
const hangups = (): Event[] =>
  (tap?.frames ?? []).flatMap((f) => {
    const e = jsonEvent(f);
    return e?.['Event-Name'] === 'CHANNEL_HANGUP_COMPLETE' ? [e] : [];
  });

/** Whether someone (sipp) has bound this UDP port on 127.0.0.1. */
/**
 * Whether a UDP socket is bound to 127.0.0.1:`port`, read from the kernel's
 * table: a probe that bound the port itself could take it from sipp just as
 * sipp starts, and sipp would exit.
 */
const udpListening = (port: number) => {
  const local = `0100007F:${port.toString(16).toUpperCase().padStart(4, '0')}`;
  return readFileSync('/proc/net/udp', 'utf8').split('\n').some((line) => line.trim().split(/\s+/)[1] === local);
};

/**
 * Answers FreeSWITCH's NOTIFYs on a phone's contact port (the message-waiting
 * one it sends right after a REGISTER, retransmitted until answered), so none
 * is left to reach the answering sipp, which would take it for a call.
 */
async function notifySink(port: number) {
  const socket = createSocket('udp4');
  let answered = 0;
  socket.on('message', (msg, from) => {
    const text = msg.toString('utf8');
    if (!text.startsWith('NOTIFY ')) return;
    const copied = text.split('\r\n').filter((l) => /^(Via|From|To|Call-ID|CSeq):/i.test(l));
    socket.send(['SIP/2.0 200 OK', ...copied, 'Content-Length: 0', '', ''].join('\r\n'), from.port, from.address);
    answered++;
  });
  await new Promise<void>((resolve) => socket.bind(port, '127.0.0.1', resolve));
  return { answered: () => answered, close: () => new Promise<void>((resolve) => socket.close(() => resolve())) };
}

/** FreeSWITCH's last log lines, for a failure's message. */
const channelLog = () => stack.fs.log().split('\n').slice(-40).join('\n');

const ms = (micros: string | undefined) => Math.floor(Number(micros) / 1000);

/** The row says what FreeSWITCH said in its own CHANNEL_HANGUP_COMPLETE. */
function sameAsFreeswitch(row: Row, e: Event) {
  const leg = `${e['Call-Direction']} leg ${e['Unique-ID']}`;
  assert.is(row.caller_id_name, e['Caller-Caller-ID-Name'], `caller ID name of the ${leg}`);
  assert.is(row.caller_id_number, e['Caller-Caller-ID-Number'], `caller ID number of the ${leg}`);
  assert.is(row.destination, e['Caller-Destination-Number'], `destination of the ${leg}`);
  assert.is(row.billsec, Number(e.variable_billsec), `billsec of the ${leg}`);
  assert.is(row.duration, Number(e.variable_duration), `duration of the ${leg}`);
  assert.is(row.hangup_cause, e['Hangup-Cause'], `hangup cause of the ${leg}`);
  assert.is(row.read_codec, e.variable_read_codec, `read codec of the ${leg}`);
  assert.is(row.write_codec, e.variable_write_codec, `write codec of the ${leg}`);
  assert.is(row.sip_call_id, e.variable_sip_call_id, `SIP Call-ID of the ${leg}`);
  assert.is(new Date(row.started_at).getTime(), ms(e.variable_start_uepoch), `start of the ${leg}`);
  assert.is(new Date(row.answered_at!).getTime(), ms(e.variable_answer_uepoch), `answer of the ${leg}`);
  assert.is(new Date(row.ended_at).getTime(), ms(e.variable_end_uepoch), `end of the ${leg}`);
}

/** What the values must be, said without FreeSWITCH's help: the test's own inputs came through untouched. */
function carriesTheOddValues(call: Call, rows: Map<string, Row>) {
  for (const [uuid, e] of call.legs) {
    const row = rows.get(uuid)!;
    assert.is(row.read_codec, 'PCMU');
    if (e['Call-Direction'] === 'inbound') {
      assert.ok(row.sip_call_id.startsWith('cdr-%41-"q"\\-'), `Call-ID kept as sent: ${row.sip_call_id}`);
      assert.is(row.caller_id_name, CALLER_NAME_IN_FREESWITCH, "the caller's own leg: the From display name as FreeSWITCH keeps it");
      assert.is(row.extension, '1001');
      assert.is(row.direction, 'outbound');
    } else {
      // FreeSWITCH's own Call-ID towards the called phone.
      assert.not.ok(row.sip_call_id.startsWith('cdr-'));
      assert.is(row.caller_id_name, DIRECTORY_NAME, "the called phone's leg: 1001's caller ID from the directory");
      assert.is(row.extension, '1002');
      assert.is(row.direction, 'inbound');
    }
  }
}

async function rowsFor(call: Call, waitMs?: number) {
  const rows = new Map<string, Row>();
  for (const uuid of call.legs.keys()) rows.set(uuid, await oneRow(uuid, waitMs));
  return rows;
}

/** FreeSWITCH's log for these legs: mod_json_cdr took each one, and no post was refused. */
function postedWithoutError(call: Call) {
  const log = stack.fs.log().split('\n');
  for (const uuid of call.legs.keys()) {
    const mine = log.filter((l) => l.startsWith(uuid) && l.includes('mod_json_cdr'));
    assert.ok(mine.some((l) => l.includes(`Process [${uuid}.cdr.json]`)), `mod_json_cdr processed ${uuid}`);
    assert.equal(mine.filter((l) => /Got error|Unable to post|Backup file/.test(l)), [], `mod_json_cdr posted ${uuid} at once`);
  }
}

const replay = (dir: string) =>
  new Promise<{ code: number; output: string }>((resolve) => {
    execFile(
      'npm',
      ['run', '--silent', 'cdr-replay', '--', dir],
      { cwd: new URL('../..', import.meta.url).pathname, env: { ...process.env, SWITCHBOARD_URL: stack.url, FREESWITCH_SECRET: stack.secret }, timeout: 30_000 },
      (err, stdout, stderr) => resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, output: stdout + stderr }),
    );
  });

test('two registered phones, and a tap on FreeSWITCH’s own events', async () => {
  const fs = stack.fs;
  tap = await EslTap.open(fs.ports.esl);
  await tap.next((f) => f.headers.some(([n, v]) => n === 'Content-Type' && v === 'auth/request'), 5000, 'auth/request');
  assert.match((await tap.command(`auth ${fs.eslPassword}`)).headers.map(([, v]) => v).join(' '), /\+OK/);
  assert.match((await tap.command('event json CHANNEL_HANGUP_COMPLETE')).headers.map(([, v]) => v).join(' '), /\+OK/);
  await stack.sql("update extensions set caller_id_name = ? where number = '1001' and tenant_id = (select id from tenants where domain = ?)", [DIRECTORY_NAME, DOMAIN]);
  // Past the admin API, so past its flush: FreeSWITCH may hold 1001's entry already (mod_voicemail looks boxes up).
  await fs.api(`xml_flush_cache id 1001 ${DOMAIN}`);
  creditBefore = await credit();
  phone.callerPort = await freePort();
  phone.calleePort = await freePort();
  phone.pass1001 = await stack.sipPassword(DOMAIN, '1001');
  const pass1002 = await stack.sipPassword(DOMAIN, '1002');
  // Each phone's binding points at the port its call scenario will use.
  await sippSucceeds({ target: fs.ports.sip, scenario: 'register-for.xml', values: { USER: '1001', PASS: phone.pass1001, DOMAIN, EXPIRES: 600, HOLD_MS: 0, CONTACT_PORT: phone.callerPort } });
  const sink = await notifySink(phone.calleePort);
  try {
    await sippSucceeds({ target: fs.ports.sip, scenario: 'register-for.xml', values: { USER: '1002', PASS: pass1002, DOMAIN, EXPIRES: 600, HOLD_MS: 0, CONTACT_PORT: phone.calleePort } });
    await waitFor(() => sink.answered() > 0, 5000, "FreeSWITCH's message-waiting NOTIFY to 1002", 20);
  } finally {
    await sink.close();
  }
  await waitFor(async () => {
    const registrations = await fs.api('show registrations');
    return registrations.includes(`1001,${DOMAIN}`) && registrations.includes(`1002,${DOMAIN}`);
  }, 5000, 'FreeSWITCH to list both registrations', 100);
});

test('(a) ESL and mod_json_cdr both up: each leg is one row with FreeSWITCH’s values, and no debit', async () => {
  const call = await placeCall('1002');
  assert.is(call.legs.size, 2);
  const rows = await rowsFor(call);
  for (const [uuid, e] of call.legs) sameAsFreeswitch(rows.get(uuid)!, e);
  carriesTheOddValues(call, rows);
  for (const row of rows.values()) assert.is(row.hangup_cause, 'NORMAL_CLEARING');
  for (const row of rows.values()) assert.ok(row.billsec >= 2 && row.billsec <= 4, `billsec ${row.billsec} for a 2.5 s call`);
  // Both paths delivered: mod_json_cdr's post was answered 2xx (ESL was first, so it recorded nothing new).
  await waitFor(() => [...call.legs.keys()].every((u) => stack.fs.log().includes(`Process [${u}.cdr.json]`)), 5000, 'mod_json_cdr to post both legs');
  await new Promise((r) => setTimeout(r, 500));
  postedWithoutError(call);
  for (const uuid of call.legs.keys()) assert.is((await rowsOf(uuid)).length, 1);
  assert.equal(await credit(), creditBefore, 'an internal call debits nothing');
});

test('(a) a feature code: the one leg is one row', async () => {
  const call = await placeCall('*79');
  assert.is(call.legs.size, 1);
  const [uuid, e] = [...call.legs][0]!;
  const row = (await rowsFor(call)).get(uuid)!;
  sameAsFreeswitch(row, e);
  assert.is(row.destination, '*79');
  assert.is(row.caller_id_name, CALLER_NAME_IN_FREESWITCH);
  assert.ok(row.sip_call_id.startsWith('cdr-%41-"q"\\-'));
  await waitFor(() => stack.fs.log().includes(`Process [${uuid}.cdr.json]`), 5000, 'mod_json_cdr to post the leg');
  await new Promise((r) => setTimeout(r, 300));
  postedWithoutError(call);
  assert.equal(await credit(), creditBefore);
});

test('(b) the event socket cut: the CDRs arrive over mod_json_cdr alone, one row each', async () => {
  esl!.cut();
  await waitFor(() => !stack.switchboard.pbx.connected, 10_000, 'Switchboard to see ESL down', 50);
  try {
    const call = await placeCall('1002');
    const rows = await rowsFor(call);
    for (const [uuid, e] of call.legs) sameAsFreeswitch(rows.get(uuid)!, e);
    carriesTheOddValues(call, rows);
    assert.not.ok(stack.switchboard.pbx.connected, 'ESL stayed down the whole call');
    postedWithoutError(call);
  } finally {
    esl!.restore();
  }
  await waitFor(() => stack.switchboard.pbx.connected, 20_000, 'Switchboard to reconnect over ESL', 50);
  assert.equal(await credit(), creditBefore);
});

test('(c) Switchboard down for the hangup: retried, spooled as JSON, replayed once, replayed again harmlessly', async () => {
  const spool = join(stack.fs.dirs.log, 'json_cdr', 'failed');
  const call = await placeCall('1002', { holdMs: 3000, during: () => stack.stopSwitchboard() });
  const files = [...call.legs.keys()].map((uuid) => join(spool, `${uuid}.cdr.json`));
  await waitFor(() => files.every((f) => existsSync(f)), 15_000, 'mod_json_cdr to spool both legs', 100);
  // What FreeSWITCH spools with encode=false: the JSON document itself, one line.
  const documents = new Map<string, { variables: Record<string, string>; callflow: { caller_profile: Record<string, string> }[] }>();
  for (const [i, uuid] of [...call.legs.keys()].entries()) {
    const text = readFileSync(files[i]!, 'utf8');
    assert.ok(text.startsWith('{') && text.endsWith('}\n'), 'the spool file is the plain JSON text');
    documents.set(uuid, JSON.parse(text));
  }
  const log = stack.fs.log();
  for (const uuid of call.legs.keys()) assert.match(log, new RegExp(`${uuid} .*Got error \\[0\\] posting`), 'retried while refused');
  const backup = mkdtempSync(join(tmpdir(), 'sb-cdr-spool-'));
  try {
    cpSync(spool, backup, { recursive: true });
    await stack.startSwitchboard();
    for (const uuid of call.legs.keys()) assert.equal(await rowsOf(uuid), [], 'nothing recorded before the replay');
    const first = await replay(spool);
    assert.is(first.code, 0, first.output);
    assert.match(first.output, /2 CDR\(s\) recorded/);
    assert.equal(readdirSync(spool), [], 'replayed files are removed');
    const rows = await rowsFor(call);
    for (const [uuid, e] of call.legs) {
      const row = rows.get(uuid)!;
      sameAsFreeswitch(row, e);
      // The spooled document agrees with the event, value for value.
      const d = documents.get(uuid)!;
      assert.is(row.sip_call_id, d.variables.sip_call_id);
      assert.is(row.caller_id_name, d.callflow[0]!.caller_profile.caller_id_name);
      assert.is(row.billsec, Number(d.variables.billsec));
      assert.is(row.hangup_cause, d.variables.hangup_cause);
    }
    carriesTheOddValues(call, rows);

    const again = await replay(spool);
    assert.is(again.code, 0, again.output);
    assert.match(again.output, /0 CDR\(s\) recorded/);
    // The same files once more (a copy restored, a run cut between post and delete): accepted, not recorded twice.
    const copy = await replay(backup);
    assert.is(copy.code, 0, copy.output);
    for (const uuid of call.legs.keys()) assert.is((await rowsOf(uuid)).length, 1);
    assert.equal(await credit(), creditBefore);
  } finally {
    rmSync(backup, { recursive: true, force: true });
  }
});

test('(d) FreeSWITCH never had a CDR post refused', async () => {
  const refused = stack.fs.log().split('\n').filter((l) => /mod_json_cdr.*Got error \[[1-9]\d\d\]/.test(l));
  assert.equal(refused, []);
  assert.equal(await credit(), creditBefore, 'no debit in the whole file: every call was internal');
});

test.run();
