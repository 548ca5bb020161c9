// The polite question about desktop notifications (once, after the softphone
// first registers), and the same choice kept in the Settings tab.
import { Match, Show, Switch, type JSX } from 'solid-js';
import { askForNotifications, declineNotifications, notificationPermission, notificationsSupported, shouldOfferNotifications } from './notify.ts';

export function NotificationPrompt(): JSX.Element {
  return (
    <Show when={shouldOfferNotifications()}>
      <div class="sp-ask" role="group" aria-labelledby="sp-ask-text" data-testid="notification-prompt">
        <p id="sp-ask-text">Show incoming calls when this tab is in the background?</p>
        <div class="sp-row">
          <button type="button" class="button button-primary" onClick={() => void askForNotifications()}>
            Show notifications
          </button>
          <button type="button" class="button button-ghost" onClick={() => declineNotifications()}>
            Not now
          </button>
        </div>
      </div>
    </Show>
  );
}

export function NotificationSetting(): JSX.Element {
  return (
    <Show when={notificationsSupported}>
      <p class="muted sp-hint" data-testid="notification-setting">
        <Switch>
          <Match when={notificationPermission() === 'granted'}>Incoming calls show a desktop notification while this tab is in the background.</Match>
          <Match when={notificationPermission() === 'denied'}>
            Desktop notifications are blocked for this site: allow them from the icon in the address bar to see incoming calls from another tab.
          </Match>
          <Match when={notificationPermission() === 'default'}>
            <span>Desktop notifications show incoming calls while this tab is in the background. </span>
            <button type="button" class="sp-link" onClick={() => void askForNotifications()}>
              Turn on notifications
            </button>
          </Match>
        </Switch>
      </p>
    </Show>
  );
}
