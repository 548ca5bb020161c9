// A tenant's extensions, as its admin manages them. The SIP password is
// generated here, never chosen: shown once to the admin (and always to the
// extension's owner on My Account). The package's extension limit holds
// even against two creates at once: both lock the tenant's row first.
import { randomBytes } from 'node:crypto';
import type { AdminExtension, ExtensionCreate, ExtensionList, ExtensionSecret, ExtensionUpdate } from '../../common/admin.ts';
import { extensionCreate, extensionUpdate } from '../../common/admin.ts';
import { Did, Extension, QueueTier, Tenant, User } from '../db/entities/index.ts';
import type { Em } from '../db/orm.ts';
import { isUuid } from '../db/queries.ts';
import { audit, diff, SECRET } from './audit.ts';
import { AdminError, sql, type AdminContext } from './context.ts';
import { parse } from './parse.ts';

export const NO_SUCH_EXTENSION = 'There is no such extension in your organisation.';

/** 20 characters of base64url: about 120 bits, and nothing a SIP client chokes on. */
export const newSipPassword = () => randomBytes(15).toString('base64url');

export function adminExtension(e: Extension): AdminExtension {
  const owner = e.owner as User | null;
  return {
    id: e.id,
    number: e.number,
    owner: owner ? { id: owner.id, name: owner.name, email: owner.email } : null,
    callerIdName: e.callerIdName,
    callerIdNumber: e.callerIdNumber,
    voicemail: e.voicemail,
    hasVoicemailPin: e.voicemailPin !== null,
    dnd: e.dnd,
  };
}

export async function listExtensions(em: Em, tenantId: string): Promise<ExtensionList> {
  const [extensions, tenant] = await Promise.all([
    em.find(Extension, { tenant: tenantId }, { orderBy: { number: 'asc' }, populate: ['owner'] }),
    em.findOneOrFail(Tenant, { id: tenantId }),
  ]);
  return { extensions: extensions.map(adminExtension), maxExtensions: tenant.maxExtensions };
}

export async function extensionOf(em: Em, tenantId: string, id: string): Promise<Extension> {
  const extension = isUuid(id) ? await em.findOne(Extension, { id, tenant: tenantId }, { populate: ['owner'] }) : null;
  if (!extension) throw new AdminError(404, NO_SUCH_EXTENSION);
  return extension;
}

async function ownerOf(em: Em, tenantId: string, ownerId: string | null): Promise<User | null> {
  if (ownerId === null) return null;
  const owner = isUuid(ownerId) ? await em.findOne(User, { id: ownerId, tenant: tenantId }) : null;
  if (!owner) throw new AdminError(400, 'The owner must be a user of your organisation.');
  return owner;
}

/** An owner's queue tiers answer from their first extension: a change of owners may rename mod_callcenter agents. */
async function ownersHaveTiers(em: Em, userIds: (string | undefined)[]): Promise<boolean> {
  const ids = userIds.filter((id): id is string => !!id);
  return ids.length > 0 && (await em.count(QueueTier, { user: { $in: ids } })) > 0;
}

export async function createExtension(ctx: AdminContext, tenantId: string, body: ExtensionCreate): Promise<ExtensionSecret> {
  const input = parse(extensionCreate, body);
  // Serialises this tenant's creates: the count below cannot be raced past the limit.
  const [tenant] = await sql<{ max_extensions: number }>(ctx.em, 'select "max_extensions" from "tenants" where "id" = ? for update', [tenantId]);
  const [{ count } = { count: 0 }] = await sql<{ count: number }>(ctx.em, 'select count(*)::int as "count" from "extensions" where "tenant_id" = ?', [tenantId]);
  if (Number(count) >= Number(tenant!.max_extensions)) {
    throw new AdminError(
      409,
      `Your package allows ${tenant!.max_extensions} extension${tenant!.max_extensions === 1 ? '' : 's'} and all are in use. Remove one, or ask your provider for a larger package.`,
    );
  }
  if (await ctx.em.count(Extension, { tenant: tenantId, number: input.number })) {
    throw new AdminError(409, `Extension ${input.number} already exists.`);
  }
  const owner = await ownerOf(ctx.em, tenantId, input.ownerId);
  const sipPassword = newSipPassword();
  const extension = ctx.em.create(Extension, {
    tenant: tenantId,
    number: input.number,
    owner,
    sipPassword,
    callerIdName: input.callerIdName,
    callerIdNumber: input.callerIdNumber,
    voicemail: input.voicemail,
    voicemailPin: input.voicemailPin,
  });
  audit(ctx, {
    tenantId,
    action: 'extension.create',
    target: `extension ${extension.number}`,
    changes: {
      owner: { to: owner?.email ?? null },
      callerIdName: { to: input.callerIdName },
      callerIdNumber: { to: input.callerIdNumber },
      voicemail: { to: input.voicemail },
      voicemailPin: input.voicemailPin ? SECRET : { to: null },
      sipPassword: SECRET,
    },
  });
  ctx.changes.touch(tenantId, 'extensions', 'users').flush(tenantId, [extension.number]);
  if (input.voicemailPin) ctx.changes.voicemailPin(tenantId, extension.number);
  if (await ownersHaveTiers(ctx.em, [owner?.id])) ctx.changes.callcenter(tenantId);
  return { extension: adminExtension(extension), sipPassword };
}

