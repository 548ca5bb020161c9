// A fax list: loaded over REST, refreshed whenever the live connection
// (re)starts, and kept current by the socket's `fax` changes in between.
import { createEffect, createSignal, onCleanup } from 'solid-js';
import type { FaxChange } from '../../../common/fax.ts';
import { ApiFailure, getJson } from '../api.ts';
import { connectionStatus, onFaxChange } from '../live/store.ts';

export function createFaxList<T extends { id: string }>(direction: FaxChange['direction'], path: string) {
  const [rows, setRows] = createSignal<T[] | undefined>();
  const [error, setError] = createSignal<string>();
  const load = () =>
    getJson<{ faxes: T[] }>(path).then(
      (r) => {
        setRows(r.faxes);
        setError(undefined);
      },
      (err: ApiFailure) => setError(err.message),
    );
  // Changes missed while disconnected are caught by reloading on every (re)connect.
  createEffect(() => {
    if (connectionStatus() === 'live') void load();
  });
  onCleanup(
    onFaxChange((change) => {
      if (change.direction !== direction) return;
      const fax = change.fax as unknown as T;
      setRows((list) => (list?.some((f) => f.id === fax.id) ? list.map((f) => (f.id === fax.id ? fax : f)) : [fax, ...(list ?? [])]));
    }),
  );
  void load();
  return { rows, error };
}

export const formatDateTime = (iso: string) =>
  new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
