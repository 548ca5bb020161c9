// The faults, each an injector for measureFault: what is cut, for how long,
// and which stretches the PBX was unreachable from Switchboard (those the
// screens must show). PostgreSQL and Redis are only ever cut at their relay.
import { sleep, waitFor } from '../tests/helpers/wait.ts';
import type { Injected, Outage } from './measure.ts';
import type { Rig } from './rig.ts';

/** The event socket cut and restored `flaps` times, half a period each. */
export const eslFlaps =
  (flaps = 10, periodMs = 1000) =>
  async (rig: Rig): Promise<Injected> => {
    const outages: Outage[] = [];
    for (let i = 0; i < flaps; i++) {
      const from = Date.now();
      rig.esl.cut();
      await sleep(periodMs / 2);
      rig.esl.restore();
      outages.push({ from, to: Date.now() });
      await sleep(periodMs / 2);
    }
    return { outages, endedAt: Date.now() };
  };

/**
 * FreeSWITCH shut down (calls hang up) and started again from the same
 * folders; the phones register again (as theirs would when their refresh
 * fails). mod_callcenter starts from its own tables and Switchboard
 * provisions it again on the reconnect.
 */
export const freeswitchRestart = async (rig: Rig): Promise<Injected> => {
  const stopping = Date.now();
  await rig.stack.fs.stop({ keepDirs: true });
  // Unreachable from when its process is gone (while it shuts down it still answers on the event socket).
  const from = Date.now();
  await rig.stack.fs.restart();
  const up = Date.now();
  await rig.traffic.register();
  return {
    outages: [{ from, to: up }],
    endedAt: Date.now(),
    notes: [`FreeSWITCH took ${((from - stopping) / 1000).toFixed(1)} s to shut down and ${((up - from) / 1000).toFixed(1)} s to start`],
  };
};

/** Switchboard's PostgreSQL gone for `ms` as in a restart: every connection dropped, new ones refused. */
export const postgresCut =
  (ms = 5000) =>
  async (rig: Rig): Promise<Injected> => {
    rig.postgres.cut('refuse');
    await sleep(ms);
    await rig.postgres.restore();
    return { outages: [], endedAt: Date.now() };
  };

/** PostgreSQL slow: another session holds the CDR table exclusively for `ms` (every insert and read of it waits). */
export const postgresLock =
  (ms = 5000) =>
  async (rig: Rig): Promise<Injected> => {
    const db = await rig.judge.db.connect();
    try {
      await db.query('begin');
      await db.query('lock table cdr in access exclusive mode');
      await db.query('select pg_sleep($1)', [ms / 1000]);
      await db.query('commit');
    } finally {
      db.release();
    }
    return { outages: [], endedAt: Date.now() };
  };

/** Redis stopped for `ms` and started again, with two nodes: each node's adapter loses its connections. */
export const redisCut =
  (ms = 5000) =>
  async (rig: Rig): Promise<Injected> => {
    if (!rig.redis) throw new Error('the Redis fault needs a rig with a second node');
    rig.redis.cut('refuse');
    await sleep(ms);
    await rig.redis.restore();
    return { outages: [], endedAt: Date.now() };
  };

/** Waits until FreeSWITCH has at least one answered call (both legs up): "mid-call". */
export async function midCall(rig: Rig): Promise<void> {
  await waitFor(
    async () => {
      const rows = (JSON.parse(await rig.api('show channels as json')) as { rows?: { callstate: string }[] }).rows ?? [];
      return rows.filter((r) => r.callstate === 'ACTIVE').length >= 2;
    },
    15_000,
    'a call in progress',
    100,
  );
}
