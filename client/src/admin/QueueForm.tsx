// New queue, or an existing one: name, mod_callcenter strategy, timers, the
// wallboard's alert thresholds (each optional), and its tiers (which agents
// answer, at which level and position). Saving replaces the whole tier
// list, as the server does.
import { createSignal, For, Index, onMount, Show, type JSX } from 'solid-js';
import { QUEUE_STRATEGIES, queueSave, type AdminQueue, type AdminUser, type QueueSave, type QueueStrategy } from '../../../common/admin.ts';
import { failureMessage, request } from '../api.ts';
import { problem, wholeNumber } from './check.ts';

/** "agent-with-least-talk-time" → "Agent with least talk time". */
export const strategyWords = (s: QueueStrategy) => s[0]!.toUpperCase() + s.slice(1).replace(/-/g, ' ');

/** A tier as typed: numbers stay text until saved. */
interface TierRow {
  userId: string;
  level: string;
  position: string;
}

const LABELS = {
  maxWaitTime: 'Max wait time',
  wrapUpTime: 'Wrap-up time',
  level: 'Tier level',
  position: 'Tier position',
  userId: 'Agent',
  'alerts.longestWaitSeconds': 'The longest-wait alert',
  'alerts.waitingCallers': 'The callers-waiting alert',
  'alerts.serviceLevelPercent': 'The service-level alert',
};

/** An alert threshold as typed: empty is no alert. */
const threshold = (text: string): number | null => (text.trim() === '' ? null : wholeNumber(text));
const typed = (n: number | null | undefined) => (n == null ? '' : String(n));

