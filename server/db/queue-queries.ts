// The call-center look-ups: which queues a tenant has, who answers them,
// and which queues a signed-in user may watch. Tenant-scoped like every query.
import type { Role } from '../../common/api.ts';
import { Extension, Queue, QueueTier } from './entities/index.ts';
import type { Em } from './orm.ts';
import { callcenterAgent } from '../pbx/commands.ts';

export interface QueuePlan {
  tenantId: string;
  domain: string;
  /** Short name ('sales'). */
  name: string;
  strategy: string;
  /**
   * mod_callcenter agent names, in tier order. A user answers queues as the
   * agent named after their first extension (`1001@acme.pbx.test`); a user
   * without an extension cannot be an agent.
   */
  tiers: { agent: string; level: number; position: number }[];
}


/** Every queue with its tiers: what FreeSWITCH's callcenter.conf is made from, and the live state's queue list. */
export async function listQueuePlans(em: Em): Promise<QueuePlan[]> {
  const [queues, tiers, extensions] = await Promise.all([
    em.find(Queue, {}, { populate: ['tenant'], orderBy: { name: 'asc' } }),
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
    tiers: tiers
      .filter((t) => t.queue.id === q.id && firstExtension.has(t.user.id))
      .map((t) => ({ agent: callcenterAgent(firstExtension.get(t.user.id)!, q.tenant.domain), level: t.level, position: t.position })),
  }));
}

/** A tenant's queue by its short name (what a phone dials to join it), or null. */
export async function findQueueOfTenant(em: Em, tenantId: string, name: string): Promise<Queue | null> {
  return em.findOne(Queue, { tenant: tenantId, name });
}

/** Supervisors and admins watch every queue of their tenant; an agent, the queues they have a tier in. */
export async function queuesVisibleTo(em: Em, tenantId: string, userId: string, role: Role): Promise<string[]> {
  const queues =
    role === 'agent'
      ? (await em.find(QueueTier, { user: userId, queue: { tenant: tenantId } }, { populate: ['queue'] })).map((t) => t.queue)
      : await em.find(Queue, { tenant: tenantId });
  return queues.map((q) => q.name).sort();
}

/** The queues, agents and tiers FreeSWITCH's mod_callcenter is configured with (names `x@domain`). */
export function callCenterConfig(plans: QueuePlan[]) {
  const agents = [...new Set(plans.flatMap((p) => p.tiers.map((t) => t.agent)))];
  return {
    queues: plans.map((p) => ({ name: `${p.name}@${p.domain}`, strategy: p.strategy })),
    agents: agents.map((name) => ({ name })),
    tiers: plans.flatMap((p) => p.tiers.map((t) => ({ queue: `${p.name}@${p.domain}`, ...t }))),
  };
}
