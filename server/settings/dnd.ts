// Do Not Disturb, wherever it is changed (My Account, or *78/*79 on a phone):
// the database first (it is the truth FreeSWITCH reads through mod_xml_curl),
// then the live views, then FreeSWITCH itself.
//
// The call-center rule: DND on puts the extension's mod_callcenter agent
// (`<ext>@<domain>`) On Break ("Do not disturb"), so queues stop offering it
// calls; DND off makes it Available again — only if that break is still
// DND's: a break the agent chose before or meanwhile is theirs to end. The
// directory also answers `error/user_busy` as the dial-string while DND is
// on, so a queue call that was already being offered fails at once instead
// of ringing.
import { DND_REASON } from '../../common/live.ts';
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

/**
 * The agent's break, as agent_breaks keeps it: DND's own is claimed only
 * where there is none (a chosen break keeps its reason) and released only if
 * it is still DND's. Every node may run this: the row decides.
 */
async function followAgentStatus(deps: Pick<DndDeps, 'orm' | 'pbx' | 'log' | 'deliver'>, t: DndTarget, dnd: boolean): Promise<void> {
  const agent = callcenterAgent(t.extension, t.domain);
  const sql = (query: string, params: unknown[]) => deps.orm.em.fork().getConnection().execute(query, params) as Promise<unknown[]>;
  try {
    if (dnd) {
      // Most extensions are not agents: FreeSWITCH's -ERR below ends it before a row is written.
      await deps.pbx.api(setAgentStatus(agent, 'On Break'));
      const since = Math.floor(Date.now() / 1000);
      const claimed = await sql(
        `insert into "agent_breaks" ("agent", "tenant_id", "reason", "source", "since") values (?, ?, ?, 'dnd', to_timestamp(?)) on conflict ("agent") do nothing returning "agent"`,
        [agent, t.tenantId, DND_REASON, since],
      );
      if (claimed.length) deps.deliver({ kind: 'agent-break', tenantId: t.tenantId, agent, break: { reason: DND_REASON, source: 'dnd', since } }, 'every-node');
    } else {
      const released = await sql(`delete from "agent_breaks" where "agent" = ? and "source" = 'dnd' returning "agent"`, [agent]);
      if (released.length) await deps.pbx.api(setAgentStatus(agent, 'Available'));
    }
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
