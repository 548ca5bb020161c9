// Every hung-up leg becomes a CDR through one door, recordCall, whichever
// way it arrives:
//   * ESL: every node hears CHANNEL_HANGUP_COMPLETE the moment it happens,
//     which is what makes the new row and the new balance appear live;
//   * HTTP: FreeSWITCH's mod_json_cdr posts the same CDR to
//     /freeswitch/cdr (server/http/freeswitch-cdr.ts), retrying and finally
//     spooling to disk while we are unreachable (replay: server/cdr/recovery.ts).
// An ESL outage therefore loses nothing, and a CDR heard twice is recorded
// once (see capture.ts). Only the call that actually inserted the row tells
// anyone, so every browser hears of it exactly once. Legs are written in
// batches (every leg of an event-loop turn, or that arrived while the last
// batch was written, in one transaction), and a tenant's "usage changed"
// is said at most once a second.
import type { CdrRow } from '../../common/cdr.ts';
import type { Orm } from '../db/orm.ts';
import type { Deliver } from '../live/reach.ts';
import type { Log } from '../log.ts';
import type { Pbx } from '../pbx/connection.ts';
import type { CallDetail } from '../pbx/events.ts';
import { MAX_BATCH, recordCall, recordCalls, type Recorded } from './capture.ts';

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

/**
 * A tenant's billing pages hear "usage changed" at most once per this many
 * ms: at once for the first call, then once more at the end of the interval
 * if calls were recorded meanwhile. It goes to every tab of the tenant and
 * each one reloads over REST, so one per hangup would be a broadcast storm.
 */
export const USAGE_INTERVAL_MS = 1000;

interface Waiting {
  cdr: CallDetail;
  resolve(r: Recorded | undefined): void;
  reject(err: Error): void;
}

export function startCdr(deps: {
  orm: Orm;
  pbx: Pick<Pbx, 'onEvent'>;
  log: Log;
  /** Live state; the new balance is 'every-node' (only the node that wrote the CDR knows). */
  deliver: Deliver;
  notify: CdrNotify;
}): CdrService {
  const { orm, log } = deps;
  const pending = new Set<Promise<unknown>>();
  // Legs wait here for the end of the event-loop turn, and while a batch is
  // being written: every leg of a turn (or that arrived during the previous
  // batch) goes into one transaction. At a low rate a batch is one leg and
  // nothing waits; under load the batches grow instead of the backlog.
  let queue: Waiting[] = [];
  let writing = false;
  let scheduled = false;
  /** Per tenant: when usage was last told, and whether more is to tell at the end of the interval. */
  const usage = new Map<string, { timer: NodeJS.Timeout | undefined; dirty: boolean }>();
  let closed = false;

  function usageChanged(tenantId: string) {
    const u = usage.get(tenantId);
    if (u) {
      u.dirty = true;
      return;
    }
    deps.notify.usage(tenantId);
    const entry: { timer: NodeJS.Timeout | undefined; dirty: boolean } = { timer: undefined, dirty: false };
    const tick = () => {
      if (entry.dirty && !closed) {
        entry.dirty = false;
        deps.notify.usage(tenantId);
        entry.timer = setTimeout(tick, USAGE_INTERVAL_MS);
      } else {
        usage.delete(tenantId);
      }
    };
    entry.timer = setTimeout(tick, USAGE_INTERVAL_MS);
    usage.set(tenantId, entry);
  }

  function schedule() {
    if (scheduled || writing || !queue.length) return;
    scheduled = true;
    setImmediate(() => {
      scheduled = false;
      void write();
    });
  }

  async function write(): Promise<void> {
    if (writing || !queue.length) return;
    writing = true;
    const batch = queue.slice(0, MAX_BATCH);
    queue = queue.slice(batch.length);
    let results: (Recorded | undefined)[] | undefined;
    try {
      results = await recordCalls(orm, batch.map((w) => w.cdr));
    } catch (err) {
      // One bad leg must not lose the others: write them one by one, each with its own answer.
      if (batch.length === 1) batch[0]!.reject(err as Error);
      else {
        for (const w of batch) {
          await recordCall(orm, w.cdr).then(
            (r) => settle([w], [r]),
            (e: Error) => w.reject(e),
          );
        }
      }
    }
    if (results) settle(batch, results);
    writing = false;
    schedule();
  }

  function settle(batch: Waiting[], results: (Recorded | undefined)[]) {
    /** The newest balance per tenant (the highest version) is the one to show. */
    const credit = new Map<string, NonNullable<Recorded['credit']>>();
    const tenants = new Set<string>();
    batch.forEach((w, i) => {
      const recorded = results[i];
      if (recorded) {
        if (recorded.credit && (credit.get(recorded.tenantId)?.version ?? -1) < recorded.credit.version) {
          credit.set(recorded.tenantId, recorded.credit);
        }
        if (recorded.userId) deps.notify.call(recorded.tenantId, recorded.userId, recorded.row);
        tenants.add(recorded.tenantId);
      }
      w.resolve(recorded);
    });
    for (const [tenantId, c] of credit) deps.deliver({ kind: 'credit-changed', tenantId, ...c }, 'every-node');
    for (const tenantId of tenants) usageChanged(tenantId);
  }

  function capture(cdr: CallDetail): Promise<Recorded | undefined> {
    const job = new Promise<Recorded | undefined>((resolve, reject) => queue.push({ cdr, resolve, reject }));
    schedule();
    return job;
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
      closed = true;
      for (const u of usage.values()) clearTimeout(u.timer);
      usage.clear();
    },
  };
}
