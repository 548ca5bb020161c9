// The audit log, newest first, a page at a time ("Load older"). New entries
// (someone changed something: the socket says so, or the connection came
// back) are put on top without losing the older pages already loaded.
import { createSignal, For, onCleanup, Show, type JSX } from 'solid-js';
import type { AuditPage, AuditRow } from '../../../common/admin.ts';
import { failureMessage, getJson } from '../api.ts';
import { onLiveAgain } from '../live/reconnected.ts';
import { onAdminChange } from '../live/store.ts';
import { ListStates } from '../shell/ListStates.tsx';
import { TableCard } from '../shell/TableCard.tsx';
import { describeSupervision } from '../supervise/audit-words.ts';
import { describeChanges, formatWhen } from './format.ts';

export function createAuditLog(url: (before?: string) => string) {
  const [rows, setRows] = createSignal<AuditRow[]>();
  const [next, setNext] = createSignal<string | null>(null);
  const [error, setError] = createSignal<string>();
  const [loadingOlder, setLoadingOlder] = createSignal(false);
  // Bumped by reset(): an answer for the old filter is dropped.
  let generation = 0;
  let latest = 0;

  /** The newest page, merged on top of what is shown. */
  const refresh = async () => {
    const gen = generation;
    const ticket = ++latest;
    try {
      const page = await getJson<AuditPage>(url());
      if (gen !== generation || ticket !== latest) return;
      const shown = rows();
      const known = new Set(shown?.map((r) => r.id));
      const fresh = page.entries.filter((r) => !known.has(r.id));
      // Nothing shown yet, or more new entries than a page: start from this page.
      if (!shown || (fresh.length === page.entries.length && page.next)) {
        setRows(page.entries);
        setNext(page.next);
      } else {
        setRows([...fresh, ...shown]);
      }
      setError(undefined);
    } catch (err) {
      if (gen === generation && ticket === latest) setError(failureMessage(err));
    }
  };

  const older = async () => {
    const before = next();
    if (!before || loadingOlder()) return;
    const gen = generation;
    setLoadingOlder(true);
    try {
      const page = await getJson<AuditPage>(url(before));
      if (gen !== generation) return;
      const known = new Set(rows()?.map((r) => r.id));
      setRows([...(rows() ?? []), ...page.entries.filter((r) => !known.has(r.id))]);
      setNext(page.next);
      setError(undefined);
    } catch (err) {
      if (gen === generation) setError(failureMessage(err));
    } finally {
      if (gen === generation) setLoadingOlder(false);
    }
  };

  /** Start over (the filter changed). */
  const reset = () => {
    generation++;
    setRows(undefined);
    setNext(null);
    setLoadingOlder(false);
    void refresh();
  };

  // Every administrative change writes an entry, whatever its area.
  onCleanup(onAdminChange(() => void refresh()));
  onLiveAgain(() => void refresh());
  void refresh();
  return { rows, next, error, loadingOlder, older, reset };
}

export function AuditTable(props: { log: ReturnType<typeof createAuditLog>; showTenant?: boolean }): JSX.Element {
  return (
    <ListStates error={props.log.error()} rows={props.log.rows()} empty={<p>Nothing has been changed yet.</p>}>
      {(rows) => (
        <>
          <TableCard
            class="admin-table audit-table"
            testId="audit-log"
            caption="Audit log, newest first"
            head={
              <>
                <th scope="col">Time</th>
                <Show when={props.showTenant}>
                  <th scope="col">Tenant</th>
                </Show>
                <th scope="col">Actor</th>
                <th scope="col">Address</th>
                <th scope="col">Action</th>
                <th scope="col">Target</th>
                <th scope="col">Changes</th>
              </>
            }
          >
            <For each={rows()}>
              {(row) => (
                <tr data-testid="audit-row">
                  <td class="nowrap">{formatWhen(row.at)}</td>
                  <Show when={props.showTenant}>
                    <td>{row.tenant?.name ?? <span class="muted">Service provider</span>}</td>
                  </Show>
                  <td>{row.actor}</td>
                  <td class="mono">{row.address ?? <span class="muted">—</span>}</td>
                  <td class="mono nowrap">{row.action}</td>
                  <td>{row.target}</td>
                  <td>
                    <Show when={Object.keys(row.changes).length > 0} fallback={<span class="muted">—</span>}>
                      <ul class="changes">
                        <For each={describeSupervision(row) ?? describeChanges(row.changes)}>{(line) => <li>{line}</li>}</For>
                      </ul>
                    </Show>
                  </td>
                </tr>
              )}
            </For>
          </TableCard>
          <div class="load-more">
            <Show when={props.log.next()} fallback={<p class="muted small">That is the beginning of the log.</p>}>
              <button type="button" class="button button-secondary" aria-busy={props.log.loadingOlder()} onClick={() => void props.log.older()}>
                {props.log.loadingOlder() ? 'Loading…' : 'Load older'}
              </button>
            </Show>
          </div>
        </>
      )}
    </ListStates>
  );
}
