// mod_callcenter traffic through the simulator's callcenter: callers join
// the bench tenants' queues, are offered to a free agent of the queue's
// tiers, the agent's phone answers (or now and then does not), the call ends
// later; some callers give up while they wait or ring; agents go on break
// and come back. Each fire() is one such step, and mod_callcenter answers it
// with the events it fires (1–4: e.g. a join is member-queue-start,
// members-count, and when an agent is free agent-state-change Receiving +
// agent-offering). The rate driver counts the events themselves
// (`PbxSimulator.eventsFired`), not the steps.
import type { CallCenter, CallCenterConfig } from '../../freeswitch/simulator/callcenter.ts';
import type { Population } from '../population.ts';
import type { Generator } from './generator.ts';

/** One queue and who answers it, as population.ts seeds it. */
export interface QueuePlan {
  /** `q0@t0.bench.test`. */
  queue: string;
  /** mod_callcenter agent names (`1001@t0.bench.test`). */
  agents: string[];
}

/** Callers in the queues at once (waiting, ringing or talking), as a share of the agents. */
const MAX_OPEN_SHARE = 0.2;
/** Share of the agents on break when the bench starts. */
const ON_BREAK_SHARE = 0.1;
const NO_ANSWER_SHARE = 0.1;

/** mod_callcenter's configuration for these queues: most agents Available, the rest On Break. */
export function callCenterConfig(plans: QueuePlan[], random: () => number): CallCenterConfig {
  const agents = [...new Set(plans.flatMap((p) => p.agents))];
  return {
    queues: plans.map((p) => ({ name: p.queue, strategy: 'longest-idle-agent' })),
    agents: agents.map((name) => ({ name, status: random() < ON_BREAK_SHARE ? 'On Break' : 'Available' })),
    tiers: plans.flatMap((p) => p.agents.map((agent, i) => ({ queue: p.queue, agent, level: 1, position: i + 1 }))),
  };
}

export function queueTraffic(cc: CallCenter, plans: QueuePlan[], random: () => number, weight = 1): Generator {
  const agents = [...cc.agents.keys()];
  const maxOpen = Math.max(1, Math.floor(agents.length * MAX_OPEN_SHARE));
  /** Offers not yet answered, oldest first: [agent, member uuid]. */
  const offered: [string, string][] = [];
  /** Members talking to an agent, oldest first. */
  const talking: string[] = [];
  /** Members that joined and are neither talking nor gone (waiting or ringing). */
  const queued = new Set<string>();
  cc.onOffer((agent, member) => offered.push([agent, member.uuid]));
  const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)]!;
  let callers = 0;

  const state = (uuid: string) => cc.members.get(uuid)?.state;

  /** The oldest offer still ringing: the agent's phone answers, or lets it ring out. */
  function answerNext(): boolean {
    while (offered.length) {
      const [agent, uuid] = offered.shift()!;
      const m = cc.members.get(uuid);
      if (m?.state !== 'Trying' || m.servingAgent !== agent) continue;
      if (random() < NO_ANSWER_SHARE) {
        cc.noAnswer(agent, 'NO_ANSWER');
        return true;
      }
      cc.answer(agent);
      queued.delete(uuid);
      talking.push(uuid);
      return true;
    }
    return false;
  }

  function hangupOldest(): boolean {
    while (talking.length) {
      const uuid = talking.shift()!;
      if (state(uuid) !== 'Answered') continue;
      cc.hangup(uuid);
      return true;
    }
    return false;
  }

  /** A caller still waiting or ringing hangs up. */
  function abandonOne(): boolean {
    for (const uuid of queued) {
      queued.delete(uuid);
      const s = state(uuid);
      if (s !== 'Waiting' && s !== 'Trying') continue;
      cc.abandon(uuid);
      // As discard-abandoned-after 0 would: the row goes at once, so the simulator's member table stays small.
      cc.members.delete(uuid);
      return true;
    }
    return false;
  }

  function toggleStatus(): void {
    const agent = pick(agents);
    const status = cc.agents.get(agent)!.status === 'Available' ? 'On Break' : 'Available';
    cc.api(`agent set status ${agent} '${status}'`);
  }

  function join(): boolean {
    if (queued.size + talking.length >= maxOpen) return false;
    const uuid = cc.join(pick(plans).queue, { cidName: `Caller ${++callers}`, cidNumber: `+1555${String(callers % 10_000_000).padStart(7, '0')}` });
    queued.add(uuid);
    return true;
  }

  return {
    name: 'queue',
    weight,
    fire() {
      const r = random();
      if (r < 0.3 && answerNext()) return;
      if (r < 0.55 && hangupOldest()) return;
      if (r < 0.6 && abandonOne()) return;
      if (r < 0.72) return toggleStatus();
      if (!join()) toggleStatus();
    },
  };
}

/** Every queue of the population with its tier agents, named as mod_callcenter names them. */
export function queuePlans(population: Population): QueuePlan[] {
  const plans = population.tenants.map((t) => new Map(t.queues.map((q) => [q, [] as string[]])));
  for (const a of population.agents) {
    const domain = population.tenants[a.tenant]!.domain;
    for (const q of a.queues) plans[a.tenant]!.get(q)!.push(`${a.extension}@${domain}`);
  }
  return population.tenants.flatMap((t, i) =>
    [...plans[i]!].filter(([, agents]) => agents.length).map(([q, agents]) => ({ queue: `${q}@${t.domain}`, agents: agents.sort() })),
  );
}
