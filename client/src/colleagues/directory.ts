// The tenant's colleagues for a view: the directory from REST (numbers and
// names), every extension's presence and, for supervisors and admins, whom
// each one talks to, live over the socket while the view is open.
import { createMemo, createSignal, onCleanup } from 'solid-js';
import type { Colleague } from '../../../common/api.ts';
import type { CallPeer, ExtensionPresence } from '../../../common/live.ts';
import { failureMessage, getJson } from '../api.ts';
import { live, watchPresence } from '../live/store.ts';
import { me } from '../session.ts';

export interface ColleagueRow extends Colleague {
  presence: ExtensionPresence | undefined;
  peer: CallPeer | undefined;
  /** One of the signed-in user's own extensions. */
  mine: boolean;
}

/** Lower case without accents, so "Zoe" finds "Zoë". */
const fold = (text: string) => text.normalize('NFD').replace(/\p{Diacritic}/gu, '').toLowerCase();

export function createColleagues() {
  onCleanup(watchPresence());
  // A plain signal, not a resource: a resource would suspend the page or the
  // softphone panel around it while loading (and take the keyboard focus
  // from the transfer field); the list shows its own "Loading colleagues…".
  const [directory, setDirectory] = createSignal<Colleague[]>();
  const [error, setError] = createSignal<string | null>(null);
  const load = () => {
    setError(null);
    getJson<{ colleagues: Colleague[] }>('/api/colleagues').then(
      (r) => setDirectory(r.colleagues),
      (e: unknown) => setError(failureMessage(e)),
    );
  };
  load();
  const [query, setQuery] = createSignal('');
  const rows = createMemo<ColleagueRow[]>(() => {
    const own = new Set(me()?.extensions ?? []);
    return (directory() ?? []).map((c) => ({ ...c, presence: live.presence?.[c.number], peer: live.peers[c.number], mine: own.has(c.number) }));
  });
  const shown = createMemo(() => {
    const words = fold(query().trim()).split(/\s+/).filter(Boolean);
    if (words.length === 0) return rows();
    return rows().filter((r) => {
      const text = fold(`${r.name} ${r.number}`);
      return words.every((w) => text.includes(w));
    });
  });
  return {
    rows,
    shown,
    query,
    setQuery,
    /** Presence has arrived (the socket's snapshot with it). */
    ready: () => live.presence !== null && directory() !== undefined,
    error,
    reload: load,
  };
}
