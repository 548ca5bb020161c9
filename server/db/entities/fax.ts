// Fax rows. An outbound fax is also its own send job: the durable queue is
// this table, claimed with FOR UPDATE SKIP LOCKED (server/fax/send-queue.ts),
// so a fax and the work still owed on it can never drift apart. An inbound
// fax carries its e-mail delivery the same way.
import { randomUUID } from 'node:crypto';
import { EntitySchema, OptionalProps } from '@mikro-orm/core';
import {
  EMAIL_STATUSES,
  INBOUND_FAX_STATUSES,
  OUTBOUND_FAX_STATUSES,
  type EmailStatus,
  type InboundFaxStatus,
  type OutboundFaxStatus,
} from '../../../common/fax.ts';
import { Tenant } from './tenant.ts';
import { User } from './user.ts';

export class OutboundFax {
  [OptionalProps]?:
    | 'id'
    | 'sentPages'
    | 'status'
    | 'reason'
    | 'attempts'
    | 'nextAttemptAt'
    | 'leaseUntil'
    | 'callUuid'
    | 'createdAt'
    | 'completedAt';
  id: string = randomUUID();
  tenant!: Tenant;
  user!: User;
  /** E.164 (+country code) or a national number, digits only after the plus. */
  toNumber!: string;
  coverTemplate!: string;
  subject!: string;
  note!: string;
  /** SHA-256 of the PDF actually faxed (cover + document): its name in the file store. */
  documentHash!: string;
  pages!: number;
  /** fax_document_transferred_pages of the attempt that succeeded. */
  sentPages: number | null = null;
  status: OutboundFaxStatus = 'queued';
  /** Why it failed, or why the next attempt waits, in words. */
  reason: string | null = null;
  attempts: number = 0;
  maxAttempts!: number;
  nextAttemptAt: Date = new Date();
  /** While sending: until when the node that claimed it answers for it. */
  leaseUntil: Date | null = null;
  /** The origination_uuid of the current attempt: results are keyed by it. */
  callUuid: string | null = null;
  createdAt: Date = new Date();
  completedAt: Date | null = null;
}

export const OutboundFaxSchema = new EntitySchema<OutboundFax>({
  class: OutboundFax,
  tableName: 'fax_outbound',
  properties: {
    id: { type: 'uuid', primary: true },
    tenant: { kind: 'm:1', entity: () => Tenant, deleteRule: 'cascade' },
    user: { kind: 'm:1', entity: () => User, deleteRule: 'cascade' },
    toNumber: { type: 'string', columnType: 'varchar(20)' },
    coverTemplate: { type: 'string', columnType: 'text' },
    subject: { type: 'string', columnType: 'text' },
    note: { type: 'string', columnType: 'text' },
    documentHash: { type: 'string', columnType: 'char(64)' },
    pages: { type: 'integer' },
    sentPages: { type: 'integer', nullable: true },
    status: { enum: true, items: () => [...OUTBOUND_FAX_STATUSES], type: 'string', columnType: 'text' },
    reason: { type: 'string', columnType: 'text', nullable: true },
    attempts: { type: 'integer', default: 0 },
    maxAttempts: { type: 'integer' },
    nextAttemptAt: { type: 'datetime', columnType: 'timestamptz', defaultRaw: 'now()' },
    leaseUntil: { type: 'datetime', columnType: 'timestamptz', nullable: true },
    callUuid: { type: 'uuid', nullable: true, unique: 'fax_outbound_call_uuid_unique' },
    createdAt: { type: 'datetime', columnType: 'timestamptz', defaultRaw: 'now()' },
    completedAt: { type: 'datetime', columnType: 'timestamptz', nullable: true },
  },
  indexes: [
    {
      name: 'fax_outbound_tenant_id_user_id_index',
      expression: 'create index "fax_outbound_tenant_id_user_id_index" on "fax_outbound" ("tenant_id", "user_id", "created_at")',
    },
    {
      // The send queue's claim looks only at faxes still owed work.
      name: 'fax_outbound_pending_index',
      expression: `create index "fax_outbound_pending_index" on "fax_outbound" ("next_attempt_at") where "status" in ('queued', 'sending')`,
    },
  ],
});

export class InboundFax {
  [OptionalProps]?: 'id' | 'user' | 'reason' | 'pdfHash' | 'emailTo' | 'emailStatus' | 'emailAttempts' | 'emailNextAt' | 'emailLeaseUntil' | 'emailError' | 'receivedAt';
  id: string = randomUUID();
  tenant!: Tenant;
  /** The extension's owner when the fax arrived; nobody sees an unowned extension's faxes but the counts. */
  user: User | null = null;
  extension!: string;
  /** The rxfax leg's Unique-ID: a second node consuming the same event inserts nothing. */
  callUuid!: string;
  fromNumber!: string;
  remoteStationId!: string;
  pages!: number;
  status!: InboundFaxStatus;
  reason: string | null = null;
  pdfHash: string | null = null;
  emailTo: string | null = null;
  emailStatus: EmailStatus = 'none';
  emailAttempts: number = 0;
  emailNextAt: Date = new Date();
  emailLeaseUntil: Date | null = null;
  emailError: string | null = null;
  receivedAt: Date = new Date();
}

export const InboundFaxSchema = new EntitySchema<InboundFax>({
  class: InboundFax,
  tableName: 'fax_inbound',
  properties: {
    id: { type: 'uuid', primary: true },
    tenant: { kind: 'm:1', entity: () => Tenant, deleteRule: 'cascade' },
    user: { kind: 'm:1', entity: () => User, nullable: true, deleteRule: 'set null' },
    extension: { type: 'string', columnType: 'varchar(32)' },
    callUuid: { type: 'uuid', unique: 'fax_inbound_call_uuid_unique' },
    fromNumber: { type: 'string', columnType: 'text' },
    remoteStationId: { type: 'string', columnType: 'text' },
    pages: { type: 'integer' },
    status: { enum: true, items: () => [...INBOUND_FAX_STATUSES], type: 'string', columnType: 'text' },
    reason: { type: 'string', columnType: 'text', nullable: true },
    pdfHash: { type: 'string', columnType: 'char(64)', nullable: true },
    emailTo: { type: 'string', columnType: 'text', nullable: true },
    emailStatus: { enum: true, items: () => [...EMAIL_STATUSES], type: 'string', columnType: 'text' },
    emailAttempts: { type: 'integer' },
    emailNextAt: { type: 'datetime', columnType: 'timestamptz', defaultRaw: 'now()' },
    emailLeaseUntil: { type: 'datetime', columnType: 'timestamptz', nullable: true },
    emailError: { type: 'string', columnType: 'text', nullable: true },
    receivedAt: { type: 'datetime', columnType: 'timestamptz', defaultRaw: 'now()' },
  },
  indexes: [
    {
      name: 'fax_inbound_tenant_id_user_id_index',
      expression: 'create index "fax_inbound_tenant_id_user_id_index" on "fax_inbound" ("tenant_id", "user_id", "received_at")',
    },
    {
      name: 'fax_inbound_email_pending_index',
      expression: `create index "fax_inbound_email_pending_index" on "fax_inbound" ("email_next_at") where "email_status" = 'pending'`,
    },
  ],
});
