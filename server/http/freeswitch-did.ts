// The served `did` context: a call from the carrier to one of our numbers,
// looked up in the DID table and turned into its route's actions
// (xmlcurl/did.ts). An unknown or inactive number, or a route whose target
// is gone, is FreeSWITCH's "not found": the call is refused.
import { mkdir } from 'node:fs/promises';
import { assertNever } from '../../common/exhaustive.ts';
import { Did } from '../db/entities/index.ts';
import type { Em } from '../db/orm.ts';
import { findExtensionOfTenant } from '../db/self-service.ts';
import { calledExtension } from './called-extension.ts';
import { dialplanDocument } from '../xmlcurl/dialplan.ts';
import { DID_CONTEXT, didActions, didExtensionName, didNumber, type DidRoute } from '../xmlcurl/did.ts';
import { NOT_FOUND } from '../xmlcurl/xml.ts';
import type { Log } from '../log.ts';

export { DID_CONTEXT };

async function routeOf(em: Em, did: Did): Promise<DidRoute | undefined> {
  const tenantId = did.tenant.id;
  const target = did.routeTarget;
  if (!did.routeKind || !target) return undefined;
  if (did.routeKind === 'queue') return { kind: 'queue', queue: target };
  const extension = await findExtensionOfTenant(em, tenantId, target);
  if (!extension) return undefined;
  switch (did.routeKind) {
    case 'voicemail':
      return { kind: 'voicemail', extension: extension.number };
    case 'fax':
      return { kind: 'fax', extension: extension.number };
    case 'extension':
      return { kind: 'extension', callee: await calledExtension(em, tenantId, extension) };
    default:
      return assertNever(did.routeKind, 'DID route kind');
  }
}

/**
 * The dialplan document for `dialled` arriving from outside. `rxDir` is where
 * faxes to a fax DID are written; without it (no fax service) a fax DID is refused.
 */
export async function didDialplan(
  em: Em,
  dialled: string,
  opts: { rxDir: string | undefined; ringSeconds?: number; log?: Log | undefined },
): Promise<string> {
  const { rxDir, log } = opts;
  const number = didNumber(dialled);
  if (!number) return NOT_FOUND;
  const did = await em.findOne(Did, { number, active: true, tenant: { suspended: false } }, { populate: ['tenant'] });
  if (!did) {
    log?.info(`call from outside to ${dialled}: not one of our active DIDs; refused`);
    return NOT_FOUND;
  }
  const route = await routeOf(em, did);
  if (!route || (route.kind === 'fax' && !rxDir)) {
    log?.warn(`call from outside to DID ${number}: it has no usable route (${did.routeKind ?? 'none'} ${did.routeTarget ?? ''}); refused`);
    return NOT_FOUND;
  }
  // rxfax opens the file it is given and creates no folders.
  if (route.kind === 'fax') await mkdir(rxDir!, { recursive: true });
  const actions = didActions({ number, domain: did.tenant.domain, route, rxDir: rxDir ?? '', ringSeconds: opts.ringSeconds });
  return dialplanDocument(DID_CONTEXT, dialled, didExtensionName(number, route), actions);
}
