// What `apply` would change: the file's tenants compared with the database,
// as a list of steps in an order that works inside one transaction (users
// before the extensions they own, extensions and queues before the DIDs that
// route to them, users removed last). Each step runs through the same admin
// action the pages use, so it is checked and audited the same way. Checks
// that need the database (an e-mail or number another tenant has, a DID left
// pointing at a removed extension, the package's extension limit) come back
// as errors with their line, and then nothing is run at all.
import type { PackageName } from '../../../common/admin.ts';
import { PACKAGES } from '../../../common/admin.ts';
import { Did, Extension, Queue, QueueTier, Rate, Tenant, User } from '../../db/entities/index.ts';
import type { Em } from '../../db/orm.ts';
import type { AdminContext } from '../context.ts';
import { removeDid } from '../dids.ts';
import { removeExtension } from '../extensions.ts';
import { removeQueue } from '../queues.ts';
import { createTenant, limitsOf, packageOf, setTenantSuspended, updateTenant } from '../tenants.ts';
import { removeUser } from '../users.ts';
import type { DidSpec, ExtensionSpec, Path, ProvisioningFile, TenantSpec } from './document.ts';
import { changed, didOf, extensionOf, planDid, planExtension, planQueue, planRates, planUser, type Step } from './steps.ts';


export interface Plan {
  steps: Step[];
  errors: { path: Path; error: string }[];
}

/** The tenant's rows as they are now (none for a new tenant). */
interface Current {
  tenant: Tenant | null;
  users: Map<string, User>;
  extensions: Map<string, Extension>;
  queues: Map<string, { queue: Queue; tiers: { agent: string; level: number; position: number }[] }>;
  dids: Map<string, Did>;
  rates: Map<string, Rate>;
}

async function current(em: Em, domain: string): Promise<Current> {
  const tenant = await em.findOne(Tenant, { domain });
  const empty: Current = { tenant, users: new Map(), extensions: new Map(), queues: new Map(), dids: new Map(), rates: new Map() };
  if (!tenant) return empty;
  // One after another: inside a transaction they share one connection.
  const users = await em.find(User, { tenant });
  const extensions = await em.find(Extension, { tenant }, { populate: ['owner'] });
  const queues = await em.find(Queue, { tenant });
  const tiers = await em.find(QueueTier, { queue: { tenant } }, { populate: ['user'] });
  const dids = await em.find(Did, { tenant }, { populate: ['user'] });
  const rates = await em.find(Rate, { tenant });
  return {
    tenant,
    users: new Map(users.map((u) => [u.email, u])),
    extensions: new Map(extensions.map((e) => [e.number, e])),
    queues: new Map(
      queues.map((q) => [
        q.name,
        { queue: q, tiers: tiers.filter((t) => t.queue.id === q.id).map((t) => ({ agent: t.user.email, level: t.level, position: t.position })) },
      ]),
    ),
    dids: new Map(dids.map((d) => [d.number, d])),
    rates: new Map(rates.map((r) => [r.prefix, r])),
  };
}

export async function planFile(em: Em, file: ProvisioningFile): Promise<Plan> {
  const plan: Plan = { steps: [], errors: [] };
  const seen = new Set<string>();
  for (const [i, spec] of file.tenants.entries()) {
    if (seen.has(spec.domain)) {
      plan.errors.push({ path: ['tenants', i, 'domain'], error: `${spec.domain} is listed twice.` });
      continue;
    }
    seen.add(spec.domain);
    await planTenant(em, spec, ['tenants', i], plan);
  }
  return plan;
}

