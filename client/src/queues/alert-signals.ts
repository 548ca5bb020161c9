// How a supervisor is told of a queue alert besides the screen: a beep
// (WebAudio, no sound file) and a desktop notification. The sound is a
// toggle remembered in this browser; the browser's permission for
// notifications is asked once, politely, only from a button (as the
// softphone does for calls, softphone/notify.ts), and "Not now" is kept.
import { createSignal } from 'solid-js';
import { alertKey, alertWords, type QueueAlert } from '../../../common/queue-alerts.ts';

const SOUND_KEY = 'switchboard.alert-sound';
const ASKED_KEY = 'switchboard.alert-notifications-asked';

const read = (key: string): string | null => {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
};
const write = (key: string, value: string) => {
  try {
    localStorage.setItem(key, value);
  } catch {
    // Storage refused: the choice lasts as long as the page.
  }
};

const [sound, setSound] = createSignal(read(SOUND_KEY) === 'on');
/** Whether a new alert beeps, as this browser's supervisor chose (off until turned on). */
export const alertSound = sound;

let audio: AudioContext | null = null;
/** Browsers start audio only after a click: the toggle's click makes the context, so later beeps may play. */
function audioContext(): AudioContext | null {
  if (typeof AudioContext === 'undefined') return null;
  audio ??= new AudioContext();
  if (audio.state === 'suspended') void audio.resume().catch(() => undefined);
  return audio;
}

export function setAlertSound(on: boolean): void {
  setSound(on);
  write(SOUND_KEY, on ? 'on' : 'off');
  if (on) beep();
}

/** Two short tones. */
export function beep(): void {
  const ctx = audioContext();
  if (!ctx) return;
  for (const start of [0, 0.25]) {
    const tone = ctx.createOscillator();
    const gain = ctx.createGain();
    tone.frequency.value = 880;
    gain.gain.setValueAtTime(0.15, ctx.currentTime + start);
    gain.gain.exponentialRampToValueAtTime(0.001, ctx.currentTime + start + 0.18);
    tone.connect(gain).connect(ctx.destination);
    tone.start(ctx.currentTime + start);
    tone.stop(ctx.currentTime + start + 0.2);
  }
}

const supported = typeof Notification !== 'undefined';
const [permission, setPermission] = createSignal<NotificationPermission>(supported ? Notification.permission : 'denied');
const [asked, setAsked] = createSignal(read(ASKED_KEY) !== null);

export const alertNotificationPermission = permission;
/** The question is offered while the browser can, has no answer for this site, and we have not asked before. */
export const shouldOfferAlertNotifications = () => supported && permission() === 'default' && !asked();

/** Asks the browser (call it from a click). */
export async function askForAlertNotifications(): Promise<void> {
  setAsked(true);
  write(ASKED_KEY, 'asked');
  if (supported) setPermission(await Notification.requestPermission());
}

export function declineAlertNotifications(): void {
  setAsked(true);
  write(ASKED_KEY, 'not-now');
}

const shown = new Map<string, Notification>();

/** A desktop notification for a new crossing; its tag keeps one per alert even with several tabs open. */
export function notifyAlert(alert: QueueAlert): void {
  if (supported) setPermission(Notification.permission);
  if (permission() !== 'granted') return;
  const key = alertKey(alert);
  try {
    const note = new Notification('Queue alert', { body: alertWords(alert), tag: `switchboard-queue-alert-${key.replace('\u0000', '-')}` });
    note.onclick = () => {
      window.focus();
      note.close();
    };
    shown.set(key, note);
  } catch {
    // A browser that shows notifications only from a service worker: the banner must do.
  }
}

/** The alert recovered: its notification goes too. */
export function clearAlertNotification(key: string): void {
  shown.get(key)?.close();
  shown.delete(key);
}
