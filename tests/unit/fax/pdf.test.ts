// PDF checks by content, cover pages, and ghostscript's fax TIFF: real
// pdf-lib documents, real gs and tiffinfo.
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { PDFDocument } from 'pdf-lib';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { faxNumber } from '../../../common/fax.ts';
import { coverPage, withCover } from '../../../server/fax/cover.ts';
import { FaxInputError } from '../../../server/fax/errors.ts';
import { inspectPdf } from '../../../server/fax/pdf.ts';
import { pdfToFaxTiff, ShortTiffError, tiffPages, tiffToPdf } from '../../../server/fax/tiff.ts';
import { makePdf } from '../../helpers/fax.ts';

const MB = 1024 * 1024;
const dir = mkdtempSync(join(tmpdir(), 'sb-fax-unit-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));

const rejected = async (bytes: Uint8Array, status: number, message: RegExp, max = 20 * MB) => {
  try {
    await inspectPdf(bytes, max);
  } catch (err) {
    assert.instance(err, FaxInputError);
    assert.is((err as FaxInputError).status, status);
    assert.match((err as Error).message, message);
    return;
  }
  assert.unreachable('accepted');
};

test('a real PDF: its pages are counted', async () => {
  assert.equal(await inspectPdf(await makePdf(5), 20 * MB), { pages: 5 });
});

test('a PNG named .pdf is not a PDF', async () => {
  const png = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000a49444154789c6300010000050001', 'hex');
  await rejected(png, 415, /not a PDF/);
});

test('a truncated PDF is incomplete', async () => {
  const pdf = await makePdf(3);
  await rejected(pdf.subarray(0, Math.floor(pdf.length / 2)), 422, /incomplete/);
});

test('an encrypted PDF is refused with a clear message', async () => {
  const gs = promisify(execFile);
  const plain = join(dir, 'plain.pdf');
  const locked = join(dir, 'locked.pdf');
  writeFileSync(plain, await makePdf(1));
  await gs('gs', ['-q', '-dSAFER', '-dBATCH', '-dNOPAUSE', '-sDEVICE=pdfwrite', '-sOwnerPassword=owner', '-sUserPassword=user', '-dEncryptionR=3', '-dKeyLength=128', `-sOutputFile=${locked}`, plain]);
  const { readFileSync } = await import('node:fs');
  await rejected(readFileSync(locked), 422, /password-protected or encrypted/);
});

test('a PDF with no pages', async () => {
  const empty = await (await PDFDocument.create()).save({ addDefaultPage: false });
  await rejected(empty, 422, /no pages/);
});

test('an oversize file', async () => {
  await rejected(await makePdf(1), 413, /larger than 0 MB/, 100);
});

test('fax numbers: E.164 with the country code, or national digits', () => {
  assert.is(faxNumber.parse('+44 20 7946 0958'), '+442079460958');
  assert.is(faxNumber.parse('(555) 010-1234'), '5550101234');
  assert.not.ok(faxNumber.safeParse('0044 20 7946 0958').success);
  assert.not.ok(faxNumber.safeParse('+0 123').success);
  assert.not.ok(faxNumber.safeParse('call me').success);
});

test('cover + document → a fax TIFF (tiffg4) with every page, and back to PDF', async () => {
  const doc = await makePdf(3);
  const cover = await coverPage('urgent', { from: 'Ann, Acme', fromNumber: '', to: '+15550100', date: new Date(), pages: 4, subject: 'Offer', note: 'Ünïcode ok, emoji 🚀 replaced' });
  const faxed = await withCover(cover, doc);
  const pdf = join(dir, 'faxed.pdf');
  writeFileSync(pdf, faxed);
  const tiff = join(dir, 'out', 'faxed.tif');
  await pdfToFaxTiff(pdf, tiff, 4);
  assert.is(await tiffPages(tiff), 4);
  const { stdout } = await promisify(execFile)('tiffinfo', [tiff]);
  assert.match(stdout, /CCITT Group 4/);
  assert.match(stdout, /Image Width: 1728/);
  assert.ok(!readdirSync(join(dir, 'out')).some((f) => f.endsWith('.part')), 'no half-written file left');
  const back = join(dir, 'back.pdf');
  await tiffToPdf(tiff, back);
  const { readFileSync } = await import('node:fs');
  assert.is((await PDFDocument.load(readFileSync(back))).getPageCount(), 4);
});

test('a TIFF short of the pages it must hold is refused, and nothing is left for FreeSWITCH to send', async () => {
  // What ghostscript does on a full disk (exits 0, pages missing) looks like this to the check: fewer pages than the document has.
  const pdf = join(dir, 'two.pdf');
  writeFileSync(pdf, await makePdf(2));
  const tiff = join(dir, 'short', 'two.tif');
  const err = await pdfToFaxTiff(pdf, tiff, 3).catch((e: Error) => e);
  assert.instance(err, ShortTiffError);
  assert.match((err as Error).message, /wrote 2 of 3 pages/);
  assert.equal(readdirSync(join(dir, 'short')), [], 'neither the TIFF nor its .part is left');
});

test.run();
