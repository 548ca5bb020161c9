// FreeSWITCH's own event stream, counted: a raw event socket of the bench's
// (tests/freeswitch/harness/esl-tap.ts, straight to FreeSWITCH, not
// Switchboard's) subscribed to every event. Each take() folds the frames
// received since the last one into counts and lets them go, so a minute of a
// thousand events a second is not kept in memory.
import { EslTap } from '../../tests/freeswitch/harness/esl-tap.ts';
import { countEvents, noEvents, type EventCounts } from './event-count.ts';

export interface EventTap {
  /** The events since the last take. */
  take(): EventCounts;
  close(): void;
}

export async function openEventTap(port: number, password: string): Promise<EventTap> {
  const tap = await EslTap.open(port);
  await tap.next((f) => f.headers.some(([n, v]) => n === 'Content-Type' && v === 'auth/request'), 5000, 'auth/request');
  await tap.command(`auth ${password}`);
  await tap.command('event plain ALL');
  return {
    take() {
      const frames = tap.untaken();
      tap.frames.length = 0;
      return countEvents(frames, noEvents());
    },
    close: () => tap.close(),
  };
}
