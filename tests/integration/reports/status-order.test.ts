// A break the resync found (taken while the event socket was down) and the
// status event that ends it right after the resync, heard back to back: both
// must land in agent_status_log, in that order, on a real PostgreSQL. The
// resync's write is "only if changed" against the last row, so a writer that
// let the later event's row land first would drop the break.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { openDatabase, type Database } from '../../../server/db/orm.ts';
import { seedDemo } from '../../../server/db/seed.ts';
import { startQueueFacts, type QueueFacts } from '../../../server/reports/service.ts';
import type { AgentStatus } from '../../../common/live.ts';
import type { PbxEvent } from '../../../server/pbx/events.ts';
import { freshDatabase, type FreshDatabase } from '../../helpers/db.ts';
import { waitFor } from '../../helpers/wait.ts';

const AGENT = '1004@acme.pbx.test';
let fresh: FreshDatabase;
let db: Database;
let facts: QueueFacts;
let emit: (event: PbxEvent) => void = () => undefined;
const warnings: string[] = [];

test.before(async () => {
  fresh = await freshDatabase();
  const em = fresh.orm.em.fork();
  await seedDemo(em);
  db = await openDatabase({ databaseUrl: fresh.url, dataDir: '/nonexistent-not-used-with-a-url' });
  facts = await startQueueFacts({
    orm: db.orm,
    listen: db.listen,
    pbx: { onEvent: (fn) => ((emit = fn), () => undefined) },
    live: { tenantIds: () => [], tenantState: () => undefined, tenantIdOfDomain: () => undefined },
    deliver: () => undefined,
    log: { warn: (m: string) => warnings.push(m) },
  });
});
test.after(async () => {
  await facts?.close();
  await db?.close();
  await fresh?.close();
});

/** mod_callcenter's tables read back after a reconnect, as the resync hears them: one agent in support. */
const resync = (at: number, agent: string, status: AgentStatus, lastStatusChange: number): PbxEvent => ({
  kind: 'resync', at, registrations: [], channels: [],
  callcenter: [{
    name: 'support@acme.pbx.test', callsAnswered: 0, callsAbandoned: 0, members: [], tiers: [],
    agents: [{ name: agent, status, state: 'Waiting', lastStatusChange, lastBridgeEnd: 0, wrapUpTime: 10 }],
  }],
});

const rows = async (agent = AGENT) =>
  (await db.orm.em.getConnection().execute(
    `select "status", extract(epoch from "started_at")::int as "at" from "agent_status_log" where "agent" = ? order by "started_at"`,
    [agent],
  )) as { status: string; at: number }[];

test("the resync's break and the next status event are both logged, in order", async () => {
  const t0 = Math.floor(Date.now() / 1000) - 600;
  emit(resync(t0 * 1e6 + 200e6, AGENT, 'On Break', t0 + 60));
  emit({ kind: 'agent-status-change', at: (t0 + 200) * 1e6, agent: AGENT, status: 'Available' });

  await waitFor(async () => (await rows()).length >= 2, 5000, 'two status rows');
  assert.equal(await rows(), [
    { status: 'On Break', at: t0 + 60 },
    { status: 'Available', at: t0 + 200 },
  ]);
  assert.equal(warnings, []);
});

test('changes heard in one turn land in one batch, before a resync heard after them, which then repeats nothing', async () => {
  const agent = '1005@acme.pbx.test';
  const t0 = Math.floor(Date.now() / 1000) - 300;
  emit({ kind: 'agent-status-change', at: (t0 + 10) * 1e6, agent, status: 'On Break' });
  emit({ kind: 'agent-status-change', at: (t0 + 20) * 1e6, agent, status: 'Available' });
  emit(resync((t0 + 30) * 1e6, agent, 'Available', t0 + 25));
  await waitFor(async () => (await rows(agent)).length >= 2, 5000, 'two status rows');
  await new Promise((resolve) => setTimeout(resolve, 300));
  assert.equal(await rows(agent), [
    { status: 'On Break', at: t0 + 10 },
    { status: 'Available', at: t0 + 20 },
  ]);
  assert.equal(warnings, []);
});

test('a change heard after a resync, in the same turn, goes in after the resync\'s', async () => {
  const agent = '1006@acme.pbx.test';
  const t0 = Math.floor(Date.now() / 1000) - 200;
  emit({ kind: 'agent-status-change', at: (t0 + 10) * 1e6, agent, status: 'Available' });
  emit(resync((t0 + 30) * 1e6, agent, 'On Break', t0 + 20));
  emit({ kind: 'agent-status-change', at: (t0 + 40) * 1e6, agent, status: 'Logged Out' });
  await waitFor(async () => (await rows(agent)).length >= 3, 5000, 'three status rows');
  assert.equal(await rows(agent), [
    { status: 'Available', at: t0 + 10 },
    { status: 'On Break', at: t0 + 20 },
    { status: 'Logged Out', at: t0 + 40 },
  ]);
  assert.equal(warnings, []);
});

test.run();
