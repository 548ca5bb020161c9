// Fax, put together: the file store, the send queue, inbound faxes and their
// e-mail, wired to the PBX's events. HTTP routes call submit/list/download;
// every change reaches the owner through `notify` and the tenant's counts
// through `deliver`.
import { randomUUID } from 'node:crypto';
import type { FaxChange, SendFaxFields } from '../../common/fax.ts';
import type { Config } from '../config.ts';
import type { Orm } from '../db/orm.ts';
import { countFaxes } from '../db/queries.ts';
import type { Deliver } from '../live/reach.ts';
import type { Log } from '../log.ts';
import type { Pbx } from '../pbx/connection.ts';
import type { PbxEvent } from '../pbx/events.ts';
import type { HeaderLookup } from '../pbx/headers.ts';
import { faxResultOfCdr } from '../pbx/parse.ts';
import { FaxMailer } from './email.ts';
import { FaxStoreFullError } from './errors.ts';
import { FaxFiles, isDiskFull } from './files.ts';
import { recordInboundFax } from './inbound.ts';
import { prepareSandbox } from './prepare-sandbox.ts';
import { inboundRow, outboundRow, sql, type InboundSql, type OutboundSql, type Owner } from './rows.ts';
import { SendQueue } from './send-queue.ts';

export interface FaxDeps {
  orm: Orm;
  pbx: Pick<Pbx, 'api' | 'bgapi' | 'connected' | 'onEvent'>;
  config: Config['fax'];
  log: Log;
  notify(tenantId: string, userId: string, change: FaxChange): void;
  /** The tenant's new counts: 'every-node', only the node that wrote the row knows. */
  deliver: Deliver;
}

export type FaxService = ReturnType<typeof startFax>;

export function startFax(d: FaxDeps) {
  const files = new FaxFiles(d.config.dir);
  const recount = async (tenantId: string) => {
    const counts = (await countFaxes(d.orm.em.fork(), tenantId)).get(tenantId) ?? { faxInbound: 0, faxOutbound: 0 };
    d.deliver({ kind: 'fax-counted', tenantId, ...counts }, 'every-node');
  };
  const outboundChanged = (row: OutboundSql) => d.notify(row.tenant_id, row.user_id, { direction: 'outbound', fax: outboundRow(row) });
  const inboundChanged = (row: InboundSql) => {
    if (row.user_id) d.notify(row.tenant_id, row.user_id, { direction: 'inbound', fax: inboundRow(row) });
  };

  const queue = new SendQueue({ ...d.config, orm: d.orm, pbx: d.pbx, files, log: d.log, changed: outboundChanged });
  const mailer = d.config.smtpUrl
    ? new FaxMailer({
        orm: d.orm,
        files,
        log: d.log,
        smtpUrl: d.config.smtpUrl,
        from: d.config.smtpFrom,
        attempts: d.config.emailAttempts,
        retryDelayMs: d.config.emailRetryDelayMs,
        pollMs: d.config.pollMs,
        changed: inboundChanged,
      })
    : undefined;
  if (!mailer) d.log.warn('SMTP_URL is not set: received faxes are kept, and their e-mails wait until it is.');

  // Events are handled one at a time, in order: a result never overtakes the hangup before it.
  let chain = Promise.resolve();
  const handle = (event: PbxEvent) =>
    (chain = chain
      .then(async () => {
        if (event.kind !== 'rxfax-result') return queue.onPbxEvent(event);
        const row = await recordInboundFax(d.orm.em.fork(), files, d.log, event.fax);
        if (!row) return;
        inboundChanged(row);
        await recount(row.tenant_id);
        mailer?.wake();
      })
      .catch((err: Error) => d.log.error(`fax: handling ${event.kind} failed: ${err.stack ?? err.message}`)));
  const off = d.pbx.onEvent((event) => {
    if (event.kind === 'txfax-result' || event.kind === 'rxfax-result' || event.kind === 'channel-hangup-complete' || event.kind === 'background-job') {
      void handle(event);
    }
  });
  // The link coming back is the moment queued faxes can go.
  const offLink = d.pbx.onEvent((event) => {
    if (event.kind === 'link' && event.up) queue.wake();
  });
  const sandbox = prepareSandbox();
  queue.start();
  mailer?.start();
  void files.prepareRxDir().catch((err: Error) => d.log.warn(`fax: cannot prepare ${files.rxDir} for FreeSWITCH's rxfax: ${err.message}`));

  return {
    files,
    /** Checks the upload, stores what will be faxed and queues it. Throws FaxInputError for the user's mistakes, FaxStoreFullError for a full disk. */
    async submit(owner: Owner & { userName: string; tenantName: string }, fields: SendFaxFields, upload: Uint8Array) {
      const { document, pages } = await sandbox.prepare({
        upload,
        maxBytes: d.config.maxUploadBytes,
        maxPages: d.config.maxPages,
        template: fields.cover,
        cover: { from: `${owner.userName}, ${owner.tenantName}`, fromNumber: '', to: fields.to, date: new Date(), subject: fields.subject, note: fields.note },
      });
      const hash = await files.putPdf(document).catch((err: unknown) => {
        if (isDiskFull(err)) throw new FaxStoreFullError();
        throw err;
      });
      const [row] = await sql<OutboundSql>(
        d.orm.em.fork(),
        `insert into "fax_outbound" ("id", "tenant_id", "user_id", "to_number", "cover_template", "subject", "note",
           "document_hash", "pages", "max_attempts") values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) returning *`,
        [randomUUID(), owner.tenantId, owner.userId, fields.to, fields.cover, fields.subject, fields.note, hash, pages, d.config.maxAttempts],
      );
      outboundChanged(row!);
      await recount(owner.tenantId);
      queue.wake();
      return outboundRow(row!);
    },
    /**
     * A CDR arrived (mod_json_cdr: it retries, and spools what it cannot post).
     * A fax leg's carries its result: it settles a sent fax whose result event
     * no node heard (instead of the lease running out and the fax going
     * again), and records a received one that would otherwise be nobody's.
     * Both are keyed by the call's UUID: after the event, it changes nothing.
     */
    cdrArrived(header: HeaderLookup): Promise<void> {
      const event = faxResultOfCdr(header);
      return event ? handle(event) : Promise.resolve();
    },
    async close() {
      off();
      offLink();
      await queue.stop();
      await sandbox.close();
      await mailer?.stop();
      await chain;
    },
  };
}
