// Availability that follows the phone. An agent who is Available while no
// device of their extension is registered takes no calls (mod_callcenter
// rings user/<ext>@<domain>, which fails), yet mod_callcenter still lists
// them Available. Every screen shows it (QueueAgent.phone); with the
// tenant's setting on, this puts such an agent On Break ("No phone") after
// the grace period, and back to Available when a phone registers again —
// only a break it started itself (agent_breaks.source = 'no-phone'), never
// one the agent or a supervisor chose.
//
// Every node watches; the database decides which one acts: the break is
// claimed by inserting its row (ON CONFLICT DO NOTHING) and released by
// deleting it, and only the node whose statement changed the row talks to
// FreeSWITCH.
import { NO_PHONE_REASON } from '../../common/live.ts';
import { Tenant } from '../db/entities/index.ts';
import type { Orm } from '../db/orm.ts';
import type { Deliver } from '../live/reach.ts';
import type { LiveStore } from '../live/store.ts';
import type { Log } from '../log.ts';
import type { Pbx } from '../pbx/connection.ts';
import { setAgentStatus } from '../pbx/commands.ts';
import type { PbxEvent } from '../pbx/events.ts';
import { saveBreak } from './breaks.ts';

export interface NoPhoneDeps {
  orm: Orm;
  pbx: Pick<Pbx, 'api' | 'onEvent'>;
  live: Pick<LiveStore, 'tenantState' | 'tenantIds' | 'tenantIdOfDomain'>;
  log: Pick<Log, 'warn' | 'info'>;
  deliver: Deliver;
}

const nowSeconds = () => Math.floor(Date.now() / 1000);

export function watchNoPhone(deps: NoPhoneDeps) {
  /** Agents whose grace period runs on this node. */
  const grace = new Map<string, NodeJS.Timeout>();
  const sql = <T>(query: string, params: unknown[]) => deps.orm.em.fork().getConnection().execute(query, params) as Promise<T[]>;

  // Each tenant's setting, read once and forgotten when its settings change
  // (recheck): agents without a phone go Available all day, and a database
  // round trip for each of those events slowed the whole live path.
  const settings = new Map<string, Promise<{ on: boolean; graceSeconds: number } | null>>();
  function settingOf(tenantId: string) {
    let setting = settings.get(tenantId);
    if (!setting) {
      setting = deps.orm.em
        .fork()
        .findOne(Tenant, { id: tenantId }, { fields: ['noPhoneBreak', 'noPhoneGraceSeconds'] })
        .then((t) => t && { on: t.noPhoneBreak, graceSeconds: t.noPhoneGraceSeconds });
      setting.catch(() => settings.delete(tenantId));
      settings.set(tenantId, setting);
    }
    return setting;
  }

  /** What the live state says of one agent: is a break of ours due, or over? */
  function check(tenantId: string, extension: string): void {
    const state = deps.live.tenantState(tenantId);
    const ext = state?.extensions.get(extension);
    const agent = ext?.agent;
    if (!state || !ext || !agent) return;
    const phone = ext.devices.length > 0;
    const available = agent.status.startsWith('Available');
    if (!available || phone) {
      clearTimeout(grace.get(agent.name));
      grace.delete(agent.name);
    }
    if (available && !phone && !grace.has(agent.name)) void arm(tenantId, extension, agent.name);
    if (phone && agent.status === 'On Break' && state.breaks.get(agent.name)?.source === 'no-phone') void release(tenantId, agent.name);
  }

  async function arm(tenantId: string, extension: string, agent: string): Promise<void> {
    // Placeholder while the setting is read, so two events do not arm two timers.
    grace.set(agent, setTimeout(() => {}, 0));
    const setting = await settingOf(tenantId).catch(() => null);
    if (!grace.has(agent)) return;
    if (!setting?.on) {
      grace.delete(agent);
      return;
    }
    const timer = setTimeout(() => {
      grace.delete(agent);
      const ext = deps.live.tenantState(tenantId)?.extensions.get(extension);
      if (ext?.agent?.status.startsWith('Available') && ext.devices.length === 0) void claim(tenantId, agent);
    }, setting.graceSeconds * 1000);
    timer.unref();
    grace.set(agent, timer);
  }

  async function claim(tenantId: string, agent: string): Promise<void> {
    const since = nowSeconds();
    const claimed = await sql<{ agent: string }>(
      `insert into "agent_breaks" ("agent", "tenant_id", "reason", "source", "since") values (?, ?, ?, 'no-phone', to_timestamp(?))
       on conflict ("agent") do nothing returning "agent"`,
      [agent, tenantId, NO_PHONE_REASON, since],
    );
    if (claimed.length === 0) return;
    deps.deliver({ kind: 'agent-break', tenantId, agent, break: { reason: NO_PHONE_REASON, source: 'no-phone', since } }, 'every-node');
    try {
      await deps.pbx.api(setAgentStatus(agent, 'On Break'));
      deps.log.info(`${agent} has no phone registered: put On Break (${NO_PHONE_REASON})`);
    } catch (err) {
      deps.log.warn(`could not put ${agent} On Break for having no phone: ${(err as Error).message}`);
      await saveBreak(deps, tenantId, agent, null);
    }
  }

  async function release(tenantId: string, agent: string): Promise<void> {
    const released = await sql<{ agent: string }>(`delete from "agent_breaks" where "agent" = ? and "source" = 'no-phone' returning "agent"`, [agent]);
    if (released.length === 0) return;
    try {
      // FreeSWITCH's agent-status-change ends the break on every node's screens.
      await deps.pbx.api(setAgentStatus(agent, 'Available'));
      deps.log.info(`${agent} has a phone again: back to Available`);
    } catch (err) {
      deps.log.warn(`could not put ${agent} back to Available: ${(err as Error).message}`);
      // Keep it ours, so the next registration tries again.
      await saveBreak(deps, tenantId, agent, { reason: NO_PHONE_REASON, source: 'no-phone', since: nowSeconds() });
    }
  }

  const onEvent = (event: PbxEvent) => {
    switch (event.kind) {
      case 'registered':
      case 'unregistered': {
        const domain = event.kind === 'registered' ? event.registration.domain : event.domain;
        const user = event.kind === 'registered' ? event.registration.user : event.user;
        const tenantId = deps.live.tenantIdOfDomain(domain);
        if (tenantId) check(tenantId, user);
        return;
      }
      case 'agent-status-change': {
        const at = event.agent.lastIndexOf('@');
        const tenantId = deps.live.tenantIdOfDomain(event.agent.slice(at + 1));
        if (tenantId) check(tenantId, event.agent.slice(0, at));
        return;
      }
      case 'resync':
        for (const tenantId of deps.live.tenantIds()) {
          for (const ext of deps.live.tenantState(tenantId)?.extensions.values() ?? []) if (ext.agent) check(tenantId, ext.number);
        }
        return;
      default:
        return;
    }
  };
  // Registered after the live store's listener: the state it reads already holds the event.
  const stop = deps.pbx.onEvent((event) => {
    try {
      onEvent(event);
    } catch (err) {
      deps.log.warn(`no-phone watch: ${(err as Error).message}`);
    }
  });

  return {
    /** The tenant's setting changed: agents already without a phone are looked at again. */
    recheck(tenantId: string): void {
      settings.delete(tenantId);
      for (const ext of deps.live.tenantState(tenantId)?.extensions.values() ?? []) if (ext.agent) check(tenantId, ext.number);
    },
    close: async () => {
      stop();
      for (const timer of grace.values()) clearTimeout(timer);
      grace.clear();
    },
  };
}
