// Every node's side of an administrative change. PostgreSQL delivers the
// change (changes.ts) to every node at its commit, whoever made it (a node's
// REST route, the CLI, `apply`); each node then, in order:
//   1. brings its live state of the tenant to what the database says now
//      (a new tenant, extension or queue appears on dashboards and wallboards);
//   2. re-reads what its open sockets of the tenant may see (new rooms and a
//      snapshot, or the end of a session), and tells open admin pages;
//   3. tells FreeSWITCH: directory entries flushed, phones of removed
//      extensions dropped, mod_callcenter reconciled and read back.
// FreeSWITCH's part is idempotent, so several nodes doing it is harmless.
// Changes are handled one at a time, in the order they committed.
import { randomBytes } from 'node:crypto';
import type { AdminArea } from '../../common/admin.ts';
import { Extension, Tenant } from '../db/entities/index.ts';
import type { Orm } from '../db/orm.ts';
import { listTenantsWithExtensions } from '../db/queries.ts';
import type { LiveStore } from '../live/store.ts';
import type { Log } from '../log.ts';
import { dropRegistrations, flushDirectoryEntry, flushWholeDirectory } from '../pbx/commands.ts';
import type { Pbx } from '../pbx/connection.ts';
import { setBoxPassword } from '../pbx/voicemail.ts';
import { ADMIN_AREAS } from '../../common/admin.ts';
import type { AdminChange } from './changes.ts';

export interface FollowDeps {
  orm: Orm;
  live: Pick<LiveStore, 'upsertTenant' | 'removeTenant' | 'tenantIds'>;
  sockets: {
    refreshTenant(tenantId: string, change: Pick<AdminChange, 'ended' | 'accounts'>, inService: boolean): Promise<void>;
    notifyAdmins(tenantId: string | null, areas: AdminArea[]): void;
  };
  pbx: Pick<Pbx, 'api' | 'reprovision'>;
  log: Pick<Log, 'warn' | 'debug'>;
  /** Told of each change once it is followed (the desk re-reads a changed setting). */
  afterChange?: (change: AdminChange) => void;
}

export interface Follower {
  /** A NOTIFY payload. */
  onMessage(payload: string): void;
  /** Notifications may have been missed: re-read every tenant. */
  onGap(): void;
  /** Resolves once every change heard so far is handled (tests, shutdown). */
  settled(): Promise<void>;
}

export function followAdminChanges(deps: FollowDeps): Follower {
  let chain = Promise.resolve();
  const enqueue = (work: () => Promise<void>) => {
    chain = chain.then(work).catch((err: Error) => deps.log.warn(`applying an administrative change failed: ${err.stack ?? err.message}`));
  };

  async function follow(change: AdminChange): Promise<void> {
    const { tenantId } = change;
    let domain: string | undefined;
    if (tenantId) {
      const em = deps.orm.em.fork();
      const [seed] = await listTenantsWithExtensions(em, tenantId);
      if (seed) deps.live.upsertTenant(seed);
      else deps.live.removeTenant(tenantId);
      await deps.sockets.refreshTenant(tenantId, change, !!seed);
      // A suspended tenant's domain is still needed to drop its phones.
      domain = seed?.domain ?? (await em.findOne(Tenant, { id: tenantId }))?.domain;
    }
    if (change.areas.length) deps.sockets.notifyAdmins(tenantId, change.areas);
    if (domain) await tellFreeswitch(change, domain);
    if (domain && tenantId && change.voicemailPins?.length) await setVoicemailPins(tenantId, domain, change.voicemailPins);
    deps.afterChange?.(change);
  }

  /**
   * mod_voicemail keeps a password of its own per box (its phone menu sets it)
   * and accepts it as well as our directory's vm-password: it is set to the
   * extension's PIN, or to something nobody knows when the PIN was removed,
   * so an old PIN stops working. Idempotent, so every node may do it.
   */
  async function setVoicemailPins(tenantId: string, domain: string, numbers: string[]): Promise<void> {
    const extensions = await deps.orm.em.fork().find(Extension, { tenant: tenantId, number: { $in: numbers } }, { fields: ['number', 'voicemailPin'] });
    for (const e of extensions) {
      const command = setBoxPassword(e.number, domain, e.voicemailPin ?? randomBytes(24).toString('hex'));
      await deps.pbx.api(command).catch((err: Error) => deps.log.warn(`voicemail PIN of ${e.number}@${domain} not set in mod_voicemail: ${err.message}`));
    }
  }

  async function tellFreeswitch(change: AdminChange, domain: string): Promise<void> {
    const commands = [
      ...(change.flush === 'all' ? [flushWholeDirectory()] : change.flush.map((n) => flushDirectoryEntry(n, domain))),
      ...(change.unregister === 'all' ? [dropRegistrations(domain)] : change.unregister.map((n) => dropRegistrations(domain, n))),
    ];
    for (const command of commands) {
      // Down or refused: the directory entry expires by itself within a minute, and a reconnect re-reads everything.
      await deps.pbx.api(command).catch((err: Error) => deps.log.debug(`${command}: ${err.message}`));
    }
    // Also after a mere new extension: the resync that follows provisioning shows its phones if any are registered already.
    if (change.callcenter || change.areas.includes('extensions')) await deps.pbx.reprovision();
  }

  return {
    onMessage(payload) {
      let change: AdminChange;
      try {
        change = JSON.parse(payload) as AdminChange;
      } catch {
        deps.log.warn(`ignored an administrative change that is not JSON: ${payload.slice(0, 80)}`);
        return;
      }
      enqueue(() => follow(change));
    },
    onGap() {
      enqueue(async () => {
        const em = deps.orm.em.fork();
        const ids = new Set([...(await em.find(Tenant, {}, { fields: ['id'] })).map((t) => t.id), ...deps.live.tenantIds()]);
        for (const tenantId of ids) {
          await follow({ tenantId, areas: [], flush: [], unregister: [], callcenter: false, ended: {}, accounts: [] });
          deps.sockets.notifyAdmins(tenantId, [...ADMIN_AREAS]);
        }
        deps.sockets.notifyAdmins(null, [...ADMIN_AREAS]);
        await deps.pbx.reprovision();
      });
    },
    settled: () => chain,
  };
}
