// The fax upload fuzzed: a whole Switchboard (its PBX link down, so nothing
// is dialled) takes thousands of uploads through POST /api/fax/outbound —
// real PDFs mutated at random, and hand-made hostile ones (a page bomb, an
// object stream that inflates to hundreds of MB, nesting 100,000 deep, a
// gigantic image, a PostScript program dressed as a PDF). Every answer must
// be a 201 or a 4xx; what was accepted is then rendered by the very
// ghostscript command the send queue runs (server/fax/tiff.ts), timed and
// measured (its peak memory, by GNU time) under its kernel limits.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createDeflate, deflateSync } from 'node:zlib';
import { faxTiffCommand, GS_LIMITS } from '../server/fax/tiff.ts';
import { makePdf, uploadFax } from '../tests/helpers/fax.ts';
import { startTestServer } from '../tests/helpers/server.ts';
import { mutate } from './mutate.ts';
import { random } from './random.ts';

const run = promisify(execFile);

export interface PdfFuzzResult {
  inputs: number;
  accepted: number;
  refused: number;
  /** 5xx answers and requests the server dropped: must be 0. */
  serverErrors: number;
  crashes: number;
  /** The slowest answer to an upload. */
  maxAnswerMs: number;
  converted: number;
  /** Conversions ghostscript gave up on (a broken page, a limit reached): that fax fails with words. */
  conversionsFailed: number;
  maxConvertMs: number;
  maxConvertMb: number;
  maxServerRssMb: number;
  /** Each hand-made hostile input: the answer and how long it took. */
  hostile: { name: string; status: number; ms: number }[];
  ms: number;
  findings: string[];
}

