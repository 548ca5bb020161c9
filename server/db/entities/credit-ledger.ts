// The credit ledger: every change of a tenant's balance, calls included, as
// one row with who made it and why. Append-only, and the only thing that
// moves tenants.credit (a trigger of migration 0007 adds each row's amount),
// so the balance is always the sum of its tenant's rows.
import { EntitySchema, OptionalProps } from '@mikro-orm/core';
import { CREDIT_KINDS, type CreditKind } from '../../../common/admin.ts';
import { Tenant } from './tenant.ts';
import { User } from './user.ts';

export class CreditEntry {
  [OptionalProps]?: 'id' | 'at' | 'cdrUuid' | 'actorId';
  id!: string;
  tenant!: Tenant;
  at: Date = new Date();
  kind!: CreditKind;
  /** numeric(14,4) as a decimal string; negative for a debit. */
  amount!: string;
  /** The call a 'call' row debits: unique, so a call is debited once. */
  cdrUuid: string | null = null;
  actorId: User | null = null;
  /** The e-mail of whoever made the change, or 'switchboard' for calls. */
  actor!: string;
  reason!: string;
}

export const CreditEntrySchema = new EntitySchema<CreditEntry>({
  class: CreditEntry,
  tableName: 'credit_ledger',
  indexes: [{ name: 'credit_ledger_tenant_id_id_index', properties: ['tenant', 'id'] }],
  properties: {
    id: { type: 'bigint', primary: true, autoincrement: true },
    tenant: { kind: 'm:1', entity: () => Tenant, deleteRule: 'cascade' },
    at: { type: 'datetime', columnType: 'timestamptz', defaultRaw: 'now()' },
    kind: { enum: true, items: () => [...CREDIT_KINDS], type: 'string', columnType: 'text' },
    amount: { type: 'decimal', precision: 14, scale: 4 },
    cdrUuid: { type: 'uuid', nullable: true, unique: 'credit_ledger_cdr_uuid_unique' },
    actorId: { kind: 'm:1', entity: () => User, fieldName: 'actor_id', nullable: true, deleteRule: 'set null' },
    actor: { type: 'string', columnType: 'text' },
    reason: { type: 'string', columnType: 'text' },
  },
});
