// A tenant's mod_callcenter queues and their tiers, as its admin manages
// them. Saving a queue replaces its settings and its whole tier list; the
// change reaches mod_callcenter at once (reconciled over ESL by every node,
// see follow.ts) and the agents' open Queues pages.
import type { AdminQueue, QueueAlertsSave, QueueSave, QueueStrategy } from '../../common/admin.ts';
import { queueSave } from '../../common/admin.ts';
import { Did, Extension, Queue, QueueTier, User } from '../db/entities/index.ts';
import { didRouteWords } from '../db/entities/did.ts';
import type { Em } from '../db/orm.ts';
import { isUuid } from '../db/queries.ts';
import { audit, diff } from './audit.ts';
import { AdminError, type AdminContext } from './context.ts';
import { parse } from './parse.ts';

export const NO_SUCH_QUEUE = 'There is no such queue in your organisation.';

export async function listQueues(em: Em, tenantId: string): Promise<AdminQueue[]> {
  const queues = await em.find(Queue, { tenant: tenantId }, { orderBy: { name: 'asc' } });
  const tiers = queues.length
    ? await em.find(QueueTier, { queue: { $in: queues.map((q) => q.id) } }, { populate: ['user'], orderBy: { level: 'asc', position: 'asc' } })
    : [];
  const firstExtension = new Map<string, string>();
  for (const e of await em.find(Extension, { tenant: tenantId, owner: { $ne: null } }, { orderBy: { number: 'asc' } })) {
    if (!firstExtension.has(e.owner!.id)) firstExtension.set(e.owner!.id, e.number);
  }
  return queues.map((q) => ({
    id: q.id,
    name: q.name,
    strategy: q.strategy as QueueStrategy,
    maxWaitTime: q.maxWaitTime,
    wrapUpTime: q.wrapUpTime,
    alerts: alertsOf(q),
    tiers: tiers
      .filter((t) => t.queue.id === q.id)
      .map((t) => {
        const user = t.user as User;
        return { userId: user.id, name: user.name, email: user.email, extension: firstExtension.get(user.id) ?? null, level: t.level, position: t.position };
      }),
  }));
}

const alertsOf = (q: Queue): QueueAlertsSave => ({
  longestWaitSeconds: q.alertLongestWaitSeconds,
  waitingCallers: q.alertWaitingCallers,
  serviceLevelPercent: q.alertServiceLevelPercent,
});

/** The entity's fields for the alerts saved (absent: unchanged). */
const alertFields = (alerts: QueueAlertsSave | undefined): Partial<Queue> =>
  alerts
    ? {
        alertLongestWaitSeconds: alerts.longestWaitSeconds,
        alertWaitingCallers: alerts.waitingCallers,
        alertServiceLevelPercent: alerts.serviceLevelPercent,
      }
    : {};

async function queueOf(em: Em, tenantId: string, id: string): Promise<Queue> {
  const queue = isUuid(id) ? await em.findOne(Queue, { id, tenant: tenantId }) : null;
  if (!queue) throw new AdminError(404, NO_SUCH_QUEUE);
  return queue;
}

/** Every tier's user is the tenant's and answers from an extension of theirs; nobody twice. */
async function checkTiers(em: Em, tenantId: string, tiers: QueueSave['tiers']): Promise<Map<string, User>> {
  const ids = tiers.map((t) => t.userId);
  if (new Set(ids).size !== ids.length) throw new AdminError(400, 'An agent can have only one tier in a queue.');
  const users = ids.length ? await em.find(User, { id: { $in: ids.filter(isUuid) }, tenant: tenantId }) : [];
  const byId = new Map(users.map((u) => [u.id, u]));
  for (const id of ids) if (!byId.has(id)) throw new AdminError(400, 'Every agent of a queue must be a user of your organisation.');
  const owning = new Set((ids.length ? await em.find(Extension, { owner: { $in: ids } }) : []).map((e) => e.owner!.id));
  const without = users.filter((u) => !owning.has(u.id));
  if (without.length) {
    throw new AdminError(400, `${without.map((u) => u.name).join(', ')} ${without.length > 1 ? 'have' : 'has'} no extension, so cannot answer queue calls: give them one first.`);
  }
  return byId;
}

