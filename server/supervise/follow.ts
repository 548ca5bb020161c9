// What keeps supervisions true to FreeSWITCH on every node, whichever node
// started them (./service.ts starts them): a hangup of either leg closes the
// open audit row, a resync after an ESL (re)connect closes the rows whose
// legs are gone and puts back those that go on, and the tenant's setting to
// hide listening applies at once.
import { Tenant } from '../db/entities/index.ts';
import type { Orm } from '../db/orm.ts';
import type { Deliver } from '../live/reach.ts';
import type { Supervision } from '../live/state.ts';
import type { LiveStore } from '../live/store.ts';
import type { Log } from '../log.ts';
import type { Pbx } from '../pbx/connection.ts';
import type { PbxEvent } from '../pbx/events.ts';
import { uuidExists } from '../pbx/fax.ts';
import { closeSegment, openSegments } from './audit.ts';

/** Whether agents of the tenant may see that they are listened to. */
export const listenShownIn = async (orm: Orm, tenantId: string) =>
  !(await orm.em.fork().findOne(Tenant, { id: tenantId }, { fields: ['hideListening'] }))?.hideListening;

export interface FollowDeps {
  orm: Orm;
  live: Pick<LiveStore, 'tenantState' | 'tenantIdOfDomain'>;
  deliver: Deliver;
  log: Pick<Log, 'warn'>;
  /** Asked, with several FreeSWITCH servers, whether a leg one server's resync lacks lives on another. */
  pbx: Pick<Pbx, 'api'>;
}

export function followSupervisions(deps: FollowDeps) {
  const { orm, live, deliver, log, pbx } = deps;
  /** Whether FreeSWITCH still has the leg: in this resync, or (one server's resync of several) on another server. */
  const goesOn = async (event: Extract<PbxEvent, { kind: 'resync' }>, up: Set<string>, uuid: string) =>
    up.has(uuid) || (event.server !== undefined && (await pbx.api(uuidExists(uuid)).catch(() => 'false')).trim() === 'true');
  return {
    /**
     * The tenant's settings changed (every node hears it from PostgreSQL and
     * does this for itself): listening shown or hidden applies at once to
     * the supervisions going on.
     */
    async settingsChanged(tenantId: string): Promise<void> {
      const going = [...(live.tenantState(tenantId)?.supervisions.values() ?? [])];
      if (going.length === 0) return;
      const shown = await listenShownIn(orm, tenantId);
      for (const s of going) {
        if (s.listenShown !== shown) deliver({ kind: 'supervision', tenantId, extension: s.extension, supervision: { ...s, listenShown: shown } }, 'this-node');
      }
    },

    /**
     * Every node, before the live store folds the event: a hangup of a
     * supervised call's leg closes the open audit row of its current mode;
     * any node may be the first.
     */
    closeOnHangup(event: PbxEvent): void {
      const ended: { auditId: string; until: number }[] = [];
      if (event.kind === 'channel-hangup-complete') {
        const tenantId = event.channel.domain && live.tenantIdOfDomain(event.channel.domain);
        const state = tenantId ? live.tenantState(tenantId) : undefined;
        for (const s of state?.supervisions.values() ?? []) {
          if (s.supervisorUuid === event.channel.uuid || s.targetUuid === event.channel.uuid) {
            ended.push({ auditId: s.auditId, until: Math.floor(event.endedAt / 1000) || Date.now() });
          }
        }
      }
      for (const { auditId, until } of ended) {
        closeSegment(orm, auditId, until).catch((err: Error) => log.warn(`supervise: could not close audit row ${auditId}: ${err.message}`));
      }
    },

    /**
     * Every node, after the live store folded a resync (each ESL connect):
     * FreeSWITCH's channels say which open rows still go on. One whose legs
     * are gone ended while no node heard (an outage, or every node down): it
     * is closed at the resync, the first moment known. One that goes on is
     * put back into this node's live state (a node started while a
     * supervisor listens), so the agent still sees it and a hangup ends it.
     */
    async resumeAfterResync(event: PbxEvent): Promise<void> {
      if (event.kind !== 'resync') return;
      const up = new Set(event.channels.map((c) => c.uuid));
      const noticed = Math.floor(event.at / 1000) || Date.now();
      for (const row of await openSegments(orm)) {
        if (!(await goesOn(event, up, row.supervisorLeg)) || !(await goesOn(event, up, row.call))) {
          await closeSegment(orm, row.id, noticed);
          continue;
        }
        const state = live.tenantState(row.tenantId);
        const leg = state?.legs.get(row.supervisorLeg);
        if (!state || !leg || !row.userId || state.supervisions.get(row.extension)?.supervisorUuid === row.supervisorLeg) continue;
        const supervision: Supervision = {
          extension: row.extension,
          supervisorExtension: leg.extension,
          userId: row.userId,
          name: row.name ?? '',
          mode: row.mode,
          supervisorUuid: row.supervisorLeg,
          targetUuid: row.call,
          auditId: row.id,
          since: row.from,
          listenShown: !row.hideListening,
        };
        // Each node reads the rows at its own resync.
        deliver({ kind: 'supervision', tenantId: row.tenantId, extension: row.extension, supervision }, 'this-node');
      }
    },
  };
}
