// The outbound fax queue. Each fax_outbound row is its own job, so the queue
// is durable by construction and works the same on PostgreSQL and PGlite:
//   queued ──claim (FOR UPDATE SKIP LOCKED)──▶ sending ──txfaxresult──▶ sent | failed
//      ▲                                         │ busy / no answer, attempts left
//      └─────────────────────────────────────────┘
// A claim takes a lease. A node that dies mid-send leaves its lease to run
// out; whoever finds it then asks FreeSWITCH whether the call still lives and
// either waits on or sends again. Results are keyed by the call's UUID and
// applied with a conditional UPDATE, so a second node consuming the same
// event changes nothing.
import { randomUUID } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { assertNever } from '../../common/exhaustive.ts';
import type { Em, Orm } from '../db/orm.ts';
import type { Log } from '../log.ts';
import type { Pbx } from '../pbx/connection.ts';
import type { PbxEvent } from '../pbx/events.ts';
import { refusedOriginate, txfaxOriginate, uuidExists } from '../pbx/fax.ts';
import type { FaxFiles } from './files.ts';
import { hangupOutcome, refusedOutcome, settle, txfaxOutcome, type Outcome } from './outcome.ts';
import { sql, type OutboundSql } from './rows.ts';
import { pdfToFaxTiff, ShortTiffError } from './tiff.ts';
import { Worker } from './worker.ts';

export interface SendQueueDeps {
  orm: Orm;
  pbx: Pick<Pbx, 'api' | 'bgapi' | 'connected'>;
  files: FaxFiles;
  log: Log;
  gateway: string;
  leaseMs: number;
  retryDelayMs: number;
  pollMs: number;
  /** A row changed: tell its owner. */
  changed(row: OutboundSql): void;
}

/** While FreeSWITCH is unreachable a claimed fax goes back to the queue for this long. */
const PBX_DOWN_DELAY_MS = 5000;

export class SendQueue {
  private readonly worker: Worker;

  constructor(private readonly d: SendQueueDeps) {
    this.worker = new Worker(() => this.step(), d.pollMs, (err) => d.log.error(`fax send queue: ${err.stack ?? err.message}`));
  }

  start(): void {
    this.worker.start();
  }

  wake(): void {
    this.worker.wake();
  }

  stop(): Promise<void> {
    return this.worker.stop();
  }

  /** Fax results, the hangups of fax calls, and originates FreeSWITCH refused before any call existed. */
  async onPbxEvent(event: PbxEvent): Promise<void> {
    if (event.kind === 'txfax-result') await this.finish(event.fax.uuid, txfaxOutcome(event.fax));
    // After a result the row is no longer `sending`, so the hangup that follows changes nothing.
    else if (event.kind === 'channel-hangup-complete' && event.faxCall) {
      const { channel, hangupCause, applicationResponse } = event;
      await this.finish(channel.uuid, (row) =>
        hangupOutcome({ cause: hangupCause, answered: channel.answeredAt > 0, applicationResponse, file: this.d.files.tiffPath(row.id) }),
      );
    } else if (event.kind === 'background-job') {
      // A refused originate whose call did exist also hangs up; whichever arrives first settles the attempt.
      const refused = refusedOriginate(event.job);
      if (refused) await this.finish(refused.uuid, refusedOutcome(refused.cause, refused.gateway));
    }
  }

  private em(): Em {
    return this.d.orm.em.fork();
  }

  /** One unit of work; false when there was none. */
  private async step(): Promise<boolean> {
    if (!this.d.pbx.connected) return false;
    if (await this.recoverOneExpired()) return true;
    const [row] = await sql<OutboundSql>(
      this.em(),
      `update "fax_outbound" set "status" = 'sending', "attempts" = "attempts" + 1, "call_uuid" = ?,
         "lease_until" = now() + (? * interval '1 millisecond'), "reason" = null
       where "id" = (select "id" from "fax_outbound" where "status" = 'queued' and "next_attempt_at" <= now()
                     order by "next_attempt_at" limit 1 for update skip locked)
       returning *`,
      [randomUUID(), this.d.leaseMs],
    );
    if (!row) return false;
    this.d.changed(row);
    await this.send(row);
    return true;
  }

