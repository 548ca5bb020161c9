// The SIP phones of the follow-me and voicemail tests, all sipp: a phone
// that rings and is never answered (two processes: uas-ring.xml listens,
// register-for.xml registers its port), and a caller that, once answered,
// speaks or presses keys (caller-vm.xml). Each logs when its SIP messages
// happened (sipp's <log> with [timestamp]), so timings come from the phones.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RealPbx } from './harness/stack.ts';
import { runSipp, sippSucceeds, type SippRun } from './harness/sipp.ts';
import { waitFor } from '../helpers/wait.ts';

export const ACME = 'acme.pbx.test';

/** A folder for sipp's logs and the caller's audio, removed by the test. */
export const workDir = () => mkdtempSync(join(tmpdir(), 'sb-vm-'));
export const removeDir = (dir: string) => rmSync(dir, { recursive: true, force: true });

/**
 * `seconds` of a loud 440 Hz tone as raw 8 kHz mu-law, which is what sipp's
 * rtp_stream sends (the file's bytes are the PCMU payload). Loud enough to
 * be above mod_voicemail's record-silence-threshold all along.
 */
export function speech(dir: string, seconds: number): string {
  const file = join(dir, 'speech.ulaw');
  execFileSync('sox', ['-n', '-r', '8000', '-c', '1', '-e', 'u-law', '-t', 'raw', file, 'synth', String(seconds), 'sine', '440', 'vol', '0.5']);
  return file;
}

/** `seconds` of silence, the same way: what a phone sends while its user only listens. */
export function silence(dir: string, seconds: number): string {
  const file = join(dir, 'silence.ulaw');
  execFileSync('sox', ['-n', '-r', '8000', '-c', '1', '-e', 'u-law', '-t', 'raw', file, 'trim', '0', String(seconds)]);
  return file;
}

/** What a sipp <log> wrote: "WORD <date>\t<time>\t<epoch.usec>" per line, as WORD → epoch ms (first occurrence). */
export function loggedTimes(file: string): Record<string, number> {
  let text = '';
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return {};
  }
  const times: Record<string, number> = {};
  for (const line of text.split('\n')) {
    const m = line.match(/^(\w+) .*\t(\d+\.\d+)\s*$/);
    if (m && !(m[1]! in times)) times[m[1]!] = Number(m[2]) * 1000;
  }
  return times;
}

/** Registers `extension` at a listening sipp's port; resolves once FreeSWITCH lists the registration. */
async function registerAt(stack: RealPbx, extension: string, port: number): Promise<void> {
  await sippSucceeds({
    target: stack.fs.ports.sip,
    scenario: 'register-for.xml',
    values: { USER: extension, DOMAIN: ACME, PASS: await stack.sipPassword(ACME, extension), CONTACT_PORT: port, EXPIRES: 300, HOLD_MS: 0 },
    timeoutMs: 15_000,
  });
  await waitFor(
    async () => (await stack.fs.api(`sofia status profile internal reg ${extension}@127.0.0.1:${port}`)).includes('Total items returned: 1'),
    10_000,
    `FreeSWITCH to list ${extension}'s registration at port ${port}`,
    100,
  );
}

export interface RingingPhone {
  extension: string;
  run: SippRun;
  /** When the INVITE and the CANCEL reached the phone (epoch ms), once they did. */
  times(): { INVITE?: number; CANCEL?: number };
}

/** Registers `extension` with a phone that rings for ever; resolves once FreeSWITCH lists the registration. */
export async function ringingPhone(stack: RealPbx, dir: string, extension: string): Promise<RingingPhone> {
  const log = join(dir, `phone-${extension}.log`);
  const run = await runSipp({
    target: stack.fs.ports.sip,
    scenario: 'uas-ring.xml',
    values: {},
    // Two "calls": the message-summary NOTIFY FreeSWITCH sends on registering, and the INVITE.
    args: ['-m', '2', '-trace_logs', '-log_file', log],
    timeoutMs: 90_000,
  });
  await registerAt(stack, extension, run.port);
  return { extension, run, times: () => loggedTimes(log) };
}

