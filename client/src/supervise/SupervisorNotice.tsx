// What the agent is shown while a supervisor is on their call: who, and
// whether they only listen (unless the organisation hides that), whisper to
// the agent or talk to both. Straight from the agent's own extension's live
// state, so it comes and goes with the server's patches.
import { For, Show, type JSX } from 'solid-js';
import type { SupervisorOnCall } from '../../../common/live.ts';
import { live } from '../live/store.ts';
import { Icon } from '../shell/Icon.tsx';
import './supervise.css';

const words = (s: SupervisorOnCall) =>
  s.mode === 'listen' ? `${s.name} is listening to your call.` : s.mode === 'whisper' ? `${s.name} is speaking to you; the caller does not hear them.` : `${s.name} has joined your call; the caller hears them too.`;

export function SupervisorNotice(props: { extensions: string[] }): JSX.Element {
  const shown = () => props.extensions.flatMap((n) => (live.extensions[n]?.supervisor ? [live.extensions[n]!.supervisor!] : []));
  return (
    <For each={shown()}>
      {(s) => (
        <div class="banner banner-info supervisor-notice" data-testid="supervisor-notice" data-mode={s.mode}>
          <Icon name="queues" />
          <span>{words(s)}</span>
        </div>
      )}
    </For>
  );
}
