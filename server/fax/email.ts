// E-mailing received faxes as PDF attachments over SMTP (nodemailer). The
// delivery state lives on the fax_inbound row and is claimed with FOR UPDATE
// SKIP LOCKED like the send queue: a failure is retried with growing delays
// and, once the attempts are used up, shown as failed with the reason.
import nodemailer, { type Transporter } from 'nodemailer';
import type { Orm } from '../db/orm.ts';
import type { Log } from '../log.ts';
import type { FaxFiles } from './files.ts';
import { sql, type InboundSql } from './rows.ts';
import { Worker } from './worker.ts';

export interface MailerDeps {
  orm: Orm;
  files: FaxFiles;
  log: Log;
  smtpUrl: string;
  from: string;
  attempts: number;
  retryDelayMs: number;
  pollMs: number;
  changed(row: InboundSql): void;
}

/** A message can take a while over a slow link; past this the claim lapses and another node may try. */
const LEASE_MS = 5 * 60_000;

/** What the attachment is called: from the number and time, never from anything a caller could shape into a path. */
export const attachmentName = (row: Pick<InboundSql, 'from_number' | 'received_at'>) =>
  `fax-${new Date(row.received_at).toISOString().slice(0, 19).replace(/[:T]/g, '-')}-${row.from_number.replace(/[^\d+]/g, '') || 'unknown'}.pdf`;

export class FaxMailer {
  private readonly worker: Worker;
  private readonly transport: Transporter;

  constructor(private readonly d: MailerDeps) {
    this.transport = nodemailer.createTransport(d.smtpUrl);
    this.worker = new Worker(() => this.step(), d.pollMs, (err) => d.log.error(`fax e-mail queue: ${err.message}`));
  }

  start(): void {
    this.worker.start();
  }

  wake(): void {
    this.worker.wake();
  }

  async stop(): Promise<void> {
    await this.worker.stop();
    this.transport.close();
  }

  private async step(): Promise<boolean> {
    const em = this.d.orm.em.fork();
    const [row] = await sql<InboundSql>(
      em,
      `update "fax_inbound" set "email_attempts" = "email_attempts" + 1, "email_lease_until" = now() + (? * interval '1 millisecond')
       where "id" = (select "id" from "fax_inbound" where "email_status" = 'pending' and "email_next_at" <= now()
                     and ("email_lease_until" is null or "email_lease_until" < now())
                     order by "email_next_at" limit 1 for update skip locked)
       returning *`,
      [LEASE_MS],
    );
    if (!row) return false;
    let error: string | undefined;
    try {
      await this.transport.sendMail({
        from: this.d.from,
        to: row.email_to!,
        subject: `Fax from ${row.from_number || 'an unknown number'} to extension ${row.extension} (${row.pages} page${row.pages === 1 ? '' : 's'})`,
        text:
          `A fax arrived on extension ${row.extension} at ${new Date(row.received_at).toUTCString()}.\n` +
          `From: ${row.from_number || 'unknown'}${row.remote_station_id ? ` (station ${row.remote_station_id})` : ''}\n` +
          `Pages: ${row.pages}\n\nThe fax is attached as a PDF.\n`,
        attachments: [{ filename: attachmentName(row), content: await this.d.files.readPdf(row.pdf_hash!), contentType: 'application/pdf' }],
      });
    } catch (err) {
      // nodemailer's messages name the server's answer, never the credentials in SMTP_URL.
      error = (err as Error).message;
    }
    const last = row.email_attempts >= this.d.attempts;
    const [updated] = error
      ? await sql<InboundSql>(
          em,
          `update "fax_inbound" set "email_status" = ?, "email_error" = ?, "email_lease_until" = null,
             "email_next_at" = now() + (? * interval '1 millisecond') where "id" = ? returning *`,
          [last ? 'failed' : 'pending', error, this.d.retryDelayMs * 2 ** (row.email_attempts - 1), row.id],
        )
      : await sql<InboundSql>(
          em,
          `update "fax_inbound" set "email_status" = 'sent', "email_error" = null, "email_lease_until" = null where "id" = ? returning *`,
          [row.id],
        );
    if (error) this.d.log.warn(`fax ${row.id}: e-mail attempt ${row.email_attempts} of ${this.d.attempts} failed: ${error}`);
    if (updated) this.d.changed(updated);
    return true;
  }
}
