// Attended transfer and consultation, as rules over the phone's state (pure):
// which of the two calls is the consultation, which is the caller waiting,
// and which of Swap / Complete transfer / Cancel makes sense right now, so
// no button is offered that would do nothing.
import type { Call, PhoneState } from './machine.ts';
import { dialable } from './numbers.ts';

/** The call placed to consult someone, in front or on hold. */
export const consultationCall = (s: PhoneState): Call | null =>
  [s.call, s.other].find((c) => c?.consultation) ?? null;

/** The call that was there first: the caller who waits while the agent consults. */
export const originalCall = (s: PhoneState): Call | null =>
  s.other ? ([s.call, s.other].find((c) => c && !c.consultation) ?? null) : null;

export interface AttendedActions {
  /** Talk to the other one (both answered). */
  swap: boolean;
  /** Connect the caller and the consulted party; the agent drops out. */
  complete: boolean;
  /** Hang up the consultation (ringing or talking) and resume the caller. */
  cancel: boolean;
  /** All three in a conference (a three-way call). */
  merge: boolean;
}

export function attendedActions(s: PhoneState): AttendedActions {
  const consultation = consultationCall(s);
  const original = originalCall(s);
  const both = !!consultation && !!original;
  const answered = both && consultation.status === 'connected' && original.status === 'connected';
  const ready = answered && !s.completing;
  return { swap: ready, complete: ready, cancel: both && !s.completing, merge: ready };
}

/** Why a consultation cannot start now, in words; null when it can. */
export function consultError(s: PhoneState, text: string): string | null {
  if (!dialable(text)) return 'Enter the extension to consult.';
  if (s.registration.status !== 'registered') return 'The softphone is not registered: check the Settings tab.';
  if (s.other) return 'You are already consulting: complete or cancel that transfer first.';
  if (!s.call || s.call.status !== 'connected') return 'Consult needs an answered call.';
  return null;
}
