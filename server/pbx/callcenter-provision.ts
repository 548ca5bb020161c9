// Our database's queues, agents and tiers made true in mod_callcenter, on
// every ESL (re)connect: read what FreeSWITCH has (`callcenter_config queue
// list`, `agent list`, `queue list tiers <q>`), then remove what our
// database does not have and add or correct what it does. Idempotent: when
// both agree, only the read commands are sent. mod_callcenter keeps agents
// and tiers in its own sqlite database across restarts, and loads queues
// from callcenter.conf (served by us over mod_xml_curl, see
// server/xmlcurl/callcenter.ts), so after an outage of either side this
// converges without a person.
import { parseTable } from './callcenter-resync.ts';

/** What our database says mod_callcenter should have (server/db/queue-queries.ts callCenterConfig). */
export interface CallCenterPlan {
  /** `sales@acme.pbx.test`; maxWaitTime is mod_callcenter's max-wait-time (0: no limit). */
  queues: { name: string; strategy: string; maxWaitTime: number }[];
  /** `1001@acme.pbx.test`; mod_callcenter keeps the wrap-up time per agent. */
  agents: { name: string; wrapUpTime: number }[];
  tiers: { queue: string; agent: string; level: number; position: number }[];
}

/** Queue params we set, beyond the strategy; the rest are mod_callcenter's defaults. */
export const QUEUE_PARAMS = {
  // Queue callers hear local_stream.conf's music (silence while none is installed).
  'moh-sound': 'local_stream://moh',
  'time-base-score': 'queue',
  // An abandoned caller stays listed (state Abandoned) this long.
  'discard-abandoned-after': '60',
} as const;

/**
 * Every agent is a callback agent: mod_callcenter rings the extension's
 * registered devices through our directory (`user/<ext>@<domain>`, so DND's
 * dial-string refuses the call too). The timers are the ones of
 * mod_callcenter's own example agent (conf/vanilla callcenter.conf.xml);
 * the wrap-up time comes from the agent's queues (the longest of them).
 */
export const agentSettings = (wrapUpTime: number) => ({
  type: 'callback',
  max_no_answer: '3',
  wrap_up_time: String(wrapUpTime),
  reject_delay_time: '10',
  busy_delay_time: '60',
  no_answer_delay_time: '5',
});

/** `1001@acme.pbx.test` → `user/1001@acme.pbx.test`: our directory's registered devices of that extension. */
export const agentContact = (agent: string) => `user/${agent}`;

/** Names are `<word>@<domain>`: nothing else may reach a callcenter_config command line. */
const NAME = /^[A-Za-z0-9_.+-]+@[A-Za-z0-9_.-]+$/;
const valid = (name: string) => NAME.test(name);

type Row = Record<string, string>;

/** The FreeSWITCH queue differs from ours in what we set: reload it from callcenter.conf. */
function queueDiffers(fs: Row, ours: CallCenterPlan['queues'][number]): boolean {
  return (
    fs.strategy !== ours.strategy ||
    fs.max_wait_time !== String(ours.maxWaitTime) ||
    fs.moh_sound !== QUEUE_PARAMS['moh-sound'] ||
    fs.discard_abandoned_after !== QUEUE_PARAMS['discard-abandoned-after']
  );
}

/** `agent set <key>` commands that bring one FreeSWITCH agent row to ours. */
function agentUpdates({ name, wrapUpTime }: CallCenterPlan['agents'][number], fs: Row | undefined): string[] {
  const want: Record<string, string> = { contact: agentContact(name), ...agentSettings(wrapUpTime) };
  // `agent add` just gave a new agent its type.
  if (!fs) delete want.type;
  return Object.entries(want).flatMap(([key, value]) => {
    // mod_callcenter compares the type case-insensitively and stores it as given.
    const same = key === 'type' ? fs?.[key]?.toLowerCase() === value : fs?.[key] === value;
    return same ? [] : [`callcenter_config agent set ${key} ${name} ${value}`];
  });
}

