// The two live regions every announcement goes through. They are in the page
// from the start (a region added together with its text is often not read),
// and only what is added is read, not the lines already there. Plain
// aria-live, no status or alert role: a page's own status and alert elements
// stay the only ones with those roles.
import { For, type JSX } from 'solid-js';
import { assertiveAnnouncements, politeAnnouncements } from './announce.ts';

export function LiveRegions(): JSX.Element {
  return (
    <div class="visually-hidden">
      <div aria-live="polite" aria-relevant="additions" data-testid="announce-polite">
        <For each={politeAnnouncements()}>{(a) => <p>{a.text}</p>}</For>
      </div>
      <div aria-live="assertive" aria-relevant="additions" data-testid="announce-assertive">
        <For each={assertiveAnnouncements()}>{(a) => <p>{a.text}</p>}</For>
      </div>
    </div>
  );
}
