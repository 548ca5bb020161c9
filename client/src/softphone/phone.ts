// The one softphone of this tab: its state (machine.ts) as a Solid store,
// the JsSIP phone behind it, and the user's commands. Module-level, so it
// outlives the panel's markup and every page change; it ends with the session.
import { createSignal } from 'solid-js';
import { createStore, reconcile, unwrap } from 'solid-js/store';
import { onSessionEnd } from '../session.ts';
import { initialPhoneState, reducePhone, type PhoneEvent, type PhoneState } from './machine.ts';
import { dialable } from './numbers.ts';
import { openForIncomingCall } from './open.ts';
import { createRinger } from './ring.ts';
import type { SipSettings } from './settings.ts';
import { startSipPhone, type SipPhone } from './sip.ts';

const [state, setState] = createStore<PhoneState>(initialPhoneState());
/** The settings the phone registered with; the password lives only here, in memory. */
const [active, setActive] = createSignal<SipSettings | null>(null);

export const phone: Readonly<PhoneState> = state;
export const activeSettings = active;

const ringer = createRinger();
const remoteAudio = new Audio();
remoteAudio.autoplay = true;
let sip: SipPhone | null = null;

function dispatch(event: PhoneEvent): void {
  const before = state.call?.status;
  setState(reconcile(reducePhone(unwrap(state), event)));
  const ringing = state.call?.status === 'incoming';
  ringer.set(ringing);
  if (ringing && before !== 'incoming') openForIncomingCall();
}

/** (Re-)register with these settings. */
export function register(settings: SipSettings): void {
  sip?.stop();
  setActive(settings);
  dispatch({ type: 'connecting' });
  sip = startSipPhone(settings, dispatch, remoteAudio);
}

export function unregister(): void {
  sip?.stop();
  sip = null;
  setActive(null);
  dispatch({ type: 'unregistered' });
}

/** Returns an error for the user, or null when the call is on its way. */
export function dial(text: string): string | null {
  const number = dialable(text);
  if (!number) return 'Enter an extension or a number.';
  if (!sip || state.registration.status !== 'registered') return 'The softphone is not registered: check the Settings tab.';
  if (state.call) return 'Hang up the current call first.';
  dispatch({ type: 'dialed', number });
  sip.call(number);
  return null;
}

export const answer = () => sip?.answer();
export const reject = () => sip?.reject();
export const hangup = () => sip?.hangup();
export const toggleMute = () => state.call && sip?.mute(!state.call.muted);
export const toggleHold = () => state.call && sip?.hold(!state.call.held);
export const sendTone = (tone: string) => sip?.tone(tone);
export const dismissNotice = () => dispatch({ type: 'dismiss-notice' });

/** Returns an error for the user, or null when the REFER went out. */
export function transfer(text: string): string | null {
  const number = dialable(text);
  if (!number) return 'Enter the extension to transfer to.';
  sip?.transfer(number);
  return null;
}

// Signing out (or the session ending) hangs up and forgets the password.
onSessionEnd(unregister);
