// Desktop notifications for incoming calls while this tab is in the
// background. The browser's permission is asked once, politely: never on
// page load, only when the person presses the softphone's "Show
// notifications" button (browsers ignore or block a request made without a
// click). A "Not now" is remembered in this browser too, and the softphone's
// Settings tab can still turn them on later.
import { createSignal } from 'solid-js';

const ASKED_KEY = 'switchboard.notifications-asked';
const TAG = 'switchboard-incoming-call';

const supported = typeof Notification !== 'undefined';
const readAsked = () => {
  try {
    return localStorage.getItem(ASKED_KEY) !== null;
  } catch {
    return false;
  }
};
const [permission, setPermission] = createSignal<NotificationPermission>(supported ? Notification.permission : 'denied');
const [asked, setAsked] = createSignal(readAsked());

export const notificationsSupported = supported;
/** The browser's answer for this site: granted, denied, or not yet given (default). */
export const notificationPermission = permission;
/** Whether the softphone should offer the question now: the browser can, has no answer yet, and we have not asked before. */
export const shouldOfferNotifications = () => supported && permission() === 'default' && !asked();

function remember(answer: 'asked' | 'not-now') {
  setAsked(true);
  try {
    localStorage.setItem(ASKED_KEY, answer);
  } catch {
    // Storage refused: asked again next time, no worse than that.
  }
}

/** Asks the browser (call it from a click). */
export async function askForNotifications(): Promise<NotificationPermission> {
  remember('asked');
  if (!supported) return 'denied';
  const answer = await Notification.requestPermission();
  setPermission(answer);
  return answer;
}

/** "Not now": not asked again in this browser. */
export const declineNotifications = () => remember('not-now');

export interface CallNotifier {
  /** The call ringing here now (null: none): shown while the tab is hidden, closed otherwise. */
  set(caller: { id: string; name: string | null; number: string } | null): void;
}

/** `onClick`: what clicking the notification does besides bringing the tab forward (open the softphone). */
export function createCallNotifier(onClick: () => void): CallNotifier {
  let caller: { id: string; name: string | null; number: string } | null = null;
  let shown: Notification | null = null;
  /** The call whose notification the person closed: not shown again. */
  let dismissed: string | null = null;

  const update = () => {
    if (supported) setPermission(Notification.permission);
    const wanted = caller !== null && caller.id !== dismissed && document.visibilityState === 'hidden' && permission() === 'granted';
    if (wanted && !shown) {
      const c = caller!;
      try {
        shown = new Notification('Incoming call', {
          body: c.name ? `${c.name} (${c.number})` : c.number,
          tag: TAG,
          requireInteraction: true,
        });
      } catch {
        // Chrome on Android only shows notifications from a service worker: the ring and the page must do.
        return;
      }
      const mine = shown;
      mine.onclick = () => {
        window.focus();
        onClick();
        shown = null;
        mine.close();
      };
      mine.onclose = () => {
        // Closed by the person (ours are forgotten before they are closed).
        if (shown !== mine) return;
        shown = null;
        dismissed = c.id;
      };
    } else if (!wanted && shown) {
      const done = shown;
      shown = null;
      done.close();
    }
  };
  document.addEventListener('visibilitychange', update);

  return {
    set(next) {
      caller = next;
      update();
    },
  };
}