/** The queue commands: unload what we do not have, load what is missing, reload what differs. */
export function queueCommands(plan: CallCenterPlan, queueList: string): { commands: string[]; extra: string[] } {
  const fs = new Map(parseTable(queueList).map((r) => [r.name ?? '', r]));
  const ours = new Map(plan.queues.filter((q) => valid(q.name)).map((q) => [q.name, q]));
  const extra = [...fs.keys()].filter((name) => name && !ours.has(name) && valid(name));
  const commands = extra.map((name) => `callcenter_config queue unload ${name}`);
  for (const q of ours.values()) {
    const row = fs.get(q.name);
    if (!row) commands.push(`callcenter_config queue load ${q.name}`);
    else if (queueDiffers(row, q)) commands.push(`callcenter_config queue reload ${q.name}`);
  }
  return { commands, extra };
}

/** The agent commands: delete agents we do not have (their tiers go with them), add missing ones, correct the rest. */
export function agentCommands(plan: CallCenterPlan, agentList: string): string[] {
  const fs = new Map(parseTable(agentList).map((r) => [r.name ?? '', r]));
  const ours = new Map(plan.agents.filter((a) => valid(a.name)).map((a) => [a.name, a]));
  const commands = [...fs.keys()].filter((n) => n && !ours.has(n) && valid(n)).map((n) => `callcenter_config agent del ${n}`);
  for (const agent of ours.values()) {
    const row = fs.get(agent.name);
    if (!row) commands.push(`callcenter_config agent add ${agent.name} ${agentSettings(agent.wrapUpTime).type}`);
    commands.push(...agentUpdates(agent, row));
  }
  return commands;
}

/** The tier commands of one queue, from its `queue list tiers` answer. */
export function tierCommands(plan: CallCenterPlan, queue: string, tierList: string): string[] {
  const fs = new Map(parseTable(tierList).map((r) => [r.agent ?? '', r]));
  const ours = new Map(plan.tiers.filter((t) => t.queue === queue && valid(t.agent)).map((t) => [t.agent, t]));
  const commands = [...fs.keys()]
    .filter((agent) => agent && !ours.has(agent) && valid(agent))
    .map((agent) => `callcenter_config tier del ${queue} ${agent}`);
  for (const t of ours.values()) {
    const row = fs.get(t.agent);
    if (!row) {
      commands.push(`callcenter_config tier add ${queue} ${t.agent} ${t.level} ${t.position}`);
      continue;
    }
    if (row.level !== String(t.level)) commands.push(`callcenter_config tier set level ${queue} ${t.agent} ${t.level}`);
    if (row.position !== String(t.position)) commands.push(`callcenter_config tier set position ${queue} ${t.agent} ${t.position}`);
  }
  return commands;
}

export interface ProvisionResult {
  /** The commands that changed something, in order. */
  applied: string[];
  /** Commands FreeSWITCH refused, with its answer. */
  failed: { command: string; error: string }[];
}

type Api = (command: string) => Promise<string>;

/**
 * Reconciles mod_callcenter with `plan`. Queues first (a tier needs its
 * queue, and `queue load` may itself create agents and tiers from
 * callcenter.conf), then agents, then each queue's tiers, each step read
 * after the previous one ran. A refused command is reported, not thrown: the
 * rest still converges.
 */
export async function provisionCallCenter(api: Api, plan: CallCenterPlan): Promise<ProvisionResult> {
  const result: ProvisionResult = { applied: [], failed: [] };
  const run = async (commands: string[]) => {
    for (const command of commands) {
      try {
        await api(command);
        result.applied.push(command);
      } catch (err) {
        const error = (err as Error).message;
        // Another node (or callcenter.conf's own load) added it first: the state we want.
        if (/already exist/i.test(error)) continue;
        result.failed.push({ command, error });
      }
    }
  };
  const queues = queueCommands(plan, await api('callcenter_config queue list'));
  // An unloaded queue's tiers stay in mod_callcenter's database: delete them first.
  for (const name of queues.extra) await run(tierCommands(plan, name, await api(`callcenter_config queue list tiers ${name}`)));
  await run(queues.commands);
  await run(agentCommands(plan, await api('callcenter_config agent list')));
  const queueNames = plan.queues.map((q) => q.name).filter(valid);
  // One round trip for all the reads: a provider may have many queues.
  const tierLists = await Promise.all(queueNames.map((name) => api(`callcenter_config queue list tiers ${name}`)));
  for (const [i, name] of queueNames.entries()) await run(tierCommands(plan, name, tierLists[i]!));
  return result;
}