async function planTenant(em: Em, spec: TenantSpec, at: Path, plan: Plan): Promise<void> {
  const now = await current(em, spec.domain);
  const fail = (path: Path, error: string) => plan.errors.push({ path: [...at, ...path], error });
  const step = (sign: Step['sign'], words: string, run: Step['run']) => plan.steps.push({ tenant: spec.domain, sign, words, run });
  const tenantId = async (ctx: AdminContext) => (await ctx.em.findOneOrFail(Tenant, { domain: spec.domain })).id;

  checkUnique(spec, fail);

  // The final state of each section: the file's where it has one, the database's otherwise.
  const finalUsers = spec.users ? new Map(spec.users.map((u) => [u.email, u.role])) : new Map([...now.users].map(([e, u]) => [e, u.role]));
  const finalExtensions: ExtensionSpec[] = spec.extensions ?? [...now.extensions.values()].map(extensionOf);
  const finalQueues = new Set(spec.queues ? spec.queues.map((q) => q.name) : now.queues.keys());
  const finalDids: DidSpec[] = spec.dids ?? [...now.dids.values()].map(didOf);

  // ── the tenant itself ──
  const limits = spec.limits ?? (spec.package && spec.package !== 'custom' ? PACKAGES[spec.package] : undefined);
  if (spec.package === 'custom' && !spec.limits) fail(['package'], 'A custom package needs its limits.');
  const maxExtensions = limits?.maxExtensions ?? now.tenant?.maxExtensions ?? PACKAGES.business.maxExtensions;
  if (finalExtensions.length > maxExtensions) {
    fail(['extensions'], `${finalExtensions.length} extensions, but the package allows ${maxExtensions}.`);
  }
  if (!now.tenant) {
    const pkg = spec.package ?? 'business';
    step('+', `tenant "${spec.name}" (package ${pkg})`, async (ctx, publicUrl) => {
      await createTenant(ctx, { name: spec.name, domain: spec.domain, package: pkg, limits: spec.limits, currency: spec.currency }, publicUrl);
      if (spec.lowCreditThreshold) await updateTenant(ctx, await tenantId(ctx), { lowCreditThreshold: spec.lowCreditThreshold });
      return [];
    });
  } else {
    if (spec.currency && spec.currency !== now.tenant.currency) fail(['currency'], `The currency of an existing tenant cannot change (it is ${now.tenant.currency}).`);
    const before = { name: now.tenant.name, package: now.tenant.package, ...limitsOf(now.tenant), lowCreditThreshold: Number(now.tenant.lowCreditThreshold) };
    const after = {
      name: spec.name,
      ...(limits && { package: packageOf((spec.package ?? now.tenant.package) as PackageName, limits), ...limits }),
      ...(spec.lowCreditThreshold !== undefined && { lowCreditThreshold: Number(spec.lowCreditThreshold) }),
    };
    const diff = changed(before, after);
    if (diff.length) {
      step('~', `tenant: ${diff.join(', ')}`, async (ctx) => {
        await updateTenant(ctx, now.tenant!.id, { name: spec.name, package: spec.package, limits: spec.limits, lowCreditThreshold: spec.lowCreditThreshold });
        return [];
      });
    }
  }
  if (spec.suspended !== undefined && spec.suspended !== (now.tenant?.suspended ?? false)) {
    step('~', spec.suspended ? 'suspend the tenant' : 'resume the tenant', async (ctx) => {
      await setTenantSuspended(ctx, await tenantId(ctx), spec.suspended!, 'as the provisioning file says');
      return [];
    });
  }

  // ── users: created and changed now, removed last ──
  if (spec.users) {
    if (!spec.users.some((u) => u.role === 'admin' && !u.disabled)) fail(['users'], 'A tenant needs at least one enabled admin.');
    for (const [i, user] of spec.users.entries()) {
      const other = await em.findOne(User, { email: user.email }, { populate: ['tenant'] });
      if (other && other.tenant?.domain !== spec.domain) fail(['users', i, 'email'], `${user.email} already has an account elsewhere.`);
      planUser(now.users.get(user.email), user, step, tenantId);
    }
  }

  // ── extensions ──
  if (spec.extensions) {
    for (const [i, e] of spec.extensions.entries()) {
      if (e.owner !== null && !finalUsers.has(e.owner)) fail(['extensions', i, 'owner'], `${e.owner} is not a user of this tenant.`);
    }
    const keep = new Set(spec.extensions.map((e) => e.number));
    for (const [number, extension] of now.extensions) {
      if (keep.has(number)) continue;
      step('-', `extension ${number}`, async (ctx) => {
        await removeExtension(ctx, extension.tenant.id, extension.id, false);
        return [];
      });
    }
    for (const e of spec.extensions) planExtension(now.extensions.get(e.number), e, step, tenantId, spec.domain);
  }

  // ── queues ──
  const answering = new Set(finalExtensions.flatMap((e) => (e.owner ? [e.owner] : [])));
  if (spec.queues) {
    for (const [i, q] of spec.queues.entries()) {
      for (const [j, t] of q.tiers.entries()) {
        if (!finalUsers.has(t.agent)) fail(['queues', i, 'tiers', j, 'agent'], `${t.agent} is not a user of this tenant.`);
        else if (!answering.has(t.agent)) fail(['queues', i, 'tiers', j, 'agent'], `${t.agent} owns no extension, so cannot answer queue calls.`);
      }
      if (new Set(q.tiers.map((t) => t.agent)).size !== q.tiers.length) fail(['queues', i, 'tiers'], 'An agent can have only one tier in a queue.');
    }
    for (const [name, { queue }] of now.queues) {
      if (finalQueues.has(name)) continue;
      step('-', `queue ${name}`, async (ctx) => {
        await removeQueue(ctx, queue.tenant.id, queue.id, false);
        return [];
      });
    }
    for (const q of spec.queues) planQueue(now.queues.get(q.name), q, step, tenantId);
  }

  // ── DIDs: after what they route to, checked against the final state ──
  const numbers = new Set(finalExtensions.map((e) => e.number));
  for (const [i, d] of finalDids.entries()) {
    const where: Path = spec.dids ? ['dids', i] : [d.route?.kind === 'queue' ? 'queues' : 'extensions'];
    const missing =
      d.route && (d.route.kind === 'queue' ? !finalQueues.has(d.route.target) : !numbers.has(d.route.target))
        ? `DID ${d.number} routes to ${d.route.kind} ${d.route.target}, which ${spec.dids ? 'this tenant will not have' : 'this file removes'}.`
        : undefined;
    if (missing) fail(spec.dids ? [...where, 'route'] : where, missing);
    if (spec.dids && d.user !== null && !finalUsers.has(d.user)) fail([...where, 'user'], `${d.user} is not a user of this tenant.`);
  }
  if (spec.dids) {
    for (const [i, d] of spec.dids.entries()) {
      const other = await em.findOne(Did, { number: d.number }, { populate: ['tenant'] });
      if (other && other.tenant.domain !== spec.domain) fail(['dids', i, 'number'], `${d.number} is already in use.`);
    }
    const keep = new Set(spec.dids.map((d) => d.number));
    for (const [number, did] of now.dids) {
      if (keep.has(number)) continue;
      step('-', `DID ${number}`, async (ctx) => {
        await removeDid(ctx, did.tenant.id, did.id);
        return [];
      });
    }
    for (const d of spec.dids) planDid(now.dids.get(d.number), d, step, tenantId);
  }

  // ── rates ──
  if (spec.rates) planRates(now.rates, spec.rates, step, tenantId);

  // ── users the file no longer lists ──
  if (spec.users) {
    const keep = new Set(spec.users.map((u) => u.email));
    for (const [email, user] of now.users) {
      if (keep.has(email)) continue;
      step('-', `user ${email}`, async (ctx) => {
        await removeUser(ctx, user.tenant!.id, user.id);
        return [];
      });
    }
  }
}

/** Each list names each thing once. */
function checkUnique(spec: TenantSpec, fail: (path: Path, error: string) => void): void {
  const once = <T>(list: T[] | undefined, section: string, key: (t: T) => string, field: string) => {
    const first = new Map<string, number>();
    for (const [i, item] of (list ?? []).entries()) {
      const k = key(item);
      if (first.has(k)) fail([section, i, field], `${k} is already listed (item ${first.get(k)! + 1}).`);
      else first.set(k, i);
    }
  };
  once(spec.users, 'users', (u) => u.email, 'email');
  once(spec.extensions, 'extensions', (e) => e.number, 'number');
  once(spec.queues, 'queues', (q) => q.name, 'name');
  once(spec.dids, 'dids', (d) => d.number, 'number');
  once(spec.rates, 'rates', (r) => r.prefix, 'prefix');
}
