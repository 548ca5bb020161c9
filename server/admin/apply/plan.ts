// What `apply` would change: the file's tenants compared with the database,
// as a list of steps in an order that works inside one transaction (users
// before the extensions they own, extensions and queues before the DIDs that
// route to them, users removed last). Each step runs through the same admin
// action the pages use, so it is checked and audited the same way. Checks
// that need the database (an e-mail or number another tenant has, a DID left
// pointing at a removed extension, the package's extension limit) come back
// as errors with their line, and then nothing is run at all.
import type { LineError, PackageName, QueueStrategy } from '../../../common/admin.ts';
import { PACKAGES } from '../../../common/admin.ts';
import { Did, Extension, Queue, QueueTier, Rate, Tenant, User } from '../../db/entities/index.ts';
import type { Em } from '../../db/orm.ts';
import { audit } from '../audit.ts';
import type { AdminContext } from '../context.ts';
import { createDid, removeDid, updateDid } from '../dids.ts';
import { createExtension, removeExtension, updateExtension } from '../extensions.ts';
import { createQueue, removeQueue, updateQueue } from '../queues.ts';
import { putRates } from '../rates.ts';
import { createTenant, limitsOf, packageOf, setTenantSuspended, updateTenant } from '../tenants.ts';
import { createUser, removeUser, setUserDisabled, updateUser } from '../users.ts';
import type { DidSpec, ExtensionSpec, Path, ProvisioningFile, QueueSpec, RateSpec, TenantSpec, UserSpec } from './document.ts';

/** One change, in words, and how to make it. `run` may return secrets to show once. */
export interface Step {
  tenant: string;
  /** '+' create, '~' change, '-' remove. */
  sign: '+' | '~' | '-';
  words: string;
  run(ctx: AdminContext, publicUrl: string): Promise<string[]>;
}

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

const show = (v: unknown) => (v === null || v === undefined ? 'none' : typeof v === 'string' ? `"${v}"` : String(v));
/** "field a → b" for each differing field. */
function changed(before: Record<string, unknown>, after: Record<string, unknown>): string[] {
  return Object.keys(after)
    .filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]))
    .map((k) => (k === 'voicemailPin' ? 'voicemail PIN changed' : `${k} ${show(before[k])} → ${show(after[k])}`));
}
const tierKey = (t: { agent: string; level: number; position: number }) => `${t.agent}/${t.level}/${t.position}`;
const sameTiers = (a: QueueSpec['tiers'], b: QueueSpec['tiers']) =>
  JSON.stringify(a.map(tierKey).sort()) === JSON.stringify(b.map(tierKey).sort());

