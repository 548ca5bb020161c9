// The live unread voicemail count where the shell shows it: a badge on the
// menu's Messages entry, and a message-waiting indicator in the header (lit
// while there is a new message, like a desk phone's light; a link to the page).
import { A } from '@solidjs/router';
import { Show, type JSX } from 'solid-js';
import { Icon } from '../shell/Icon.tsx';
import { newMessagesText, newVoicemail, VOICEMAIL_PATH } from './count.ts';
import './voicemail.css';

/** For the menu entry at `path`: the count when it is the voicemail page's and there are new messages. */
export function NavVoicemailBadge(props: { path: string; extensions: readonly string[] }): JSX.Element {
  const count = () => (props.path === VOICEMAIL_PATH ? (newVoicemail(props.extensions) ?? 0) : 0);
  return (
    <Show when={count() > 0}>
      <span class="nav-badge" aria-hidden="true" data-testid="nav-voicemail-count">
        {count()}
      </span>
      <span class="visually-hidden">, {newMessagesText(count())}</span>
    </Show>
  );
}

export function VoicemailIndicator(props: { extensions: readonly string[] }): JSX.Element {
  const count = () => newVoicemail(props.extensions);
  return (
    <Show when={props.extensions.length > 0 && count() !== undefined}>
      <A
        href={VOICEMAIL_PATH}
        class="header-pill vm-indicator"
        data-state={count()! > 0 ? 'waiting' : 'none'}
        data-testid="header-voicemail"
        title={count()! > 0 ? `${newMessagesText(count()!)}: open Voicemail` : 'No new voicemail'}
      >
        <Icon name="voicemail" />
        {/* The name is what shows, spelled out: "2 new voicemail messages". */}
        <span class="vm-indicator-count">{count()}</span>
        <span class="visually-hidden">{count() === 1 ? ' new voicemail message' : ' new voicemail messages'}</span>
      </A>
    </Show>
  );
}
