// A mod_callcenter queue of a tenant, and its tiers: which agents answer it,
// in which order. FreeSWITCH names the queue `<name>@<tenant domain>`.
import { randomUUID } from 'node:crypto';
import { EntitySchema, OptionalProps } from '@mikro-orm/core';
import { Tenant } from './tenant.ts';
import { User } from './user.ts';

export class Queue {
  [OptionalProps]?: 'id' | 'strategy' | 'maxWaitTime' | 'wrapUpTime' | 'alertLongestWaitSeconds' | 'alertWaitingCallers' | 'alertServiceLevelPercent';
  id: string = randomUUID();
  tenant!: Tenant;
  /** Short name unique within the tenant, e.g. 'sales'. */
  name!: string;
  /** mod_callcenter strategy, e.g. 'longest-idle-agent', 'ring-all'. */
  strategy: string = 'longest-idle-agent';
  /** mod_callcenter's max-wait-time: seconds before a caller leaves the queue unanswered; 0 = no limit. */
  maxWaitTime: number = 0;
  /** Seconds an agent rests after a call of this queue (mod_callcenter keeps it per agent: the longest of their queues). */
  wrapUpTime: number = 10;
  /** Alert thresholds for the wallboard (common/queue-alerts.ts); null = no alert on that figure. */
  alertLongestWaitSeconds: number | null = null;
  alertWaitingCallers: number | null = null;
  alertServiceLevelPercent: number | null = null;
}

/**
 * mod_callcenter's tier: agent `user` answers `queue`. Lower level is tried
 * first; position orders agents within a level. The agent's phone is the
 * extension(s) the user owns. The tenant follows from the queue.
 */
export class QueueTier {
  [OptionalProps]?: 'id' | 'level' | 'position';
  id: string = randomUUID();
  queue!: Queue;
  user!: User;
  level: number = 1;
  position: number = 1;
}

export const QueueSchema = new EntitySchema<Queue>({
  class: Queue,
  tableName: 'queues',
  uniques: [{ name: 'queues_tenant_id_name_unique', properties: ['tenant', 'name'] }],
  properties: {
    id: { type: 'uuid', primary: true },
    tenant: { kind: 'm:1', entity: () => Tenant, deleteRule: 'cascade' },
    name: { type: 'string', columnType: 'text' },
    strategy: { type: 'string', columnType: 'text' },
    maxWaitTime: { type: 'integer', defaultRaw: '0' },
    wrapUpTime: { type: 'integer', defaultRaw: '10' },
    alertLongestWaitSeconds: { type: 'integer', nullable: true },
    alertWaitingCallers: { type: 'integer', nullable: true },
    alertServiceLevelPercent: { type: 'integer', nullable: true },
  },
});

export const QueueTierSchema = new EntitySchema<QueueTier>({
  class: QueueTier,
  tableName: 'queue_tiers',
  uniques: [{ name: 'queue_tiers_queue_id_user_id_unique', properties: ['queue', 'user'] }],
  properties: {
    id: { type: 'uuid', primary: true },
    queue: { kind: 'm:1', entity: () => Queue, deleteRule: 'cascade' },
    user: { kind: 'm:1', entity: () => User, deleteRule: 'cascade', index: 'queue_tiers_user_id_index' },
    level: { type: 'integer' },
    position: { type: 'integer' },
  },
});
