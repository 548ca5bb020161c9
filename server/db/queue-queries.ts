// The call-center look-ups: which queues a tenant has, who answers them,
// and which queues a signed-in user may watch. Tenant-scoped like every query.
import { Extension, Queue, QueueTier } from './entities/index.ts';
import type { Em } from './orm.ts';
import type { CallCenterPlan } from '../pbx/callcenter-provision.ts';
import { callcenterAgent } from '../pbx/commands.ts';

export interface QueuePlan {
  tenantId: string;
  domain: string;
  /** Short name ('sales'). */
  name: string;
  strategy: string;
  maxWaitTime: number;
  wrapUpTime: number;
  /**
   * mod_callcenter agent names, in tier order. A user answers queues as the
   * agent named after their first extension (`1001@acme.pbx.test`); a user
   * without an extension cannot be an agent.
   */
  tiers: { agent: string; level: number; position: number }[];
}


/**
 * Every queue of every tenant in service (a suspended tenant's are left out,
 * so they leave mod_callcenter) with its tiers: what FreeSWITCH's
 * callcenter.conf is made from, and the live state's queue list.
 */
export async function listQueuePlans(em: Em): Promise<QueuePlan[]> {
  const [queues, tiers, extensions] = await Promise.all([
    em.find(Queue, { tenant: { suspended: false } }, { populate: ['tenant'], orderBy: { name: 'asc' } }),
    em.find(QueueTier, {}, { orderBy: { level: 'asc', position: 'asc' } }),
    em.find(Extension, { owner: { $ne: null } }, { orderBy: { number: 'asc' } }),
  ]);
  const firstExtension = new Map<string, string>();
  for (const e of extensions) if (!firstExtension.has(e.owner!.id)) firstExtension.set(e.owner!.id, e.number);
  return queues.map((q) => ({
    tenantId: q.tenant.id,
    domain: q.tenant.domain,
    name: q.name,
    strategy: q.strategy,
    maxWaitTime: q.maxWaitTime,
    wrapUpTime: q.wrapUpTime,
    tiers: tiers
      .filter((t) => t.queue.id === q.id && firstExtension.has(t.user.id))
      .map((t) => ({ agent: callcenterAgent(firstExtension.get(t.user.id)!, q.tenant.domain), level: t.level, position: t.position })),
  }));
}

/** A tenant's queue by its short name (what a phone dials to join it), or null. */
export async function findQueueOfTenant(em: Em, tenantId: string, name: string): Promise<Queue | null> {
  return em.findOne(Queue, { tenant: tenantId, name });
}

/**
 * The queues, agents and tiers FreeSWITCH's mod_callcenter is configured with
 * (names `x@domain`). mod_callcenter keeps the wrap-up time per agent: an
 * agent of several queues rests as long as the longest of them asks.
 */
export function callCenterConfig(plans: QueuePlan[]): CallCenterPlan {
  const wrapUp = new Map<string, number>();
  for (const p of plans) for (const t of p.tiers) wrapUp.set(t.agent, Math.max(wrapUp.get(t.agent) ?? 0, p.wrapUpTime));
  return {
    queues: plans.map((p) => ({ name: `${p.name}@${p.domain}`, strategy: p.strategy, maxWaitTime: p.maxWaitTime })),
    agents: [...wrapUp].map(([name, wrapUpTime]) => ({ name, wrapUpTime })),
    tiers: plans.flatMap((p) => p.tiers.map((t) => ({ queue: `${p.name}@${p.domain}`, ...t }))),
  };
}
