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

/** One user's access (the socket handshake). */
export async function userAccess(em: Em, tenantId: string, userId: string, role: TenantRole): Promise<Access> {
  if (watchesAll(role)) {
    const [extensions, queues] = await Promise.all([
      em.find(Extension, { tenant: tenantId }, { fields: ['number'], orderBy: { number: 'asc' } }),
      em.find(Queue, { tenant: tenantId }, { fields: ['name'], orderBy: { name: 'asc' } }),
    ]);
    return { extensions: extensions.map((e) => e.number), queues: queues.map((q) => q.name) };
  }
  const [extensions, tiers] = await Promise.all([
    em.find(Extension, { tenant: tenantId, owner: userId }, { fields: ['number'], orderBy: { number: 'asc' } }),
    em.find(QueueTier, { user: userId, queue: { tenant: tenantId } }, { populate: ['queue'] }),
  ]);
  return { extensions: extensions.map((e) => e.number), queues: tiers.map((t) => t.queue.name).sort() };
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
