// A supervisor's control on an agent's row (the wallboard, Agent Queues):
// "Set status" opens a choice of Available, On Break for each of the
// tenant's reasons, or Logged Out. Meanwhile the row says the order is
// pending; the status itself changes only when FreeSWITCH confirms it
// (status-orders.ts), and a refusal is said in the row.
import { createSignal, For, Match, Show, Switch, type JSX } from 'solid-js';
import type { QueueAgent } from '../../../common/live.ts';
import { live } from '../live/store.ts';
import { me } from '../session.ts';
import { forgetOrder, orderOf, placeOrder, targetWords, type OrderTarget } from './status-orders.ts';

const CHOICES = (reasons: string[]): { value: string; label: string; target: OrderTarget }[] => [
  { value: 'Available', label: 'Available', target: { status: 'Available' } },
  ...(reasons.length
    ? reasons.map((reason) => ({ value: `break:${reason}`, label: `On Break · ${reason}`, target: { status: 'On Break' as const, reason } }))
    : [{ value: 'On Break', label: 'On Break', target: { status: 'On Break' as const } }]),
  { value: 'Logged Out', label: 'Logged Out', target: { status: 'Logged Out' } },
];

export function SetAgentStatus(props: { agent: QueueAgent }): JSX.Element {
  const permitted = () => me()?.role === 'supervisor' || me()?.role === 'admin';
  return (
    <Show when={permitted()}>
      <Control agent={props.agent} />
    </Show>
  );
}

let instances = 0;

function Control(props: { agent: QueueAgent }): JSX.Element {
  const instance = ++instances;
  const [open, setOpen] = createSignal(false);
  const choices = () => CHOICES(live.tenant?.breakReasons ?? []);
  const [choice, setChoice] = createSignal('');
  const chosen = () => choices().find((c) => c.value === choice()) ?? choices()[0]!;
  const order = () => orderOf(props.agent.name);
  const busy = () => order()?.phase === 'asking' || order()?.phase === 'confirming';
  // One agent may be listed in several queues on the same page: each row's ids are its own.
  const id = () => `set-status-${props.agent.extension}-${instance}`;
  let toggle!: HTMLButtonElement;

  const submit = (event: SubmitEvent) => {
    event.preventDefault();
    setOpen(false);
    void placeOrder(props.agent, chosen().target);
    toggle.focus();
  };

  return (
    <span class="set-status" data-testid="set-agent-status">
      <button
        ref={toggle}
        type="button"
        class="button button-ghost set-status-toggle"
        aria-expanded={open()}
        aria-controls={id()}
        aria-label={`Set status of ${props.agent.extension}`}
        disabled={busy()}
        onClick={() => {
          forgetOrder(props.agent.name);
          setOpen((v) => !v);
        }}
      >
        Set status
      </button>
      <Show when={open()}>
        <form id={id()} class="set-status-form" onSubmit={submit}>
          <label class="visually-hidden" for={`${id()}-choice`}>
            New status for {props.agent.extension}
          </label>
          <select id={`${id()}-choice`} value={chosen().value} onChange={(e) => setChoice(e.currentTarget.value)}>
            <For each={choices()}>{(c) => <option value={c.value}>{c.label}</option>}</For>
          </select>
          <button type="submit" class="button button-primary">
            Set
          </button>
          <button type="button" class="button button-ghost" onClick={() => (setOpen(false), toggle.focus())}>
            Cancel
          </button>
        </form>
      </Show>
      <span class="set-status-news" role="status">
        <Switch>
          <Match when={order()?.phase === 'asking' || order()?.phase === 'confirming'}>
            <span class="badge" data-state="info" data-testid="agent-pending">
              Setting {targetWords(order()!.target)}… (awaiting FreeSWITCH)
            </span>
          </Match>
          <Match when={order()?.phase === 'late'}>
            <span class="badge" data-state="warn" data-testid="agent-pending-late">
              FreeSWITCH has not confirmed {targetWords(order()!.target)} yet
            </span>
          </Match>
          <Match when={order()?.phase === 'failed'}>
            <span class="badge" data-state="danger" data-testid="agent-order-error">
              Not changed: {order()!.error}
            </span>
          </Match>
        </Switch>
      </span>
    </span>
  );
}
