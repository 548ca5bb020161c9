// A SIP extension of a tenant: what a phone or the softphone registers as.
// Numbers repeat across tenants (each tenant has its own 1001), never within one.
import { randomUUID } from 'node:crypto';
import { EntitySchema, OptionalProps } from '@mikro-orm/core';
import { Tenant } from './tenant.ts';
import { User } from './user.ts';

export class Extension {
  [OptionalProps]?: 'id' | 'owner' | 'dnd' | 'faxEmail' | 'callerIdNumber' | 'voicemail' | 'voicemailPin';
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
  /** E.164 shown on calls to outside numbers; null: the owner's first active DID. */
  callerIdNumber: string | null = null;
  /** Unanswered calls (and every call while DND is on) go to voicemail; without it they end busy or unanswered. */
  voicemail: boolean = true;
  /** Digits a caller dialling in from elsewhere must enter; null: only the extension's own phones reach the box (*97). */
  voicemailPin: string | null = null;
}

export const ExtensionSchema = new EntitySchema<Extension>({
  class: Extension,
  tableName: 'extensions',
  uniques: [{ name: 'extensions_tenant_id_number_unique', properties: ['tenant', 'number'] }],
  checks: [
    { name: 'extensions_caller_id_number_e164', expression: "caller_id_number ~ '^\\+[1-9][0-9]{1,14}$'" },
    { name: 'extensions_voicemail_pin_digits', expression: "voicemail_pin ~ '^[0-9]{4,10}$'" },
  ],
  properties: {
    id: { type: 'uuid', primary: true },
    tenant: { kind: 'm:1', entity: () => Tenant, deleteRule: 'cascade' },
    number: { type: 'string', columnType: 'varchar(32)' },
    sipPassword: { type: 'string', columnType: 'text' },
    owner: { kind: 'm:1', entity: () => User, nullable: true, deleteRule: 'set null', index: 'extensions_owner_id_index' },
    dnd: { type: 'boolean' },
    faxEmail: { type: 'string', columnType: 'text', nullable: true },
    callerIdName: { type: 'string', columnType: 'text' },
    callerIdNumber: { type: 'string', columnType: 'varchar(16)', nullable: true },
    voicemail: { type: 'boolean', defaultRaw: 'true' },
    voicemailPin: { type: 'string', columnType: 'varchar(10)', nullable: true },
  },
});
