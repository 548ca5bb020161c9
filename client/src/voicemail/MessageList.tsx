// One folder of a box (new or saved): who called, when, how long, a player
// (the audio streams from the server, which reads mod_voicemail's file), a
// download, and the actions mod_voicemail itself offers: save, delete.
import { createMemo, For, Show, type JSX } from 'solid-js';
import { messageAudioUrl, type VoicemailFolder, type VoicemailMessage } from '../../../common/voicemail.ts';
import { formatCallTime, formatDuration } from '../cdr/format.ts';

export interface MessageActions {
  save(message: VoicemailMessage): void;
  remove(message: VoicemailMessage): void;
  /** The message whose action is running. */
  busy(uuid: string): boolean;
}

export const callerOf = (m: VoicemailMessage) =>
  m.callerIdName && m.callerIdName !== m.callerIdNumber ? `${m.callerIdName} (${m.callerIdNumber || 'unknown number'})` : m.callerIdNumber || 'Unknown caller';

const FOLDER_TITLE: Record<VoicemailFolder, string> = { new: 'New messages', saved: 'Saved messages' };
const EMPTY: Record<VoicemailFolder, string> = { new: 'No new messages.', saved: 'No saved messages.' };

export function MessageList(props: { extension: string; folder: VoicemailFolder; messages: VoicemailMessage[]; actions: MessageActions }): JSX.Element {
  const headingId = () => `vm-${props.extension}-${props.folder}`;
  return (
    <section class="vm-folder" aria-labelledby={headingId()} data-testid={`vm-${props.folder}-${props.extension}`}>
      <h3 class="vm-folder-title" id={headingId()}>
        {FOLDER_TITLE[props.folder]} <span class="muted">({props.messages.length})</span>
      </h3>
      <Show when={props.messages.length > 0} fallback={<p class="muted small vm-empty">{EMPTY[props.folder]}</p>}>
        <div class="table-wrap">
          <table class="table vm-table" aria-labelledby={headingId()}>
            <thead>
              <tr>
                <th scope="col">Caller</th>
                <th scope="col">Received</th>
                <th scope="col">Length</th>
                <th scope="col">Listen</th>
                <th scope="col" class="actions">
                  <span class="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              <For each={props.messages}>
                {(m) => {
                  const who = () => callerOf(m);
                  // A memo: setting a player's source again, even to the same URL, stops it.
                  const src = createMemo(() => messageAudioUrl(props.extension, m.uuid));
                  return (
                    <tr data-testid="vm-message" data-uuid={m.uuid} data-folder={m.folder}>
                      <td>
                        <span class="vm-caller">{who()}</span>
                        <Show when={m.urgent}>
                          {' '}
                          <span class="badge" data-state="warn">
                            Urgent
                          </span>
                        </Show>
                      </td>
                      <td>
                        <time datetime={m.receivedAt}>{formatCallTime(m.receivedAt)}</time>
                      </td>
                      <td class="mono" data-testid="vm-length">
                        <span aria-hidden="true">{formatDuration(m.seconds)}</span>
                        <span class="visually-hidden">{m.seconds} seconds</span>
                      </td>
                      <td>
                        <audio class="vm-audio" controls preload="none" src={src()} aria-label={`Message from ${who()}`} data-testid="vm-audio" />
                      </td>
                      <td class="actions vm-actions">
                        <a class="button button-ghost" href={`${src()}?download=1`} download="" aria-label={`Download the message from ${who()}`}>
                          Download
                        </a>
                        <Show when={m.folder === 'new'}>
                          <button type="button" class="button button-secondary" aria-busy={props.actions.busy(m.uuid)} disabled={props.actions.busy(m.uuid)} onClick={() => props.actions.save(m)} aria-label={`Mark saved: the message from ${who()}`}>
                            Mark saved
                          </button>
                        </Show>
                        <button type="button" class="button button-danger" disabled={props.actions.busy(m.uuid)} onClick={() => props.actions.remove(m)} aria-label={`Delete the message from ${who()}`}>
                          Delete
                        </button>
                      </td>
                    </tr>
                  );
                }}
              </For>
            </tbody>
          </table>
        </div>
      </Show>
    </section>
  );
}
