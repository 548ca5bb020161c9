// An administration page's data: loaded over REST, and loaded again when
// someone changes one of its areas (in another tab, another admin, the CLI:
// the socket's `admin-changed`), when the live connection comes back (a
// change may have been missed meanwhile), and after this page's own changes.
import { createSignal, onCleanup } from 'solid-js';
import { createStore, reconcile } from 'solid-js/store';
import type { AdminArea } from '../../../common/admin.ts';
import { failureMessage } from '../api.ts';
import { onLiveAgain } from '../live/reconnected.ts';
import { onAdminChange } from '../live/store.ts';

export interface AdminData<T> {
  /** Undefined until the first load succeeds; then the latest data. */
  value: () => T | undefined;
  /** The last load's failure, if it failed (the previous data stays shown). */
  error: () => string | undefined;
  /** Load again; resolves when done (never rejects). */
  reload: () => Promise<void>;
}

export function createAdminData<T>(areas: readonly AdminArea[] | 'all', load: () => Promise<T>): AdminData<T> {
  // A store reconciled by id: a row that did not change keeps its DOM (and the keyboard focus in it).
  const [state, setState] = createStore<{ value?: T }>({});
  const [error, setError] = createSignal<string>();
  // Loads may overlap (a change while one is in flight): only the latest one's answer is kept.
  let latest = 0;
  const reload = async () => {
    const ticket = ++latest;
    try {
      const next = await load();
      if (ticket !== latest) return;
      setState('value', reconcile(next, { key: 'id' }));
      setError(undefined);
    } catch (err) {
      if (ticket === latest) setError(failureMessage(err));
    }
  };
  onCleanup(
    onAdminChange((changed) => {
      if (areas === 'all' || changed.some((area) => areas.includes(area))) void reload();
    }),
  );
  onLiveAgain(() => void reload());
  void reload();
  return { value: () => state.value, error, reload };
}
