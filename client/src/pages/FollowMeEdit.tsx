// New / Edit Follow Me: pick one of your extensions, enable it, and list the
// destinations in ring order, each with its delay and ring time. The form
// checks with the same rules as the server and shows the first problem.
import { useNavigate, useParams } from '@solidjs/router';
import { createResource, createSignal, For, Index, Show, type JSX } from 'solid-js';
import {
  DELAY_MAX,
  DELAY_MIN,
  destinationProblem,
  MAX_DESTINATIONS,
  TIMEOUT_MAX,
  TIMEOUT_MIN,
  type FollowMe,
} from '../../../common/follow-me.ts';
import { failureMessage, getJson, request } from '../api.ts';
import { Loaded } from '../shell/Loaded.tsx';
import { PageHeading } from '../shell/PageHeading.tsx';
import type { FollowMeList } from './FollowMe.tsx';

/** A row as typed: numbers stay text until saved, so a half-typed value is not lost. */
interface Row {
  destination: string;
  delay: string;
  timeout: string;
}

const NEW_ROW: Row = { destination: '', delay: '0', timeout: '20' };

const toNumber = (s: string) => (s.trim() === '' ? Number.NaN : Number(s));

export default function FollowMeEdit(): JSX.Element {
  const params = useParams<{ extension?: string }>();
  const editing = () => params.extension;
  const [data] = createResource(() => getJson<FollowMeList>('/api/follow-me'));
  return (
    <div class="page">
      <PageHeading title={editing() ? `Follow Me of ${editing()}` : 'New Follow Me'} />
      <Loaded resource={data}>{(d) => <Editor list={d()} extension={editing()} />}</Loaded>
    </div>
  );
}

