// Records what a real FreeSWITCH 1.10.12 sends for the scripted ESL scenario
// (harness/esl-scenario.ts, harness/voicemail-scenario.ts) into
// tests/fixtures/freeswitch/*.json, secrets, addresses, UUIDs and times
// scrubbed. The conformance tests hold the simulator to these files. Needs
// FreeSWITCH: `npm run record-fixtures` records them all,
// `npm run record-fixtures -- voicemail` (or wire, pbx) only those named.
import { execFileSync } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pbxScenario, wireScenario, USERS, type Recording, type ScenarioDevice, type ScenarioPbx } from './harness/esl-scenario.ts';
import { voicemailScenario } from './harness/voicemail-scenario.ts';
import { contentType, type TapFrame } from './harness/esl-tap.ts';
import { freeswitchInstalled } from './harness/freeswitch.ts';
import { runSipp, type SippRun } from './harness/sipp.ts';
import { startRealPbx, type RealPbx } from './harness/stack.ts';
import { freePort } from './harness/ports.ts';
import { waitFor } from '../helpers/wait.ts';

const OUT = new URL('../fixtures/freeswitch/', import.meta.url).pathname;
const DOMAIN = 'acme.pbx.test';

if (!freeswitchInstalled()) {
  console.error('record-fixtures: FreeSWITCH is not installed (set FREESWITCH_PREFIX); nothing recorded');
  process.exit(1);
}

const RECORDINGS = ['wire', 'pbx', 'voicemail'] as const;
const named = process.argv.slice(2).filter((a) => !a.startsWith('-'));
for (const n of named) if (!(RECORDINGS as readonly string[]).includes(n)) throw new Error(`record-fixtures: no recording "${n}" (${RECORDINGS.join(', ')})`);
const wanted = (name: (typeof RECORDINGS)[number]) => named.length === 0 || named.includes(name);

const stack = await startRealPbx();
const sipps = new Set<SippRun>();
const passwords: string[] = [];
try {
  for (const user of Object.values(USERS)) passwords.push(await stack.sipPassword(DOMAIN, user));
  const pbx = realScenarioPbx(stack, sipps);
  const version = (await stack.fs.api('version')).trim();
  // Switchboard loads our queues into mod_callcenter over ESL once it is connected; record them when they are there.
  await waitFor(async () => (await stack.fs.api('callcenter_config queue list')).includes('|'), 20_000, 'mod_callcenter to list a queue', 250).catch(
    () => console.warn('record-fixtures: mod_callcenter lists no queue; the queue steps are not recorded'),
  );
  const started = Date.now();
  const recorded: [string, Recording][] = [];
  if (wanted('wire')) recorded.push(['wire', await wireScenario(pbx)]);
  if (wanted('pbx')) recorded.push(['pbx', await pbxScenario(pbx)]);
  if (wanted('voicemail')) {
    const stagingDir = join(stack.fs.dirs.storage, 'voicemail', '.uploads');
    recorded.push(['voicemail', await voicemailScenario({ port: pbx.port, password: pbx.password, domain: DOMAIN, stagingDir })]);
  }
  const scrub = scrubber([stack.fs.eslPassword, stack.secret, ...passwords], started);
  for (const [name, rec] of recorded) {
    const file = `${OUT}${name}.json`;
    writeFileSync(file, JSON.stringify({ freeswitch: scrub(version), recordedBy: 'npm run record-fixtures', steps: scrubRecording(rec, scrub) }, null, 1) + '\n');
    console.log(`recorded ${Object.keys(rec).length} steps into ${file}`);
  }
} catch (err) {
  process.stderr.write(`\nFreeSWITCH log (last lines):\n${stack.fs.log().split('\n').slice(-80).join('\n')}\n`);
  for (const run of sipps) {
    run.kill();
    process.stderr.write(`\nsipp on ${run.port}:\n${(await run.done).output.slice(-1500)}\n`);
  }
  throw err;
} finally {
  for (const run of sipps) run.kill();
  await stack.close();
}

