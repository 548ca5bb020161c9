// The connection's state for the panel (link.ts's reducer as a signal), and
// its news said once to screen-reader users. A piece of news stays on the
// panel a little while, then goes: trouble stays as long as it lasts.
import { createSignal } from 'solid-js';
import { announce } from '../access/announce.ts';
import { initialLinkState, reduceLink, type LinkEvent, type LinkState } from './link.ts';

const NEWS_SHOWN_MS = 10_000;

const [state, setState] = createSignal<LinkState>(initialLinkState());
let newsTimer: ReturnType<typeof setTimeout> | undefined;

export const linkState = state;

export function followLink(event: LinkEvent): void {
  const before = state();
  const next = reduceLink(before, event);
  if (next === before) return;
  setState(next);
  if (next.news && next.news !== before.news) {
    announce(next.news, 'polite');
    clearTimeout(newsTimer);
    newsTimer = setTimeout(() => followLink({ type: 'news-read' }), NEWS_SHOWN_MS);
  }
}

/** A new phone (or none): nothing lost, nothing to say. */
export function resetLink(): void {
  clearTimeout(newsTimer);
  setState(initialLinkState());
}
