// A SIP extension of a tenant: what a phone or the softphone registers as.
// Numbers repeat across tenants (each tenant has its own 1001), never within one.
import { randomUUID } from 'node:crypto';
import { EntitySchema, OptionalProps } from '@mikro-orm/core';
import { Tenant } from './tenant.ts';
import { User } from './user.ts';

export class Extension {
  [OptionalProps]?: 'id' | 'owner' | 'dnd' | 'faxEmail';
  id: string = randomUUID();
  tenant!: Tenant;
  number!: string;
  /** Handed to FreeSWITCH's directory and shown only to the owner. */
  sipPassword!: string;
  owner: User | null = null;
  /** Do not disturb: FreeSWITCH rejects every inbound call, queue calls included. */
  dnd: boolean = false;
  /** Where inbound faxes to this extension are e-mailed as PDF. */
  faxEmail: string | null = null;
  callerIdName!: string;
}

export const ExtensionSchema = new EntitySchema<Extension>({
  class: Extension,
  tableName: 'extensions',
  uniques: [{ name: 'extensions_tenant_id_number_unique', properties: ['tenant', 'number'] }],
  properties: {
    id: { type: 'uuid', primary: true },
    tenant: { kind: 'm:1', entity: () => Tenant, deleteRule: 'cascade' },
    number: { type: 'string', columnType: 'varchar(32)' },
    sipPassword: { type: 'string', columnType: 'text' },
    owner: { kind: 'm:1', entity: () => User, nullable: true, deleteRule: 'set null', index: 'extensions_owner_id_index' },
    dnd: { type: 'boolean' },
    faxEmail: { type: 'string', columnType: 'text', nullable: true },
    callerIdName: { type: 'string', columnType: 'text' },
  },
});
