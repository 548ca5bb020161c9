// What screen readers are told, from anywhere in the app: one polite and one
// assertive live region (LiveRegions.tsx, always in the shell) hold the last
// few messages, each leaving its region after a while. Short sentences, said
// once: those who announce say a change, not a state (the softphone compares
// before and after, the desk says a lost connection once until it is back),
// and the same words twice within a second are taken as one.
import { createSignal } from 'solid-js';

export type Politeness = 'polite' | 'assertive';

export interface Announcement {
  id: number;
  text: string;
  at: number;
}

/** How long a message stays in its region. */
const KEEP_MS = 8_000;
/** The same words again within this time are the same news. */
const SAME_NEWS_MS = 1_000;
const MAX_SHOWN = 3;

const [polite, setPolite] = createSignal<Announcement[]>([]);
const [assertive, setAssertive] = createSignal<Announcement[]>([]);
const REGIONS = { polite: [polite, setPolite], assertive: [assertive, setAssertive] } as const;

export const politeAnnouncements = polite;
export const assertiveAnnouncements = assertive;

let nextId = 0;
const timers = new Set<ReturnType<typeof setTimeout>>();

/** Says `text` to screen-reader users: politely (after what they are hearing), or at once for what needs them now. */
export function announce(text: string, politeness: Politeness = 'polite'): void {
  const [list, setList] = REGIONS[politeness];
  const last = list().at(-1);
  const now = Date.now();
  if (!text || (last && last.text === text && now - last.at < SAME_NEWS_MS)) return;
  const entry = { id: ++nextId, text, at: now };
  // Added as a new line, never by rewriting an old one: screen readers read additions.
  setList((l) => [...l, entry].slice(-MAX_SHOWN));
  const timer = setTimeout(() => {
    timers.delete(timer);
    setList((l) => l.filter((a) => a !== entry));
  }, KEEP_MS);
  timers.add(timer);
}

/** Empties both regions (the session ended: nothing said for the last user stays). */
export function clearAnnouncements(): void {
  for (const timer of timers) clearTimeout(timer);
  timers.clear();
  setPolite([]);
  setAssertive([]);
}