/** A PDF from numbered objects, with a true cross-reference table. */
function rawPdf(objects: (string | Buffer)[], rootRef = '1 0 R'): Buffer {
  const parts: Buffer[] = [Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n', 'latin1')];
  const offsets: number[] = [];
  let at = parts[0]!.length;
  objects.forEach((body, i) => {
    offsets.push(at);
    const obj = Buffer.concat([Buffer.from(`${i + 1} 0 obj\n`), Buffer.from(body), Buffer.from('\nendobj\n')]);
    parts.push(obj);
    at += obj.length;
  });
  const xref = ['xref', `0 ${objects.length + 1}`, '0000000000 65535 f ', ...offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n `)].join('\n');
  parts.push(Buffer.from(`${xref}\ntrailer\n<< /Size ${objects.length + 1} /Root ${rootRef} >>\nstartxref\n${at}\n%%EOF\n`));
  return Buffer.concat(parts);
}

const stream = (dict: string, data: Buffer) => Buffer.concat([Buffer.from(`<< ${dict} /Length ${data.length} >>\nstream\n`), data, Buffer.from('\nendstream')]);
const onePage = (extra: string, content: Buffer, more: (string | Buffer)[] = []) =>
  rawPdf([
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R ${extra} >>`,
    stream('', content),
    ...more,
  ]);

/** `mb` MB of spaces, deflated a megabyte at a time (never whole in this process's memory). */
async function deflatedSpaces(mb: number): Promise<Buffer> {
  const deflate = createDeflate({ level: 9 });
  const out: Buffer[] = [];
  deflate.on('data', (chunk: Buffer) => out.push(chunk));
  const done = new Promise((resolve) => deflate.on('end', resolve));
  const megabyte = Buffer.alloc(1024 * 1024, 0x20);
  for (let i = 0; i < mb; i++) if (!deflate.write(megabyte)) await new Promise((resolve) => deflate.once('drain', resolve));
  deflate.end();
  await done;
  return Buffer.concat(out);
}

/** The inputs an attacker would try first. */
async function hostilePdfs(): Promise<{ name: string; bytes: Buffer }[]> {
  const bomb = await deflatedSpaces(400);
  const kids = Array.from({ length: 200_000 }, () => '3 0 R').join(' ');
  return [
    { name: 'page bomb', bytes: rawPdf(['<< /Type /Catalog /Pages 2 0 R >>', `<< /Type /Pages /Kids [${kids}] /Count 200000 >>`, '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>']) },
    {
      name: 'object stream inflating to 400 MB',
      bytes: rawPdf([
        '<< /Type /Catalog /Pages 2 0 R >>',
        '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
        '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>',
        stream('/Type /ObjStm /N 1 /First 4 /Filter /FlateDecode', bomb),
      ]),
    },
    { name: 'nesting 100,000 deep', bytes: onePage(`/Deep ${'['.repeat(100_000)}${']'.repeat(100_000)}`, Buffer.from('')) },
    {
      name: 'an image of 60,000 × 60,000 pixels',
      bytes: onePage(
        '/Resources << /XObject << /Im 5 0 R >> >>',
        Buffer.from('q 595 0 0 842 0 0 cm /Im Do Q'),
        [stream('/Type /XObject /Subtype /Image /Width 60000 /Height 60000 /BitsPerComponent 8 /ColorSpace /DeviceRGB /Filter /FlateDecode', deflateSync(Buffer.alloc(8 * 1024 * 1024)))],
      ),
    },
    { name: '2 MB of drawing on one page', bytes: onePage('', Buffer.from('0 0 m 595 842 l 1 w S\n'.repeat(100_000))) },
    { name: 'a PostScript loop dressed as a PDF', bytes: Buffer.from('%!PS-Adobe-3.0\n%PDF-1.7\n{ 1 pop } loop\nshowpage\n%%EOF\n') },
    { name: 'a PostScript XObject', bytes: onePage('/Resources << /XObject << /P 5 0 R >> >>', Buffer.from('/P Do'), [stream('/Type /XObject /Subtype /PS', Buffer.from('{ 1 pop } loop'))]) },
    { name: 'a page 200 inches square', bytes: rawPdf(['<< /Type /Catalog /Pages 2 0 R >>', '<< /Type /Pages /Kids [3 0 R] /Count 1 >>', '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 14400 14400] >>']) },
    { name: 'a page tree that loops', bytes: rawPdf(['<< /Type /Catalog /Pages 2 0 R >>', '<< /Type /Pages /Kids [2 0 R] /Count 1 >>']) },
    { name: 'a catalog without pages', bytes: rawPdf(['<< /Type /Catalog >>']) },
  ];
}

async function convert(bytes: Uint8Array, dir: string, i: number): Promise<{ ok: boolean; ms: number; mb: number }> {
  const pdf = join(dir, `${i}.pdf`);
  writeFileSync(pdf, bytes);
  const [command, args] = faxTiffCommand(pdf, join(dir, `${i}.tiff`));
  const started = performance.now();
  // GNU time reports the peak resident size of what it ran (prlimit, then gs in its place).
  const measured = await run('/usr/bin/time', ['-f', 'maxrss=%M', command, ...args], { timeout: (GS_LIMITS.cpuSeconds + 30) * 1000 })
    .then(({ stderr }) => ({ ok: true, stderr }))
    .catch((err: { stderr?: string }) => ({ ok: false, stderr: err.stderr ?? '' }));
  const kb = Number(/maxrss=(\d+)/.exec(measured.stderr)?.[1] ?? 0);
  rmSync(join(dir, `${i}.tiff`), { force: true });
  return { ok: measured.ok, ms: performance.now() - started, mb: kb / 1024 };
}

export async function fuzzPdf(options: { inputs: number; seed: number; convertAtMost: number; onProgress?: (done: number) => void }): Promise<PdfFuzzResult> {
  const r = random(options.seed);
  const seeds = [await makePdf(1), await makePdf(2), await makePdf(3)].map((b) => Buffer.from(b));
  const hostile = await hostilePdfs();
  const result: PdfFuzzResult = {
    inputs: 0, accepted: 0, refused: 0, serverErrors: 0, crashes: 0, maxAnswerMs: 0,
    converted: 0, conversionsFailed: 0, maxConvertMs: 0, maxConvertMb: 0, maxServerRssMb: 0, hostile: [], ms: 0, findings: [],
  };
  const finding = (what: string) => result.findings.length < 10 && result.findings.push(what);
  const crashed = (err: unknown) => {
    result.crashes++;
    finding(`uncaught: ${(err as Error)?.stack ?? err}`);
  };
  process.on('uncaughtException', crashed);
  process.on('unhandledRejection', crashed);
  const dir = mkdtempSync(join(tmpdir(), 'sb-fuzz-pdf-'));
  const server = await startTestServer({ LOG_LEVEL: 'error' });
  // Nothing is dialled: the send queue waits for a link that does not come.
  server.simulator.goDown();
  server.simulator.dropConnections();
  const started = performance.now();
  try {
    const cookie = await server.signIn('agent@acme.test');
    const toConvert: { bytes: Uint8Array; hostile: boolean }[] = [];
    for (let i = 0; i < options.inputs; i++) {
      const isHostile = i < hostile.length;
      const bytes = isHostile ? hostile[i]!.bytes : mutate(r.pick(seeds), r, r.pick(seeds));
      const name = isHostile ? hostile[i]!.name : `mutated #${i}`;
      const cover = isHostile || r.next() < 0.7 ? 'none' : 'classic';
      const t0 = performance.now();
      const answer = await uploadFax(server.url, cookie, { to: '+15550100100', cover }, { bytes, name: 'document.pdf', type: 'application/pdf' }).catch(
        (err: Error) => ({ status: 0, body: { error: err.message } }),
      );
      const answerMs = performance.now() - t0;
      result.maxAnswerMs = Math.max(result.maxAnswerMs, answerMs);
      if (isHostile) result.hostile.push({ name, status: answer.status, ms: Math.round(answerMs) });
      result.inputs++;
      if (answer.status === 201) {
        result.accepted++;
        if (cover === 'none') toConvert.push({ bytes, hostile: isHostile });
      } else if (answer.status >= 400 && answer.status < 500) result.refused++;
      else {
        result.serverErrors++;
        finding(`${name}: answered ${answer.status} ${JSON.stringify(answer.body).slice(0, 200)}`);
      }
      result.maxServerRssMb = Math.max(result.maxServerRssMb, process.memoryUsage().rss / 1024 / 1024);
      if (i % 100 === 99) options.onProgress?.(i + 1);
    }
    // Every accepted hostile input, then accepted mutations up to the budget.
    const budget = [...toConvert.filter((c) => c.hostile), ...toConvert.filter((c) => !c.hostile)].slice(0, options.convertAtMost);
    for (const [i, c] of budget.entries()) {
      const m = await convert(c.bytes, dir, i);
      result.converted++;
      if (!m.ok) result.conversionsFailed++;
      result.maxConvertMs = Math.max(result.maxConvertMs, m.ms);
      result.maxConvertMb = Math.max(result.maxConvertMb, m.mb);
    }
  } finally {
    result.ms = Math.round(performance.now() - started);
    result.maxAnswerMs = Math.round(result.maxAnswerMs);
    result.maxConvertMs = Math.round(result.maxConvertMs);
    result.maxConvertMb = Math.round(result.maxConvertMb);
    result.maxServerRssMb = Math.round(result.maxServerRssMb);
    await server.close();
    rmSync(dir, { recursive: true, force: true });
    process.off('uncaughtException', crashed);
    process.off('unhandledRejection', crashed);
  }
  return result;
}
