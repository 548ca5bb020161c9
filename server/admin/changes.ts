// What an administrative change means beyond its rows, gathered while the
// transaction runs and announced with it (PostgreSQL NOTIFY, delivered to
// every node at commit, never for a change that rolled back): which admin
// pages are stale, which FreeSWITCH directory entries to flush, whether
// mod_callcenter must be reconciled, whose sessions end and why.
import type { AdminArea } from '../../common/admin.ts';
import type { SessionEndCode } from '../../common/socket.ts';
import type { Em } from '../db/orm.ts';

export const ADMIN_CHANNEL = 'switchboard_admin';

/** One tenant's share of a change, as it travels between nodes. */
export interface AdminChange {
  /** Null: the operators' lists only (nothing of a tenant changed). */
  tenantId: string | null;
  areas: AdminArea[];
  /** Extensions whose directory entry FreeSWITCH must forget; 'all': the tenant's every one. */
  flush: string[] | 'all';
  /** Extensions whose registered phones FreeSWITCH must drop (removed, new SIP password); 'all': the tenant's. */
  unregister: string[] | 'all';
  /** Queues, tiers or the extensions that answer them changed: reconcile mod_callcenter. */
  callcenter: boolean;
  /** Users whose open sessions end now, and why. */
  ended: Record<string, SessionEndCode>;
  /** Users whose own account changed (an extension's SIP password or caller ID): their My Account reloads. */
  accounts: string[];
  /** Extensions whose voicemail PIN changed: mod_voicemail's own password of the box is set to match. */
  voicemailPins?: string[];
}

/** Past this many numbers a change flushes the tenant's whole directory (a NOTIFY carries 8,000 bytes at most). */
const MAX_FLUSH_LIST = 100;

function merged(list: string[] | 'all', more: string[] | 'all'): string[] | 'all' {
  if (list === 'all' || more === 'all') return 'all';
  const all = [...new Set([...list, ...more])];
  return all.length > MAX_FLUSH_LIST ? 'all' : all;
}

export class ChangeSet {
  private readonly byTenant = new Map<string | null, AdminChange>();

  private of(tenantId: string | null): AdminChange {
    let change = this.byTenant.get(tenantId);
    if (!change) {
      change = { tenantId, areas: [], flush: [], unregister: [], callcenter: false, ended: {}, accounts: [] };
      this.byTenant.set(tenantId, change);
    }
    return change;
  }

  touch(tenantId: string | null, ...areas: AdminArea[]): this {
    // Every change writes an audit row; operators list every tenant, so any tenant's change may change a row of theirs.
    const add = (change: AdminChange, more: AdminArea[]) => {
      for (const area of more) if (!change.areas.includes(area)) change.areas.push(area);
    };
    add(this.of(tenantId), [...areas, 'audit']);
    if (tenantId !== null) add(this.of(null), ['tenants', 'audit']);
    return this;
  }

  /** The user's own account changed: their open My Account reloads. */
  account(tenantId: string, userId: string | null | undefined): this {
    const change = this.of(tenantId);
    if (userId && !change.accounts.includes(userId)) change.accounts.push(userId);
    return this;
  }

  flush(tenantId: string, numbers: string[] | 'all'): this {
    const change = this.of(tenantId);
    change.flush = merged(change.flush, numbers);
    return this;
  }

  /** Drops the phones registered to these extensions (their directory entries are flushed too). */
  unregister(tenantId: string, numbers: string[] | 'all'): this {
    const change = this.flush(tenantId, numbers).of(tenantId);
    change.unregister = merged(change.unregister, numbers);
    return this;
  }

  /** The extension's voicemail PIN changed: mod_voicemail is told the same (follow.ts). */
  voicemailPin(tenantId: string, number: string): this {
    const change = this.of(tenantId);
    change.voicemailPins = [...new Set([...(change.voicemailPins ?? []), number])];
    return this;
  }

  callcenter(tenantId: string): this {
    this.of(tenantId).callcenter = true;
    return this;
  }

  endSessions(tenantId: string | null, userId: string, code: SessionEndCode): this {
    this.of(tenantId).ended[userId] = code;
    return this;
  }

  list(): AdminChange[] {
    return [...this.byTenant.values()];
  }

  /** NOTIFY every node, inside the transaction: delivered at its commit. */
  async announce(em: Em): Promise<void> {
    for (const change of this.list()) {
      await em.getConnection().execute('select pg_notify(?, ?)', [ADMIN_CHANNEL, JSON.stringify(change)], 'run', em.getTransactionContext());
    }
  }
}
