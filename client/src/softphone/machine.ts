// The softphone's state and the pure reducer that moves it. JsSIP's events
// are turned into PhoneEvents by sip.ts; nothing here touches the network,
// so every transition can be unit-tested.
import { assertNever } from '../../../common/exhaustive.ts';

/** grey, amber, green, red: the status light. */
export type RegistrationStatus = 'unregistered' | 'connecting' | 'registered' | 'failed';

export interface Registration {
  status: RegistrationStatus;
  /** Why it failed, in words for the user; null unless failed. */
  reason: string | null;
}

/**
 * incoming: ringing here; calling: INVITE sent; ringing: the other side rings;
 * connected: talking (or on hold).
 */
export type CallStatus = 'incoming' | 'calling' | 'ringing' | 'connected';

export interface Call {
  /** Which JsSIP session this is: events of any other session are stale. */
  id: string;
  direction: 'inbound' | 'outbound';
  number: string;
  name: string | null;
  status: CallStatus;
  /** Epoch ms when the call was answered: the call timer counts from it. */
  answeredAt: number | null;
  muted: boolean;
  /** We put the other side on hold. */
  held: boolean;
  /** Tones sent in this call, for the user to see what went out. */
  tones: string;
  /** The extension a blind transfer is being asked for, until it is accepted or fails. */
  transferTo: string | null;
  /** The last transfer failed: why. */
  transferError: string | null;
}

export interface PhoneState {
  registration: Registration;
  /** One line: at most one call at a time. */
  call: Call | null;
  /** For redial. */
  lastDialed: string | null;
  /** How the last call ended, or why it could not start; null once read. */
  notice: { text: string; error: boolean } | null;
}

export type PhoneEvent =
  | { type: 'connecting' }
  | { type: 'registered' }
  | { type: 'unregistered' }
  | { type: 'failed'; reason: string }
  | { type: 'dialed'; number: string }
  | { type: 'call-started'; id: string; direction: Call['direction']; number: string; name: string | null }
  | { type: 'progress'; id: string }
  | { type: 'answered'; id: string; at: number }
  | { type: 'ended'; id: string; text: string; error: boolean }
  | { type: 'muted'; id: string; muted: boolean }
  | { type: 'held'; id: string; held: boolean }
  | { type: 'tone-sent'; id: string; tone: string }
  | { type: 'transfer-asked'; id: string; target: string }
  | { type: 'transfer-failed'; id: string; reason: string }
  | { type: 'notice'; text: string; error: boolean }
  | { type: 'dismiss-notice' };

export const initialPhoneState = (): PhoneState => ({
  registration: { status: 'unregistered', reason: null },
  call: null,
  lastDialed: null,
  notice: null,
});

const registration = (status: RegistrationStatus, reason: string | null = null): Registration => ({ status, reason });

export function reducePhone(state: PhoneState, event: PhoneEvent): PhoneState {
  switch (event.type) {
    case 'connecting':
      return { ...state, registration: registration('connecting') };
    case 'registered':
      return { ...state, registration: registration('registered') };
    case 'unregistered':
      // A failure keeps its reason on screen until the next attempt.
      return state.registration.status === 'failed' ? state : { ...state, registration: registration('unregistered') };
    case 'failed':
      return { ...state, registration: registration('failed', event.reason) };
    case 'dialed':
      return { ...state, lastDialed: event.number, notice: null };
    case 'call-started':
      return {
        ...state,
        notice: null,
        call: {
          id: event.id,
          direction: event.direction,
          number: event.number,
          name: event.name,
          status: event.direction === 'inbound' ? 'incoming' : 'calling',
          answeredAt: null,
          muted: false,
          held: false,
          tones: '',
          transferTo: null,
          transferError: null,
        },
      };
    case 'notice':
      return { ...state, notice: { text: event.text, error: event.error } };
    case 'dismiss-notice':
      return { ...state, notice: null };
  }
  // Everything below is about one call: ignore a session that is not the current one.
  const call = state.call;
  if (!call || call.id !== event.id) return state;
  const update = (changes: Partial<Call>): PhoneState => ({ ...state, call: { ...call, ...changes } });
  switch (event.type) {
    case 'progress':
      return call.status === 'calling' ? update({ status: 'ringing' }) : state;
    case 'answered':
      return call.answeredAt === null ? update({ status: 'connected', answeredAt: event.at }) : state;
    case 'ended':
      return { ...state, call: null, notice: { text: event.text, error: event.error } };
    case 'muted':
      return update({ muted: event.muted });
    case 'held':
      return update({ held: event.held });
    case 'tone-sent':
      return update({ tones: (call.tones + event.tone).slice(-24) });
    case 'transfer-asked':
      return update({ transferTo: event.target, transferError: null });
    case 'transfer-failed':
      return update({ transferTo: null, transferError: event.reason });
    default:
      return assertNever(event, 'phone event');
  }
}