/** The real PBX's phones: sipp devices registering through our directory. */
function realScenarioPbx(stack: RealPbx, runs: Set<SippRun>): ScenarioPbx {
  const sipp = async (scenario: string, values: Record<string, string | number>, parts: string[] = []) => {
    const run = await runSipp({ target: stack.fs.ports.sip, scenario, values, parts, timeoutMs: 180_000 });
    runs.add(run);
    return run;
  };
  const device = (run: SippRun, end: () => Promise<void>): ScenarioDevice => ({
    end,
    close: async () => run.kill(),
  });
  return {
    port: stack.fs.ports.esl,
    password: stack.fs.eslPassword,
    domain: DOMAIN,
    async register(user, expires, end) {
      const pass = await stack.sipPassword(DOMAIN, user);
      const run = await sipp('register.xml', { DOMAIN, USER: user, PASS: pass, EXPIRES: expires, HOLD_MS: end === 'unregister' ? 2500 : 0 }, end === 'unregister' ? ['UNREGISTER'] : []);
      return device(run, async () => {
        const { code, output } = await run.done;
        if (code !== 0) throw new Error(`sipp register ${user}: ${output.slice(-2000)}`);
      });
    },
    async answeringPhone(user) {
      const pass = await stack.sipPassword(DOMAIN, user);
      const port = await freePort();
      // -m 2: the call, and the MWI NOTIFY that comes as a call of its own (answer.xml).
      const answering = await runSipp({ target: stack.fs.ports.sip, scenario: 'answer.xml', values: {}, port, timeoutMs: 120_000, args: ['-m', '2'] });
      runs.add(answering);
      // Registered before it listens, the phone's first INVITE would meet a closed port.
      await waitFor(() => udpPortTaken(port), 10_000, 'the answering phone to listen', 50);
      const reg = await sipp('register-for.xml', { DOMAIN, USER: user, PASS: pass, EXPIRES: 300, HOLD_MS: 0, CONTACT_PORT: port });
      await reg.done;
      // It stays registered (Expires 300) until FreeSWITCH stops; close() silences it.
      return device(answering, async () => {});
    },
    async phoneCall(from, to, holdMs) {
      const run = await sipp('call.xml', { USER: from, DOMAIN, PASS: await stack.sipPassword(DOMAIN, from), DEST: to, HOLD_MS: holdMs, AUDIO: speech() }, []);
      const { code, output } = await run.done;
      if (code !== 0) throw new Error(`sipp call ${from} → ${to}: ${output.slice(-2000)}`);
    },
    async queueCall(from, queue, holdMs) {
      // Our dialplan routes a queue's name (its part before @) to mod_callcenter.
      await this.phoneCall(from, queue.split('@')[0]!, holdMs + 4000);
    },
    // sofia keeps a registration expires + 60 s (sip-expires-late-margin) and sweeps every few seconds.
    expiryWaitMs: (expires) => (expires + 60) * 1000 + 15_000,
  };
}

/** Whether someone (sipp) holds this UDP port on 127.0.0.1. */
function udpPortTaken(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createSocket('udp4');
    probe.once('error', () => resolve(true));
    probe.bind(port, '127.0.0.1', () => probe.close(() => resolve(false)));
  });
}

/** Three seconds of a 440 Hz tone as raw 8 kHz mu-law: what call.xml's phone says (our dialplan waits on media); removed on exit. */
function speech(): string {
  const dir = mkdtempSync(join(tmpdir(), 'sb-rec-'));
  process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  const file = join(dir, 'speech.ulaw');
  execFileSync('sox', ['-n', '-r', '8000', '-c', '1', '-e', 'u-law', '-t', 'raw', file, 'synth', '3', 'sine', '440', 'vol', '0.5']);
  return file;
}

type Scrub = (value: string) => string;

/**
 * Replaces what must not be published or would differ on every run: secrets,
 * this machine's name and addresses, UUIDs (each mapped to a stable fake, so
 * equal stays equal) and times (shifted to 2026-01-01, so kinds and order stay).
 */
