// callcenter_config's admin commands — agent add/del/set, tier add/del/set,
// queue load/unload/reload — in mod_callcenter's words and in its order of
// checks (mod_callcenter.c cc_config_api, cc_agent_add, cc_tier_add,
// cc_tier_update; recorded in tests/fixtures/freeswitch/pbx.json). These are
// what server/pbx/callcenter-provision.ts sends to make FreeSWITCH match our
// database, so the simulator has to take them as FreeSWITCH does.

/**
 * The tables the admin commands change. CallCenter (callcenter.ts) passes
 * itself; named here so this file does not import the class that calls it.
 */
export interface AdminTables {
  readonly queues: ReadonlyMap<string, unknown>;
  readonly agents: Map<string, { contact?: string; type?: string; wrapUpTime?: number }>;
  tiers: { queue: string; agent: string; level: number; position: number }[];
  addAgent(name: string, type: string): void;
  loadQueue(name: string): boolean;
  unloadQueue(name: string): void;
}

const OK = '+OK\n';
const INVALID = '-ERR Invalid!\n';
/** cc_agent_update's keys (`status` is played by CallCenter itself: it fires events). */
const AGENT_KEYS = ['state', 'uuid', 'contact', 'ready_time', 'busy_delay_time', 'reject_delay_time', 'no_answer_delay_time', 'type', 'max_no_answer', 'wrap_up_time', 'state_if_waiting'];
const AGENT_TYPES = ['callback', 'uuid-standby'];

/** The answer to an admin command, or undefined when it is not one (lists, `agent set status`). */
export function adminApi(cc: AdminTables, words: string[]): string | undefined {
  const [object = '', action = '', ...rest] = words;
  const section = object.toLowerCase();
  const verb = action.toLowerCase();
  if (section === 'agent') {
    if (verb === 'add') {
      const [name, type] = rest;
      if (!name || !type) return INVALID;
      if (cc.agents.has(name)) return '-ERR Agent already exist!\n';
      if (!AGENT_TYPES.includes(type)) return '-ERR Agent type invalid!\n';
      cc.addAgent(name, type);
      return OK;
    }
    if (verb === 'del') {
      const [name] = rest;
      if (!name) return INVALID;
      // cc_agent_del removes the agent and its tiers, and answers +OK whether or not it existed.
      cc.agents.delete(name);
      cc.tiers = cc.tiers.filter((t) => t.agent !== name);
      return OK;
    }
    if (verb === 'set' && rest[0]?.toLowerCase() !== 'status') {
      const [key = '', name = '', value] = rest;
      if (value === undefined) return INVALID;
      const agent = cc.agents.get(name);
      if (!agent) return '-ERR Agent not found!\n';
      if (!AGENT_KEYS.includes(key.toLowerCase())) return '-ERR Invalid Agent Update KEY!\n';
      if (key.toLowerCase() === 'contact') agent.contact = value;
      if (key.toLowerCase() === 'type') agent.type = value;
      if (key.toLowerCase() === 'wrap_up_time') agent.wrapUpTime = Number.parseInt(value, 10) || 0;
      return OK;
    }
    return undefined;
  }
  if (section === 'tier') {
    if (verb === 'add') {
      const [queue, name, level, position] = rest;
      if (!queue || !name) return INVALID;
      if (!cc.queues.has(queue)) return '-ERR Queue not found!\n';
      if (!cc.agents.has(name)) return '-ERR Agent not found!\n';
      if (cc.tiers.some((t) => t.queue === queue && t.agent === name)) return '-ERR Tier already exist!\n';
      cc.tiers.push({ queue, agent: name, level: Number.parseInt(level ?? '', 10) || 1, position: Number.parseInt(position ?? '', 10) || 1 });
      return OK;
    }
    if (verb === 'del') {
      const [queue, name] = rest;
      if (!queue || !name) return INVALID;
      cc.tiers = cc.tiers.filter((t) => t.queue !== queue || t.agent !== name);
      return OK;
    }
    if (verb === 'set') {
      const [key = '', queue = '', name = '', value = ''] = rest;
      if (rest.length < 4) return INVALID;
      const tier = cc.tiers.find((t) => t.queue === queue && t.agent === name);
      // A missing tier is CC_STATUS_TIER_NOT_FOUND, which the api words only as an unknown error.
      if (!tier) return '-ERR Unknown Error!\n';
      if (!cc.agents.has(name)) return '-ERR Agent not found!\n';
      // CC_STATUS_QUEUE_NOT_FOUND is worded like a missing agent, as in mod_callcenter.
      if (!cc.queues.has(queue)) return '-ERR Agent not found!\n';
      if (key === 'level') tier.level = Number.parseInt(value, 10) || 0;
      else if (key === 'position') tier.position = Number.parseInt(value, 10) || 0;
      else if (key !== 'state') return '-ERR Invalid Tier Update KEY!\n';
      return OK;
    }
    return undefined;
  }
  if (section === 'queue') {
    const [queue] = rest;
    if (verb === 'load' || verb === 'reload') {
      if (!queue) return INVALID;
      if (verb === 'reload') cc.unloadQueue(queue);
      // load_queue reads callcenter.conf: only a queue it defines can be loaded.
      return cc.loadQueue(queue) ? OK : '-ERR Invalid Queue not found!\n';
    }
    if (verb === 'unload') {
      if (!queue) return INVALID;
      cc.unloadQueue(queue);
      return OK;
    }
  }
  return undefined;
}
