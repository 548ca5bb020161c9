// The supervisor's wallboard: one tile per queue of the tenant, readable
// from across a room, colours for thresholds, full screen on request. Waits
// count up in the browser from each caller's joined time.
import { A } from '@solidjs/router';
import { createSignal, For, onCleanup, onMount, Show, type JSX } from 'solid-js';
import type { QueueLive } from '../../../common/live.ts';
import { alertFigureWords, type QueueAlert } from '../../../common/queue-alerts.ts';
import { live, queuesReady, watchQueues } from '../live/store.ts';
import { AgentDeskBadges } from '../queues/AgentDesk.tsx';
import { createNow } from '../queues/clock.ts';
import { AlertSettings, createQueueAlerts, QueueAlertBanner } from '../queues/QueueAlerts.tsx';
import { SetAgentStatus } from '../queues/SetAgentStatus.tsx';
import { formatCount } from '../format.ts';
import {
  agentCounts,
  boardTotals,
  formatWait,
  longestWait,
  serviceLevel,
  queueLevels,
  waitingMembers,
  waitLevel,
  worstLevel,
  type Level,
} from '../queues/figures.ts';
import '../queues/queues.css';
import { me } from '../session.ts';
import { Icon } from '../shell/Icon.tsx';
import { ListenButton } from '../supervise/ListenButton.tsx';
import { PageHeading } from '../shell/PageHeading.tsx';

export default function Wallboard(): JSX.Element {
  const permitted = () => me()?.role === 'supervisor' || me()?.role === 'admin';
  return (
    <Show
      when={permitted()}
      fallback={
        <div class="page">
          <PageHeading title="Wallboard" />
          <div class="card empty-state" data-testid="not-permitted">
            <p>This page is for supervisors and administrators only.</p>
            <A href="/" class="button button-secondary">
              Back to the dashboard
            </A>
          </div>
        </div>
      }
    >
      <Board />
    </Show>
  );
}

function Board(): JSX.Element {
  onCleanup(watchQueues());
  const now = createNow();
  const [full, setFull] = createSignal(false);
  let board!: HTMLDivElement;
  const onChange = () => setFull(document.fullscreenElement === board);
  onMount(() => document.addEventListener('fullscreenchange', onChange));
  onCleanup(() => document.removeEventListener('fullscreenchange', onChange));
  const toggle = () => (document.fullscreenElement ? void document.exitFullscreen() : void board.requestFullscreen?.());
  const queues = () => Object.values(live.queues).sort((a, b) => a.name.localeCompare(b.name));
  const totals = () => boardTotals(queues(), now());
  const clock = () => new Date(now() * 1000).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
  const alerts = createQueueAlerts(now);
  const alertsOf = (queue: string) => alerts().filter((a) => a.queue === queue);
  return (
    <div class="wallboard" ref={board} data-testid="wallboard">
      <div class="wallboard-head">
        <PageHeading title="Wallboard" />
        <span class="wallboard-tenant">{live.tenant?.tenantName}</span>
        <time class="wallboard-clock" aria-label="Current time">
          {clock()}
        </time>
        <AlertSettings />
        <button type="button" class="button button-secondary" onClick={toggle}>
          {full() ? 'Leave full screen' : 'Full screen'}
        </button>
      </div>
      {/* Full screen hides the shell's banner: the board shows its own. */}
      <Show when={full()}>
        <QueueAlertBanner alerts={alerts()} />
      </Show>
      <Show when={queuesReady()} fallback={<p class="muted" role="status">Loading live queues…</p>}>
        <Show when={queues().length > 0} fallback={<p class="card empty-state">This tenant has no queues.</p>}>
          <dl class="board-totals" aria-label="All queues" data-testid="board-totals">
            <div data-level={worstLevel(...queues().map((q) => queueLevels(q, now()).waiting))}>
              <dt>Waiting</dt>
              <dd data-testid="total-waiting">{totals().waiting}</dd>
            </div>
            <div data-level={waitLevel(totals().longest, DEFAULT_THRESHOLD)}>
              <dt>Longest wait</dt>
              <dd>{formatWait(totals().longest)}</dd>
            </div>
            <div>
              <dt>Available</dt>
              <dd>{totals().available}</dd>
            </div>
            <div>
              <dt>On a call</dt>
              <dd>{totals().onCall}</dd>
            </div>
            <div>
              <dt>On break</dt>
              <dd>{totals().onBreak}</dd>
            </div>
            <div>
              <dt>Answered</dt>
              <dd>{formatCount(totals().answered)}</dd>
            </div>
            <div>
              <dt>Abandoned</dt>
              <dd>{formatCount(totals().abandoned)}</dd>
            </div>
          </dl>
          <div class="tiles">
            <For each={queues()}>{(q) => <Tile queue={q} now={now()} alerts={alertsOf(q.name)} />}</For>
          </div>
        </Show>
      </Show>
    </div>
  );
}

