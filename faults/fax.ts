// What the fax faults share: a fax sent the way a user sends one (the Send
// Fax form's upload) from Acme to Globex's fax DID, which leaves through the
// carrier gateway and comes back into the same FreeSWITCH to rxfax (the rig
// points the gateway at its own external profile); the sender's tab, which
// follows their faxes live and reconnects by itself; and the count of what
// really happened, from FreeSWITCH's log (spandsp's "Fax successfully sent")
// and the receiver's rows, read over the judge's own database connection.
import { io, type Socket } from 'socket.io-client';
import type { FaxChange, OutboundFaxRow } from '../common/fax.ts';
import type { ClientToServerEvents, ServerToClientEvents } from '../common/socket.ts';
import { signIn } from '../tests/helpers/browser-session.ts';
import { makePdf, uploadFax } from '../tests/helpers/fax.ts';
import { DEMO_PASSWORD } from '../tests/helpers/server.ts';
import { waitFor } from '../tests/helpers/wait.ts';
import type { FaxTally } from './measure.ts';
import type { Rig } from './rig.ts';

/** Globex's fax line (the seed routes it to rxfax for its extension 1001, agent@globex.test). */
export const FAX_DID = '+442079460190';
export const SENDER = 'agent@acme.test';
export const RECEIVER = 'agent@globex.test';

export interface SenderTab {
  cookie: string;
  /** Every change of the sender's faxes the tab was told of, in order, with when. */
  changes: FaxChange[];
  at: number[];
  socket: Socket<ServerToClientEvents, ClientToServerEvents>;
}

/** The sender signed in on `baseUrl`, with a tab that follows their faxes and reconnects by itself. */
export async function senderTab(baseUrl: string): Promise<SenderTab> {
  const cookie = await signIn(baseUrl, SENDER, DEMO_PASSWORD);
  const socket: SenderTab['socket'] = io(baseUrl, { transports: ['websocket'], extraHeaders: { cookie }, forceNew: true, reconnectionDelay: 250, reconnectionDelayMax: 1000 });
  const changes: FaxChange[] = [];
  const at: number[] = [];
  socket.on('fax', (c) => {
    changes.push(c);
    at.push(Date.now());
  });
  await waitFor(() => socket.connected, 10_000, `${SENDER}'s tab`);
  return { cookie, changes, at, socket };
}

/** The Send Fax form: `pages` pages to Globex's fax DID, no cover. */
export function submitFax(baseUrl: string, cookie: string, pages: number, subject: string) {
  return makePdf(pages).then((bytes) => uploadFax(baseUrl, cookie, { to: FAX_DID, cover: 'none', subject }, { bytes, name: 'fault.pdf', type: 'application/pdf' }));
}

/** The sender's Sent list, as the page reads it. */
export async function sentList(baseUrl: string, cookie: string): Promise<OutboundFaxRow[]> {
  return ((await (await fetch(`${baseUrl}/api/fax/outbound`, { headers: { cookie } })).json()) as { faxes: OutboundFaxRow[] }).faxes;
}

/** The job's row as the database holds it (over the judge's connection, not Switchboard's). */
export async function faxJob(rig: Rig, id: string) {
  const { rows } = await rig.judge.db.query<{ status: string; call_uuid: string | null; attempts: number; max_attempts: number; reason: string | null; sent_pages: number | null }>(
    'select status, call_uuid::text, attempts, max_attempts, reason, sent_pages from fax_outbound where id = $1',
    [id],
  );
  return rows[0];
}

/** What counts faxes: spandsp's own lines in FreeSWITCH's log, and the receiver's rows. */
export interface FaxCount {
  sent: number;
  received: number;
  inbound: { status: string; reason: string | null; pages: number }[];
}

export async function countFaxes(rig: Rig): Promise<FaxCount> {
  const log = rig.stack.fs.log();
  const { rows } = await rig.judge.db.query<{ status: string; reason: string | null; pages: number }>(
    `select i.status, i.reason, i.pages from fax_inbound i join tenants t on t.id = i.tenant_id where t.domain = 'globex.pbx.test' order by i.received_at`,
  );
  return { sent: log.split('Fax successfully sent').length - 1, received: log.split('Fax successfully received').length - 1, inbound: rows };
}

/** Waits (bounded) until the job is sent or failed; undefined if it never ended. */
export async function jobEnded(rig: Rig, id: string, ms: number) {
  return waitFor(
    async () => {
      const job = await faxJob(rig, id);
      return job && (job.status === 'sent' || job.status === 'failed') ? job : undefined;
    },
    ms,
    `fax ${id} to be sent or failed`,
    250,
  ).catch(() => undefined);
}

type Job = Awaited<ReturnType<typeof faxJob>>;

/**
 * Faxes judged against FreeSWITCH and the receiver: lost when a job never
 * ended, failed without a reason, or more jobs say sent than faxes arrived;
 * sent twice when FreeSWITCH sent, or the receiver got, more faxes than the
 * jobs say were sent (a job that says failed although its fax arrived counts
 * here: its user would send it again).
 */
export function tally(jobs: (Job | undefined)[], before: FaxCount, after: FaxCount, shown: string, wrong: string[] = []): FaxTally {
  const fsSent = after.sent - before.sent;
  const received = after.inbound.slice(before.inbound.length).filter((r) => r.status === 'received').length;
  const ended = jobs.filter((j) => j && (j.status === 'sent' || j.status === 'failed'));
  const sent = ended.filter((j) => j!.status === 'sent').length;
  const lost = jobs.length - ended.length + ended.filter((j) => j!.status === 'failed' && !j!.reason).length + Math.max(0, sent - received);
  return { lost, sentTwice: Math.max(0, fsSent - sent, received - sent), shown, wrong };
}

/** A judgement that could not be made counts the fax as lost, with the reason (never an unhandled rejection). */
export function judged(tally: Promise<FaxTally>): Promise<FaxTally> {
  return tally.catch((err: Error) => ({ lost: 1, sentTwice: 0, shown: '', wrong: [`the faxes could not be judged: ${err.message}`] }));
}

/** When the tab was first told the fax's `status`; undefined if never. */
export function shownAt(tab: SenderTab, id: string, status: string): number | undefined {
  const i = tab.changes.findIndex((c) => c.direction === 'outbound' && c.fax.id === id && c.fax.status === status);
  return i === -1 ? undefined : tab.at[i];
}

/** The statuses the tab was told of for one fax, in order, repeats folded: "queued → sending → sent". */
export function statusesShown(tab: SenderTab, id: string): string {
  const seen = tab.changes.filter((c) => c.direction === 'outbound' && c.fax.id === id).map((c) => c.fax.status);
  const shown = seen.filter((s, i) => s !== seen[i - 1]).join(' → ') || 'nothing';
  // A fax that went back to the queue again and again: "(queued → sending) ×6 → sent".
  return shown.replace(/(?:queued → sending → ){2,}/g, (run) => `(queued → sending) ×${run.split('queued').length - 1} → `);
}
