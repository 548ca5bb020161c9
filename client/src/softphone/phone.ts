// The one softphone of this tab: its state (machine.ts) as a Solid store,
// the JsSIP phone behind it, and the user's commands. Module-level, so it
// outlives the panel's markup and every page change; it ends with the session.
import { createSignal } from 'solid-js';
import { createStore, reconcile, unwrap } from 'solid-js/store';
import { announce } from '../access/announce.ts';
import { onCommand } from '../access/commands.ts';
import { SHORTCUTS, shortcutsEnabled } from '../access/shortcuts.ts';
import { me, onSessionEnd } from '../session.ts';
import { createPhoneAnnouncer } from './announcements.ts';
import { attendedActions, consultationCall, consultError, originalCall } from './attended.ts';
import { followLink, resetLink } from './link-news.ts';
import { initialPhoneState, reducePhone, type PhoneEvent, type PhoneState } from './machine.ts';
import { createCallNotifier } from './notify.ts';
import { dialable } from './numbers.ts';
import { openForIncomingCall } from './open.ts';
import { reportConnected, takeSoftphoneAsks, type SoftphoneAsk } from './requests.ts';
import { createRinger } from './ring.ts';
import type { SipSettings } from './settings.ts';
import { startSipPhone, type SipPhone } from './sip.ts';
import { createSoftphoneTabs } from './tabs.ts';
import { asResumedCall, resumeAddress } from './resume.ts';
import type { ResumableCall } from '../../../common/live.ts';

const [state, setState] = createStore<PhoneState>(initialPhoneState());
/** The settings the phone registered with; the password lives only here, in memory. */
const [active, setActive] = createSignal<SipSettings | null>(null);

export const phone: Readonly<PhoneState> = state;
export const activeSettings = active;

const ringer = createRinger();
const announcer = createPhoneAnnouncer();
// Clicking the notification brings the tab forward with the panel open and the keyboard on Answer.
const notifier = createCallNotifier(() => {
  openForIncomingCall();
  queueMicrotask(() => document.querySelector<HTMLElement>('[data-testid="softphone-call"] [data-action="answer"]')?.focus());
});
const remoteAudio = new Audio();
remoteAudio.autoplay = true;
let sip: SipPhone | null = null;
// Only one of the user's tabs registers (tabs.ts): the others show whose it is.
const tabs = createSoftphoneTabs({ start: startHere, stop: stopHere });
export const tabView = tabs.view;
/** "Use it here": take the softphone from the tab that has it. */
export const useHere = () => tabs.takeOver();

const keyOf = (command: string) => SHORTCUTS.find((s) => s.command === command)?.label;
const answerHint = () => (shortcutsEnabled() ? `Press ${keyOf('answer')} to answer, ${keyOf('reject')} to reject.` : null);

function dispatch(event: PhoneEvent): void {
  // The reducer is pure: `before` is read before the store is changed in place.
  const before = unwrap(state);
  const wasRinging = before.call?.status === 'incoming';
  const next = reducePhone(before, event);
  const spoken = announcer(before, next, active()?.extension ?? null, answerHint());
  setState(reconcile(next));
  const call = state.call;
  const ringing = call?.status === 'incoming';
  ringer.set(ringing);
  reportConnected(call?.status === 'connected');
  fulfilWaiting();
  notifier.set(ringing ? { id: call.id, name: call.name, number: call.number } : null);
  if (ringing && !wasRinging) openForIncomingCall();
  for (const s of spoken) announce(s.text, s.politeness);
  tabs.publish({ extension: active()?.extension ?? null, registered: state.registration.status === 'registered', inCall: !!call });
}

/** (Re-)register with these settings: now, or once no other tab of this user has the softphone. */
export function register(settings: SipSettings): void {
  setActive(settings);
  tabs.claim(me()?.id ?? '');
}

function startHere(): void {
  const settings = active();
  if (!settings) return;
  void sip?.stop();
  announcer.reset();
  resetLink();
  dispatch({ type: 'connecting' });
  sip = startSipPhone(settings, (event) => dispatch(asResumedCall(event, resuming)), remoteAudio, followLink);
}

/** Another tab takes the softphone: unregister here first. */
async function stopHere(): Promise<void> {
  const stopping = sip?.stop();
  sip = null;
  resetLink();
  dispatch({ type: 'unregistered' });
  await stopping;
}

export function unregister(): void {
  void sip?.stop();
  sip = null;
  tabs.release();
  resetLink();
  setActive(null);
  dispatch({ type: 'unregistered' });
}

