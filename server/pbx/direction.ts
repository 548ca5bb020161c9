// Two directions that read alike and mean opposite things for the same leg.
// FreeSWITCH's Call-Direction is its own point of view: a phone's own leg is
// "inbound" (it came in to FreeSWITCH), a leg it rings towards a phone is
// "outbound". A call record's direction is the phone's: "outbound" when the
// phone placed the call, "inbound" when it rang. Both are the same strings on
// the wire, so each is branded: one cannot be assigned to the other, and a
// bare string becomes one only through the function that says which view it
// is. Pinned by tests/types/directions.test-d.ts.
import type { CdrDirection } from '../../common/cdr.ts';

declare const view: unique symbol;

/** Channel.direction: FreeSWITCH's Call-Direction (`show channels` direction). */
export type FsDirection = ('inbound' | 'outbound') & { readonly [view]: 'freeswitch' };

/**
 * CallDetail.direction: the local phone's point of view. A CdrDirection (what
 * the cdr table and the wire keep) once recorded; not a FreeSWITCH direction.
 */
export type PhoneDirection = CdrDirection & { readonly [view]: 'phone' };

/** FreeSWITCH's Call-Direction; anything but "outbound" is inbound, as before. */
export const fsDirection = (value: string | undefined): FsDirection => (value === 'outbound' ? 'outbound' : 'inbound') as FsDirection;

/** The phone's view: "outbound" when the leg's phone placed the call. */
export const phoneDirection = (placedByPhone: boolean): PhoneDirection => (placedByPhone ? 'outbound' : 'inbound') as PhoneDirection;
