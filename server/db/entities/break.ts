// Breaks with a reason. mod_callcenter knows only "On Break": the reasons a
// tenant offers its agents, and the one each agent on break chose (or was
// given), are kept here, keyed as mod_callcenter keys agents.
import { randomUUID } from 'node:crypto';
import { EntitySchema, OptionalProps } from '@mikro-orm/core';
import { BREAK_SOURCES, type BreakSource } from '../../../common/live.ts';
import { Tenant } from './tenant.ts';

export class BreakReason {
  [OptionalProps]?: 'id';
  id: string = randomUUID();
  tenant!: Tenant;
  name!: string;
  /** 1-based order in the agent's list. */
  position!: number;
}

export const BreakReasonSchema = new EntitySchema<BreakReason>({
  class: BreakReason,
  tableName: 'break_reasons',
  uniques: [{ name: 'break_reasons_tenant_id_name_unique', properties: ['tenant', 'name'] }],
  properties: {
    id: { type: 'uuid', primary: true },
    tenant: { kind: 'm:1', entity: () => Tenant, deleteRule: 'cascade' },
    name: { type: 'string', columnType: 'text' },
    position: { type: 'integer' },
  },
});

/** One agent's current break and why; there is no row while the agent is not on a break we know the reason of. */
export class AgentBreak {
  [OptionalProps]?: 'since';
  /** mod_callcenter's agent name, `1001@acme.pbx.test`. */
  agent!: string;
  tenant!: Tenant;
  reason!: string;
  /** Who put the agent on break: the agent, a supervisor, or Switchboard because the phone was gone. */
  source!: BreakSource;
  since: Date = new Date();
}

export const AgentBreakSchema = new EntitySchema<AgentBreak>({
  class: AgentBreak,
  tableName: 'agent_breaks',
  properties: {
    agent: { type: 'string', columnType: 'text', primary: true },
    tenant: { kind: 'm:1', entity: () => Tenant, deleteRule: 'cascade', index: 'agent_breaks_tenant_id_index' },
    reason: { type: 'string', columnType: 'text' },
    source: { enum: true, items: () => [...BREAK_SOURCES], type: 'string', columnType: 'text' },
    since: { type: 'datetime', columnType: 'timestamptz', defaultRaw: 'now()' },
  },
});

/** Who set an agent's present status when it was a supervisor; no row once the agent or FreeSWITCH changed it. */
export class AgentStatusSetter {
  [OptionalProps]?: 'at' | 'byUserId';
  /** mod_callcenter's agent name, `1001@acme.pbx.test`. */
  agent!: string;
  tenant!: Tenant;
  /** The status they set, as mod_callcenter spells it. */
  status!: string;
  byUserId: string | null = null;
  byName!: string;
  at: Date = new Date();
}

export const AgentStatusSetterSchema = new EntitySchema<AgentStatusSetter>({
  class: AgentStatusSetter,
  tableName: 'agent_status_setters',
  properties: {
    agent: { type: 'string', columnType: 'text', primary: true },
    tenant: { kind: 'm:1', entity: () => Tenant, deleteRule: 'cascade', index: 'agent_status_setters_tenant_id_index' },
    status: { type: 'string', columnType: 'text' },
    byUserId: { type: 'uuid', nullable: true },
    byName: { type: 'string', columnType: 'text' },
    at: { type: 'datetime', columnType: 'timestamptz', defaultRaw: 'now()' },
  },
});