/** Looks an e-mail up at run time: a user created earlier in the same transaction has an id only then. */
async function userId(ctx: AdminContext, email: string | null): Promise<string | null> {
  if (email === null) return null;
  return (await ctx.em.findOneOrFail(User, { email })).id;
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

type AddStep = (sign: Step['sign'], words: string, run: Step['run']) => void;
type TenantId = (ctx: AdminContext) => Promise<string>;

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

function planUser(now: User | undefined, spec: UserSpec, step: AddStep, tenantId: TenantId): void {
  if (!now) {
    step('+', `user ${spec.email} (${spec.role})`, async (ctx, publicUrl) => {
      const id = await tenantId(ctx);
      const { user, setPasswordLink } = await createUser(ctx, id, { email: spec.email, name: spec.name, role: spec.role }, publicUrl);
      if (spec.disabled) await setUserDisabled(ctx, id, user.id, true);
      return setPasswordLink ? [`set-password link for ${spec.email}: ${setPasswordLink}`] : [];
    });
    return;
  }
  const diff = changed({ name: now.name, role: now.role, disabled: now.disabled }, { name: spec.name, role: spec.role, disabled: spec.disabled });
  if (diff.length === 0) return;
  step('~', `user ${spec.email}: ${diff.join(', ')}`, async (ctx) => {
    const id = now.tenant!.id;
    await updateUser(ctx, id, now.id, { name: spec.name, role: spec.role });
    if (spec.disabled !== now.disabled) await setUserDisabled(ctx, id, now.id, spec.disabled);
    return [];
  });
}

const extensionOf = (e: Extension): ExtensionSpec => ({
  number: e.number,
  owner: e.owner ? (e.owner as User).email : null,
  callerIdName: e.callerIdName,
  callerIdNumber: e.callerIdNumber,
  voicemail: e.voicemail,
  voicemailPin: e.voicemailPin,
});

function planExtension(now: Extension | undefined, spec: ExtensionSpec, step: AddStep, tenantId: TenantId, domain: string): void {
  const fields = async (ctx: AdminContext) => ({
    ownerId: await userId(ctx, spec.owner),
    callerIdName: spec.callerIdName,
    callerIdNumber: spec.callerIdNumber,
    voicemail: spec.voicemail,
    voicemailPin: spec.voicemailPin,
  });
  if (!now) {
    step('+', `extension ${spec.number}${spec.owner ? ` of ${spec.owner}` : ''}`, async (ctx) => {
      const { sipPassword } = await createExtension(ctx, await tenantId(ctx), { number: spec.number, ...(await fields(ctx)) });
      return [`SIP password of ${spec.number}@${domain}: ${sipPassword}`];
    });
    return;
  }
  const { number: _, ...before } = extensionOf(now);
  const { number: __, ...after } = spec;
  const diff = changed(before, after);
  if (diff.length === 0) return;
  step('~', `extension ${spec.number}: ${diff.join(', ')}`, async (ctx) => {
    await updateExtension(ctx, now.tenant.id, now.id, await fields(ctx));
    return [];
  });
}

function planQueue(now: { queue: Queue; tiers: QueueSpec['tiers'] } | undefined, spec: QueueSpec, step: AddStep, tenantId: TenantId): void {
  const save = async (ctx: AdminContext) => ({
    name: spec.name,
    strategy: spec.strategy,
    maxWaitTime: spec.maxWaitTime,
    wrapUpTime: spec.wrapUpTime,
    tiers: await tiersOf(ctx, spec.tiers),
  });
  if (!now) {
    step('+', `queue ${spec.name} (${spec.strategy}, ${spec.tiers.length} agent${spec.tiers.length === 1 ? '' : 's'})`, async (ctx) => {
      await createQueue(ctx, await tenantId(ctx), await save(ctx));
      return [];
    });
    return;
  }
  const { queue } = now;
  const diff = changed(
    { strategy: queue.strategy as QueueStrategy, maxWaitTime: queue.maxWaitTime, wrapUpTime: queue.wrapUpTime },
    { strategy: spec.strategy, maxWaitTime: spec.maxWaitTime, wrapUpTime: spec.wrapUpTime },
  );
  if (!sameTiers(now.tiers, spec.tiers)) diff.push(`tiers ${now.tiers.map(tierKey).sort().join(' ') || 'none'} → ${spec.tiers.map(tierKey).sort().join(' ') || 'none'}`);
  if (diff.length === 0) return;
  step('~', `queue ${spec.name}: ${diff.join(', ')}`, async (ctx) => {
    await updateQueue(ctx, queue.tenant.id, queue.id, await save(ctx));
    return [];
  });
}

/** The tiers with user ids, looked up one after another (one connection in a transaction). */
async function tiersOf(ctx: AdminContext, tiers: QueueSpec['tiers']) {
  const out = [];
  for (const t of tiers) out.push({ userId: (await userId(ctx, t.agent))!, level: t.level, position: t.position });
  return out;
}

const didOf = (d: Did): DidSpec => ({
  number: d.number,
  route: d.routeKind && d.routeTarget ? { kind: d.routeKind, target: d.routeTarget } : null,
  user: d.user ? (d.user as User).email : null,
  active: d.active,
});

function planDid(now: Did | undefined, spec: DidSpec, step: AddStep, tenantId: TenantId): void {
  const save = async (ctx: AdminContext) => ({ number: spec.number, route: spec.route, userId: await userId(ctx, spec.user), active: spec.active });
  const routeWords = (r: DidSpec['route']) => (r ? `${r.kind} ${r.target}` : 'none');
  if (!now) {
    step('+', `DID ${spec.number} → ${routeWords(spec.route)}`, async (ctx) => {
      await createDid(ctx, await tenantId(ctx), await save(ctx));
      return [];
    });
    return;
  }
  const before = didOf(now);
  const diff = changed({ ...before, route: routeWords(before.route) }, { ...spec, route: routeWords(spec.route) });
  if (diff.length === 0) return;
  step('~', `DID ${spec.number}: ${diff.join(', ')}`, async (ctx) => {
    await updateDid(ctx, now.tenant.id, now.id, await save(ctx));
    return [];
  });
}

function planRates(now: Map<string, Rate>, spec: RateSpec[], step: AddStep, tenantId: TenantId): void {
  const same = (r: Rate, s: RateSpec) => Number(r.perMinute) === Number(s.perMinute) && r.firstIncrement === s.firstIncrement && r.increment === s.increment;
  const added = spec.filter((s) => !now.has(s.prefix)).map((s) => s.prefix);
  const altered = spec.filter((s) => now.has(s.prefix) && !same(now.get(s.prefix)!, s)).map((s) => s.prefix);
  const dropped = [...now.keys()].filter((p) => !spec.some((s) => s.prefix === p));
  if (added.length + altered.length + dropped.length === 0) return;
  const words = [
    added.length && `add ${added.join(', ')}`,
    altered.length && `change ${altered.join(', ')}`,
    dropped.length && `remove ${dropped.join(', ')}`,
  ].filter(Boolean);
  step('~', `rates: ${words.join('; ')}`, async (ctx) => {
    const id = await tenantId(ctx);
    const result = await putRates(ctx, id, spec, true);
    audit(ctx, { tenantId: id, action: 'rate.apply', target: `${spec.length} rate${spec.length === 1 ? '' : 's'}`, changes: { ...result } });
    return [];
  });
}