/** The service-level threshold the tenant-wide longest wait is judged by (each queue carries its own). */
const DEFAULT_THRESHOLD = 20;

const LEVEL_WORDS: Record<Level, string> = { ok: 'On target', warn: 'Falling behind', danger: 'Needs attention' };

function Tile(props: { queue: QueueLive; now: number; alerts: QueueAlert[] }): JSX.Element {
  const q = () => props.queue;
  const longest = () => longestWait(q(), props.now);
  const counts = () => agentCounts(q(), props.now);
  const sl = () => serviceLevel(q());
  const waiting = () => waitingMembers(q()).length;
  const levels = () => queueLevels(q(), props.now);
  const level = () => worstLevel(levels().waiting, levels().longest, levels().sl);
  /** A figure past its alert threshold shows as an alarm, whatever the usual judgement says. */
  const alarmed = (kind: QueueAlert['kind'], usual: Level | 'none'): Level | 'none' => (props.alerts.some((a) => a.kind === kind) ? 'danger' : usual);
  return (
    <section
      class="tile"
      classList={{ 'tile-alert': props.alerts.length > 0 }}
      data-testid={`tile-${q().name}`}
      data-level={level()}
      data-alert={props.alerts.length > 0 ? 'on' : undefined}
      aria-label={`Queue ${q().name}`}
    >
      <div class="tile-head">
        <h2 class="tile-name">{q().name}</h2>
        <Show
          when={props.alerts.length > 0}
          fallback={
            <span class="tile-verdict" data-level={level()}>
              {LEVEL_WORDS[level()]}
            </span>
          }
        >
          <span class="tile-verdict tile-verdict-alert" data-testid="tile-alert-verdict">
            <Icon name="alert" size={16} />
            Alert
          </span>
        </Show>
      </div>
      <Show when={props.alerts.length > 0}>
        <ul class="tile-alerts" data-testid="tile-alerts">
          <For each={props.alerts}>{(a) => <li>{alertFigureWords(a)}</li>}</For>
        </ul>
      </Show>
      <div class="tile-main">
        <div class="tile-figure" data-level={alarmed('waiting', levels().waiting)}>
          <span class="tile-number" data-testid="tile-waiting">
            {waiting()}
          </span>
          <span class="tile-label">Waiting</span>
        </div>
        <div class="tile-figure" data-level={alarmed('longest-wait', levels().longest)}>
          <span class="tile-number" classList={{ 'tile-number-long': longest() >= 3600 }} data-testid="tile-longest">
            {formatWait(longest())}
          </span>
          <span class="tile-label">Longest wait</span>
        </div>
        <div class="tile-figure" data-level={alarmed('service-level', sl() === null ? 'none' : levels().sl)} data-testid="tile-service-level">
          <span class="tile-number">
            {sl() === null ? '—' : sl()}
            <Show when={sl() !== null}>
              <span class="tile-unit">%</span>
            </Show>
          </span>
          <span class="tile-label" title={`Callers answered within ${q().thresholdSeconds} s today`}>
            Service level
          </span>
        </div>
      </div>
      <dl class="tile-row">
        <div data-testid="tile-available">
          <dt>Available</dt>
          <dd>{counts().available}</dd>
        </div>
        <div data-testid="tile-on-call">
          <dt>On call</dt>
          <dd>{counts().onCall}</dd>
        </div>
        <div data-testid="tile-on-break">
          <dt>On break</dt>
          <dd>{counts().onBreak}</dd>
        </div>
        <Show when={counts().noPhone > 0}>
          <div data-testid="tile-no-phone" data-level="danger">
            <dt>No phone</dt>
            <dd>{counts().noPhone}</dd>
          </div>
        </Show>
        <div>
          <dt>Answered</dt>
          <dd>{formatCount(q().answered)}</dd>
        </div>
        <div data-level={q().abandoned > 0 ? 'warn' : undefined}>
          <dt>Abandoned</dt>
          <dd>{formatCount(q().abandoned)}</dd>
        </div>
      </dl>
      <ul class="tile-agents" aria-label={`Agents of ${q().name}`}>
        <For each={q().agents}>
          {(a) => (
            <li data-testid={`tile-agent-${a.extension}`}>
              <span class="agent-ext">{a.extension}</span>
              <AgentDeskBadges agent={a} now={props.now} />
              <SetAgentStatus agent={a} />
              <Show when={a.state === 'In a queue call'}>
                <ListenButton extension={a.extension} />
              </Show>
            </li>
          )}
        </For>
      </ul>
    </section>
  );
}
