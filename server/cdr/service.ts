// Every hung-up leg becomes a CDR through one door, recordCall, whichever
// way it arrives:
//   * ESL: every node hears CHANNEL_HANGUP_COMPLETE the moment it happens,
//     which is what makes the new row and the new balance appear live;
//   * HTTP: FreeSWITCH's mod_json_cdr posts the same CDR to
//     /freeswitch/cdr (server/http/freeswitch-cdr.ts), retrying and finally
//     spooling to disk while we are unreachable (replay: server/cdr/recovery.ts).
// An ESL outage therefore loses nothing, and a CDR heard twice is recorded
// once (see capture.ts). Only the call that actually inserted the row tells
// anyone, so every browser hears of it exactly once.
import type { CdrRow } from '../../common/cdr.ts';
import type { Orm } from '../db/orm.ts';
import type { AppEvent } from '../live/reduce.ts';
import type { Log } from '../log.ts';
import type { Pbx } from '../pbx/connection.ts';
import type { CallDetail } from '../pbx/events.ts';
import { recordCall, type Recorded } from './capture.ts';

export interface CdrNotify {
  /** A call of this user's was recorded: their CDR pages show it at once. */
  call(tenantId: string, userId: string, row: CdrRow): void;
  /** The tenant's usage changed: billing quota pages reload. */
  usage(tenantId: string): void;
}

export interface CdrService {
  /** Records one leg (idempotent); resolves with what was recorded, or undefined when it already was. */
  capture(cdr: CallDetail): Promise<Recorded | undefined>;
  close(): Promise<void>;
}

export function startCdr(deps: {
  orm: Orm;
  pbx: Pick<Pbx, 'onEvent'>;
  log: Log;
  /** Live state here and on every other node (the new balance). */
  publish(event: AppEvent): void;
  notify: CdrNotify;
}): CdrService {
  const { orm, log } = deps;
  const pending = new Set<Promise<unknown>>();

  async function capture(cdr: CallDetail): Promise<Recorded | undefined> {
    const recorded = await recordCall(orm, cdr);
    if (!recorded) return undefined;
    if (recorded.credit) {
      deps.publish({ kind: 'credit-changed', tenantId: recorded.tenantId, ...recorded.credit });
    }
    if (recorded.userId) deps.notify.call(recorded.tenantId, recorded.userId, recorded.row);
    deps.notify.usage(recorded.tenantId);
    return recorded;
  }

  const stop = deps.pbx.onEvent((event) => {
    if (event.kind !== 'channel-hangup-complete') return;
    const job = capture(event.cdr).catch((err: Error) =>
      // mod_json_cdr posts the same CDR, so this one is not lost; say why it failed here.
      log.warn(`CDR ${event.cdr.uuid} from ESL not recorded (mod_json_cdr will deliver it): ${err.message}`),
    );
    pending.add(job);
    void job.finally(() => pending.delete(job));
  });

  return {
    capture,
    async close() {
      stop();
      await Promise.all(pending);
    },
  };
}
