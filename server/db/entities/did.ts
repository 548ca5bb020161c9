// A public phone number (DID) a tenant owns, optionally assigned to a user
// ("My DIDs"), with where calls to it route.
import { randomUUID } from 'node:crypto';
import { EntitySchema, OptionalProps } from '@mikro-orm/core';
import { Tenant } from './tenant.ts';
import { User } from './user.ts';

export class Did {
  [OptionalProps]?: 'id' | 'user' | 'active';
  id: string = randomUUID();
  tenant!: Tenant;
  /** E.164 with the plus, e.g. +14155550100. A number belongs to one tenant only. */
  number!: string;
  user: User | null = null;
  /** Where it routes, in words: "Extension 1001", "Queue sales". */
  destination!: string;
  active: boolean = true;
}

export const DidSchema = new EntitySchema<Did>({
  class: Did,
  tableName: 'dids',
  checks: [{ name: 'dids_number_e164', expression: "number ~ '^\\+[1-9][0-9]{1,14}$'" }],
  properties: {
    id: { type: 'uuid', primary: true },
    tenant: { kind: 'm:1', entity: () => Tenant, deleteRule: 'cascade', index: 'dids_tenant_id_index' },
    number: { type: 'string', columnType: 'varchar(16)', unique: 'dids_number_unique' },
    user: { kind: 'm:1', entity: () => User, nullable: true, deleteRule: 'set null', index: 'dids_user_id_index' },
    destination: { type: 'string', columnType: 'text' },
    active: { type: 'boolean' },
  },
});
