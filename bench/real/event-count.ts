// Counting what FreeSWITCH produced on a raw event socket (`event plain
// ALL`), by name, and how many of those Switchboard subscribes to
// (server/pbx/parse.ts PARSED_EVENTS): the judge of "events per second" is
// FreeSWITCH's own stream, not what Switchboard says it read.
import { PARSED_EVENTS } from '../../server/pbx/parse.ts';
import { contentType, type TapFrame } from '../../tests/freeswitch/harness/esl-tap.ts';

/** An event's name as counted: the Event-Name, or `CUSTOM <subclass>`; undefined for a frame that is no event. */
export function eventKey(frame: TapFrame): string | undefined {
  if (contentType(frame) !== 'text/event-plain') return undefined;
  const header = (name: string) => {
    const m = new RegExp(`^${name}: (.*)$`, 'm').exec(frame.body);
    return m ? decodeURIComponent(m[1]!) : undefined;
  };
  const name = header('Event-Name');
  if (!name) return undefined;
  return name === 'CUSTOM' ? `CUSTOM ${header('Event-Subclass') ?? ''}` : name;
}

const SUBSCRIBED = new Set([...PARSED_EVENTS.names, ...PARSED_EVENTS.subclasses.map((s) => `CUSTOM ${s}`)]);

/** Whether Switchboard subscribes to events of this key. */
export const subscribed = (key: string): boolean => SUBSCRIBED.has(key);

export interface EventCounts {
  all: number;
  /** Those Switchboard subscribes to. */
  subscribed: number;
  byName: Record<string, number>;
}

export const noEvents = (): EventCounts => ({ all: 0, subscribed: 0, byName: {} });

/** Adds the frames' events into `into`. */
export function countEvents(frames: TapFrame[], into: EventCounts): EventCounts {
  for (const frame of frames) {
    const key = eventKey(frame);
    if (!key) continue;
    into.all++;
    if (subscribed(key)) into.subscribed++;
    into.byName[key] = (into.byName[key] ?? 0) + 1;
  }
  return into;
}
