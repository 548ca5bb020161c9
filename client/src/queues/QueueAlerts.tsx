// Queue alerts for the tenant's supervisors and admins, on every page while
// Switchboard is open: a banner naming each queue and what crossed, and —
// once per crossing, never per tick — a sentence for screen readers, the
// beep if turned on and a desktop notification. Everything is judged by
// common/queue-alerts.ts from the live queues and the one-second clock, so
// an alert shows the moment the patch that crosses it arrives, and a wait
// that crosses with time alone shows on the tick it does.
import { createEffect, createMemo, For, Match, on, onCleanup, Show, Switch, type Accessor, type JSX } from 'solid-js';
import { alertTransitions, alertWords, allQueueAlerts, type QueueAlert } from '../../../common/queue-alerts.ts';
import { announce } from '../access/announce.ts';
import { live, watchQueues } from '../live/store.ts';
import { Icon } from '../shell/Icon.tsx';
import {
  alertNotificationPermission,
  alertSound,
  askForAlertNotifications,
  beep,
  clearAlertNotification,
  declineAlertNotifications,
  notifyAlert,
  setAlertSound,
  shouldOfferAlertNotifications,
} from './alert-signals.ts';
import { createNow } from './clock.ts';

/** Every queue's alerts now: on each patch (the store changes) and each tick of the clock. */
export function createQueueAlerts(now: Accessor<number>): Accessor<QueueAlert[]> {
  return createMemo(
    () => {
      now();
      // The clock may be up to a second old when a patch arrives: judge by the moment itself.
      return allQueueAlerts(Object.values(live.queues), Date.now() / 1000);
    },
    [],
    { equals: (a, b) => a.length === b.length && a.every((x, i) => alertWords(x) === alertWords(b[i]!)) },
  );
}

/** The shell's watcher: the banner, and each new crossing said, sounded and notified once. */
export function QueueAlertWatch(): JSX.Element {
  // Alerts are judged on every page: the shell holds the queues watched for as long as it shows this.
  onCleanup(watchQueues());
  const alerts = createQueueAlerts(createNow());
  let active = new Set<string>();
  createEffect(
    on(alerts, (now) => {
      const { raised, cleared, active: next } = alertTransitions(active, now);
      active = next;
      for (const key of cleared) clearAlertNotification(key);
      if (raised.length === 0) return;
      announce(`Queue alert. ${raised.map(alertWords).join('. ')}.`, 'assertive');
      if (alertSound()) beep();
      for (const alert of raised) notifyAlert(alert);
    }),
  );
  onCleanup(() => {
    for (const key of active) clearAlertNotification(key);
  });
  return <QueueAlertBanner alerts={alerts()} />;
}

/** The banner itself (also inside the wallboard when it is full screen). */
export function QueueAlertBanner(props: { alerts: QueueAlert[] }): JSX.Element {
  return (
    <Show when={props.alerts.length > 0}>
      <section class="banner banner-alert" aria-label="Queue alerts" data-testid="queue-alert-banner">
        <Icon name="alert" />
        <span class="banner-alert-title">Queue alert</span>
        <ul class="banner-alert-list">
          <For each={props.alerts}>{(a) => <li data-testid={`queue-alert-${a.queue}-${a.kind}`}>{alertWords(a)}</li>}</For>
        </ul>
        <Show when={shouldOfferAlertNotifications()}>
          <button type="button" class="button button-secondary banner-alert-action" onClick={() => void askForAlertNotifications()}>
            Also as desktop notifications
          </button>
        </Show>
      </section>
    </Show>
  );
}

/** The supervisor's choices: the beep, and desktop notifications (asked once, from a button). */
export function AlertSettings(): JSX.Element {
  return (
    <div class="alert-settings" role="group" aria-label="Queue alerts" data-testid="alert-settings">
      <button
        type="button"
        class="button button-secondary"
        aria-pressed={alertSound()}
        data-testid="alert-sound"
        onClick={() => setAlertSound(!alertSound())}
      >
        {alertSound() ? 'Alert sound on' : 'Alert sound off'}
      </button>
      <Switch>
        <Match when={shouldOfferAlertNotifications()}>
          <span class="alert-ask" data-testid="alert-notification-prompt">
            <span>Show queue alerts as desktop notifications?</span>
            <button type="button" class="button button-secondary" onClick={() => void askForAlertNotifications()}>
              Show notifications
            </button>
            <button type="button" class="button button-ghost" onClick={() => declineAlertNotifications()}>
              Not now
            </button>
          </span>
        </Match>
        <Match when={alertNotificationPermission() === 'granted'}>
          <span class="muted small">Alerts also show as desktop notifications.</span>
        </Match>
      </Switch>
    </div>
  );
}
