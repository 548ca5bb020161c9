// Taking back a call the PBX held when this user's softphone went away
// mid-call (a reload, a closed or crashed tab, a dropped WebSocket;
// server/resume/hold.ts). The offer comes from the extension's live state
// (`resumable`); "Resume" dials the served dialplan's resume-<uuid>, which
// FreeSWITCH bridges back to the held party. Pure helpers; the Solid parts
// are in ResumeOffer.tsx.
import type { ResumableCall } from '../../../common/live.ts';
import type { PhoneEvent } from './machine.ts';

/** The served dialplan's address for taking `uuid` back (server/xmlcurl/resume.ts). */
export const resumeAddress = (uuid: string) => `resume-${uuid}`;

/** The offers still open at `now`, minus those this tab dismissed; the newest first. */
export const openOffers = (calls: ResumableCall[] | undefined, now: number, dismissed: ReadonlySet<string>): ResumableCall[] =>
  (calls ?? []).filter((c) => c.until > now && !dismissed.has(c.uuid)).sort((a, b) => b.until - a.until);

/** "Ben Okafor (1002)", or the number alone. */
export const partyOf = (call: Pick<ResumableCall, 'name' | 'number'>) =>
  call.name && call.name !== call.number ? `${call.name} (${call.number})` : call.number;

/** Whole seconds left, for the countdown. */
export const secondsLeft = (call: ResumableCall, now: number) => Math.max(0, Math.ceil((call.until - now) / 1000));

/**
 * JsSIP names an outgoing call after the address dialled; a resumed call is
 * shown as the party it is with instead.
 */
export function asResumedCall(event: PhoneEvent, resuming: { address: string; call: ResumableCall } | null): PhoneEvent {
  if (!resuming || event.type !== 'call-started' || event.direction !== 'outbound' || event.number !== resuming.address) return event;
  const name = resuming.call.name && resuming.call.name !== resuming.call.number ? resuming.call.name : null;
  return { ...event, number: resuming.call.number, name };
}
