// "Listen" beside an agent on a call (the wallboard's agent rows, the
// Colleagues list): the supervisor's own phone rings and joins silently.
import { Show, type JSX } from 'solid-js';
import { maySupervise, pending, supervise, supervising } from './supervise.ts';

export function ListenButton(props: { extension: string; name?: string }): JSX.Element {
  const here = () => supervising()?.extension === props.extension;
  const busy = () => pending()?.extension === props.extension;
  return (
    <Show when={maySupervise() && !here()}>
      <button
        type="button"
        class="button button-secondary listen-button"
        data-testid={`listen-${props.extension}`}
        aria-label={`Listen to the call of ${props.name ? `${props.name} (${props.extension})` : `extension ${props.extension}`}`}
        disabled={!!pending() || !!supervising()}
        aria-busy={busy()}
        onClick={() => void supervise(props.extension, 'listen')}
      >
        {busy() ? 'Ringing your phone…' : 'Listen'}
      </button>
    </Show>
  );
}