export function QueueForm(props: {
  queue?: AdminQueue;
  users: AdminUser[];
  onSaved: (queue: AdminQueue) => void;
  onCancel: () => void;
}): JSX.Element {
  const editing = props.queue;
  const [name, setName] = createSignal(editing?.name ?? '');
  const [strategy, setStrategy] = createSignal<QueueStrategy>(editing?.strategy ?? 'longest-idle-agent');
  const [maxWait, setMaxWait] = createSignal(String(editing?.maxWaitTime ?? 0));
  const [wrapUp, setWrapUp] = createSignal(String(editing?.wrapUpTime ?? 10));
  const [alertWait, setAlertWait] = createSignal(typed(editing?.alerts?.longestWaitSeconds));
  const [alertWaiting, setAlertWaiting] = createSignal(typed(editing?.alerts?.waitingCallers));
  const [alertLevel, setAlertLevel] = createSignal(typed(editing?.alerts?.serviceLevelPercent));
  const [tiers, setTiers] = createSignal<TierRow[]>(
    editing?.tiers.map((t) => ({ userId: t.userId, level: String(t.level), position: String(t.position) })) ?? [],
  );
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal<string | null>(null);
  let first!: HTMLInputElement;
  onMount(() => first.focus());

  /** Only a user with an extension can answer queue calls; a tier's user stays listed even without one. */
  const agents = (current: string) => props.users.filter((u) => u.extensions.length > 0 || u.id === current);
  const update = (i: number, patch: Partial<TierRow>) => setTiers((rows) => rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  const addTier = () => {
    const taken = new Set(tiers().map((t) => t.userId));
    const next = props.users.find((u) => u.extensions.length > 0 && !taken.has(u.id));
    setTiers((rows) => [...rows, { userId: next?.id ?? '', level: '1', position: String(Math.min(rows.length + 1, 99)) }]);
    queueMicrotask(() => document.getElementById(`queue-tier-agent-${tiers().length - 1}`)?.focus());
  };
  const removeTier = (i: number) => {
    setTiers((rows) => rows.filter((_, j) => j !== i));
    // The keyboard goes to the row that took its place, or to "Add agent".
    queueMicrotask(() => (document.getElementById(`queue-tier-agent-${Math.min(i, tiers().length - 1)}`) ?? document.getElementById('queue-add-tier'))?.focus());
  };

  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    if (busy()) return;
    const body: QueueSave = {
      name: name(),
      strategy: strategy(),
      maxWaitTime: wholeNumber(maxWait()),
      wrapUpTime: wholeNumber(wrapUp()),
      tiers: tiers().map((t) => ({ userId: t.userId, level: wholeNumber(t.level), position: wholeNumber(t.position) })),
      alerts: { longestWaitSeconds: threshold(alertWait()), waitingCallers: threshold(alertWaiting()), serviceLevelPercent: threshold(alertLevel()) },
    };
    if (tiers().some((t) => !t.userId)) return setError('Pick an agent in every tier, or remove the empty one.');
    const wrong = problem(queueSave, body, LABELS);
    if (wrong) return setError(wrong);
    setError(null);
    setBusy(true);
    try {
      props.onSaved(
        await request<AdminQueue>(editing ? 'PUT' : 'POST', editing ? `/api/admin/queues/${editing.id}` : '/api/admin/queues', body),
      );
    } catch (err) {
      setError(failureMessage(err));
      setBusy(false);
    }
  };

  return (
    <form id={editing ? 'queue-edit' : 'queue-new'} class="card form admin-form" onSubmit={(e) => void submit(e)} noValidate aria-busy={busy()} aria-labelledby="queue-form-title">
      <h2 id="queue-form-title" class="card-title">
        {editing ? `Queue ${editing.name}` : 'New queue'}
      </h2>
      <div class="field-row">
        <div class="field">
          <label for="queue-name">Name</label>
          <input
            ref={first}
            id="queue-name"
            type="text"
            autocomplete="off"
            spellcheck={false}
            value={name()}
            aria-describedby="queue-name-hint"
            onInput={(e) => setName(e.currentTarget.value)}
          />
          <span id="queue-name-hint" class="hint">
            Lowercase letters, digits, - and _{editing ? '; DIDs routed to it follow a rename' : ''}.
          </span>
        </div>
        <div class="field">
          <label for="queue-strategy">Strategy</label>
          <select id="queue-strategy" value={strategy()} onChange={(e) => setStrategy(e.currentTarget.value as QueueStrategy)}>
            <For each={QUEUE_STRATEGIES}>{(s) => <option value={s}>{strategyWords(s)}</option>}</For>
          </select>
        </div>
        <div class="field">
          <label for="queue-max-wait">Max wait time (s)</label>
          <input
            id="queue-max-wait"
            type="number"
            min="0"
            max="86400"
            inputmode="numeric"
            value={maxWait()}
            aria-describedby="queue-max-wait-hint"
            onInput={(e) => setMaxWait(e.currentTarget.value)}
          />
          <span id="queue-max-wait-hint" class="hint">
            0 = no limit.
          </span>
        </div>
        <div class="field">
          <label for="queue-wrap-up">Wrap-up time (s)</label>
          <input
            id="queue-wrap-up"
            type="number"
            min="0"
            max="3600"
            inputmode="numeric"
            value={wrapUp()}
            aria-describedby="queue-wrap-up-hint"
            onInput={(e) => setWrapUp(e.currentTarget.value)}
          />
          <span id="queue-wrap-up-hint" class="hint">
            Rest after each call, before the next one rings.
          </span>
        </div>
      </div>
      <fieldset class="admin-fieldset">
        <legend>Wallboard alerts</legend>
        <p class="muted small" id="queue-alerts-hint">
          Supervisors see a banner and a desktop notification when one is crossed. Leave a field empty for no alert.
        </p>
        <div class="field-row">
          <div class="field">
            <label for="queue-alert-wait">Longest wait at least (s)</label>
            <input id="queue-alert-wait" type="number" min="1" max="86400" inputmode="numeric" value={alertWait()} aria-describedby="queue-alerts-hint" onInput={(e) => setAlertWait(e.currentTarget.value)} />
          </div>
          <div class="field">
            <label for="queue-alert-waiting">Callers waiting at least</label>
            <input id="queue-alert-waiting" type="number" min="1" max="1000" inputmode="numeric" value={alertWaiting()} aria-describedby="queue-alerts-hint" onInput={(e) => setAlertWaiting(e.currentTarget.value)} />
          </div>
          <div class="field">
            <label for="queue-alert-level">Service level below (%)</label>
            <input id="queue-alert-level" type="number" min="1" max="100" inputmode="numeric" value={alertLevel()} aria-describedby="queue-alerts-hint" onInput={(e) => setAlertLevel(e.currentTarget.value)} />
          </div>
        </div>
      </fieldset>
      <fieldset class="admin-fieldset">
        <legend>Agents (tiers)</legend>
        <p class="muted small">Level 1 rings first; within a level, the lower position first. Only users with an extension can answer.</p>
        <Show when={tiers().length > 0} fallback={<p class="muted">No agent answers this queue yet.</p>}>
          <ol class="tier-list">
            <Index each={tiers()}>
              {(tier, i) => (
                <li class="tier-row" data-testid="tier-row">
                  <div class="field">
                    <label for={`queue-tier-agent-${i}`}>Agent {i + 1}</label>
                    <select id={`queue-tier-agent-${i}`} value={tier().userId} onChange={(e) => update(i, { userId: e.currentTarget.value })}>
                      <Show when={!tier().userId}>
                        <option value="">Pick an agent</option>
                      </Show>
                      <For each={agents(tier().userId)}>
                        {(u) => (
                          <option value={u.id}>
                            {u.name} {u.extensions.length ? `(${u.extensions[0]})` : '(no extension)'}
                          </option>
                        )}
                      </For>
                    </select>
                  </div>
                  <div class="field field-narrow">
                    <label for={`queue-tier-level-${i}`}>Level</label>
                    <input id={`queue-tier-level-${i}`} type="number" min="1" max="9" value={tier().level} onInput={(e) => update(i, { level: e.currentTarget.value })} />
                  </div>
                  <div class="field field-narrow">
                    <label for={`queue-tier-position-${i}`}>Position</label>
                    <input
                      id={`queue-tier-position-${i}`}
                      type="number"
                      min="1"
                      max="99"
                      value={tier().position}
                      onInput={(e) => update(i, { position: e.currentTarget.value })}
                    />
                  </div>
                  <div class="row-actions">
                    <button type="button" class="icon-button" aria-label={`Remove agent ${i + 1}`} onClick={() => removeTier(i)}>
                      ✕
                    </button>
                  </div>
                </li>
              )}
            </Index>
          </ol>
        </Show>
        <div>
          <button id="queue-add-tier" type="button" class="button button-secondary" onClick={addTier}>
            Add agent
          </button>
        </div>
      </fieldset>
      <div role="alert">
        <Show when={error()}>{(text) => <p class="callout callout-error">{text()}</p>}</Show>
      </div>
      <div class="form-actions">
        <button type="submit" class="button button-primary" aria-busy={busy()}>
          {busy() ? 'Saving…' : editing ? 'Save' : 'Create queue'}
        </button>
        <button type="button" class="button button-ghost" onClick={() => props.onCancel()}>
          Cancel
        </button>
      </div>
    </form>
  );
}
