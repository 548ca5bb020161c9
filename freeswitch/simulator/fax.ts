// What the simulator needs to play a fax machine: reading an `originate`
// the way switch_ivr_originate does ({vars}dial-string &app(arg)), and real
// fax TIFFs (ghostscript's tiffg4, as a fax machine's pages would arrive).
import { execFile } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface Originate {
  vars: Record<string, string>;
  dialString: string;
  app: string;
  appArg: string;
}

/** `originate {a=1,b='x, y'}sofia/gateway/gw/+155501 &txfax(/tmp/f.tif)` (or `&park`), or undefined if it is not one. */
export function parseOriginate(command: string): Originate | undefined {
  const m = /^originate\s+(?:\{(.*?)\})?(\S+)\s+&(\w+)(?:\((.*)\))?\s*$/.exec(command.trim());
  if (!m) return undefined;
  const vars: Record<string, string> = {};
  // Commas inside single quotes or escaped as \, belong to the value.
  for (const part of (m[1] ?? '').match(/(?:[^,'\\]|\\.|'[^']*')+/g) ?? []) {
    const eq = part.indexOf('=');
    if (eq > 0) vars[part.slice(0, eq).trim()] = part.slice(eq + 1).replace(/^'(.*)'$/, '$1').replace(/\\,/g, ',');
  }
  return { vars, dialString: m[2]!, app: m[3]!, appArg: m[4] ?? '' };
}

/** A multi-page fax TIFF, each page saying its number, drawn by ghostscript. */
export async function writeFaxTiff(path: string, pages: number, sender: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const label = sender.replace(/[()\\]/g, '');
  const program =
    `1 1 ${pages} { /n exch def /Helvetica findfont 28 scalefont setfont ` +
    `72 700 moveto (Fax from ${label}) show 72 650 moveto (Page ) show n 4 string cvs show showpage } for`;
  await run('gs', ['-q', '-dSAFER', '-dBATCH', '-dNOPAUSE', '-sDEVICE=tiffg4', '-r204x196', '-sPAPERSIZE=a4', `-sOutputFile=${path}`, '-c', program], {
    timeout: 60_000,
  });
}

/** Pages in a TIFF, as spandsp counts them before sending (libtiff's tiffinfo). */
export async function countTiffPages(path: string): Promise<number> {
  try {
    const { stdout } = await run('tiffinfo', [path], { timeout: 60_000, maxBuffer: 16 * 1024 * 1024 });
    return stdout.split('\n').filter((l) => l.startsWith('TIFF Directory at offset')).length;
  } catch {
    return 0;
  }
}

/** What the far end does with the next fax call: T.30 ends OK, or the call never gets that far. */
export type FaxOutcome = 'ok' | 'busy' | 'no-answer' | 'no-fax-tone';

export interface ReceiveFaxOptions {
  /** The calling fax machine's number. */
  from: string;
  toExtension: string;
  domain: string;
  pages: number;
  remoteStationId?: string;
}
