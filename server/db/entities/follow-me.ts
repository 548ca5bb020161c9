// Follow Me of one extension: on or off, and the destinations it rings in a
// cascade (each after its delay, for its timeout) before voicemail.
import { randomUUID } from 'node:crypto';
import { EntitySchema, OptionalProps } from '@mikro-orm/core';
import { Extension } from './extension.ts';
import { Tenant } from './tenant.ts';

export class FollowMe {
  [OptionalProps]?: 'id' | 'updatedAt';
  id: string = randomUUID();
  tenant!: Tenant;
  /** One follow-me per extension. */
  extension!: Extension;
  enabled!: boolean;
  updatedAt: Date = new Date();
}

export class FollowMeDestination {
  [OptionalProps]?: 'id';
  id: string = randomUUID();
  followMe!: FollowMe;
  /** 1-based ring order. */
  position!: number;
  /** An extension of the same tenant or an E.164 number. */
  destination!: string;
  /** Seconds before it rings: FreeSWITCH's leg_delay_start. */
  delay!: number;
  /** Seconds it rings: FreeSWITCH's leg_timeout. */
  timeout!: number;
}

export const FollowMeSchema = new EntitySchema<FollowMe>({
  class: FollowMe,
  tableName: 'follow_me',
  properties: {
    id: { type: 'uuid', primary: true },
    tenant: { kind: 'm:1', entity: () => Tenant, deleteRule: 'cascade', index: 'follow_me_tenant_id_index' },
    extension: { kind: 'm:1', entity: () => Extension, deleteRule: 'cascade', unique: 'follow_me_extension_id_unique' },
    enabled: { type: 'boolean' },
    updatedAt: { type: 'datetime', columnType: 'timestamptz', defaultRaw: 'now()' },
  },
});

export const FollowMeDestinationSchema = new EntitySchema<FollowMeDestination>({
  class: FollowMeDestination,
  tableName: 'follow_me_destinations',
  uniques: [{ name: 'follow_me_destinations_follow_me_id_position_unique', properties: ['followMe', 'position'] }],
  checks: [
    { name: 'follow_me_destinations_delay_range', expression: '((delay >= 0) AND (delay <= 300))' },
    { name: 'follow_me_destinations_timeout_range', expression: '((timeout >= 5) AND (timeout <= 300))' },
  ],
  properties: {
    id: { type: 'uuid', primary: true },
    followMe: { kind: 'm:1', entity: () => FollowMe, deleteRule: 'cascade' },
    position: { type: 'integer' },
    destination: { type: 'string', columnType: 'varchar(16)' },
    delay: { type: 'integer' },
    timeout: { type: 'integer' },
  },
});
