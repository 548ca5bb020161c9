// Two lines about the softphone's connection, above everything else in the
// panel: "Softphone active in another tab" with the button that moves it
// here (tabs.ts), and the connection's trouble or news (link.ts). Not live
// regions: the news is said by link-news.ts, a move to another tab here.
import { createEffect, on, Show, type JSX } from 'solid-js';
import { announce } from '../access/announce.ts';
import { linkLine } from './link.ts';
import { linkState } from './link-news.ts';
import { tabView, useHere } from './phone.ts';

export function OtherTabNotice(): JSX.Element {
  const elsewhere = () => {
    const view = tabView();
    return view.kind === 'elsewhere' ? view : null;
  };
  createEffect(on(() => tabView().kind, (kind, before) => before === 'here' && kind !== 'here' && announce('Softphone moved to another tab.', 'polite'), { defer: true }));
  return (
    <Show when={elsewhere()}>
      {(view) => (
        <div class="sp-notice sp-other-tab" data-testid="softphone-other-tab">
          <span>
            Softphone active in another tab
            <Show when={view().extension}>{(ext) => <> as {ext()}</>}</Show>
            {view().inCall ? ', on a call' : ''}.
          </span>
          {/* Taking it mid-call ends that call (the other tab unregisters first): the button says so. */}
          <button type="button" class="button" onClick={() => useHere()}>
            {view().inCall ? 'Use it here (ends that call)' : 'Use it here'}
          </button>
        </div>
      )}
    </Show>
  );
}

export function ConnectionLine(): JSX.Element {
  return (
    <Show when={linkLine(linkState())}>
      {(line) => (
        <div class="sp-notice" classList={{ 'sp-notice-error': line().trouble }} data-testid="softphone-connection" data-trouble={String(line().trouble)}>
          <span>{line().text}</span>
        </div>
      )}
    </Show>
  );
}
