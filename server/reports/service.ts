// Queue facts in, today's figures out. Every node writes what it hears
// (callcenter::info events, members' CDRs from ESL or mod_json_cdr, the
// resync's truth) through record.ts, where each fact lands once; a write
// that changed a visit notifies every node through PostgreSQL, and each
// node then reads that queue's figures for today again (one aggregate per
// queue, batched per event-loop turn) and folds them into its live state.
// So the wallboard counts what was stored, not what this node happened to
// hear: the same after a restart, an ESL outage or on another node.
import type { Database, Orm } from '../db/orm.ts';
import type { Listener } from '../db/listen.ts';
import type { Deliver } from '../live/reach.ts';
import type { LiveStore } from '../live/store.ts';
import type { Log } from '../log.ts';
import type { Pbx } from '../pbx/connection.ts';
import type { CallDetail, PbxEvent } from '../pbx/events.ts';
import { mergeVisit, statusesOfResync, visitOfCdr, visitOfEvent, visitsOfResync, type StatusFact, type VisitFact } from './facts.ts';
import { MAX_VISITS, QUEUE_FACTS_CHANNEL, recordStatuses, recordStatusesIfChanged, recordVisit, recordVisits } from './record.ts';
import { DEFAULT_SERVICE_LEVEL_SECONDS } from '../live/state.ts';
import { emptyToday, localDay, readToday } from './today.ts';

export interface QueueFacts {
  /** A CDR arrived (mod_json_cdr over HTTP): a queue member's leg completes its visit. */
  cdr(detail: CallDetail): Promise<void>;
  /** Today's figures of every queue read again (start, midnight, a missed notification). */
  reloadAll(): Promise<void>;
  close(): Promise<void>;
}

/** Today's figures are read again at most this often (ms) while facts keep coming. */
export const REREAD_INTERVAL_MS = 250;

const domainOf = (name: string) => name.slice(name.lastIndexOf('@') + 1).toLowerCase();

