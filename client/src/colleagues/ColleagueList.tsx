// The colleagues, searchable, each with their live presence and the
// softphone's two actions: call them, or — during a call — transfer it to
// them. The page shows it wide (with how long, and with whom for
// supervisors); the softphone's panel shows it compact.
import { For, Show, type JSX } from 'solid-js';
import { formatWait } from '../queues/figures.ts';
import { askSoftphone, softphoneConnected } from '../softphone/requests.ts';
import { ListenButton } from '../supervise/ListenButton.tsx';
import type { createColleagues, ColleagueRow } from './directory.ts';
import { counts, presenceTone, presenceWords, tally } from './presence.ts';
import './colleagues.css';

interface Props {
  colleagues: ReturnType<typeof createColleagues>;
  now: number;
  compact?: boolean;
  /** For the search field's id: the page and the panel may both be open. */
  idPrefix: string;
}

export function ColleagueList(props: Props): JSX.Element {
  const c = () => props.colleagues;
  const totals = () => tally(c().rows().map((r) => r.presence));
  return (
    <div class="colleagues" classList={{ 'colleagues-compact': !!props.compact }}>
      <div class="colleagues-search">
        <label for={`${props.idPrefix}-search`} classList={{ 'visually-hidden': !!props.compact }}>
          Search colleagues
        </label>
        <input
          id={`${props.idPrefix}-search`}
          type="search"
          placeholder="Name or extension"
          autocomplete="off"
          value={c().query()}
          onInput={(e) => c().setQuery(e.currentTarget.value)}
        />
      </div>
      <Show when={c().error()}>
        {(error) => (
          <p class="callout callout-error" role="alert">
            {error()}{' '}
            <button type="button" class="button button-ghost" onClick={() => c().reload()}>
              Try again
            </button>
          </p>
        )}
      </Show>
      <Show
        when={c().ready()}
        fallback={
          <Show when={!c().error()}>
            <p class="muted" role="status">
              Loading colleagues…
            </p>
          </Show>
        }
      >
        <Show when={!props.compact}>
          <p class="colleagues-tally" data-testid="colleagues-tally">
            {totals().available} available · {totals().busy} on the phone · {totals().away} away · {totals().offline} offline
          </p>
        </Show>
        <ul class="colleague-list" aria-label="Colleagues">
          <For each={c().shown()} fallback={<li class="muted colleague-none">No colleague matches “{c().query()}”.</li>}>
            {(row) => <ColleagueItem row={row} now={props.now} compact={!!props.compact} />}
          </For>
        </ul>
      </Show>
    </div>
  );
}

function ColleagueItem(props: { row: ColleagueRow; now: number; compact: boolean }): JSX.Element {
  const r = () => props.row;
  const who = () => `${r().name || 'Extension'} (${r().number})`;
  return (
    <li class="colleague" data-testid={`colleague-${r().number}`} data-presence={r().presence?.state ?? 'unknown'}>
      <span class="colleague-who">
        <span class="colleague-name">
          {r().name || '—'}
          <Show when={r().mine}>
            <span class="muted"> (you)</span>
          </Show>
        </span>
        <span class="colleague-number">{r().number}</span>
      </span>
      <span class="colleague-state">
        <Show when={r().presence} fallback={<span class="muted">…</span>}>
          {(p) => (
            <>
              <span class="badge" data-state={presenceTone(p())} data-testid="colleague-presence">
                <span class="badge-dot" aria-hidden="true" />
                {presenceWords(p())}
              </span>
              <Show when={!props.compact && counts(p())}>
                <span class="agent-since" title="For how long">
                  {formatWait(props.now - p().since)}
                </span>
              </Show>
              <Show when={!props.compact && r().peer}>
                {(peer) => (
                  <span class="colleague-peer" data-testid="colleague-peer">
                    with {peer().name && peer().name !== peer().number ? `${peer().name} (${peer().number})` : peer().number}
                  </span>
                )}
              </Show>
            </>
          )}
        </Show>
      </span>
      <span class="colleague-actions">
        <Show when={!r().mine && !props.compact && r().presence?.state === 'talking'}>
          <ListenButton extension={r().number} name={r().name} />
        </Show>
        <Show when={!r().mine}>
          <Show
            when={softphoneConnected()}
            fallback={
              <button type="button" class="button button-secondary" aria-label={`Call ${who()}`} onClick={() => askSoftphone({ kind: 'call', number: r().number })}>
                Call
              </button>
            }
          >
            <button
              type="button"
              class="button button-secondary"
              aria-label={`Transfer the call to ${who()}`}
              onClick={() => askSoftphone({ kind: 'transfer', number: r().number })}
            >
              Transfer here
            </button>
            <button
              type="button"
              class="button button-secondary"
              aria-label={`Consult ${who()} before transferring`}
              onClick={() => askSoftphone({ kind: 'consult', number: r().number })}
            >
              Consult
            </button>
          </Show>
        </Show>
      </span>
    </li>
  );
}
