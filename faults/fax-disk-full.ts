// The disk of the fax spool full: a 256 KB tmpfs is mounted over the rig's
// fax folder (FAX_SPOOL_DIR: the PDFs Switchboard stores, the TIFFs
// FreeSWITCH sends, the rx folder rxfax writes received faxes into) and
// filled to the last block. Then, while it is full, the user sends a fax
// (what does the form answer; is a job or a half-written file left behind?)
// and a fax arrives from outside on Globex's fax DID (FreeSWITCH's rxfax
// cannot write it: what does the receiver's list say, does the CDR land, does
// anything crash?). Then space returns, and a fax from the user must go out
// and arrive once. The tmpfs is unmounted at the end whatever happened
// (needs root, as the real-PBX suite does).
import { execFileSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readdirSync, rmSync, statSync, truncateSync, writeSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { pdfToFaxTiff } from '../server/fax/tiff.ts';
import { makePdf } from '../tests/helpers/fax.ts';
import { sleep, waitFor } from '../tests/helpers/wait.ts';
import { countFaxes, FAX_DID, jobEnded, judged, RECEIVER, senderTab, sentList, statusesShown, submitFax, tally, type FaxCount, type SenderTab } from './fax.ts';
import type { FaxTally, Injected } from './measure.ts';
import type { Rig } from './rig.ts';

export const FAX_SPOOL_FULL = 'The fax spool disk full';
const SIZE = '256k';
/** A carrier's fax machine: its number as the receiver's list shows it. */
const OUTSIDE_FAX = '+12125550142';

/** A tmpfs of SIZE over `dir`, taken away again by the returned function (lazily if something still holds it). */
function mountSmallDisk(dir: string): () => void {
  execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${SIZE},mode=1777`, 'tmpfs', dir]);
  let mounted = true;
  const unmount = () => {
    if (!mounted) return;
    mounted = false;
    try {
      execFileSync('umount', [dir]);
    } catch {
      execFileSync('umount', ['-l', dir]);
    }
  };
  process.once('exit', unmount);
  return () => {
    process.off('exit', unmount);
    unmount();
  };
}

/** Writes a filler file until the disk refuses a single byte more. */
function fill(dir: string): string {
  const path = join(dir, 'filler');
  const fd = openSync(path, 'w');
  const block = Buffer.alloc(4096, 1);
  try {
    for (;;) writeSync(fd, block);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOSPC') throw err;
  }
  try {
    for (;;) writeSync(fd, block, 0, 1);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOSPC') throw err;
  } finally {
    closeSync(fd);
  }
  return path;
}

/** Every file on the small disk but the filler: what a refused or failed fax left behind. */
function leftovers(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (p !== join(dir, 'filler')) out.push(`${p.slice(dir.length + 1)} (${statSync(p).size} B)`);
    }
  };
  walk(dir);
  return out;
}

/** A fax from outside to Globex's fax DID: FreeSWITCH's own txfax through the carrier gateway, its TIFF outside the spool. */
async function faxFromOutside(rig: Rig, tiff: string): Promise<string> {
  const uuid = randomUUID();
  const vars = [`origination_uuid=${uuid}`, `origination_caller_id_number=${OUTSIDE_FAX}`, 'fax_ident=Outside', 'absolute_codec_string=^^:PCMU:PCMA', 'ignore_early_media=true'];
  await rig.api(`bgapi originate {${vars.join(',')}}sofia/gateway/carrier/${FAX_DID} &txfax(${tiff})`);
  return uuid;
}

/** The words Switchboard gives when it has none for the user (server/http/errors.ts). */
const NO_WORDS = /Something went wrong on our side/;

async function judge(rig: Rig, tab: SenderTab, spool: string, unmount: () => void, before: FaxCount, ids: string[], words: string[], wrong: string[]): Promise<FaxTally> {
  try {
    const jobs = [];
    for (const id of ids) jobs.push(await jobEnded(rig, id, 120_000));
    await waitFor(async () => (await countFaxes(rig)).inbound.length >= before.inbound.length + ids.length, 20_000, 'the inbound fax rows').catch(() => undefined);
    const after = await countFaxes(rig);
    const listed = await sentList(rig.stack.url, tab.cookie);
    words.push(
      `space back: ${ids
        .map((id) => {
          const row = listed.find((f) => f.id === id);
          return `${statusesShown(tab, id)}${row ? ` (attempt ${row.attempts}${row.sentPages ? `, ${row.sentPages} p.` : ''})` : ''}`;
        })
        .join(' and ')}, ${RECEIVER} got ${after.inbound.slice(before.inbound.length).filter((r) => r.status === 'received').length}`,
    );
    // Stored PDFs are kept (the Sent list downloads them); what rxfax left is FreeSWITCH's; anything else is left behind.
    const files = leftovers(spool);
    const rx = files.filter((f) => f.startsWith('rx/'));
    if (rx.length) words.push(`rxfax left ${rx.join(', ')}`);
    const stray = files.filter((f) => !f.startsWith('rx/') && !/^pdf\/..\/[0-9a-f]{64}\.pdf /.test(f));
    if (stray.length) wrong.push(`left on the fax disk: ${stray.join(', ')}`);
    return tally(jobs, before, after, words.join('; '), wrong);
  } finally {
    tab.socket.close();
    unmount();
  }
}

/** The injector: runs on any rig (its own fax folder is the one mounted over). */
export async function faxSpoolFull(rig: Rig): Promise<Injected> {
  const spool = join(rig.stack.dataDir, 'fax');
  const work = mkdtempSync(join(tmpdir(), 'sb-faults-fax-'));
  const outsideTiff = join(work, 'outside.tif');
  writeFileSync(join(work, 'outside.pdf'), await makePdf(1));
  await pdfToFaxTiff(join(work, 'outside.pdf'), outsideTiff, 1);
  const tab = await senderTab(rig.stack.url);
  const before = await countFaxes(rig);
  const jobCount = async () => Number((await rig.judge.db.query<{ n: string }>('select count(*) as n from fax_outbound')).rows[0]!.n);
  const jobsBefore = await jobCount();
  const words: string[] = [];
  const wrong: string[] = [];
  const unmount = mountSmallDisk(spool);
  try {
    const filler = fill(spool);
    // 1. The user sends a fax while the disk is full.
    const refused = await submitFax(rig.stack.url, tab.cookie, 1, 'Disk full');
    const orphans = (await jobCount()) - jobsBefore;
    words.push(`Send Fax with the disk full: ${refused.status} "${refused.body.error ?? JSON.stringify(refused.body)}"${orphans ? `, ${orphans} job(s) left` : ', no job left'}`);
    if (refused.status < 400 || !refused.body.error || NO_WORDS.test(refused.body.error)) wrong.push(`Send Fax with the disk full answered ${refused.status} without words for the user`);
    if (orphans) wrong.push(`${orphans} job(s) left behind by the refused upload`);
    const half = leftovers(spool);
    if (half.length) wrong.push(`left on the full disk by the refused upload: ${half.join(', ')}`);

    // 2. Room for the PDF only: the fax is queued, and its TIFF cannot be written.
    truncateSync(filler, statSync(filler).size - 4096);
    const queued = await submitFax(rig.stack.url, tab.cookie, 1, 'Room for the PDF only');
    const waiting = queued.status === 201 ? (queued.body.fax.id as string) : undefined;
    if (waiting) {
      const row = await waitFor(async () => (await sentList(rig.stack.url, tab.cookie)).find((f) => f.id === waiting && (f.status === 'queued' ? f.reason : f.status !== 'sending')), 20_000, 'the fax whose TIFF cannot be written').catch(() => undefined);
      words.push(`a fax whose TIFF finds no room: ${statusesShown(tab, waiting)}${row?.reason ? ` "${row.reason}"` : ''}`);
      if (!row || row.status !== 'queued') wrong.push(`a fax whose TIFF found no room ended ${row?.status ?? 'nowhere'}: ${row?.reason ?? ''}`);
    } else words.push(`with room for the PDF only the upload answered ${queued.status} "${queued.body.error}"`);
    fill(spool);

    // 3. A fax arrives from outside while the disk is full.
    const uuid = await faxFromOutside(rig, outsideTiff);
    const inbound = await waitFor(async () => (await countFaxes(rig)).inbound[before.inbound.length], 90_000, 'the inbound fax row').catch(() => undefined);
    const cdr = await waitFor(
      async () => Number((await rig.judge.db.query<{ n: string }>(`select count(*) as n from cdr where destination = $1 and started_at > now() - interval '5 minutes'`, [FAX_DID])).rows[0]!.n) || undefined,
      15_000,
      'the DID leg\'s CDR',
    ).catch(() => 0);
    words.push(
      `fax from outside with the disk full: ${inbound ? `${RECEIVER}'s Inbound Fax shows ${inbound.status}${inbound.reason ? ` "${inbound.reason}"` : ''}` : 'no row in Inbound Fax'}, ${cdr} CDR row(s) for the DID leg`,
    );
    if (!inbound) wrong.push('the fax from outside left no row in Inbound Fax');
    if (!cdr) wrong.push('the fax from outside left no CDR');
    const fsUp = (await rig.api('status').catch(() => '')).includes('UP');
    const sbUp = (await fetch(`${rig.stack.url}/api/fax/outbound`, { headers: { cookie: tab.cookie } }).catch(() => undefined))?.status === 200;
    if (!fsUp || !sbUp) wrong.push(`after the fax from outside (${uuid}): FreeSWITCH ${fsUp ? 'up' : 'NOT answering'}, Switchboard ${sbUp ? 'up' : 'NOT answering'}`);

    // 4. Space returns: the fax that waited goes, and so does a new one. (The outside fax is counted before: these two are judged alone.)
    rmSync(filler);
    const endedAt = Date.now();
    await sleep(1000);
    const beforeNext = await countFaxes(rig);
    const next = await submitFax(rig.stack.url, tab.cookie, 1, 'Disk has room again');
    if (next.status !== 201) wrong.push(`with room again the upload answered ${next.status}: ${JSON.stringify(next.body)}`);
    const ids = [waiting, next.status === 201 ? (next.body.fax.id as string) : undefined].filter((id): id is string => id !== undefined);
    return { outages: [], endedAt, faxes: judged(judge(rig, tab, spool, unmount, beforeNext, ids, words, wrong)) };
  } catch (err) {
    tab.socket.close();
    unmount();
    throw err;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
