// A three-way call: the softphone moves its two calls into a conference
// room by REFERring each far end to the room's number, then dials it
// itself. The number is `3way-` and 32 hex digits the browser drew at
// random, so nobody else can guess it; the conference is named after the
// tenant's domain too, so one tenant's room is never another's. Pure.
import type { Action } from './dialplan.ts';

const ROOM = /^3way-[0-9a-f]{32}$/;

/** The room a dialled number names, or null. */
export const threeWayRoom = (destination: string): string | null => (ROOM.test(destination) ? destination : null);

/** conference.conf.xml's profile for these rooms. */
export const CONFERENCE_PROFILE = 'switchboard';

export function threeWayActions(room: string, domain: string): Action[] {
  if (!ROOM.test(room) || !/^[A-Za-z0-9.-]+$/.test(domain)) throw new Error(`not a three-way room: ${JSON.stringify(`${room}@${domain}`)}`);
  return [
    ['answer'],
    // The room ends with its last member: the two others go on talking when the agent drops out.
    ['conference', `${room}-${domain}@${CONFERENCE_PROFILE}`],
    ['hangup'],
  ];
}
