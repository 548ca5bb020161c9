// The steps `apply` plans for each kind of thing in a tenant (plan.ts calls
// them in order): a thing the database lacks is created, one that differs is
// changed, through the admin action the pages use. Each step says in words
// what differs, so the plan reads like a diff; emails are turned into user
// ids only when a step runs, as a user made earlier in the same transaction
// has an id only then.
import type { QueueStrategy } from '../../../common/admin.ts';
import { User, type Did, type Extension, type Queue, type Rate } from '../../db/entities/index.ts';
import { audit } from '../audit.ts';
import type { AdminContext } from '../context.ts';
import { createDid, updateDid } from '../dids.ts';
import { createExtension, updateExtension } from '../extensions.ts';
import { createQueue, updateQueue } from '../queues.ts';
import { putRates } from '../rates.ts';
import { createUser, setUserDisabled, updateUser } from '../users.ts';
import type { DidSpec, ExtensionSpec, QueueSpec, RateSpec, UserSpec } from './document.ts';

/** One change, in words, and how to make it. `run` may return secrets to show once. */
export interface Step {
  tenant: string;
  /** '+' create, '~' change, '-' remove. */
  sign: '+' | '~' | '-';
  words: string;
  run(ctx: AdminContext, publicUrl: string): Promise<string[]>;
}

const show = (v: unknown) => (v === null || v === undefined ? 'none' : typeof v === 'string' ? `"${v}"` : String(v));
/** "field a → b" for each differing field. */
export function changed(before: Record<string, unknown>, after: Record<string, unknown>): string[] {
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

export type AddStep = (sign: Step['sign'], words: string, run: Step['run']) => void;
export type TenantId = (ctx: AdminContext) => Promise<string>;

export function planUser(now: User | undefined, spec: UserSpec, step: AddStep, tenantId: TenantId): void {
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

export const extensionOf = (e: Extension): ExtensionSpec => ({
  number: e.number,
  owner: e.owner ? (e.owner as User).email : null,
  callerIdName: e.callerIdName,
  callerIdNumber: e.callerIdNumber,
  voicemail: e.voicemail,
  voicemailPin: e.voicemailPin,
});

export function planExtension(now: Extension | undefined, spec: ExtensionSpec, step: AddStep, tenantId: TenantId, domain: string): void {
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

export function planQueue(now: { queue: Queue; tiers: QueueSpec['tiers'] } | undefined, spec: QueueSpec, step: AddStep, tenantId: TenantId): void {
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

export const didOf = (d: Did): DidSpec => ({
  number: d.number,
  route: d.routeKind && d.routeTarget ? { kind: d.routeKind, target: d.routeTarget } : null,
  user: d.user ? (d.user as User).email : null,
  active: d.active,
});

export function planDid(now: Did | undefined, spec: DidSpec, step: AddStep, tenantId: TenantId): void {
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

export function planRates(now: Map<string, Rate>, spec: RateSpec[], step: AddStep, tenantId: TenantId): void {
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
