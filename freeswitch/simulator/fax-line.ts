// mod_spandsp as the simulator plays it. `originate … &txfax(<tiff>)` creates
// an outbound channel that rings, is answered and, after a configurable
// delay, ends with spandsp::txfaxresult (or busy / no answer, when a test
// scripted it); receive() plays a fax machine calling an extension, whose
// pages rxfax writes as a real TIFF.
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { channelEvent } from './channel.ts';
import type { EventStamper, SimEvent } from './event.ts';
import { countTiffPages, parseOriginate, writeFaxTiff, type FaxOutcome, type ReceiveFaxOptions } from './fax.ts';
import { faxResultEvent } from './spandsp.ts';
import type { SimChannel } from './truth.ts';

const HANGUP_CAUSE: Record<'busy' | 'no-answer', string> = { busy: 'USER_BUSY', 'no-answer': 'NO_ANSWER' };

export class SimFaxLine {
  /** How long a fax call lasts from answer to the result event. */
  delayMs = 300;
  private readonly outcomes: FaxOutcome[] = [];
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(
    private readonly stamper: EventStamper,
    private readonly fire: (event: SimEvent) => void,
    private readonly channels: Map<string, SimChannel>,
    /** Where rxfax writes what it receives. */
    private readonly spoolDir: string,
  ) {}

  /** The next fax calls end like this, in order; then they succeed again. */
  failNext(...outcomes: FaxOutcome[]): void {
    this.outcomes.push(...outcomes);
  }

  stop(): void {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }

  /** Answers the api commands that are about fax calls; undefined for any other. */
  api(command: string): string | undefined {
    const [name = '', arg = ''] = command.trim().split(/\s+/);
    if (name === 'uuid_exists') return this.channels.has(arg) ? 'true' : 'false';
    if (name !== 'originate') return undefined;
    const o = parseOriginate(command);
    if (!o || o.app !== 'txfax') return undefined;
    return this.transmit(o.vars, o.dialString, o.appArg);
  }

  private later(ms: number, fn: () => void | Promise<void>): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      void fn();
    }, ms);
    this.timers.add(timer);
  }

  private transmit(vars: Record<string, string>, dialString: string, tiff: string): string {
    const uuid = vars.origination_uuid ?? randomUUID();
    const number = dialString.slice(dialString.lastIndexOf('/') + 1);
    const domain = vars.domain_name ?? '';
    const channel: SimChannel = {
      uuid,
      direction: 'outbound',
      domain,
      from: vars.origination_caller_id_number ?? '',
      to: number,
      extension: number,
      callerIdName: vars.origination_caller_id_name ?? '',
      callerIdNumber: vars.origination_caller_id_number ?? '',
      name: `sofia/gateway/${dialString}`,
      sipCallId: `${randomUUID()}@192.0.2.1`,
      networkIp: '192.0.2.1',
      createdAt: this.stamper.now(),
      answeredAt: 0,
      variables: { ...vars },
    };
    this.channels.set(uuid, channel);
    this.fire(channelEvent(this.stamper, channel, 'create'));
    const outcome = this.outcomes.shift() ?? 'ok';
    if (outcome === 'busy' || outcome === 'no-answer') {
      this.later(20, () => this.hangup(channel, HANGUP_CAUSE[outcome]));
      // What `bgapi originate` prints when the far end refuses.
      return `-ERR ${HANGUP_CAUSE[outcome]}\n`;
    }
    this.later(20, () => {
      channel.answeredAt = this.stamper.now();
      this.fire(channelEvent(this.stamper, channel, 'answer'));
      // txfax looks for the file first (mod_spandsp_fax.c): without it there is no
      // T.30 session and no txfaxresult at all, only the hangup, with txfax's words.
      if (!existsSync(tiff)) {
        this.later(20, () => this.hangup(channel, 'NORMAL_CLEARING', ['variable_current_application', 'txfax', 'variable_current_application_response', 'Cannot send non-existant fax file']));
        return;
      }
      this.later(this.delayMs, async () => {
        const total = await countTiffPages(tiff);
        const ok = outcome === 'ok' && total > 0;
        this.fire(
          faxResultEvent(this.stamper, channel, 'tx', {
            // A TIFF spandsp cannot read: the call drops with nothing sent.
            code: ok ? 0 : total > 0 ? 3 : 49,
            transferred: ok ? total : 0,
            total,
            remoteStationId: ok ? number : '',
            localStationId: vars.fax_ident ?? '',
            filename: tiff,
          }),
        );
        this.hangup(channel, 'NORMAL_CLEARING');
      });
    });
    return `+OK ${uuid}\n`;
  }

  /** `variables`: name, value pairs the hangup event carries besides the channel's own. */
  private hangup(channel: SimChannel, cause: string, variables: string[] = []): void {
    if (!this.channels.delete(channel.uuid)) return;
    const event = channelEvent(this.stamper, channel, 'hangup', { cause, at: this.stamper.now() });
    event.headers.push(...variables);
    this.fire(event);
  }

  /** A fax machine calls an extension; resolves after rxfaxresult was fired, with the TIFF written. */
  async receive(o: ReceiveFaxOptions): Promise<{ uuid: string; path: string }> {
    const uuid = randomUUID();
    const path = join(this.spoolDir, `rxfax-${uuid}.tif`);
    const channel: SimChannel = {
      uuid,
      direction: 'inbound',
      domain: o.domain,
      from: o.from,
      to: o.toExtension,
      extension: o.toExtension,
      callerIdName: o.remoteStationId ?? o.from,
      callerIdNumber: o.from,
      name: `sofia/external/${o.from}@192.0.2.2`,
      sipCallId: `${randomUUID()}@192.0.2.2`,
      networkIp: '192.0.2.2',
      createdAt: this.stamper.now(),
      answeredAt: 0,
    };
    this.channels.set(uuid, channel);
    this.fire(channelEvent(this.stamper, channel, 'create'));
    channel.answeredAt = this.stamper.now();
    this.fire(channelEvent(this.stamper, channel, 'answer'));
    await writeFaxTiff(path, o.pages, o.from);
    this.fire(
      faxResultEvent(this.stamper, channel, 'rx', {
        code: 0,
        transferred: o.pages,
        total: o.pages,
        remoteStationId: o.remoteStationId ?? o.from,
        localStationId: o.toExtension,
        filename: path,
      }),
    );
    this.hangup(channel, 'NORMAL_CLEARING');
    return { uuid, path };
  }
}
