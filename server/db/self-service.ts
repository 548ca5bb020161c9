// What the self-service pages and the mod_xml_curl endpoints read and write.
// Every function that serves a user takes the tenant and the user from the
// session and filters by both: another tenant's or another user's extension
// is simply not found.
import type { AccountExtension, MyDid } from '../../common/account.ts';
import type { FollowMe as FollowMeView, FollowMeDestination as DestinationView } from '../../common/follow-me.ts';
import { Did, Extension, FollowMe, FollowMeDestination, Tenant } from './entities/index.ts';
import type { Em } from './orm.ts';

/** An extension the user owns, by number, with its tenant; null otherwise. */
export function findOwnExtension(em: Em, tenantId: string, userId: string, number: string): Promise<Extension | null> {
  return em.findOne(Extension, { tenant: tenantId, owner: userId, number }, { populate: ['tenant'] });
}

export async function listOwnExtensions(em: Em, tenantId: string, userId: string): Promise<Extension[]> {
  return em.find(Extension, { tenant: tenantId, owner: userId }, { orderBy: { number: 'asc' }, populate: ['tenant'] });
}

export const accountExtension = (e: Extension, wssUrl: (domain: string) => string): AccountExtension => ({
  number: e.number,
  sipUsername: e.number,
  sipPassword: e.sipPassword,
  domain: e.tenant.domain,
  wssUrl: wssUrl(e.tenant.domain),
  callerIdName: e.callerIdName,
  dnd: e.dnd,
  faxEmail: e.faxEmail,
});

/** Sets DND by tenant and number; returns whether the extension exists. Idempotent. */
export async function saveDnd(em: Em, tenantId: string, number: string, dnd: boolean): Promise<boolean> {
  const updated = await em.nativeUpdate(Extension, { tenant: tenantId, number }, { dnd });
  return updated > 0;
}

export async function saveFaxEmail(em: Em, extension: Extension, faxEmail: string | null): Promise<void> {
  extension.faxEmail = faxEmail;
  await em.flush();
}

export async function listOwnDids(em: Em, tenantId: string, userId: string): Promise<MyDid[]> {
  const dids = await em.find(Did, { tenant: tenantId, user: userId }, { orderBy: { number: 'asc' } });
  return dids.map((d) => ({ number: d.number, destination: d.destination, active: d.active }));
}

/** The caller ID an extension presents outside: its own caller ID number, else the first active DID assigned to its owner. */
export async function outsideCallerId(em: Em, tenantId: string, extension: Extension): Promise<string | undefined> {
  if (extension.callerIdNumber) return extension.callerIdNumber;
  if (!extension.owner) return undefined;
  const did = await em.findOne(Did, { tenant: tenantId, user: extension.owner, active: true }, { orderBy: { number: 'asc' } });
  return did?.number;
}

/** A tenant in service by its SIP domain: a suspended tenant is unknown to FreeSWITCH (no registration, no call). */
export function findTenantByDomain(em: Em, domain: string): Promise<Tenant | null> {
  return em.findOne(Tenant, { domain: domain.trim().toLowerCase(), suspended: false });
}

export function findExtensionOfTenant(em: Em, tenantId: string, number: string): Promise<Extension | null> {
  return em.findOne(Extension, { tenant: tenantId, number });
}

/** Which of these numbers are extensions of the tenant. */
export async function existingExtensionNumbers(em: Em, tenantId: string, numbers: string[]): Promise<Set<string>> {
  if (numbers.length === 0) return new Set();
  const found = await em.find(Extension, { tenant: tenantId, number: { $in: numbers } }, { fields: ['number'] });
  return new Set(found.map((e) => e.number));
}

const destinationView = (d: FollowMeDestination): DestinationView => ({
  destination: d.destination,
  delay: d.delay,
  timeout: d.timeout,
});

/** Follow-me of the given extensions (of one tenant), keyed by extension id. */
export async function followMeOf(em: Em, tenantId: string, extensions: Extension[]): Promise<Map<string, FollowMeView>> {
  const result = new Map<string, FollowMeView>();
  if (extensions.length === 0) return result;
  const rows = await em.find(FollowMe, { tenant: tenantId, extension: { $in: extensions.map((e) => e.id) } });
  const destinations = rows.length
    ? await em.find(FollowMeDestination, { followMe: { $in: rows.map((r) => r.id) } }, { orderBy: { position: 'asc' } })
    : [];
  const numberOf = new Map(extensions.map((e) => [e.id, e.number]));
  for (const row of rows) {
    result.set(row.extension.id, {
      extension: numberOf.get(row.extension.id)!,
      enabled: row.enabled,
      destinations: destinations.filter((d) => d.followMe.id === row.id).map(destinationView),
    });
  }
  return result;
}

/** Replaces the extension's follow-me (settings and every destination) in one transaction. */
export async function saveFollowMe(
  em: Em,
  extension: Extension,
  enabled: boolean,
  destinations: DestinationView[],
): Promise<void> {
  await em.transactional(async (tx) => {
    let row = await tx.findOne(FollowMe, { extension: extension.id });
    if (row) {
      row.enabled = enabled;
      row.updatedAt = new Date();
      await tx.nativeDelete(FollowMeDestination, { followMe: row.id });
    } else {
      row = tx.create(FollowMe, { tenant: extension.tenant.id, extension: extension.id, enabled });
    }
    destinations.forEach((d, i) =>
      tx.create(FollowMeDestination, { followMe: row, position: i + 1, destination: d.destination, delay: d.delay, timeout: d.timeout }),
    );
    await tx.flush();
  });
}

/** Returns whether there was one to delete. */
export async function deleteFollowMe(em: Em, extension: Extension): Promise<boolean> {
  return (await em.nativeDelete(FollowMe, { extension: extension.id })) > 0;
}