export async function updateExtension(ctx: AdminContext, tenantId: string, id: string, body: ExtensionUpdate): Promise<AdminExtension> {
  const input = parse(extensionUpdate, body);
  const extension = await extensionOf(ctx.em, tenantId, id);
  const before = {
    owner: (extension.owner as User | null)?.email ?? null,
    callerIdName: extension.callerIdName,
    callerIdNumber: extension.callerIdNumber,
    voicemail: extension.voicemail,
    voicemailPin: extension.voicemailPin,
  };
  const previousOwner = (extension.owner as User | null)?.id;
  const owner = input.ownerId === undefined ? (extension.owner as User | null) : await ownerOf(ctx.em, tenantId, input.ownerId);
  const after = {
    owner: owner?.email ?? null,
    callerIdName: input.callerIdName,
    callerIdNumber: input.callerIdNumber,
    voicemail: input.voicemail,
    voicemailPin: input.voicemailPin,
  };
  const changes = diff(before, after, ['voicemailPin']);
  if (Object.keys(changes).length === 0) return adminExtension(extension);
  extension.owner = owner;
  if (input.callerIdName !== undefined) extension.callerIdName = input.callerIdName;
  if (input.callerIdNumber !== undefined) extension.callerIdNumber = input.callerIdNumber;
  if (input.voicemail !== undefined) extension.voicemail = input.voicemail;
  if (input.voicemailPin !== undefined) extension.voicemailPin = input.voicemailPin;
  audit(ctx, { tenantId, action: 'extension.update', target: `extension ${extension.number}`, changes });
  ctx.changes.touch(tenantId, 'extensions', 'users').flush(tenantId, [extension.number]).account(tenantId, previousOwner).account(tenantId, owner?.id);
  if ('voicemailPin' in changes) ctx.changes.voicemailPin(tenantId, extension.number);
  if ('owner' in changes && (await ownersHaveTiers(ctx.em, [previousOwner, owner?.id]))) ctx.changes.callcenter(tenantId);
  return adminExtension(extension);
}

/** A new SIP password: phones still registered with the old one are dropped and must sign in with the new one. */
export async function regenerateSipPassword(ctx: AdminContext, tenantId: string, id: string): Promise<ExtensionSecret> {
  const extension = await extensionOf(ctx.em, tenantId, id);
  extension.sipPassword = newSipPassword();
  audit(ctx, { tenantId, action: 'extension.new-sip-password', target: `extension ${extension.number}`, changes: { sipPassword: SECRET } });
  // Its owner's My Account shows the SIP password: it reloads.
  ctx.changes.touch(tenantId, 'extensions').unregister(tenantId, [extension.number]).account(tenantId, (extension.owner as User | null)?.id);
  return { extension: adminExtension(extension), sipPassword: extension.sipPassword };
}

/**
 * `checkRoutes` false: the caller (apply) re-routes the DIDs later in the
 * same transaction, having checked that none is left pointing here.
 */
export async function removeExtension(ctx: AdminContext, tenantId: string, id: string, checkRoutes = true): Promise<void> {
  const extension = await extensionOf(ctx.em, tenantId, id);
  const routed = checkRoutes
    ? await ctx.em.find(Did, { tenant: tenantId, routeTarget: extension.number, routeKind: { $in: ['extension', 'voicemail', 'fax'] } })
    : [];
  if (routed.length) {
    throw new AdminError(409, `DID${routed.length > 1 ? 's' : ''} ${routed.map((d) => d.number).join(', ')} route${routed.length > 1 ? '' : 's'} to extension ${extension.number}: point ${routed.length > 1 ? 'them' : 'it'} elsewhere first.`);
  }
  const owner = (extension.owner as User | null)?.id;
  await ctx.em.nativeDelete(Extension, { id: extension.id });
  audit(ctx, { tenantId, action: 'extension.remove', target: `extension ${extension.number}`, changes: { owner: { from: (extension.owner as User | null)?.email ?? null } } });
  ctx.changes.touch(tenantId, 'extensions', 'users').unregister(tenantId, [extension.number]);
  if (await ownersHaveTiers(ctx.em, [owner])) ctx.changes.callcenter(tenantId);
}
