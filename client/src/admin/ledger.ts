// A tenant's credit ledger as the operator reads it: the newest page, older
// pages on request ("Load older"), and new rows put on top when someone
// books one (here, in another tab, or a call is billed). A row's "balance
// after" never changes, so rows already loaded stay as they are.
import { createSignal, onCleanup } from 'solid-js';
import type { CreditEntryRow, Ledger, TenantRow } from '../../../common/admin.ts';
import { failureMessage, getJson } from '../api.ts';
import { onLiveAgain } from '../live/reconnected.ts';
import { onAdminChange } from '../live/store.ts';

const newestFirst = (a: CreditEntryRow, b: CreditEntryRow) => {
  const x = BigInt(a.id);
  const y = BigInt(b.id);
  return x > y ? -1 : x < y ? 1 : 0;
};

export function createLedger(tenantId: string) {
  const path = (before?: string) => `/api/operator/tenants/${tenantId}/credit${before ? `?before=${encodeURIComponent(before)}` : ''}`;
  const [tenant, setTenant] = createSignal<TenantRow>();
  const [sum, setSum] = createSignal<string>();
  const [rows, setRows] = createSignal<CreditEntryRow[]>();
  const [next, setNext] = createSignal<string | null>(null);
  const [error, setError] = createSignal<string>();
  const [loadingOlder, setLoadingOlder] = createSignal(false);
  let latest = 0;

  const merge = (more: CreditEntryRow[]) => {
    const known = new Set(rows()?.map((r) => r.id));
    return [...(rows() ?? []), ...more.filter((r) => !known.has(r.id))].sort(newestFirst);
  };

  /** The newest page (from a GET, or the answer to a booking): tenant, sum, new rows. */
  const apply = (ledger: Ledger) => {
    const first = rows() === undefined;
    setTenant(ledger.tenant);
    setSum(ledger.sum);
    setRows(merge(ledger.entries));
    if (first) setNext(ledger.next);
    setError(undefined);
  };

  const refresh = async () => {
    const ticket = ++latest;
    try {
      const ledger = await getJson<Ledger>(path());
      if (ticket === latest) apply(ledger);
    } catch (err) {
      if (ticket === latest) setError(failureMessage(err));
    }
  };

  const older = async () => {
    const before = next();
    if (!before || loadingOlder()) return;
    setLoadingOlder(true);
    try {
      const page = await getJson<Ledger>(path(before));
      setRows(merge(page.entries));
      setNext(page.next);
    } catch (err) {
      setError(failureMessage(err));
    } finally {
      setLoadingOlder(false);
    }
  };

  // Operators hear 'tenants' for any change of any tenant (a booking included).
  onCleanup(onAdminChange((areas) => areas.some((a) => a === 'tenants' || a === 'credit') && void refresh()));
  onLiveAgain(() => void refresh());
  void refresh();
  return { tenant, sum, rows, next, error, loadingOlder, older, refresh, apply };
}
