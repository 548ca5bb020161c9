// What a signed-in user's live connection may see: which extensions (their
// own; supervisors and admins every one of the tenant) and which queues
// (those they answer; supervisors and admins every one). Read when the
// socket connects, and for the whole tenant at once after an administrative
// change, so thousands of open sockets cost three queries, not thousands.
import type { TenantRole } from '../../common/api.ts';
import { Extension, Queue, QueueTier, User } from './entities/index.ts';
import type { Em } from './orm.ts';

export interface Access {
  extensions: string[];
  queues: string[];
}

export interface UserAccess extends Access {
  role: TenantRole;
  name: string;
  disabled: boolean;
}

const watchesAll = (role: TenantRole) => role !== 'agent';

/** Whose access a socket handshake asks for. */
export interface AccessOf {
  tenantId: string;
  userId: string;
  role: TenantRole;
}

/**
 * Many users' access at once (the handshakes of one batch, server/socket/handshake.ts):
 * four queries whatever the count, so a reconnect storm is not a storm of queries.
 */
export async function usersAccess(em: Em, users: AccessOf[]): Promise<Map<string, Access>> {
  const watchers = [...new Set(users.filter((u) => watchesAll(u.role)).map((u) => u.tenantId))];
  const agents = [...new Set(users.filter((u) => !watchesAll(u.role)).map((u) => u.userId))];
  const none = Promise.resolve([]);
  const [allExtensions, allQueues, owned, tiers] = await Promise.all([
    watchers.length ? em.find(Extension, { tenant: { $in: watchers } }, { fields: ['number', 'tenant'], orderBy: { number: 'asc' } }) : none,
    watchers.length ? em.find(Queue, { tenant: { $in: watchers } }, { fields: ['name', 'tenant'], orderBy: { name: 'asc' } }) : none,
    agents.length ? em.find(Extension, { owner: { $in: agents } }, { fields: ['number', 'tenant', 'owner'], orderBy: { number: 'asc' } }) : none,
    agents.length ? em.find(QueueTier, { user: { $in: agents } }, { populate: ['queue'] }) : none,
  ]);
  // Grouped once: a batch may hold thousands of users.
  const tenantExtensions = groupBy(allExtensions, (e) => e.tenant.id, (e) => e.number);
  const tenantQueues = groupBy(allQueues, (q) => q.tenant.id, (q) => q.name);
  const ownExtensions = groupBy(owned, (e) => `${e.tenant.id} ${e.owner?.id}`, (e) => e.number);
  const ownQueues = groupBy(tiers, (t) => `${t.queue.tenant.id} ${t.user.id}`, (t) => t.queue.name);
  const result = new Map<string, Access>();
  for (const { tenantId, userId, role } of users) {
    const own = `${tenantId} ${userId}`;
    result.set(
      userId,
      watchesAll(role)
        ? { extensions: tenantExtensions.get(tenantId) ?? [], queues: tenantQueues.get(tenantId) ?? [] }
        : { extensions: ownExtensions.get(own) ?? [], queues: [...(ownQueues.get(own) ?? [])].sort() },
    );
  }
  return result;
}

/** Every user of the tenant with their access (after an administrative change). */
export async function tenantAccess(em: Em, tenantId: string): Promise<Map<string, UserAccess>> {
  const [users, extensions, queues, tiers] = await Promise.all([
    em.find(User, { tenant: tenantId }),
    em.find(Extension, { tenant: tenantId }, { orderBy: { number: 'asc' } }),
    em.find(Queue, { tenant: tenantId }, { orderBy: { name: 'asc' } }),
    em.find(QueueTier, { queue: { tenant: tenantId } }, { populate: ['queue'] }),
  ]);
  const all: Access = { extensions: extensions.map((e) => e.number), queues: queues.map((q) => q.name) };
  const result = new Map<string, UserAccess>();
  for (const user of users) {
    const role = user.role as TenantRole;
    const access = watchesAll(role)
      ? all
      : {
          extensions: extensions.filter((e) => e.owner?.id === user.id).map((e) => e.number),
          queues: tiers.filter((t) => t.user.id === user.id).map((t) => t.queue.name).sort(),
        };
    result.set(user.id, { role, name: user.name, disabled: user.disabled, ...access });
  }
  return result;
}

function groupBy<T>(rows: T[], key: (row: T) => string, value: (row: T) => string): Map<string, string[]> {
  const groups = new Map<string, string[]>();
  for (const row of rows) {
    const k = key(row);
    const group = groups.get(k);
    if (group) group.push(value(row));
    else groups.set(k, [value(row)]);
  }
  return groups;
}