async function saveTiers(ctx: AdminContext, queue: Queue, tiers: QueueSave['tiers']): Promise<Record<string, unknown>> {
  const users = await checkTiers(ctx.em, queue.tenant.id, tiers);
  const before = await ctx.em.find(QueueTier, { queue: queue.id }, { populate: ['user'] });
  const describe = (email: string, level: number, position: number) => `${email} (level ${level}, position ${position})`;
  const was = before.map((t) => describe((t.user as User).email, t.level, t.position)).sort();
  const now = tiers.map((t) => describe(users.get(t.userId)!.email, t.level, t.position)).sort();
  await ctx.em.nativeDelete(QueueTier, { queue: queue.id });
  for (const t of tiers) ctx.em.create(QueueTier, { queue, user: t.userId, level: t.level, position: t.position });
  return JSON.stringify(was) === JSON.stringify(now) ? {} : { tiers: { from: was, to: now } };
}

export async function createQueue(ctx: AdminContext, tenantId: string, body: QueueSave): Promise<AdminQueue> {
  const input = parse(queueSave, body);
  if (await ctx.em.count(Queue, { tenant: tenantId, name: input.name })) throw new AdminError(409, `A queue named ${input.name} already exists.`);
  const alerts = alertFields(input.alerts);
  const queue = ctx.em.create(Queue, { tenant: tenantId, name: input.name, strategy: input.strategy, maxWaitTime: input.maxWaitTime, wrapUpTime: input.wrapUpTime, ...alerts });
  await ctx.em.flush();
  const tierChanges = await saveTiers(ctx, queue, input.tiers);
  audit(ctx, {
    tenantId,
    action: 'queue.create',
    target: `queue ${queue.name}`,
    changes: {
      strategy: { to: input.strategy },
      maxWaitTime: { to: input.maxWaitTime },
      wrapUpTime: { to: input.wrapUpTime },
      ...diff<Queue>({}, Object.fromEntries(Object.entries(alerts).filter(([, v]) => v !== null))),
      ...tierChanges,
    },
  });
  ctx.changes.touch(tenantId, 'queues').callcenter(tenantId);
  await ctx.em.flush();
  return (await listQueues(ctx.em, tenantId)).find((q) => q.id === queue.id)!;
}

export async function updateQueue(ctx: AdminContext, tenantId: string, id: string, body: QueueSave): Promise<AdminQueue> {
  const input = parse(queueSave, body);
  const queue = await queueOf(ctx.em, tenantId, id);
  if (input.name !== queue.name && (await ctx.em.count(Queue, { tenant: tenantId, name: input.name }))) {
    throw new AdminError(409, `A queue named ${input.name} already exists.`);
  }
  const settings = { name: input.name, strategy: input.strategy, maxWaitTime: input.maxWaitTime, wrapUpTime: input.wrapUpTime, ...alertFields(input.alerts) };
  const changes = { ...diff<Queue>(queue, settings), ...(await saveTiers(ctx, queue, input.tiers)) };
  if (input.name !== queue.name) {
    // DIDs route to a queue by its name: they follow the rename.
    for (const did of await ctx.em.find(Did, { tenant: tenantId, routeKind: 'queue', routeTarget: queue.name })) {
      did.routeTarget = input.name;
      did.destination = didRouteWords('queue', input.name);
    }
  }
  Object.assign(queue, settings);
  if (Object.keys(changes).length) {
    audit(ctx, { tenantId, action: 'queue.update', target: `queue ${queue.name}`, changes });
    ctx.changes.touch(tenantId, 'queues', 'dids').callcenter(tenantId);
  }
  await ctx.em.flush();
  return (await listQueues(ctx.em, tenantId)).find((q) => q.id === queue.id)!;
}

/** `checkRoutes` false: as for removeExtension, the caller re-routes the DIDs itself. */
export async function removeQueue(ctx: AdminContext, tenantId: string, id: string, checkRoutes = true): Promise<void> {
  const queue = await queueOf(ctx.em, tenantId, id);
  const routed = checkRoutes ? await ctx.em.find(Did, { tenant: tenantId, routeKind: 'queue', routeTarget: queue.name }) : [];
  if (routed.length) {
    throw new AdminError(409, `DID${routed.length > 1 ? 's' : ''} ${routed.map((d) => d.number).join(', ')} route${routed.length > 1 ? '' : 's'} to queue ${queue.name}: point ${routed.length > 1 ? 'them' : 'it'} elsewhere first.`);
  }
  await ctx.em.nativeDelete(Queue, { id: queue.id });
  audit(ctx, { tenantId, action: 'queue.remove', target: `queue ${queue.name}` });
  ctx.changes.touch(tenantId, 'queues').callcenter(tenantId);
}
