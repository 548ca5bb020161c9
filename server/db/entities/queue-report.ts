// The facts queue reports are counted from (migration 0010). Written and read
// with SQL of their own (server/reports/record.ts, queries.ts, today.ts): these
// schemas exist so the schema the migrations build is checked against them.
import { EntitySchema } from '@mikro-orm/core';
import { Tenant } from './tenant.ts';

/** One caller's visit to a queue, keyed by mod_callcenter's member UUID. */
export class QueueCall {
  memberUuid!: string;
  tenant!: Tenant;
  queue!: string;
  sessionUuid: string | null = null;
  cidName: string = '';
  cidNumber: string = '';
  joinedAt!: Date;
  answeredAt: Date | null = null;
  endedAt: Date | null = null;
  agent: string | null = null;
  outcome!: 'waiting' | 'answered' | 'abandoned';
  cancelReason: string | null = null;
  wrapUpSeconds: number = 0;
}

export const QueueCallSchema = new EntitySchema<QueueCall>({
  class: QueueCall,
  tableName: 'queue_calls',
  indexes: [
    { name: 'queue_calls_queue_joined_index', properties: ['tenant', 'queue', 'joinedAt'] },
    { name: 'queue_calls_tenant_joined_index', properties: ['tenant', 'joinedAt'] },
  ],
  properties: {
    memberUuid: { type: 'string', columnType: 'text', primary: true },
    tenant: { kind: 'm:1', entity: () => Tenant, deleteRule: 'cascade' },
    queue: { type: 'string', columnType: 'text' },
    sessionUuid: { type: 'string', columnType: 'text', nullable: true },
    cidName: { type: 'string', columnType: 'text', defaultRaw: `''` },
    cidNumber: { type: 'string', columnType: 'text', defaultRaw: `''` },
    joinedAt: { type: 'datetime', columnType: 'timestamptz' },
    answeredAt: { type: 'datetime', columnType: 'timestamptz', nullable: true },
    endedAt: { type: 'datetime', columnType: 'timestamptz', nullable: true },
    agent: { type: 'string', columnType: 'text', nullable: true },
    outcome: { enum: true, items: ['waiting', 'answered', 'abandoned'], type: 'string', columnType: 'text' },
    cancelReason: { type: 'string', columnType: 'text', nullable: true },
    wrapUpSeconds: { type: 'integer', defaultRaw: '0' },
  },
});

/** An agent's status from `startedAt` until the agent's next row. */
export class AgentStatusLogEntry {
  tenant!: Tenant;
  agent!: string;
  startedAt!: Date;
  status!: string;
  reason: string | null = null;
}

export const AgentStatusLogSchema = new EntitySchema<AgentStatusLogEntry>({
  class: AgentStatusLogEntry,
  tableName: 'agent_status_log',
  indexes: [{ name: 'agent_status_log_tenant_started_index', properties: ['tenant', 'startedAt'] }],
  properties: {
    agent: { type: 'string', columnType: 'text', primary: true },
    startedAt: { type: 'datetime', columnType: 'timestamptz', primary: true },
    tenant: { kind: 'm:1', entity: () => Tenant, deleteRule: 'cascade' },
    status: { type: 'string', columnType: 'text' },
    reason: { type: 'string', columnType: 'text', nullable: true },
  },
});
