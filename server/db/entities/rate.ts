// What a tenant pays per minute for calls to numbers under a prefix. The
// longest matching prefix wins; billing increments are FreeSWITCH/carrier
// style "first/next" seconds (60/60, 6/6, 30/6).
import { randomUUID } from 'node:crypto';
import { EntitySchema, OptionalProps } from '@mikro-orm/core';
import { Tenant } from './tenant.ts';

export class Rate {
  [OptionalProps]?: 'id';
  id: string = randomUUID();
  tenant!: Tenant;
  /** E.164 prefix with its plus: "+44", "+4420". */
  prefix!: string;
  /** Decimal string, numeric(12,6): money never passes through a float. */
  perMinute!: string;
  /** Seconds billed at least once the call is answered. */
  firstIncrement!: number;
  /** Then billed in steps of this many seconds. */
  increment!: number;
}

export const RateSchema = new EntitySchema<Rate>({
  class: Rate,
  tableName: 'rates',
  uniques: [{ name: 'rates_tenant_id_prefix_unique', properties: ['tenant', 'prefix'] }],
  checks: [
    { name: 'rates_prefix_e164', expression: "prefix ~ '^\\+[0-9]{1,15}$'" },
    { name: 'rates_per_minute_positive', expression: 'per_minute >= 0' },
    { name: 'rates_increments_positive', expression: 'first_increment > 0 and increment > 0' },
  ],
  properties: {
    id: { type: 'uuid', primary: true },
    tenant: { kind: 'm:1', entity: () => Tenant, deleteRule: 'cascade' },
    prefix: { type: 'string', columnType: 'varchar(16)' },
    perMinute: { type: 'decimal', precision: 12, scale: 6 },
    firstIncrement: { type: 'integer' },
    increment: { type: 'integer' },
  },
});
