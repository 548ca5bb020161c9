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
  /** Placed to consult someone while the first call waits on hold (attended transfer). */
  consultation: boolean;
}

export interface PhoneState {
  registration: Registration;
  /** The call in front: the one the agent talks on, or the only one. */
  call: Call | null;
  /** The second line during an attended transfer: the call not in front, kept on hold. */
  other: Call | null;
  /** Complete transfer or Merge was pressed and FreeSWITCH has not yet carried it out or refused it. */
  completing: boolean;
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
  | { type: 'call-started'; id: string; direction: Call['direction']; number: string; name: string | null; consultation?: boolean }
  | { type: 'progress'; id: string }
  | { type: 'answered'; id: string; at: number }
  | { type: 'ended'; id: string; text: string; error: boolean }
  | { type: 'muted'; id: string; muted: boolean }
  | { type: 'held'; id: string; held: boolean }
  | { type: 'tone-sent'; id: string; tone: string }
  | { type: 'transfer-asked'; id: string; target: string }
  | { type: 'transfer-failed'; id: string; reason: string }
  | { type: 'swapped' }
  | { type: 'completing' }
  | { type: 'complete-failed'; reason: string }
  | { type: 'notice'; text: string; error: boolean }
  | { type: 'dismiss-notice' };

export const initialPhoneState = (): PhoneState => ({
  registration: { status: 'unregistered', reason: null },
  call: null,
  other: null,
  completing: false,
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
        // A consultation puts the call in front behind it; any other new call replaces it (a REFER we follow).
        other: event.consultation ? state.call : state.other,
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
          consultation: !!event.consultation,
        },
      };
    case 'swapped':
      return state.other ? { ...state, call: state.other, other: state.call } : state;
    case 'completing':
      return state.other ? { ...state, completing: true } : state;
    case 'complete-failed':
      return { ...state, completing: false, notice: { text: event.reason, error: true } };
    case 'notice':
      return { ...state, notice: { text: event.text, error: event.error } };
    case 'dismiss-notice':
      return { ...state, notice: null };
  }
  // Everything below is about one call, in front or on the other line: ignore a session that is neither.
  const slot = state.call?.id === event.id ? 'call' : state.other?.id === event.id ? 'other' : null;
  if (!slot) return state;
  const call = state[slot]!;
  const update = (changes: Partial<Call>): PhoneState => ({ ...state, [slot]: { ...call, ...changes } });
  switch (event.type) {
    case 'progress':
      return call.status === 'calling' ? update({ status: 'ringing' }) : state;
    case 'answered':
      return call.answeredAt === null ? update({ status: 'connected', answeredAt: event.at }) : state;
    case 'ended': {
      // The call left comes to the front (still on hold until the agent resumes it).
      const left = slot === 'call' ? state.other : state.call;
      return { ...state, call: left && { ...left, consultation: false }, other: null, completing: false, notice: { text: event.text, error: event.error } };
    }
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
