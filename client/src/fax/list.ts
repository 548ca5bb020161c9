// A fax list: loaded over REST, refreshed whenever the live connection
// (re)starts, and kept current by the socket's `fax` changes in between.
import { createSignal, onCleanup } from 'solid-js';
import type { FaxChange } from '../../../common/fax.ts';
import { ApiFailure, getJson } from '../api.ts';
import { onLiveAgain } from '../live/reconnected.ts';
import { onFaxChange } from '../live/store.ts';

export function createFaxList<T extends { id: string }>(direction: FaxChange['direction'], path: string) {
  const [rows, setRows] = createSignal<T[] | undefined>();
  const [error, setError] = createSignal<string>();
  // A live change that lands while a GET is in flight may be newer than the
  // list that GET returns: count changes, and load again until none came
  // during a load (a few rounds at most), so a stale list never has the last word.
  let changes = 0;
  let loading: Promise<void> | undefined;
  let again = false;
  const loadOnce = async () => {
    for (let round = 0; round < 5; round++) {
      const seen = changes;
      again = false;
      try {
        const r = await getJson<{ faxes: T[] }>(path);
        setRows(r.faxes);
        setError(undefined);
      } catch (err) {
        setError((err as ApiFailure).message);
        return;
      }
      if (changes === seen && !again) return;
    }
  };
  /** One load at a time; asked again mid-load (a reconnect), it goes round once more. */
  const load = () => {
    if (loading) {
      again = true;
      return loading;
    }
    return (loading = loadOnce().finally(() => (loading = undefined)));
  };
  // Changes missed while disconnected are caught by reloading whenever the connection becomes live again.
  onLiveAgain(() => void load());
  onCleanup(
    onFaxChange((change) => {
      if (change.direction !== direction) return;
      changes++;
      const fax = change.fax as unknown as T;
      setRows((list) => (list?.some((f) => f.id === fax.id) ? list.map((f) => (f.id === fax.id ? fax : f)) : [fax, ...(list ?? [])]));
    }),
  );
  void load();
  return { rows, error };
}

export const formatDateTime = (iso: string) =>
  new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
