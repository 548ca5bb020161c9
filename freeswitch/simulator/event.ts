// One fired event, shared by every connection: each format is serialised at
// most once, however many listeners receive it.
import { jsonFrame, plainFrame, xmlFrame, type HeaderList } from './wire.ts';

export type EventFormat = 'plain' | 'json' | 'xml';

export class SimEvent {
  private frames: Partial<Record<EventFormat, string>> = {};

  constructor(
    readonly name: string,
    readonly subclass: string | undefined,
    readonly headers: HeaderList,
    readonly body?: string,
  ) {}

  /** switch_event_get_header: names compare case-insensitively. */
  header(name: string): string | undefined {
    const h = this.headers;
    for (let i = 0; i < h.length; i += 2) if (h[i] === name) return h[i + 1];
    const lower = name.toLowerCase();
    for (let i = 0; i < h.length; i += 2) if (h[i]!.toLowerCase() === lower) return h[i + 1];
    return undefined;
  }

  frame(format: EventFormat): string {
    let frame = this.frames[format];
    if (frame === undefined) {
      const build = format === 'json' ? jsonFrame : format === 'xml' ? xmlFrame : plainFrame;
      frame = this.frames[format] = build(this.headers, this.body);
    }
    return frame;
  }
}

/** Microseconds since the Unix epoch, with sub-millisecond precision. */
export const realMicros = (): number => Math.round((performance.timeOrigin + performance.now()) * 1000);

const pad = (n: number) => (n < 10 ? '0' + n : String(n));

/** Stamps events the way switch_event_prep_for_delivery does. */
export class EventStamper {
  private sequence = 0;
  private cachedSecond = -1;
  private local = '';
  private gmt = '';

  constructor(
    readonly coreUuid: string,
    readonly hostname: string,
    readonly ipv4: string,
    private readonly clock: () => number,
  ) {}

  now(): number {
    return this.clock();
  }

  /** The standard headers every event starts with; `subclass` goes first, as FreeSWITCH puts it. */
  stamp(name: string, subclass: string | undefined, file: string, fn: string, line: number, at = this.clock()): HeaderList {
    const second = Math.floor(at / 1_000_000);
    if (second !== this.cachedSecond) {
      const d = new Date(second * 1000);
      this.cachedSecond = second;
      this.local = `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
      this.gmt = d.toUTCString();
    }
    const headers: HeaderList = subclass ? ['Event-Subclass', subclass, 'Event-Name', name] : ['Event-Name', name];
    headers.push(
      'Core-UUID', this.coreUuid,
      'FreeSWITCH-Hostname', this.hostname,
      'FreeSWITCH-Switchname', this.hostname,
      'FreeSWITCH-IPv4', this.ipv4,
      'FreeSWITCH-IPv6', '::1',
      'Event-Date-Local', this.local,
      'Event-Date-GMT', this.gmt,
      'Event-Date-Timestamp', String(at),
      'Event-Calling-File', file,
      'Event-Calling-Function', fn,
      'Event-Calling-Line-Number', String(line),
      'Event-Sequence', String(++this.sequence),
    );
    return headers;
  }
}

export const localDateTime = (micros: number) => {
  const d = new Date(Math.floor(micros / 1000));
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
};
