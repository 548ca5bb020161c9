// A call its agent took back after a reload is one call on their CDR page:
// the resuming leg (switchboard_resume_of set by the served dialplan) adds
// no row, it lengthens the row of the leg that vanished to the real end; the
// same leg delivered again (ESL and mod_json_cdr, several nodes) changes
// nothing more. Real PostgreSQL.
import { randomUUID } from 'node:crypto';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { recordCall } from '../../../server/cdr/capture.ts';
import { phoneDirection } from '../../../server/pbx/direction.ts';
import type { CallDetail } from '../../../server/pbx/events.ts';
import { startTestServer, type TestServer } from '../../helpers/server.ts';

let server: TestServer;

test.before(async () => {
  server = await startTestServer();
});
test.after(async () => {
  await server?.close();
});

const sql = <T>(query: string, params: unknown[] = []) =>
  server.switchboard.orm.em.fork().getConnection().execute(query, params) as Promise<T[]>;

const S = 1_000_000;
const T0 = 1_796_600_000 * S;
const leg = (over: Partial<CallDetail>): CallDetail => ({
  uuid: randomUUID(),
  direction: phoneDirection(false),
  domain: 'acme.pbx.test',
  extension: '1001',
  callerIdName: 'Ben Okafor',
  callerIdNumber: '1002',
  destination: '1001',
  startedAt: T0,
  answeredAt: T0 + 2 * S,
  endedAt: T0 + 10 * S,
  duration: 10,
  billsec: 8,
  hangupCause: 'NORMAL_CLEARING',
  readCodec: 'opus',
  writeCodec: 'opus',
  sipCallId: randomUUID(),
  recordingPath: undefined,
  ...over,
});

test('the resumed leg lengthens the vanished leg\'s row: one row, billsec to the real end; twice is once', async () => {
  const vanished = leg({});
  assert.ok(await recordCall(server.switchboard.orm, vanished), 'the vanished leg is recorded');
  const resumed = leg({ direction: phoneDirection(true), destination: `resume-${randomUUID()}`, startedAt: T0 + 20 * S, answeredAt: T0 + 20 * S, endedAt: T0 + 62 * S, duration: 42, billsec: 42, resumeOf: vanished.uuid });
  assert.is(await recordCall(server.switchboard.orm, resumed), undefined, 'no row of its own');
  await recordCall(server.switchboard.orm, resumed);
  const rows = await sql<{ uuid: string; billsec: number; duration: number; ended_at: Date }>(
    `select uuid, billsec, duration, ended_at from cdr where uuid in (?, ?)`,
    [vanished.uuid, resumed.uuid],
  );
  assert.is(rows.length, 1);
  assert.is(rows[0]!.uuid, vanished.uuid);
  assert.is(rows[0]!.billsec, 60, 'from the first answer to the resumed end');
  assert.is(rows[0]!.duration, 62);
  assert.is(new Date(rows[0]!.ended_at).getTime(), (T0 + 62 * S) / 1000);
});

test('an earlier (stale) resumed leg never shortens the row', async () => {
  const vanished = leg({ endedAt: T0 + 30 * S, duration: 30, billsec: 28 });
  await recordCall(server.switchboard.orm, vanished);
  await recordCall(server.switchboard.orm, leg({ endedAt: T0 + 12 * S, resumeOf: vanished.uuid }));
  const [row] = await sql<{ billsec: number }>(`select billsec from cdr where uuid = ?`, [vanished.uuid]);
  assert.is(row!.billsec, 28);
});

test.run();