export async function startQueueFacts(deps: {
  orm: Orm;
  listen: Database['listen'];
  pbx: Pick<Pbx, 'onEvent'>;
  live: Pick<LiveStore, 'tenantIds' | 'tenantState' | 'tenantIdOfDomain'>;
  deliver: Deliver;
  log: Pick<Log, 'warn'>;
}): Promise<QueueFacts> {
  const { orm, live, log } = deps;
  const pending = new Set<Promise<unknown>>();
  let closed = false;
  const track = (job: Promise<unknown>, what: string) => {
    const p = job.catch((err: Error) => log.warn(`queue report: ${what} not recorded: ${err.message}`));
    pending.add(p);
    void p.finally(() => pending.delete(p));
  };

  // Status changes are written in the order they were heard: the resync's
  // "only if changed" check would otherwise see a later event's row first and
  // drop the change it found (a break taken while we were away).
  let statuses: Promise<unknown> = Promise.resolve();
  const inOrder = (write: () => Promise<void>) => (statuses = statuses.catch(() => undefined).then(write));
  // Changes heard while the write before is still going wait in one batch,
  // which takes its place in that order when it is started: under load the
  // batches grow instead of the statements.
  let filling: StatusFact[] | undefined;
  const status = (fact: StatusFact) => {
    if (!filling) {
      const batch: StatusFact[] = (filling = []);
      track(
        inOrder(async () => {
          if (filling === batch) filling = undefined;
          await recordStatuses(orm, batch);
        }),
        'status changes',
      );
    }
    filling.push(fact);
  };

  // Queues to read again, per tenant: at once after a quiet spell, then at
  // most every REREAD_INTERVAL_MS, so a busy PBX costs the wallboard a few
  // reads a second, not one per fact (and one patch per queue, not per fact).
  let stale = new Map<string, Set<string>>();
  let flushTimer: NodeJS.Timeout | undefined;
  let lastFlush = 0;
  const threshold = (tenantId: string) => [...(live.tenantState(tenantId)?.queues.values() ?? [])][0]?.thresholdSeconds ?? DEFAULT_SERVICE_LEVEL_SECONDS;
  // One read at a time per tenant, in order: an older read that finished last would show older figures.
  const reads = new Map<string, Promise<void>>();
  const readInTurn = (tenantId: string, queues: string[] | undefined): Promise<void> => {
    const next = (reads.get(tenantId) ?? Promise.resolve()).catch(() => undefined).then(() => reread(tenantId, queues));
    reads.set(tenantId, next);
    void next.finally(() => reads.get(tenantId) === next && reads.delete(tenantId)).catch(() => undefined);
    return next;
  };

  async function reread(tenantId: string, queues: string[] | undefined): Promise<void> {
    const state = live.tenantState(tenantId);
    if (!state) return;
    const names = queues ?? [...state.queues.keys()];
    const today = await readToday(orm.em.fork(), tenantId, queues, threshold(tenantId));
    const day = localDay(new Date()).day;
    for (const queue of names) {
      if (state.queues.has(queue)) deps.deliver({ kind: 'queue-today', tenantId, queue, today: today.get(queue) ?? emptyToday(day) }, 'this-node');
    }
  }

  function markStale(tenantId: string, queue: string) {
    const set = stale.get(tenantId) ?? new Set();
    set.add(queue);
    stale.set(tenantId, set);
    if (flushTimer) return;
    flushTimer = setTimeout(() => {
      flushTimer = undefined;
      lastFlush = Date.now();
      const due = stale;
      stale = new Map();
      for (const [tenantId, queues] of due) track(readInTurn(tenantId, [...queues]), `today's figures of ${[...queues].join(', ')}`);
    }, Math.max(0, lastFlush + REREAD_INTERVAL_MS - Date.now()));
  }

  async function reloadAll(): Promise<void> {
    await Promise.all(live.tenantIds().map((id) => readInTurn(id, undefined)));
  }

  // Visit facts wait here for the end of the event-loop turn, and while a
  // batch is written: each batch is one statement (a caller's join, answer
  // and end heard in one read of the ESL stream become one row change), so
  // under load the batches grow instead of the statements.
  let waiting = new Map<string, VisitFact>();
  let writing = false;
  let scheduled = false;
  const visit = (fact: VisitFact) => {
    const known = waiting.get(fact.memberUuid);
    waiting.set(fact.memberUuid, known ? mergeVisit(known, fact) : fact);
    if (scheduled || writing) return;
    scheduled = true;
    setImmediate(writeVisits);
  };
  function writeVisits() {
    scheduled = false;
    if (writing || !waiting.size) return;
    writing = true;
    const all = [...waiting.values()];
    const batch = all.slice(0, MAX_VISITS);
    waiting = new Map(all.slice(MAX_VISITS).map((f) => [f.memberUuid, f]));
    const job = recordVisits(orm, batch).finally(() => {
      writing = false;
      if (waiting.size && !scheduled) {
        scheduled = true;
        setImmediate(writeVisits);
      }
    });
    track(job, `${batch.length} queue visit(s)`);
  }

  const cdrVisit = (detail: CallDetail) =>
    visitOfCdr(detail.queueVisit!, detail.uuid, Math.floor(detail.endedAt / 1_000_000), detail.callerIdName, detail.callerIdNumber);

  const wrapUp = (agent: string) => {
    const tenantId = live.tenantIdOfDomain(domainOf(agent));
    return tenantId === undefined ? undefined : live.tenantState(tenantId)?.wrapUp.get(agent);
  };

  function onEvent(event: PbxEvent) {
    if (closed) return;
    switch (event.kind) {
      case 'agent-status-change':
        status({ agent: event.agent, at: event.at, status: event.status });
        return;
      case 'channel-hangup-complete':
        if (event.cdr.queueVisit) visit(cdrVisit(event.cdr));
        return;
      case 'resync':
        if (!event.callcenter) return;
        filling = undefined; // what is heard after the resync goes in after it
        track(
          inOrder(() => recordStatusesIfChanged(orm, statusesOfResync(event.callcenter!))),
          "the resync's statuses",
        );
        track(
          (async () => {
            const found = visitsOfResync(event.callcenter!);
            for (let i = 0; i < found.length; i += MAX_VISITS) await recordVisits(orm, found.slice(i, i + MAX_VISITS));
            // Notifications may have been missed while the link was down: read every queue again.
            await reloadAll();
          })(),
          'the resync',
        );
        return;
      default: {
        if (!('queue' in event) || event.kind === 'members-count') return;
        const fact = visitOfEvent(event, wrapUp);
        if (fact) visit(fact);
      }
    }
  }

  const stopEvents = deps.pbx.onEvent(onEvent);
  let listener: Listener | undefined;
  listener = await deps.listen({
    channel: QUEUE_FACTS_CHANNEL,
    onMessage: (payload) => {
      try {
        const [tenantId, queue] = JSON.parse(payload) as [string, string];
        if (!closed) markStale(tenantId, queue);
      } catch {
        log.warn(`queue report: unreadable notification ${payload.slice(0, 80)}`);
      }
    },
    onGap: () => track(reloadAll(), "every queue's figures"),
    onError: (m) => log.warn(`queue report: ${m}`),
  });

  // A new day starts from zero on screen even for a queue nobody calls.
  let midnight: NodeJS.Timeout | undefined;
  const atMidnight = () => {
    const now = new Date();
    const next = new Date(now.getFullYear(), now.getMonth(), now.getDate() + 1, 0, 0, 1);
    midnight = setTimeout(() => {
      track(reloadAll(), "the new day's figures");
      atMidnight();
    }, next.getTime() - now.getTime());
    midnight.unref();
  };
  atMidnight();

  const facts: QueueFacts = {
    // A failure throws: mod_json_cdr retries the post (its CDR is recorded idempotently too).
    async cdr(detail) {
      if (!detail.queueVisit || closed) return;
      await recordVisit(orm, cdrVisit(detail));
    },
    reloadAll,
    async close() {
      closed = true;
      stopEvents();
      clearTimeout(flushTimer);
      // The facts already heard are written before the database closes.
      while (waiting.size || writing || scheduled) {
        if (!writing && !scheduled) writeVisits();
        await Promise.all(pending);
        await new Promise((resolve) => setImmediate(resolve));
      }
      clearTimeout(midnight);
      await listener?.close();
      listener = undefined;
      while (pending.size) await Promise.all(pending);
    },
  };
  await reloadAll();
  return facts;
}
