// A tenant's DIDs: each number routes to an extension, a queue, a voicemail
// box or a fax line of the tenant, and may be listed on a user's My DIDs.
// The `did` dialplan context reads the table on every call, so the next call
// follows a change with nothing to flush.
import type { AdminDid, DidSave } from '../../common/admin.ts';
import { didSave } from '../../common/admin.ts';
import { Did, Extension, Queue, User } from '../db/entities/index.ts';
import { didRouteWords } from '../db/entities/did.ts';
import type { Em } from '../db/orm.ts';
import { isUuid } from '../db/queries.ts';
import { audit, created, diff, removed } from './audit.ts';
import { AdminError, type AdminContext } from './context.ts';
import { parse } from './parse.ts';

export const NO_SUCH_DID = 'There is no such DID in your organisation.';
const NO_ROUTE = 'No route: calls are refused';

export function adminDid(d: Did): AdminDid {
  const user = d.user as User | null;
  return {
    id: d.id,
    number: d.number,
    route: d.routeKind && d.routeTarget ? { kind: d.routeKind, target: d.routeTarget } : null,
    destination: d.destination,
    user: user ? { id: user.id, name: user.name, email: user.email } : null,
    active: d.active,
  };
}

export async function listDids(em: Em, tenantId: string): Promise<AdminDid[]> {
  return (await em.find(Did, { tenant: tenantId }, { orderBy: { number: 'asc' }, populate: ['user'] })).map(adminDid);
}

async function didOf(em: Em, tenantId: string, id: string): Promise<Did> {
  const did = isUuid(id) ? await em.findOne(Did, { id, tenant: tenantId }, { populate: ['user'] }) : null;
  if (!did) throw new AdminError(404, NO_SUCH_DID);
  return did;
}

/** The route's target exists in this tenant (an extension by number, a queue by name). */
async function checkRoute(em: Em, tenantId: string, route: DidSave['route']): Promise<void> {
  if (!route) return;
  if (route.kind === 'queue') {
    if (!(await em.count(Queue, { tenant: tenantId, name: route.target }))) throw new AdminError(400, `There is no queue named ${route.target}.`);
  } else if (!(await em.count(Extension, { tenant: tenantId, number: route.target }))) {
    throw new AdminError(400, `There is no extension ${route.target}.`);
  }
}

async function userOf(em: Em, tenantId: string, userId: string | null): Promise<User | null> {
  if (userId === null) return null;
  const user = isUuid(userId) ? await em.findOne(User, { id: userId, tenant: tenantId }) : null;
  if (!user) throw new AdminError(400, 'A DID can be assigned only to a user of your organisation.');
  return user;
}

const fields = (input: ReturnType<typeof didSave.parse>, user: User | null) => ({
  number: input.number,
  routeKind: input.route?.kind ?? null,
  routeTarget: input.route?.target ?? null,
  destination: input.route ? didRouteWords(input.route.kind, input.route.target) : NO_ROUTE,
  user,
  active: input.active,
});

const described = (d: { routeKind: string | null; routeTarget: string | null; user: User | null; active: boolean; number: string }) => ({
  number: d.number,
  route: d.routeKind ? `${d.routeKind} ${d.routeTarget}` : null,
  user: d.user?.email ?? null,
  active: d.active,
});

export async function createDid(ctx: AdminContext, tenantId: string, body: DidSave): Promise<AdminDid> {
  const input = parse(didSave, body);
  // A number belongs to one tenant only; saying whose would leak another tenant's numbers.
  if (await ctx.em.count(Did, { number: input.number })) throw new AdminError(409, `${input.number} is already in use.`);
  await checkRoute(ctx.em, tenantId, input.route);
  const did = ctx.em.create(Did, { tenant: tenantId, ...fields(input, await userOf(ctx.em, tenantId, input.userId)) });
  audit(ctx, { tenantId, action: 'did.create', target: `DID ${did.number}`, changes: created(described(did)) });
  ctx.changes.touch(tenantId, 'dids');
  return adminDid(did);
}

export async function updateDid(ctx: AdminContext, tenantId: string, id: string, body: DidSave): Promise<AdminDid> {
  const input = parse(didSave, body);
  const did = await didOf(ctx.em, tenantId, id);
  if (input.number !== did.number && (await ctx.em.count(Did, { number: input.number }))) throw new AdminError(409, `${input.number} is already in use.`);
  await checkRoute(ctx.em, tenantId, input.route);
  const before = described({ ...did, user: did.user as User | null });
  Object.assign(did, fields(input, await userOf(ctx.em, tenantId, input.userId)));
  const changes = diff(before, described({ ...did, user: did.user as User | null }));
  if (Object.keys(changes).length) {
    audit(ctx, { tenantId, action: 'did.update', target: `DID ${did.number}`, changes });
    ctx.changes.touch(tenantId, 'dids');
  }
  return adminDid(did);
}

export async function removeDid(ctx: AdminContext, tenantId: string, id: string): Promise<void> {
  const did = await didOf(ctx.em, tenantId, id);
  await ctx.em.nativeDelete(Did, { id: did.id });
  audit(ctx, { tenantId, action: 'did.remove', target: `DID ${did.number}`, changes: removed(described({ ...did, user: did.user as User | null })) });
  ctx.changes.touch(tenantId, 'dids');
}
