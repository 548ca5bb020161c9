// An uploaded greeting made into what mod_voicemail plays: checked (a WAV,
// not too long), converted with sox to 16-bit mono PCM at 8 kHz (a phone
// call's rate; mod_sndfile plays it to any call), and written under the
// voicemail storage folder FreeSWITCH shares, for vm_fsdb_pref_greeting_set
// to move into the box (a rename: it must be the same file system).
// Arguments go to execFile as a list, never through a shell.
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { readWavHeader, WavError } from './wav.ts';

const run = promisify(execFile);
const TIMEOUT_MS = 60_000;

/** Longest greeting accepted: mod_voicemail's own max-record-len (voicemail.conf.xml). */
export const MAX_GREETING_SECONDS = 300;
/** Shortest: a click is not a greeting. */
export const MIN_GREETING_SECONDS = 1;
/** What FreeSWITCH plays it at. */
export const GREETING_RATE = 8000;

/** Where uploads wait for FreeSWITCH to take them: under VOICEMAIL_DIR, so its rename stays on one file system. */
export const uploadsDir = (voicemailDir: string) => join(voicemailDir, '.uploads');

export { WavError };

/**
 * Checks and converts `bytes`; resolves with the converted file's path under
 * the voicemail folder (the caller hands it to FreeSWITCH, and removes it if
 * FreeSWITCH did not take it). A file sox cannot read, or too short or too
 * long, is a WavError with a sentence for the user.
 */
export async function prepareGreeting(bytes: Uint8Array, voicemailDir: string): Promise<string> {
  const header = readWavHeader(bytes);
  if (header.seconds !== undefined) tooLongOrShort(header.seconds);
  const work = await mkdtemp(join(tmpdir(), 'sb-greeting-'));
  const input = join(work, 'upload.wav');
  const dir = uploadsDir(voicemailDir);
  const out = join(dir, `greeting-${randomUUID()}.wav`);
  try {
    await writeFile(input, bytes);
    let seconds: number;
    try {
      const { stdout } = await run('soxi', ['-D', input], { timeout: TIMEOUT_MS });
      seconds = Number(stdout.trim());
    } catch {
      throw new WavError('This WAV file could not be read. Save it again as PCM (16-bit) and try again.');
    }
    if (Number.isFinite(seconds)) tooLongOrShort(seconds);
    await mkdir(dir, { recursive: true });
    // FreeSWITCH may run as another user: it must be able to move the file out of here.
    await chmod(dir, 0o777).catch(() => undefined);
    try {
      await run('sox', ['-V1', input, '-r', String(GREETING_RATE), '-c', '1', '-b', '16', '-e', 'signed-integer', out], { timeout: TIMEOUT_MS });
    } catch {
      await rm(out, { force: true });
      throw new WavError('This WAV file could not be converted. Save it again as PCM (16-bit) and try again.');
    }
    await chmod(out, 0o644).catch(() => undefined);
    return out;
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

function tooLongOrShort(seconds: number): void {
  if (seconds > MAX_GREETING_SECONDS) throw new WavError(`The greeting lasts ${Math.round(seconds)} seconds; keep it under ${MAX_GREETING_SECONDS / 60} minutes.`);
  if (seconds < MIN_GREETING_SECONDS) throw new WavError('The greeting is shorter than a second. Record a longer one.');
}
