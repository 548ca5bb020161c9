// spandsp::rxfaxresult → an inbound fax row for the extension's owner: the
// TIFF rxfax wrote becomes a PDF in the file store, and the row (keyed by
// the call's UUID: a second node inserts nothing) says whether and where it
// is to be e-mailed.
import { randomUUID } from 'node:crypto';
import { readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { Em } from '../db/orm.ts';
import type { Log } from '../log.ts';
import type { FaxResult } from '../pbx/events.ts';
import type { FaxFiles } from './files.ts';
import { sql, type InboundSql } from './rows.ts';
import { tiffPages, tiffToPdf } from './tiff.ts';

/** The PDF of a received TIFF, stored; undefined when there is nothing readable. */
async function storeTiffAsPdf(files: FaxFiles, tiff: string): Promise<{ hash: string; pages: number } | undefined> {
  const temp = join(tmpdir(), `sb-rxfax-${randomUUID()}.pdf`);
  try {
    const pages = await tiffPages(tiff);
    if (pages === 0) return undefined;
    await tiffToPdf(tiff, temp);
    return { hash: await files.putPdf(await readFile(temp)), pages };
  } catch {
    return undefined;
  } finally {
    await rm(temp, { force: true });
  }
}

/** Records one received fax; returns the new row, or undefined when it was not ours or already recorded. */
export async function recordInboundFax(em: Em, files: FaxFiles, log: Log, fax: FaxResult): Promise<InboundSql | undefined> {
  if (!fax.domain || !fax.extension) return undefined;
  const [ext] = await sql<{ tenant_id: string; owner_id: string | null; fax_email: string | null; number: string }>(
    em,
    `select e."tenant_id", e."owner_id", e."fax_email", e."number" from "extensions" e
     join "tenants" t on t."id" = e."tenant_id" where lower(t."domain") = lower(?) and e."number" = ?`,
    [fax.domain, fax.extension],
  );
  if (!ext) {
    log.warn(`rxfax for ${fax.extension}@${fax.domain}: no such extension; fax ${fax.uuid} not recorded`);
    return undefined;
  }
  const [known] = await sql(em, `select 1 from "fax_inbound" where "call_uuid" = ?`, [fax.uuid]);
  if (known) return undefined;
  const pdf = fax.filename ? await storeTiffAsPdf(files, fax.filename) : undefined;
  // rxfax's TIFF in our spool has become the stored PDF: it is not kept twice.
  if (pdf && fax.filename && dirname(fax.filename) === files.rxDir) await rm(fax.filename, { force: true });
  const status = fax.success && pdf ? 'received' : 'failed';
  const reason = status === 'received' ? null : fax.success ? 'The received pages could not be read' : fax.resultText || 'The fax was not received';
  const emailTo = pdf && ext.fax_email ? ext.fax_email : null;
  const [row] = await sql<InboundSql>(
    em,
    `insert into "fax_inbound" ("id", "tenant_id", "user_id", "extension", "call_uuid", "from_number", "remote_station_id",
       "pages", "status", "reason", "pdf_hash", "email_to", "email_status")
     values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
     on conflict ("call_uuid") do nothing returning *`,
    [
      randomUUID(),
      ext.tenant_id,
      ext.owner_id,
      ext.number,
      fax.uuid,
      fax.callerIdNumber,
      fax.remoteStationId,
      fax.transferredPages || pdf?.pages || 0,
      status,
      reason,
      pdf?.hash ?? null,
      emailTo,
      emailTo ? 'pending' : 'none',
    ],
  );
  return row;
}