  private async send(row: OutboundSql): Promise<void> {
    const tiff = this.d.files.tiffPath(row.id);
    try {
      await pdfToFaxTiff(this.d.files.pdfPath(row.document_hash), tiff, row.pages);
    } catch (err) {
      if (await this.d.files.full()) {
        // Not the document's fault and no call was made: it waits for room, the attempt not counted.
        this.d.log.error(`fax ${row.id}: the fax folder's disk is full (${(err as Error).message}); queued again`);
        await this.backInLine(row, this.d.retryDelayMs, 'The fax store is full: waiting for room to prepare the fax');
        return;
      }
      this.d.log.error(`fax ${row.id}: ghostscript could not convert the document: ${(err as Error).message}`);
      const why = err instanceof ShortTiffError ? ` (${err.message})` : '';
      await this.finish(row.call_uuid!, { kind: 'failed', reason: `The document could not be converted for faxing${why}` });
      return;
    }
    const [who] = await sql<{ name: string; domain: string; did: string | null }>(
      this.em(),
      `select t."name", t."domain",
         (select d."number" from "dids" d where d."tenant_id" = t."id" and d."active"
          order by (d."user_id" = ?) desc nulls last, d."number" limit 1) as "did"
       from "tenants" t where t."id" = ?`,
      [row.user_id, row.tenant_id],
    );
    const callerIdNumber = who?.did ?? '';
    const command = txfaxOriginate({
      uuid: row.call_uuid!,
      number: row.to_number,
      gateway: this.d.gateway,
      tiffPath: tiff,
      domain: who?.domain ?? '',
      ident: callerIdNumber || (who?.name ?? ''),
      header: who?.name ?? '',
      callerIdName: who?.name ?? '',
      callerIdNumber,
    });
    try {
      await this.d.pbx.bgapi(command);
    } catch (err) {
      // Not the fax's fault and no call was made: back in line, the attempt not counted.
      this.d.log.warn(`fax ${row.id}: FreeSWITCH did not take the originate (${(err as Error).message}); queued again`);
      await this.backInLine(row, PBX_DOWN_DELAY_MS, 'Waiting for the phone system');
    }
  }

  /** A claimed fax that made no call goes back to the queue after `delayMs`, the attempt not counted. */
  private async backInLine(row: OutboundSql, delayMs: number, reason: string): Promise<void> {
    const [back] = await sql<OutboundSql>(
      this.em(),
      `update "fax_outbound" set "status" = 'queued', "attempts" = "attempts" - 1, "lease_until" = null,
         "next_attempt_at" = now() + (? * interval '1 millisecond'), "reason" = ?
       where "id" = ? and "call_uuid" = ? and "status" = 'sending' returning *`,
      [delayMs, reason, row.id, row.call_uuid],
    );
    if (back) this.d.changed(back);
  }

  /**
   * A `sending` fax whose lease ran out: its node died or its result never
   * came. If FreeSWITCH still has the call, wait on; otherwise the attempt
   * is over without a result and the fax goes round again (or fails, when
   * its attempts are used up), visibly.
   */
  private async recoverOneExpired(): Promise<boolean> {
    const [stale] = await sql<OutboundSql>(
      this.em(),
      `select * from "fax_outbound" where "status" = 'sending' and "lease_until" < now() order by "lease_until" limit 1`,
    );
    if (!stale) return false;
    const alive = stale.call_uuid ? (await this.d.pbx.api(uuidExists(stale.call_uuid)).catch(() => 'false')).trim() === 'true' : false;
    if (alive) {
      await sql(
        this.em(),
        `update "fax_outbound" set "lease_until" = now() + (? * interval '1 millisecond') where "id" = ? and "call_uuid" = ? and "status" = 'sending'`,
        [this.d.leaseMs, stale.id, stale.call_uuid],
      );
      return true;
    }
    const lost: Outcome = { kind: 'retry', reason: 'No result came back from the phone system' };
    await this.finish(stale.call_uuid!, lost, 0);
    return true;
  }

  /** Applies an attempt's end to the fax sending on that call, if any still is. */
  private async finish(
    callUuid: string,
    outcome: Outcome | ((row: OutboundSql) => Outcome),
    retryDelayMs = this.d.retryDelayMs,
  ): Promise<void> {
    const em = this.em();
    const [row] = await sql<OutboundSql>(em, `select * from "fax_outbound" where "call_uuid" = ? and "status" = 'sending'`, [callUuid]);
    if (!row) return;
    const final = settle(typeof outcome === 'function' ? outcome(row) : outcome, row.attempts, row.max_attempts);
    let updated: OutboundSql | undefined;
    switch (final.kind) {
      case 'sent':
        [updated] = await sql<OutboundSql>(
          em,
          `update "fax_outbound" set "status" = 'sent', "sent_pages" = ?, "reason" = null, "lease_until" = null, "completed_at" = now()
           where "call_uuid" = ? and "status" = 'sending' returning *`,
          [final.pages, callUuid],
        );
        break;
      case 'failed':
        [updated] = await sql<OutboundSql>(
          em,
          `update "fax_outbound" set "status" = 'failed', "reason" = ?, "lease_until" = null, "completed_at" = now()
           where "call_uuid" = ? and "status" = 'sending' returning *`,
          [final.reason, callUuid],
        );
        break;
      case 'retry':
        [updated] = await sql<OutboundSql>(
          em,
          `update "fax_outbound" set "status" = 'queued', "lease_until" = null, "reason" = ?,
             "next_attempt_at" = now() + (? * interval '1 millisecond')
           where "call_uuid" = ? and "status" = 'sending' returning *`,
          [`${final.reason}; trying again (attempt ${row.attempts} of ${row.max_attempts} made)`, retryDelayMs, callUuid],
        );
        break;
      default:
        assertNever(final, 'fax outcome');
    }
    if (!updated) return;
    if (updated.status !== 'queued') await rm(this.d.files.tiffPath(updated.id), { force: true });
    this.d.changed(updated);
    if (updated.status === 'queued') this.worker.wake();
  }
}
