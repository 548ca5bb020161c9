// One administrative change or sign-in: who (the actor's e-mail as it was,
// and their id while the user exists), from where, what and to what. Never
// a password, a SIP password or a token: `changes` says only that they changed.
import { EntitySchema, OptionalProps } from '@mikro-orm/core';
import { Tenant } from './tenant.ts';
import { User } from './user.ts';

export class AuditEntry {
  [OptionalProps]?: 'id' | 'at' | 'tenant' | 'actorId' | 'address' | 'changes';
  /** bigserial, as a string: the order entries were written in. */
  id!: string;
  at: Date = new Date();
  /** The tenant concerned; null for an operator's action on no tenant in particular. */
  tenant: Tenant | null = null;
  actorId: User | null = null;
  /** The actor's e-mail, or what acted ('cli', 'apply …'). */
  actor!: string;
  /** The client's address, when the change came over HTTP. */
  address: string | null = null;
  /** What was done, e.g. 'user.create', 'sign-in.failure'. */
  action!: string;
  /** What it was done to, in words: 'agent@acme.test', 'extension 1001'. */
  target!: string;
  /** Field → { from, to } (either absent when it did not exist). */
  changes: Record<string, unknown> = {};
}

export const AuditEntrySchema = new EntitySchema<AuditEntry>({
  class: AuditEntry,
  tableName: 'audit_log',
  indexes: [
    { name: 'audit_log_tenant_id_id_index', properties: ['tenant', 'id'] },
    // The supervisions' rows still open (server/supervise/audit.ts), read back after every ESL connect.
    {
      name: 'audit_log_open_supervision_index',
      expression: `create index "audit_log_open_supervision_index" on "audit_log" ("id") where "action" like 'supervise.%' and "changes"->>'until' is null`,
    },
  ],
  properties: {
    id: { type: 'bigint', primary: true, autoincrement: true },
    at: { type: 'datetime', columnType: 'timestamptz', defaultRaw: 'now()' },
    tenant: { kind: 'm:1', entity: () => Tenant, nullable: true, deleteRule: 'set null' },
    actorId: { kind: 'm:1', entity: () => User, fieldName: 'actor_id', nullable: true, deleteRule: 'set null' },
    actor: { type: 'string', columnType: 'text' },
    address: { type: 'string', columnType: 'text', nullable: true },
    action: { type: 'string', columnType: 'text' },
    target: { type: 'string', columnType: 'text' },
    changes: { type: 'json', columnType: 'jsonb', defaultRaw: `'{}'` },
  },
});