/** Returns an error for the user, or null when the call is on its way. */
export function dial(text: string): string | null {
  const number = dialable(text);
  if (!number) return 'Enter an extension or a number.';
  if (tabs.view().kind === 'elsewhere') return 'The softphone is active in another tab: press Use it here first.';
  if (!sip || state.registration.status !== 'registered') return 'The softphone is not registered: check the Settings tab.';
  if (state.call) return 'Hang up the current call first.';
  dispatch({ type: 'dialed', number });
  sip.call(number);
  return null;
}

/** The held call being taken back (resume.ts), so the call shows its party rather than the address dialled. */
let resuming: { address: string; call: ResumableCall } | null = null;

/** Takes back a call the PBX held for this extension; returns an error for the user, or null. */
export function resumeCall(call: ResumableCall): string | null {
  if (!sip || state.registration.status !== 'registered') return 'The softphone is not registered: check the Settings tab.';
  if (state.call) return 'Hang up the current call first.';
  resuming = { address: resumeAddress(call.uuid), call };
  dispatch({ type: 'dialed', number: call.number });
  sip.call(resuming.address);
  return null;
}

export const answer = () => sip?.answer();
export const reject = () => sip?.reject();
export const hangup = () => state.call && sip?.hangup(state.call.id);
export const toggleMute = () => state.call && sip?.mute(state.call.id, !state.call.muted);
export const toggleHold = () => state.call && sip?.hold(state.call.id, !state.call.held);
export const sendTone = (tone: string) => state.call && sip?.tone(state.call.id, tone);
export const dismissNotice = () => dispatch({ type: 'dismiss-notice' });
export const callConnection = () => sip?.connection() ?? null;

/** Returns an error for the user, or null when the REFER went out. */
export function transfer(text: string): string | null {
  const number = dialable(text);
  if (!number) return 'Enter the extension to transfer to.';
  if (state.call) sip?.transfer(state.call.id, number);
  return null;
}

/** Attended transfer: hold the call and call `text` to consult them. Returns an error for the user, or null. */
export function consult(text: string): string | null {
  const error = consultError(state, text);
  if (error || !state.call) return error;
  sip?.consult(state.call.id, dialable(text)!);
  return null;
}
export const swapCalls = () => attendedActions(state).swap && sip?.swap(state.call!.id, state.other!.id);
export const completeTransfer = () => attendedActions(state).complete && sip?.complete(originalCall(state)!.id, consultationCall(state)!.id);
/** Three-way: the caller, the consulted party and this phone in one conference. */
export function mergeCalls(): void {
  const consultation = consultationCall(state);
  const original = originalCall(state);
  if (!attendedActions(state).merge || !consultation || !original) return;
  const name = (c: typeof original) => c.name ?? c.number;
  sip?.merge(original.id, consultation.id, `Three-way call with ${name(original)} and ${name(consultation)}`);
}
/** Hangs up the consultation (ringing or talking) and resumes the caller. */
export function cancelConsultation(): void {
  const consultation = consultationCall(state);
  const original = originalCall(state);
  if (!attendedActions(state).cancel || !consultation || !original) return;
  sip?.hangup(consultation.id);
  sip?.hold(original.id, false);
}

// The desk's keyboard shortcuts for the call (access/shortcuts.ts has the keys).
// Each says whether there was something to act on.
onCommand('answer', () => state.call?.status === 'incoming' && (answer(), true));
onCommand('reject', () => state.call?.status === 'incoming' && (reject(), true));
onCommand('hangup', () => !!state.call && state.call.status !== 'incoming' && (hangup(), true));
onCommand('mute', () => state.call?.status === 'connected' && (toggleMute(), true));
onCommand('hold', () => state.call?.status === 'connected' && (toggleHold(), true));

// The Colleagues page and panel: click-to-call and "Transfer here". A call
// asked for while the phone is still registering (the panel's first open)
// waits for it, a little.
const ASK_WAIT_MS = 10_000;
let waiting: { ask: SoftphoneAsk; until: number } | null = null;
function fulfil(ask: SoftphoneAsk, until = Date.now() + ASK_WAIT_MS): void {
  const starting = state.registration.status === 'connecting' || (state.registration.status === 'unregistered' && !active());
  if (ask.kind === 'call' && starting && Date.now() < until) {
    waiting = { ask, until };
    // Past the wait, the dial below says why it cannot call.
    setTimeout(fulfilWaiting, until - Date.now() + 10);
    return;
  }
  const error = ask.kind === 'call' ? dial(ask.number) : ask.kind === 'consult' ? consult(ask.number) : transfer(ask.number);
  if (error) dispatch({ type: 'notice', text: error, error: true });
}
function fulfilWaiting(): void {
  if (!waiting || (state.registration.status === 'connecting' && Date.now() < waiting.until)) return;
  const { ask, until } = waiting;
  waiting = null;
  fulfil(ask, until);
}
takeSoftphoneAsks(fulfil);

// Signing out (or the session ending) hangs up and forgets the password.
onSessionEnd(unregister);
