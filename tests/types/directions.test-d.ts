// Type-level test, compiled (never run) by tests/unit/typecheck.test.ts:
// FreeSWITCH's Call-Direction and a call record's direction cannot be mixed
// up. Each `@ts-expect-error` line must be an error; if the types ever let
// it through, tsc reports the directive as unused and the typecheck fails.
import type { CdrDirection } from '../../common/cdr.ts';
import { fsDirection, phoneDirection, type FsDirection, type PhoneDirection } from '../../server/pbx/direction.ts';
import type { CallDetail, Channel } from '../../server/pbx/events.ts';

declare const channel: Channel;
declare const cdr: CallDetail;

// @ts-expect-error a channel's (FreeSWITCH's) direction is not a call record's (the phone's)
export const cdrFromChannel: CallDetail['direction'] = channel.direction;
// @ts-expect-error nor the other way round
export const channelFromCdr: Channel['direction'] = cdr.direction;
// @ts-expect-error a bare string says neither whose view it is
export const bareFs: FsDirection = 'inbound';
// @ts-expect-error
export const barePhone: PhoneDirection = 'outbound';
// @ts-expect-error building a call record from a channel's direction
export const mixed: Pick<CallDetail, 'direction'> = { direction: fsDirection('inbound') };

// What is allowed: the named constructors, and a recorded call's direction as the cdr column's.
export const fromFs: Channel['direction'] = fsDirection('outbound');
export const fromPhone: CallDetail['direction'] = phoneDirection(true);
export const column: CdrDirection = cdr.direction;
// Comparing with the words FreeSWITCH or the cdr table use still reads as before.
export const isPhoneLeg: boolean = channel.direction === 'inbound' && cdr.direction === 'outbound';
