// A call its agent took back after their softphone vanished mid-call
// (server/resume/) is one call on the agent's CDR page: the resuming leg's
// hangup lengthens the row of the leg that vanished (RESUME_OF names it) to
// the real end, instead of adding a second row. Idempotent: the end only
// ever moves later, so ESL and mod_json_cdr, on any number of nodes, may
// each deliver the same leg.
import type { Orm } from '../db/orm.ts';
import type { CallDetail } from '../pbx/events.ts';

const micros = (us: number) => new Date(Math.floor(us / 1000));

export async function continueResumedCalls(orm: Orm, legs: CallDetail[]): Promise<void> {
  if (!legs.length) return;
  const connection = orm.em.fork().getConnection();
  for (const leg of legs) {
    const end = micros(leg.endedAt);
    await connection.execute(
      `update "cdr" set
         "ended_at" = greatest("ended_at", ?::timestamptz),
         "duration" = greatest("duration", floor(extract(epoch from (?::timestamptz - "started_at")))::int),
         "billsec" = case when "answered_at" is null then "billsec"
                          else greatest("billsec", floor(extract(epoch from (?::timestamptz - "answered_at")))::int) end
       where "uuid" = ?`,
      [end, end, end, leg.resumeOf],
    );
  }
}
