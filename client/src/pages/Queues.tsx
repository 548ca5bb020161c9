// Agent Queues: the queues the signed-in agent answers (supervisors: all of
// the tenant's), live — who waits and for how long, which agents are free,
// on a call or on break — and the agent's own status control.
import { For, onCleanup, Show, type JSX } from 'solid-js';
import type { QueueLive } from '../../../common/live.ts';
import { formatCount } from '../format.ts';
import { live, queuesReady, watchQueues } from '../live/store.ts';
import { AgentDeskBadges } from '../queues/AgentDesk.tsx';
import { AgentStatusControl } from '../queues/AgentStatusControl.tsx';
import { createNow } from '../queues/clock.ts';
import { SetAgentStatus } from '../queues/SetAgentStatus.tsx';
import {
  agentCounts,
  agentExtension,
  formatWait,
  longestWait,
  serviceLevel,
  serviceLevelLevel,
  waitLevel,
  waitingMembers,
} from '../queues/figures.ts';
import '../queues/queues.css';
import { me } from '../session.ts';
import { PageHeading } from '../shell/PageHeading.tsx';

export default function Queues(): JSX.Element {
  onCleanup(watchQueues());
  const now = createNow();
  const queues = () => Object.values(live.queues).sort((a, b) => a.name.localeCompare(b.name));
  return (
    <div class="page">
      <PageHeading title="Agent Queues">
        <p class="page-lede">Your queues as they are this second, and your own status.</p>
      </PageHeading>
      <AgentStatusControl />
      <Show when={queuesReady()} fallback={<p class="muted" role="status">Loading live queues…</p>}>
        <Show when={queues().length > 0} fallback={<p class="card empty-state">You are not assigned to any queue.</p>}>
          <div class="queue-list">
            <For each={queues()}>{(q) => <QueueCard queue={q} now={now()} />}</For>
          </div>
        </Show>
      </Show>
    </div>
  );
}

function QueueCard(props: { queue: QueueLive; now: number }): JSX.Element {
  const q = () => props.queue;
  const mine = (extension: string) => me()?.extensions[0] === extension;
  const counts = () => agentCounts(q(), props.now);
  const longest = () => longestWait(q(), props.now);
  const sl = () => serviceLevel(q());
  return (
    <section class="card queue-card" aria-labelledby={`queue-${q().name}`} data-testid={`queue-${q().name}`}>
      <div class="card-head">
        <h2 id={`queue-${q().name}`} class="card-title queue-name">
          {q().name}
        </h2>
        <span class="badge" data-state={waitLevel(longest(), q().thresholdSeconds)}>
          Longest wait {formatWait(longest())}
        </span>
      </div>
      <dl class="queue-figures">
        <div>
          <dt>Waiting</dt>
          <dd data-testid="queue-waiting">{formatCount(waitingMembers(q()).length)}</dd>
        </div>
        <div>
          <dt>Available</dt>
          <dd>{counts().available}</dd>
        </div>
        <Show when={counts().noPhone > 0}>
          <div data-level="danger" data-testid="queue-no-phone">
            <dt>No phone</dt>
            <dd>{counts().noPhone}</dd>
          </div>
        </Show>
        <div>
          <dt>On call</dt>
          <dd>{counts().onCall}</dd>
        </div>
        <div>
          <dt>On break</dt>
          <dd>{counts().onBreak}</dd>
        </div>
        <div>
          <dt>Answered today</dt>
          <dd>{formatCount(q().answered)}</dd>
        </div>
        <div>
          <dt>Abandoned today</dt>
          <dd>{formatCount(q().abandoned)}</dd>
        </div>
        <div data-level={sl() === null ? undefined : serviceLevelLevel(sl())}>
          <dt>Service level ({q().thresholdSeconds} s)</dt>
          <dd>{sl() === null ? '—' : `${sl()}%`}</dd>
        </div>
      </dl>
      <div class="queue-columns">
        <div class="table-wrap">
          <table class="table">
            <caption class="visually-hidden">Callers in {q().name}</caption>
            <thead>
              <tr>
                <th scope="col">Caller</th>
                <th scope="col">Number</th>
                <th scope="col">Waiting</th>
                <th scope="col">State</th>
              </tr>
            </thead>
            <tbody>
              <For each={q().members} fallback={<tr><td colspan="4" class="muted">Nobody is waiting.</td></tr>}>
                {(m) => (
                  <tr data-testid="queue-member">
                    <td>{m.cidName || 'Unknown caller'}</td>
                    <td class="mono">{m.cidNumber}</td>
                    <td class="num" data-level={m.state === 'Answered' ? undefined : waitLevel(props.now - m.joinedAt, q().thresholdSeconds)}>
                      {m.state === 'Answered' ? '—' : formatWait(props.now - m.joinedAt)}
                    </td>
                    <td>
                      <span class="badge" data-state={m.state === 'Answered' ? 'ok' : m.state === 'Trying' ? 'info' : undefined}>
                        {m.state === 'Trying'
                          ? `Ringing ${agentExtension(m.agent ?? '')}`
                          : m.state === 'Answered'
                            ? `With ${agentExtension(m.agent ?? '')}`
                            : 'Waiting'}
                      </span>
                    </td>
                  </tr>
                )}
              </For>
            </tbody>
          </table>
        </div>
        <ul class="agent-list" aria-label={`Agents of ${q().name}`}>
          <For each={q().agents} fallback={<li class="muted">No agents.</li>}>
            {(a) => (
              <li classList={{ 'agent-me': mine(a.extension) }} data-testid={`agent-${a.extension}`}>
                <span class="agent-ext">
                  {a.extension}
                  <Show when={mine(a.extension)}>
                    <span class="agent-you"> (you)</span>
                  </Show>
                </span>
                <AgentDeskBadges agent={a} now={props.now} />
                <span class="agent-state">{a.state}</span>
                <SetAgentStatus agent={a} />
              </li>
            )}
          </For>
        </ul>
      </div>
    </section>
  );
}
