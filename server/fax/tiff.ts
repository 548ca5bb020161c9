// PDF ↔ fax TIFF with the tools fax servers use: ghostscript's tiffg4
// device (CCITT Group 4, 204×196 dpi "fine" resolution) one way, libtiff's
// tiff2pdf the other, tiffinfo to count pages. Arguments go to execFile as a
// list, never through a shell.
import { execFile } from 'node:child_process';
import { mkdir, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const TIMEOUT_MS = 120_000;
/**
 * ghostscript renders what the user uploaded: its address space and CPU time
 * are capped by the kernel (prlimit), so a page that asks for a gigantic
 * bitmap or a PostScript loop fails that one fax, not the machine.
 */
export const GS_LIMITS = { memoryMb: 1024, cpuSeconds: 60 };

/** The command that renders `pdf` into a fax TIFF at `out`, under GS_LIMITS (the fuzzer measures this very command). */
export function faxTiffCommand(pdf: string, out: string): [string, string[]] {
  return [
    'prlimit',
    [
      `--as=${GS_LIMITS.memoryMb * 1024 * 1024}`,
      `--cpu=${GS_LIMITS.cpuSeconds}`,
      '--',
      'gs',
      '-q', '-dSAFER', '-dBATCH', '-dNOPAUSE',
      '-sDEVICE=tiffg4',
      // Fine resolution: 204 dpi across, 196 down (T.4's 7.7 lines/mm).
      '-r204x196',
      // Fax pages are 1728 pixels wide: A4 width, content scaled to fit.
      '-sPAPERSIZE=a4', '-dFIXEDMEDIA', '-dPDFFitPage',
      `-sOutputFile=${out}`,
      pdf,
    ],
  ];
}

/** ghostscript said it was done, but the TIFF lacks pages (a full disk, a page it could not draw). */
export class ShortTiffError extends Error {}

/**
 * Writes `out` atomically: FreeSWITCH may read it as soon as it exists. It
 * must hold all `pages`: ghostscript exits 0 when it cannot write its output
 * (a full disk: "Page drawing error", an empty file) or cannot draw a page,
 * and a TIFF short of pages would be faxed as if it were the document.
 */
export async function pdfToFaxTiff(pdf: string, out: string, pages: number): Promise<void> {
  await mkdir(dirname(out), { recursive: true });
  const temp = `${out}.part`;
  try {
    await run(...faxTiffCommand(pdf, temp), { timeout: TIMEOUT_MS });
    const written = await tiffPages(temp).catch(() => 0);
    if (written !== pages) throw new ShortTiffError(`ghostscript wrote ${written} of ${pages} pages`);
    await rename(temp, out);
  } catch (err) {
    await rm(temp, { force: true });
    throw err;
  }
}

export async function tiffToPdf(tiff: string, out: string): Promise<void> {
  await mkdir(dirname(out), { recursive: true });
  await run('tiff2pdf', ['-o', out, tiff], { timeout: TIMEOUT_MS });
}

export async function tiffPages(tiff: string): Promise<number> {
  const { stdout } = await run('tiffinfo', [tiff], { timeout: TIMEOUT_MS, maxBuffer: 16 * 1024 * 1024 });
  return stdout.split('\n').filter((line) => line.startsWith('TIFF Directory at offset')).length;
}
