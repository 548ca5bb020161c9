// Fax rows as SQL returns them, and as the lists show them. The queue
// statements need raw SQL (SKIP LOCKED, conditional updates); reads share it
// so there is one row shape. Every read that serves a user is scoped by
// tenant and owner.
import type { CoverTemplateId, EmailStatus, InboundFaxRow, InboundFaxStatus, OutboundFaxRow, OutboundFaxStatus } from '../../common/fax.ts';
import type { Em } from '../db/orm.ts';
import { isUuid } from '../db/queries.ts';

export interface OutboundSql {
  id: string;
  tenant_id: string;
  user_id: string;
  to_number: string;
  cover_template: string;
  subject: string;
  note: string;
  document_hash: string;
  pages: number;
  sent_pages: number | null;
  status: OutboundFaxStatus;
  reason: string | null;
  attempts: number;
  max_attempts: number;
  call_uuid: string | null;
  created_at: Date | string;
  completed_at: Date | string | null;
}

export interface InboundSql {
  id: string;
  tenant_id: string;
  user_id: string | null;
  extension: string;
  call_uuid: string;
  from_number: string;
  remote_station_id: string;
  pages: number;
  status: InboundFaxStatus;
  reason: string | null;
  pdf_hash: string | null;
  email_to: string | null;
  email_status: EmailStatus;
  email_attempts: number;
  email_error: string | null;
  received_at: Date | string;
}

const iso = (d: Date | string) => new Date(d).toISOString();

export const outboundRow = (r: OutboundSql): OutboundFaxRow => ({
  id: r.id,
  to: r.to_number,
  subject: r.subject,
  coverTemplate: r.cover_template as CoverTemplateId,
  pages: r.pages,
  sentPages: r.sent_pages,
  status: r.status,
  reason: r.reason,
  attempts: r.attempts,
  maxAttempts: r.max_attempts,
  createdAt: iso(r.created_at),
  completedAt: r.completed_at ? iso(r.completed_at) : null,
});

export const inboundRow = (r: InboundSql): InboundFaxRow => ({
  id: r.id,
  from: r.from_number,
  remoteStationId: r.remote_station_id,
  extension: r.extension,
  pages: r.pages,
  status: r.status,
  reason: r.reason,
  hasPdf: r.pdf_hash !== null,
  emailTo: r.email_to,
  emailStatus: r.email_status,
  emailError: r.email_error,
  receivedAt: iso(r.received_at),
});

export function sql<T>(em: Em, query: string, params: unknown[] = []): Promise<T[]> {
  return em.getConnection().execute(query, params, 'all', em.getTransactionContext()) as Promise<T[]>;
}

export interface Owner {
  tenantId: string;
  userId: string;
}

const LIST_LIMIT = 500;

export const listOutbound = (em: Em, o: Owner) =>
  sql<OutboundSql>(em, `select * from "fax_outbound" where "tenant_id" = ? and "user_id" = ? order by "created_at" desc limit ${LIST_LIMIT}`, [o.tenantId, o.userId]);

export const listInbound = (em: Em, o: Owner) =>
  sql<InboundSql>(em, `select * from "fax_inbound" where "tenant_id" = ? and "user_id" = ? order by "received_at" desc limit ${LIST_LIMIT}`, [o.tenantId, o.userId]);

/** One of the owner's faxes, or undefined: another tenant's or user's id misses exactly like a made-up one. */
export async function findOutbound(em: Em, o: Owner, id: string): Promise<OutboundSql | undefined> {
  if (!isUuid(id)) return undefined;
  const [row] = await sql<OutboundSql>(em, `select * from "fax_outbound" where "id" = ? and "tenant_id" = ? and "user_id" = ?`, [id, o.tenantId, o.userId]);
  return row;
}

export async function findInbound(em: Em, o: Owner, id: string): Promise<InboundSql | undefined> {
  if (!isUuid(id)) return undefined;
  const [row] = await sql<InboundSql>(em, `select * from "fax_inbound" where "id" = ? and "tenant_id" = ? and "user_id" = ?`, [id, o.tenantId, o.userId]);
  return row;
}
