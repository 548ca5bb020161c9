// Do Not Disturb, wherever it is changed (My Account, or *78/*79 on a phone):
// the database first (it is the truth FreeSWITCH reads through mod_xml_curl),
// then the live views, then FreeSWITCH itself.
//
// The call-center rule: DND on puts the extension's mod_callcenter agent
// (`<ext>@<domain>`) On Break, so queues stop offering it calls; DND off makes
// it Available again. The directory also answers `error/user_busy` as the
// dial-string while DND is on, so a queue call that was already being
// offered fails at once instead of ringing.
import type { Orm } from '../db/orm.ts';
import { findTenantByDomain, saveDnd } from '../db/self-service.ts';
import type { AppEvent } from '../live/reduce.ts';
import type { Deliver, Reach } from '../live/reach.ts';
import type { Log } from '../log.ts';
import { callcenterAgent, flushDirectoryEntry, setAgentStatus } from '../pbx/commands.ts';
import { PbxCommandError, type Pbx } from '../pbx/connection.ts';
import type { PbxEvent } from '../pbx/events.ts';

export interface DndDeps {
  orm: Orm;
  pbx: Pick<Pbx, 'api'>;
  /** Live state on this node, or on every node (see live/reach.ts). */
  deliver: Deliver;
  log?: Pick<Log, 'warn' | 'debug'>;
}

export interface DndTarget {
  tenantId: string;
  domain: string;
  extension: string;
}

/** Drops FreeSWITCH's cached directory entry of the extension; a PBX that is down just logs. */
export async function flushDirectory(deps: Pick<DndDeps, 'pbx' | 'log'>, extension: string, domain: string): Promise<void> {
  try {
    await deps.pbx.api(flushDirectoryEntry(extension, domain));
  } catch (err) {
    // The entry expires by itself within a minute (directory.ts CACHE_MS).
    deps.log?.warn(`could not flush the directory entry of ${extension}@${domain}: ${(err as Error).message}`);
  }
}

async function followAgentStatus(deps: Pick<DndDeps, 'pbx' | 'log'>, t: DndTarget, dnd: boolean): Promise<void> {
  const agent = callcenterAgent(t.extension, t.domain);
  try {
    await deps.pbx.api(setAgentStatus(agent, dnd ? 'On Break' : 'Available'));
  } catch (err) {
    // Most extensions are not call-center agents: mod_callcenter answers "-ERR Agent not found!".
    if (err instanceof PbxCommandError) deps.log?.debug(`agent ${agent}: ${err.message}`);
    else deps.log?.warn(`could not set the call-center status of ${agent}: ${(err as Error).message}`);
  }
}

/**
 * Saves DND and makes everyone obey it. `reach`: a change made here (a web
 * request) is 'every-node'; a change a phone dialled is seen by every node on
 * its own ESL stream, so it is 'this-node'. Returns false when the extension
 * does not exist.
 */
export async function applyDnd(deps: DndDeps, t: DndTarget, dnd: boolean, reach: Reach): Promise<boolean> {
  if (!(await saveDnd(deps.orm.em.fork(), t.tenantId, t.extension, dnd))) return false;
  const event: AppEvent = { kind: 'dnd-changed', tenantId: t.tenantId, extension: t.extension, dnd };
  deps.deliver(event, reach);
  await Promise.all([flushDirectory(deps, t.extension, t.domain), followAgentStatus(deps, t, dnd)]);
  return true;
}

/** The PBX-event listener for *78/*79: pass it to pbx.onEvent. */
export function dndFromPhones(deps: DndDeps): (event: PbxEvent) => void {
  return (event) => {
    if (event.kind !== 'dnd-dialled') return;
    void (async () => {
      const tenant = await findTenantByDomain(deps.orm.em.fork(), event.domain);
      if (!tenant) return deps.log?.warn(`DND feature code from ${event.user}@${event.domain}: no such tenant`);
      const found = await applyDnd(deps, { tenantId: tenant.id, domain: tenant.domain, extension: event.user }, event.dnd, 'this-node');
      if (!found) deps.log?.warn(`DND feature code from ${event.user}@${event.domain}: no such extension`);
    })().catch((err: Error) => deps.log?.warn(`DND feature code from ${event.user}@${event.domain} failed: ${err.message}`));
  };
}