function scrubber(secrets: string[], startedMs: number): Scrub {
  const uuids = new Map<string, string>();
  const ips = new Map<string, string>();
  const shiftS = 1_767_225_600 - Math.floor(startedMs / 1000);
  const host = hostname();
  const pad = (n: number) => String(n).padStart(2, '0');
  const local = (d: Date) => `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
  const scrubDate = (text: string) =>
    text
      .replace(/\b(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})\b/g, (_, y, mo, d, h, mi, s) =>
        local(new Date(new Date(+y, +mo - 1, +d, +h, +mi, +s).getTime() + shiftS * 1000)),
      )
      .replace(/\b\w{3}, \d{2} \w{3} \d{4} \d{2}:\d{2}:\d{2} GMT\b/g, (m) => new Date(Date.parse(m) + shiftS * 1000).toUTCString());
  return (value) => {
    let v = value;
    for (const s of secrets) if (s) v = v.split(s).join('scrubbed');
    if (host) v = v.replace(new RegExp(`\\b${host.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b`, 'g'), 'fs-host');
    v = v.replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi, (u) => {
      const key = u.toLowerCase();
      if (!uuids.has(key)) uuids.set(key, `00000000-0000-4000-8000-${String(uuids.size + 1).padStart(12, '0')}`);
      return uuids.get(key)!;
    });
    v = v.replace(/\b(?:\d{1,3}\.){3}\d{1,3}\b/g, (ip) => {
      if (ip === '127.0.0.1' || ip === '0.0.0.0') return ip;
      if (!ips.has(ip)) ips.set(ip, `192.0.2.${ips.size + 1}`);
      return ips.get(ip)!;
    });
    // Epoch microseconds and seconds of this decade.
    v = v.replace(/\b1[7-9]\d{14}\b/g, (m) => String(Number(m) + shiftS * 1_000_000));
    v = v.replace(/\b1[7-9]\d{8}\b/g, (m) => String(Number(m) + shiftS));
    v = scrubDate(v);
    // The same dates in `event plain`, URL-encoded: only the space and the colon are.
    const encodedDate = /\d{4}-\d{2}-\d{2}%20\d{2}%3A\d{2}%3A\d{2}|\w{3},%20\d{2}%20\w{3}%20\d{4}%20\d{2}%3A\d{2}%3A\d{2}%20GMT/g;
    if (encodedDate.test(v)) v = v.replace(encodedDate, (m) => scrubDate(decodeURIComponent(m)).replace(/ /g, '%20').replace(/:/g, '%3A'));
    // This machine's IPv6 address: in `event plain` headers, and in the events mod_voicemail's commands print as JSON.
    return v.replace(/^([\w-]*FreeSWITCH-IPv6: ).*$/gm, '$1%3A%3A1').replace(/"FreeSWITCH-IPv6":"[^"]*"/g, '"FreeSWITCH-IPv6":"::1"');
  };
}

/** A recorded frame: outer headers, and the body as text or, for events, as the event's fields. */
export interface RecordedFrame {
  headers: [string, string][];
  body?: string;
  event?: Record<string, string>;
}

function scrubRecording(rec: Recording, scrub: Scrub): Record<string, RecordedFrame[]> {
  const out: Record<string, RecordedFrame[]> = {};
  const frame = (f: TapFrame): RecordedFrame => {
    const headers = f.headers.map(([n, v]) => [n, scrub(v)] as [string, string]);
    if (contentType(f) === 'text/event-json') {
      const event: Record<string, string> = {};
      for (const [k, v] of Object.entries(JSON.parse(f.body) as Record<string, string>)) {
        // This machine's IPv6 address (also copied into channel variables).
        event[k] = k.endsWith('FreeSWITCH-IPv6') ? '::1' : scrub(String(v));
      }
      return { headers, event };
    }
    return f.body ? { headers, body: scrub(f.body) } : { headers };
  };
  for (const [step, frames] of Object.entries(rec)) out[step] = frames.map(frame);
  return out;
}
