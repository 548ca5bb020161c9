// The user's calls for a date range: the first page over REST, older pages
// on request ("Load older calls"), new calls from the socket put on top when
// the range includes them, and a reload whenever the range changes or the
// live connection comes back (a call may have ended while it was down).
import { createEffect, createSignal, on, onCleanup, type Accessor } from 'solid-js';
import type { CdrPage, CdrRow } from '../../../common/cdr.ts';
import { ApiFailure, getJson } from '../api.ts';
import { onLiveAgain } from '../live/reconnected.ts';
import { onCdr } from '../live/store.ts';
import { inRange, rangeQuery, type Range } from './range.ts';

export function createCdrList(range: Accessor<Range | undefined>) {
  const [rows, setRows] = createSignal<CdrRow[] | undefined>();
  const [next, setNext] = createSignal<string | null>(null);
  const [error, setError] = createSignal<string>();
  const [loadingMore, setLoadingMore] = createSignal(false);
  let generation = 0;

  async function load() {
    const r = range();
    const gen = ++generation;
    if (!r) return;
    try {
      const page = await getJson<CdrPage>(`/api/cdr?${rangeQuery(r)}`);
      if (gen !== generation) return;
      setRows(page.rows);
      setNext(page.next);
      setError(undefined);
    } catch (err) {
      if (gen === generation) setError((err as ApiFailure).message);
    }
  }

  async function loadMore() {
    const r = range();
    const marker = next();
    if (!r || !marker || loadingMore()) return;
    const gen = generation;
    setLoadingMore(true);
    try {
      const page = await getJson<CdrPage>(`/api/cdr?${rangeQuery(r)}&before=${encodeURIComponent(marker)}`);
      if (gen !== generation) return;
      const seen = new Set(rows()?.map((c) => c.uuid));
      setRows((list) => [...(list ?? []), ...page.rows.filter((c) => !seen.has(c.uuid))]);
      setNext(page.next);
    } catch (err) {
      setError((err as ApiFailure).message);
    } finally {
      setLoadingMore(false);
    }
  }

  createEffect(on(range, () => void load()));
  onLiveAgain(() => void load());
  onCleanup(
    onCdr((row) => {
      const r = range();
      if (!r || !inRange(r, row.startedAt)) return;
      setRows((list) => (list?.some((c) => c.uuid === row.uuid) ? list : [row, ...(list ?? [])]));
    }),
  );
  return { rows, next, error, loadMore, loadingMore };
}
