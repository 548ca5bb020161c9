// A customer of the PBX: its own SIP domain, its prepaid credit and the
// limits of the package it bought. Every other row belongs to one tenant.
import { randomUUID } from 'node:crypto';
import { EntitySchema, OptionalProps } from '@mikro-orm/core';

export class Tenant {
  [OptionalProps]?:
    | 'id'
    | 'credit'
    | 'currency'
    | 'lowCreditThreshold'
    | 'creditVersion'
    | 'package'
    | 'suspended'
    | 'noPhoneBreak'
    | 'noPhoneGraceSeconds'
    | 'hideListening'
    | 'requireSecondFactor'
    | 'createdAt';
  id: string = randomUUID();
  name!: string;
  /** SIP domain FreeSWITCH serves this tenant under, e.g. acme.pbx.test. */
  domain!: string;
  /**
   * numeric(14,4) as a decimal string: money must never pass through a float.
   * Moved only by rows of the credit ledger (a database trigger), so it is
   * always the ledger's sum.
   */
  credit: string = '0.0000';
  currency: string = 'USD';
  /** Below this balance every user of the tenant sees a low-credit warning. */
  lowCreditThreshold: string = '10.0000';
  /** Counts balance changes: a live update carrying an older version than one already shown is stale. */
  creditVersion: number = 0;
  /** The package the limits below came from ('custom' once edited by hand). */
  package: string = 'custom';
  /** Suspended by an operator: nobody signs in, phones cannot register, calls are refused. */
  suspended: boolean = false;
  /** An available agent whose last phone went away is put On Break ("No phone") after the grace, and back when a phone returns. */
  noPhoneBreak: boolean = false;
  noPhoneGraceSeconds: number = 30;
  /** Agents are not shown that a supervisor is listening to their call (whisper and barge always show). */
  hideListening: boolean = false;
  /** Supervisors and admins must sign in with a code from an authenticator app (two-step sign-in). */
  requireSecondFactor: boolean = false;
  maxExtensions!: number;
  maxDevices!: number;
  maxRingGroups!: number;
  /** Voice minutes included per month. */
  voiceMinutes!: number;
  /** Fax pages included per month. */
  faxPages!: number;
  createdAt: Date = new Date();
}

export const TenantSchema = new EntitySchema<Tenant>({
  class: Tenant,
  tableName: 'tenants',
  properties: {
    id: { type: 'uuid', primary: true },
    name: { type: 'string', columnType: 'text' },
    domain: { type: 'string', columnType: 'text', unique: 'tenants_domain_unique' },
    credit: { type: 'decimal', precision: 14, scale: 4, defaultRaw: '0' },
    currency: { type: 'string', columnType: 'varchar(3)' },
    lowCreditThreshold: { type: 'decimal', precision: 14, scale: 4, defaultRaw: '10' },
    creditVersion: { type: 'integer', defaultRaw: '0' },
    package: { type: 'string', columnType: 'text', defaultRaw: `'custom'` },
    suspended: { type: 'boolean', defaultRaw: 'false' },
    noPhoneBreak: { type: 'boolean', defaultRaw: 'false' },
    noPhoneGraceSeconds: { type: 'integer', defaultRaw: '30' },
    hideListening: { type: 'boolean', defaultRaw: 'false' },
    requireSecondFactor: { type: 'boolean', defaultRaw: 'false' },
    maxExtensions: { type: 'integer' },
    maxDevices: { type: 'integer' },
    maxRingGroups: { type: 'integer' },
    voiceMinutes: { type: 'integer' },
    faxPages: { type: 'integer' },
    createdAt: { type: 'datetime', columnType: 'timestamptz', defaultRaw: 'now()' },
  },
});