function Editor(props: { list: FollowMeList; extension: string | undefined }): JSX.Element {
  const navigate = useNavigate();
  const existing = props.extension ? props.list.followMes.find((f) => f.extension === props.extension) : undefined;
  const free = props.list.extensions.filter((n) => !props.list.followMes.some((f) => f.extension === n));
  const [extension, setExtension] = createSignal(props.extension ?? free[0] ?? '');
  const [enabled, setEnabled] = createSignal(existing?.enabled ?? true);
  const [rows, setRows] = createSignal<Row[]>(
    existing?.destinations.map((d) => ({ destination: d.destination, delay: String(d.delay), timeout: String(d.timeout) })) ?? [{ ...NEW_ROW }],
  );
  const [error, setError] = createSignal<string | null>(null);
  const [busy, setBusy] = createSignal(false);

  const update = (i: number, patch: Partial<Row>) => setRows((list) => list.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  const move = (i: number, by: -1 | 1) =>
    setRows((list) => {
      const next = [...list];
      [next[i], next[i + by]] = [next[i + by]!, next[i]!];
      return next;
    });

  const save = async (event: SubmitEvent) => {
    event.preventDefault();
    if (busy()) return;
    if (!extension()) return setError('Pick one of your extensions.');
    const destinations = rows().map((r) => ({ destination: r.destination.trim(), delay: toNumber(r.delay), timeout: toNumber(r.timeout) }));
    if (destinations.length === 0) return setError('Add at least one destination.');
    const problem = destinations.map((d, i) => destinationProblem(d, i)).find(Boolean);
    if (problem) return setError(problem);
    setError(null);
    setBusy(true);
    try {
      await request<FollowMe>('PUT', `/api/follow-me/${extension()}`, { enabled: enabled(), destinations });
      navigate('/pbx/follow-me');
    } catch (err) {
      setError(failureMessage(err));
      setBusy(false);
    }
  };

  const remove = async () => {
    if (busy() || !props.extension) return;
    setBusy(true);
    try {
      await request('DELETE', `/api/follow-me/${props.extension}`);
      navigate('/pbx/follow-me');
    } catch (err) {
      setError(failureMessage(err));
      setBusy(false);
    }
  };

  return (
    <Show
      when={props.extension ? props.list.extensions.includes(props.extension) : free.length > 0}
      fallback={
        <div class="card empty-state">
          <p>{props.extension ? `You have no extension ${props.extension}.` : 'Each of your extensions already has a Follow Me; edit it from the list.'}</p>
        </div>
      }
    >
      <form class="card form follow-me-form" onSubmit={(e) => void save(e)} noValidate aria-busy={busy()}>
        <div class="field">
          <label for="fm-extension">Extension</label>
          <Show when={!props.extension} fallback={<p class="mono">{props.extension}</p>}>
            <select id="fm-extension" value={extension()} onChange={(e) => setExtension(e.currentTarget.value)}>
              <For each={free}>{(n) => <option value={n}>{n}</option>}</For>
            </select>
          </Show>
        </div>
        <div class="field field-check">
          <input id="fm-enabled" type="checkbox" checked={enabled()} onChange={(e) => setEnabled(e.currentTarget.checked)} />
          <label for="fm-enabled">Enabled</label>
          <span class="hint">While enabled, calls to this extension ring the destinations below instead.</span>
        </div>

        <fieldset class="destinations">
          <legend>Destinations, in ring order</legend>
          <p class="muted small">
            An extension (like 1002) or a number with its country code (like +14155550123). Delay: seconds before it starts
            ringing ({DELAY_MIN}–{DELAY_MAX}, 0 = at once). Ring time: seconds it rings ({TIMEOUT_MIN}–{TIMEOUT_MAX}).
          </p>
          <ol class="destination-list">
            <Index each={rows()}>
              {(row, i) => (
                <li class="destination-row" data-testid="destination-row">
                  <div class="field">
                    <label for={`fm-dest-${i}`}>Destination {i + 1}</label>
                    <input id={`fm-dest-${i}`} type="text" inputmode="tel" value={row().destination} onInput={(e) => update(i, { destination: e.currentTarget.value })} />
                  </div>
                  <div class="field field-narrow">
                    <label for={`fm-delay-${i}`}>Delay (s)</label>
                    <input id={`fm-delay-${i}`} type="number" min={DELAY_MIN} max={DELAY_MAX} value={row().delay} onInput={(e) => update(i, { delay: e.currentTarget.value })} />
                  </div>
                  <div class="field field-narrow">
                    <label for={`fm-timeout-${i}`}>Ring time (s)</label>
                    <input id={`fm-timeout-${i}`} type="number" min={TIMEOUT_MIN} max={TIMEOUT_MAX} value={row().timeout} onInput={(e) => update(i, { timeout: e.currentTarget.value })} />
                  </div>
                  <div class="row-actions">
                    <button type="button" class="icon-button" aria-label={`Move destination ${i + 1} up`} disabled={i === 0} onClick={() => move(i, -1)}>
                      ↑
                    </button>
                    <button type="button" class="icon-button" aria-label={`Move destination ${i + 1} down`} disabled={i === rows().length - 1} onClick={() => move(i, 1)}>
                      ↓
                    </button>
                    <button type="button" class="icon-button" aria-label={`Remove destination ${i + 1}`} onClick={() => setRows((list) => list.filter((_, j) => j !== i))}>
                      ✕
                    </button>
                  </div>
                </li>
              )}
            </Index>
          </ol>
          <Show when={rows().length < MAX_DESTINATIONS}>
            <button type="button" class="button button-secondary" onClick={() => setRows((list) => [...list, { ...NEW_ROW }])}>
              Add destination
            </button>
          </Show>
        </fieldset>

        <div role="alert">
          <Show when={error()}>{(text) => <p class="callout callout-error" data-testid="follow-me-error">{text()}</p>}</Show>
        </div>
        <div class="form-actions">
          <button type="submit" class="button button-primary" aria-busy={busy()}>
            {busy() ? 'Saving…' : 'Save'}
          </button>
          <button type="button" class="button button-ghost" onClick={() => navigate('/pbx/follow-me')}>
            Cancel
          </button>
          <Show when={existing}>
            <button type="button" class="button button-ghost danger" onClick={() => void remove()}>
              Delete
            </button>
          </Show>
        </div>
      </form>
    </Show>
  );
}
