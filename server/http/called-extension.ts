// An extension as a call to it is routed, from the database: its DND, its
// voicemail, and its follow-me destinations when follow-me is on and has any. Shared by
// calls from the tenant's phones and calls from outside to its DIDs.
import type { Extension } from '../db/entities/index.ts';
import type { Em } from '../db/orm.ts';
import { followMeOf } from '../db/self-service.ts';
import type { CalledExtension } from '../xmlcurl/dialplan.ts';

export async function calledExtension(em: Em, tenantId: string, extension: Extension): Promise<CalledExtension> {
  const followMe = (await followMeOf(em, tenantId, [extension])).get(extension.id);
  return {
    number: extension.number,
    dnd: extension.dnd,
    voicemail: extension.voicemail,
    followMe: followMe?.enabled && followMe.destinations.length ? followMe.destinations : undefined,
  };
}
