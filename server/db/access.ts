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

/** A row of the access queries: whose (tenant, and user for an agent's own) and what. */
interface AccessRow {
  tenant_id: string;
  user_id: string | null;
  name: string;
}

/**
 * Many users' access at once (the handshakes of one batch, server/socket/handshake.ts):
 * four queries whatever the count, so a reconnect storm is not a storm of queries.
 * Plain rows, no entities: a batch holds thousands of them, and nothing here is changed.
 */
export async function usersAccess(em: Em, users: AccessOf[]): Promise<Map<string, Access>> {
  const watchers = [...new Set(users.filter((u) => watchesAll(u.role)).map((u) => u.tenantId))];
  const agents = [...new Set(users.filter((u) => !watchesAll(u.role)).map((u) => u.userId))];
  const rows = (query: string, ids: string[]): Promise<AccessRow[]> =>
    ids.length ? (em.getConnection().execute(query, [ids]) as Promise<AccessRow[]>) : Promise.resolve([]);
  const [allExtensions, allQueues, owned, tiers] = await Promise.all([
    rows(`select "tenant_id", null as "user_id", "number" as "name" from "extensions" where "tenant_id" in (?) order by "number"`, watchers),
    rows(`select "tenant_id", null as "user_id", "name" from "queues" where "tenant_id" in (?) order by "name"`, watchers),
    rows(`select "tenant_id", "owner_id" as "user_id", "number" as "name" from "extensions" where "owner_id" in (?) order by "number"`, agents),
    rows(`select q."tenant_id", t."user_id", q."name" from "queue_tiers" t join "queues" q on q."id" = t."queue_id" where t."user_id" in (?)`, agents),
  ]);
  // Grouped once: a batch may hold thousands of users.
  const tenantExtensions = groupBy(allExtensions, (e) => e.tenant_id, (e) => e.name);
  const tenantQueues = groupBy(allQueues, (q) => q.tenant_id, (q) => q.name);
  const ownExtensions = groupBy(owned, (e) => `${e.tenant_id} ${e.user_id}`, (e) => e.name);
  const ownQueues = groupBy(tiers, (t) => `${t.tenant_id} ${t.user_id}`, (t) => t.name);
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
