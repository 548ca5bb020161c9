// A live tenant brought to what the database says now, after an
// administrative change: extensions and queues that appeared or went, DND,
// the name, the balance and its threshold. Pure: the store applies the edit.
// What the PBX says (devices, calls, agents) is kept; FreeSWITCH's resync
// after the change fills in the rest.
import { extensionScope, queueScope, type DashboardFigures, type ExtensionLive, type QueueAlertThresholds, type TenantFigures } from '../../common/live.ts';
import type { Change } from './changes.ts';
import type { TenantSeed, TenantState } from './state.ts';

/** Thresholds removed: every one unset (a patch is a shallow merge, so the field stays, saying "none"). */
const NO_ALERTS = { longestWaitSeconds: null, waitingCallers: null, serviceLevelPercent: null };

const anyAlert = (a: QueueAlertThresholds | undefined) => (a && Object.values(a).some((v) => v != null) ? a : null);

export interface TenantEdit {
  addExtensions: ExtensionLive[];
  dropExtensions: string[];
  addQueues: string[];
  dropQueues: string[];
  /** Patches for what stays: DND of kept extensions, the tenant's figures and its counters. */
  changes: Change[];
}

export function reconcileTenant(state: TenantState, seed: TenantSeed): TenantEdit {
  const wanted = new Map(seed.extensions.map((e) => [e.number, e]));
  const queues = new Set(seed.queueNames ?? []);
  const edit: TenantEdit = {
    addExtensions: seed.extensions.filter((e) => !state.extensions.has(e.number)).map((e) => ({ number: e.number, devices: [], dnd: e.dnd, agent: null })),
    dropExtensions: [...state.extensions.keys()].filter((n) => !wanted.has(n)),
    addQueues: [...queues].filter((q) => !state.queues.has(q)),
    dropQueues: [...state.queues.keys()].filter((q) => !queues.has(q)),
    changes: [],
  };
  for (const ext of state.extensions.values()) {
    const dnd = wanted.get(ext.number)?.dnd;
    if (dnd !== undefined && dnd !== ext.dnd) edit.changes.push({ kind: 'scope', scope: extensionScope(ext.number), set: { dnd } });
  }
  // A queue's alert thresholds (new queues too: the store adds them before applying the edit).
  if (seed.queueAlerts) {
    for (const name of queues) {
      const was = anyAlert(state.queues.get(name)?.alerts);
      const now = anyAlert(seed.queueAlerts[name]);
      if (JSON.stringify(was) !== JSON.stringify(now)) {
        edit.changes.push({ kind: 'scope', scope: queueScope(name), set: { alerts: now ?? NO_ALERTS } });
      }
    }
  }
  // Devices of a dropped extension no longer count.
  const kept = [...state.extensions.values()].filter((e) => wanted.has(e.number));
  const counters: Partial<DashboardFigures> = {
    extensions: seed.extensions.length,
    queues: seed.queues,
    devices: kept.reduce((n, e) => n + e.devices.length, 0),
    activeExtensions: kept.filter((e) => e.devices.length > 0).length,
  };
  const figures: Partial<TenantFigures> = {
    tenantName: seed.name,
    currency: seed.currency,
    ...(seed.lowCreditThreshold !== undefined && { lowCreditThreshold: seed.lowCreditThreshold }),
    ...(seed.breakReasons !== undefined && { breakReasons: seed.breakReasons }),
  };
  // The balance as read now, unless a newer one (a call debited since) is already shown.
  const shown = state.figures.creditVersion;
  if (seed.creditVersion === undefined || shown === undefined || seed.creditVersion > shown) {
    figures.credit = seed.credit;
    if (seed.creditVersion !== undefined) figures.creditVersion = seed.creditVersion;
  }
  const set = changed(state.figures, figures);
  if (Object.keys(set).length) edit.changes.push({ kind: 'scope', scope: 'tenant', set });
  const counted = changed(state.dashboard, counters);
  if (Object.keys(counted).length) edit.changes.push({ kind: 'scope', scope: 'figures', set: counted });
  return edit;
}

/** The fields of `wanted` whose value differs from the one shown. */
function changed<T extends object>(shown: T, wanted: Partial<T>): Partial<T> {
  return Object.fromEntries(Object.entries(wanted).filter(([key, value]) => JSON.stringify(shown[key as keyof T]) !== JSON.stringify(value))) as Partial<T>;
}