export interface Caller {
  run: SippRun;
  /** When the authenticated INVITE left and the 200 came (epoch ms). */
  times(): { INVITE?: number; ANSWERED?: number };
}

/**
 * `from` calls `dest` and, once answered, sends `audio` (speech or silence,
 * as raw mu-law); with `listenAndSave` it also presses 1 then 2
 * (mod_voicemail: play the new messages, save this one). It hangs up
 * `talkMs` after that.
 */
export async function call(
  stack: RealPbx,
  dir: string,
  from: string,
  dest: string,
  audio: string,
  talkMs: number,
  { listenAndSave = false } = {},
): Promise<Caller> {
  const log = join(dir, `caller-${from}-${Date.now()}.log`);
  const run = await runSipp({
    target: stack.fs.ports.sip,
    scenario: 'caller-vm.xml',
    values: {
      USER: from,
      DOMAIN: ACME,
      PASS: await stack.sipPassword(ACME, from),
      DEST: dest,
      AUDIO: audio,
      TALK_MS: talkMs,
    },
    parts: listenAndSave ? ['LISTEN_AND_SAVE'] : [],
    args: ['-trace_logs', '-log_file', log],
    timeoutMs: 90_000,
  });
  return { run, times: () => loggedTimes(log) };
}

/** RMS amplitude (0–1) of an audio file, by sox: the tone the caller spoke is loud, silence is ~0. */
export const rmsOf = (file: string) => {
  const stat = spawnSync('sox', [file, '-n', 'stat'], { encoding: 'utf8' }).stderr;
  return Number(stat.match(/RMS\s+amplitude:\s+([\d.]+)/)?.[1] ?? NaN);
};

/** Length of an audio file in seconds, by soxi. */
export const secondsOf = (file: string) => Number(execFileSync('soxi', ['-D', file], { encoding: 'utf8' }));

export interface Message {
  path: string;
  folder: string;
  cidNumber: string;
  seconds: number;
}

/** The mailbox as mod_voicemail itself lists it (`vm_list <box>@<domain> xml`). */
export async function mailbox(stack: RealPbx, extension: string): Promise<Message[]> {
  const xml = await stack.fs.api(`vm_list ${extension}@${ACME} xml`);
  const field = (block: string, name: string) => block.match(new RegExp(`<${name}>([^<]*)</${name}>`))?.[1] ?? '';
  return [...xml.matchAll(/<message>([\s\S]*?)<\/message>/g)].map(([, block]) => ({
    path: field(block!, 'path'),
    folder: field(block!, 'folder'),
    cidNumber: field(block!, 'cid-number'),
    seconds: Number(field(block!, 'message-len')),
  }));
}

export interface MwiPhone {
  run: SippRun;
  /** Every message-summary NOTIFY so far, in order: what the phone's light showed. */
  lights(): { waiting: 'yes' | 'no'; new: number | undefined; saved: number | undefined }[];
}

/**
 * A desk phone of `extension` that only shows its message-waiting light
 * (mwi-phone.xml: each NOTIFY logged, a call refused busy so it goes to
 * voicemail at once); resolves once FreeSWITCH lists the registration.
 */
export async function mwiPhone(stack: RealPbx, dir: string, extension: string): Promise<MwiPhone> {
  const log = join(dir, `mwi-${extension}.log`);
  const run = await runSipp({
    target: stack.fs.ports.sip,
    scenario: 'mwi-phone.xml',
    values: {},
    args: ['-m', '1000', '-trace_logs', '-log_file', log],
    timeoutMs: 180_000,
  });
  await registerAt(stack, extension, run.port);
  const lights = () => {
    let text = '';
    try {
      text = readFileSync(log, 'utf8');
    } catch {
      return [];
    }
    return [...text.matchAll(/^MWI (yes|no) (\d*) (\d*) /gm)].map((m) => ({
      waiting: m[1] as 'yes' | 'no',
      new: m[2] ? Number(m[2]) : undefined,
      saved: m[3] ? Number(m[3]) : undefined,
    }));
  };
  return { run, lights };
}
