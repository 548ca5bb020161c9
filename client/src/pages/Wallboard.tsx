// The supervisor's wallboard: one tile per queue of the tenant, readable
// from across a room, colours for thresholds, full screen on request. Waits
// count up in the browser from each caller's joined time.
import { A } from '@solidjs/router';
import { createSignal, For, onCleanup, onMount, Show, type JSX } from 'solid-js';
import type { QueueLive } from '../../../common/live.ts';
import { live, liveReady } from '../live/store.ts';
import { createNow } from '../queues/clock.ts';
import { agentCounts, formatWait, longestWait, serviceLevel, serviceLevelLevel, waitingMembers, waitLevel } from '../queues/figures.ts';
import { me } from '../session.ts';
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
  const now = createNow();
  const [full, setFull] = createSignal(false);
  let board!: HTMLDivElement;
  const onChange = () => setFull(document.fullscreenElement === board);
  onMount(() => document.addEventListener('fullscreenchange', onChange));
  onCleanup(() => document.removeEventListener('fullscreenchange', onChange));
  const toggle = () => (document.fullscreenElement ? void document.exitFullscreen() : void board.requestFullscreen?.());
  const queues = () => Object.values(live.queues).sort((a, b) => a.name.localeCompare(b.name));
  return (
    <div class="wallboard" ref={board} data-testid="wallboard">
      <div class="wallboard-head">
        <PageHeading title="Wallboard" />
        <span class="wallboard-tenant">{live.tenant?.tenantName}</span>
        <button type="button" class="button button-secondary" onClick={toggle}>
          {full() ? 'Leave full screen' : 'Full screen'}
        </button>
      </div>
      <Show when={liveReady()} fallback={<p class="muted">Loading live queues…</p>}>
        <div class="tiles">
          <For each={queues()} fallback={<p class="muted">This tenant has no queues.</p>}>
            {(q) => <Tile queue={q} now={now()} />}
          </For>
        </div>
      </Show>
    </div>
  );
}

function Tile(props: { queue: QueueLive; now: number }): JSX.Element {
  const q = () => props.queue;
  const longest = () => longestWait(q(), props.now);
  const counts = () => agentCounts(q());
  const sl = () => serviceLevel(q());
  return (
    <section class="tile" data-testid={`tile-${q().name}`} data-level={waitLevel(longest(), q().thresholdSeconds)} aria-label={`Queue ${q().name}`}>
      <h2 class="tile-name">{q().name}</h2>
      <div class="tile-main">
        <div class="tile-figure">
          <span class="tile-number" data-testid="tile-waiting">{waitingMembers(q()).length}</span>
          <span class="tile-label">waiting</span>
        </div>
        <div class="tile-figure" data-level={waitLevel(longest(), q().thresholdSeconds)}>
          <span class="tile-number mono" data-testid="tile-longest">{formatWait(longest())}</span>
          <span class="tile-label">longest wait</span>
        </div>
      </div>
      <dl class="tile-row">
        <div data-testid="tile-available">
          <dt>Available</dt>
          <dd>{counts().available}</dd>
        </div>
        <div>
          <dt>On call</dt>
          <dd>{counts().onCall}</dd>
        </div>
        <div data-testid="tile-on-break">
          <dt>On break</dt>
          <dd>{counts().onBreak}</dd>
        </div>
        <div data-level={serviceLevelLevel(sl())}>
          <dt>Service level</dt>
          <dd>{sl() === null ? '—' : `${sl()}%`}</dd>
        </div>
        <div data-level={q().abandoned > 0 ? 'warn' : 'ok'}>
          <dt>Abandoned</dt>
          <dd>{q().abandoned}</dd>
        </div>
      </dl>
    </section>
  );
}
