// What the softphone says to screen-reader users as its state changes: an
// incoming call at once (assertive), everything else politely. Compares the
// state before and after each event; remembers only whether a lost
// registration was already said, so JsSIP's reconnect attempts are not
// announced one by one.
import type { Politeness } from '../access/announce.ts';
import type { Call, PhoneState } from './machine.ts';

export interface Spoken {
  text: string;
  politeness: Politeness;
}

const who = (call: Call) => (call.name ? `${call.name}, ${call.number}` : call.number);

export interface PhoneAnnouncer {
  /** What to say for this change; `extension` is the one registered, `answerHint` follows an incoming call's line. */
  (before: PhoneState, after: PhoneState, extension: string | null, answerHint: string | null): Spoken[];
  /** A new registration attempt by the user: its failure is news again. */
  reset(): void;
}

export function createPhoneAnnouncer(): PhoneAnnouncer {
  let lossSaid = false;
  const say = (before: PhoneState, after: PhoneState, extension: string | null, answerHint: string | null): Spoken[] => {
    const out: Spoken[] = [];
    const polite = (text: string) => out.push({ text, politeness: 'polite' });

    const was = before.registration.status;
    const now = after.registration.status;
    if (now !== was) {
      if (now === 'registered') {
        polite(lossSaid ? `Softphone registered again${extension ? ` as ${extension}` : ''}.` : `Softphone registered${extension ? ` as ${extension}` : ''}.`);
        lossSaid = false;
      } else if (now === 'failed' && !lossSaid) {
        lossSaid = true;
        polite(`Softphone not registered: ${after.registration.reason ?? 'no reason given'}`);
      }
    }

    const b = before.call;
    const a = after.call;
    if (a && (!b || b.id !== a.id)) {
      // The second line came to the front: a swap, or the other call ended.
      if (before.other?.id === a.id) polite(after.other ? `Now talking to ${who(a)}; ${who(after.other)} on hold.` : `${who(a)} is on hold.`);
      else if (a.consultation && after.other) polite(`${who(after.other)} on hold. Calling ${who(a)}.`);
      else if (a.direction === 'inbound') out.push({ text: `Incoming call from ${who(a)}.${answerHint ? ` ${answerHint}` : ''}`, politeness: 'assertive' });
      else polite(`Calling ${who(a)}.`);
    } else if (a && b) {
      if (a.status === 'connected' && b.status !== 'connected') polite(`Call connected with ${who(a)}.`);
      if (a.muted !== b.muted) polite(a.muted ? 'Microphone muted.' : 'Microphone on.');
      if (a.held !== b.held) polite(a.held ? 'Call on hold.' : 'Call resumed.');
    }
    // How a call ended, a transfer done, a call that could not start: the notice's own words.
    if (after.notice && after.notice !== before.notice && after.notice.text !== before.notice?.text) polite(after.notice.text);
    return out;
  };
  return Object.assign(say, { reset: () => void (lossSaid = false) });
}
