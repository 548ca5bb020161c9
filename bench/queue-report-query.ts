// The queue reports on a year of facts: one realistic tenant (4 queues, 50
// agents, about 30,000 queue calls a month — 365,000 visits — and each
// agent's status changes, 8 a day), generated set-based in its own
// database, then the report queries the pages run — per queue and per
// agent, for a day at 15 minutes, a week by the hour and a month by the day
// (the longest ranges the interval caps allow besides) — and today's
// wallboard aggregate, timed over repeated runs, with their plans.
//   npx tsx bench/queue-report-query.ts [calls-per-month]
// measureQueueReports() is what a runner can call.
import { randomBytes } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import { ADMIN_URL, admin, quantile } from './pg-admin.ts';
import { openDatabase } from '../server/db/orm.ts';
import { seedDemo } from '../server/db/seed.ts';
import { agentReport, queueReport, type ReportRange } from '../server/reports/queries.ts';
import { readToday } from '../server/reports/today.ts';

const RUNS = 20;
const AGENTS = 50;
const QUEUES = ['sales', 'support', 'billing', 'retention'];

export interface Timing {
  median: number;
  p95: number;
  max: number;
}

export interface QueueReportResult {
  visits: number;
  statusRows: number;
  seedSeconds: number;
  timings: { name: string; ms: Timing }[];
  plans: { name: string; plan: string }[];
}

async function time(run: () => Promise<unknown>): Promise<Timing> {
  await run(); // warm the plan and the cache once
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    await run();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  const round = (v: number) => Math.round(v * 100) / 100;
  return { median: round(quantile(times, 0.5)), p95: round(quantile(times, 0.95)), max: round(times[times.length - 1]!) };
}

const day = (d: Date) => `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;

export async function measureQueueReports(callsPerMonth = 30_000): Promise<QueueReportResult> {
  const name = `sb_bench_qr_${randomBytes(4).toString('hex')}`;
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  await admin(`create database "${name}"`);
  try {
    const db = await openDatabase({ databaseUrl: url.href, dataDir: '/unused' });
    try {
      await seedDemo(db.orm.em.fork());
      const conn = db.orm.em.getConnection();
      const [tenant] = (await conn.execute(`select "id", "domain" from "tenants" where "domain" = 'acme.pbx.test'`)) as { id: string; domain: string }[];
      const t = tenant!;
      const seeded = performance.now();
      // The agents are extensions 2001…2050 (agents are named after their extension).
      await conn.execute(
        `insert into "extensions" ("id", "tenant_id", "number", "sip_password", "caller_id_name")
         select gen_random_uuid(), ?, (2000 + i)::text, md5(i::text), 'Agent ' || i from generate_series(1, ?) as i`,
        [t.id, AGENTS],
      );
      // A call every (30 days / calls) back from now for a year: 80 % answered
      // after 0–59 s and talking 30–629 s, 20 % abandoned after 5–124 s.
      const visits = Math.round((callsPerMonth * 365) / 30);
      const gap = (30 * 86_400) / callsPerMonth;
      await conn.execute(
        `insert into "queue_calls" ("member_uuid", "tenant_id", "queue", "session_uuid", "cid_name", "cid_number", "joined_at",
           "answered_at", "ended_at", "agent", "outcome", "cancel_reason", "wrap_up_seconds")
         select gen_random_uuid()::text, ?, (array[${QUEUES.map((q) => `'${q}'`).join(',')}])[1 + i % ${QUEUES.length}],
           gen_random_uuid()::text, 'Caller ' || (i % 1000), '+1415555' || lpad((i % 10000)::text, 4, '0'), j.at,
           case when i % 5 <> 0 then j.at + make_interval(secs => i % 60) end,
           case when i % 5 <> 0 then j.at + make_interval(secs => i % 60 + 30 + i % 600) else j.at + make_interval(secs => 5 + i % 120) end,
           case when i % 5 <> 0 then (2000 + 1 + i % ?)::text || '@' || ? end,
           case when i % 5 <> 0 then 'answered' else 'abandoned' end,
           case when i % 5 = 0 then 'BREAK_OUT' end, 10
         from generate_series(1, ?) as i
         cross join lateral (select date_trunc('second', now()) - make_interval(secs => i * ?) as at) as j`,
        [t.id, AGENTS, t.domain, visits, gap],
      );
      // Each agent: 8 status changes a day, cycling Available → On Break (a reason) → Available → Logged Out.
      const perAgent = 8 * 365;
      await conn.execute(
        `insert into "agent_status_log" ("tenant_id", "agent", "started_at", "status", "reason")
         select ?, (2000 + a)::text || '@' || ?, date_trunc('second', now()) - make_interval(secs => k * 10800 + a * 37),
           (array['Available', 'On Break', 'Available', 'Logged Out'])[1 + k % 4],
           case when k % 4 = 1 then (array['Lunch', 'Coffee', 'Training', 'Meeting'])[1 + (k / 4) % 4] end
         from generate_series(1, ?) as a cross join generate_series(1, ?) as k`,
        [t.id, t.domain, AGENTS, perAgent],
      );
      await conn.execute('analyze "queue_calls"');
      await conn.execute('analyze "agent_status_log"');
      const seedSeconds = Math.round((performance.now() - seeded) / 100) / 10;

      const now = new Date();
      const ago = (days: number) => new Date(now.getFullYear(), now.getMonth(), now.getDate() - days);
      const timezone = Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
      const ranges: { name: string; range: ReportRange }[] = [
        { name: 'one day by 15 minutes', range: { tenantId: t.id, from: day(ago(40)), to: day(ago(40)), interval: '15m', timezone } },
        { name: '31 days by 15 minutes', range: { tenantId: t.id, from: day(ago(61)), to: day(ago(31)), interval: '15m', timezone } },
        { name: 'one week by the hour', range: { tenantId: t.id, from: day(ago(47)), to: day(ago(41)), interval: 'hour', timezone } },
        { name: 'one month by the day', range: { tenantId: t.id, from: day(ago(60)), to: day(ago(31)), interval: 'day', timezone } },
        { name: 'one year by the day', range: { tenantId: t.id, from: day(ago(364)), to: day(now), interval: 'day', timezone } },
      ];
      const timings: QueueReportResult['timings'] = [];
      for (const { name: label, range } of ranges) {
        timings.push({ name: `queues, ${label}`, ms: await time(() => queueReport(db.orm.em.fork(), range, 20)) });
        timings.push({ name: `agents, ${label}`, ms: await time(() => agentReport(db.orm.em.fork(), range)) });
      }
      timings.push({ name: "today's figures, one queue (the wallboard's read after each fact)", ms: await time(() => readToday(db.orm.em.fork(), t.id, ['sales'], 20)) });
      timings.push({ name: "today's figures, every queue (start-up, midnight)", ms: await time(() => readToday(db.orm.em.fork(), t.id, undefined, 20)) });

      const explain = async (sql: string, params: unknown[]) =>
        ((await conn.execute(`explain (analyze, buffers) ${sql}`, params)) as { 'QUERY PLAN': string }[]).map((r) => r['QUERY PLAN']).join('\n');
      const month = ranges[3]!.range;
      const plans = [
        {
          name: 'a month of one tenant\'s visits (the queue report\'s scan)',
          plan: await explain(
            `select count(*) from "queue_calls" where "tenant_id" = ? and "joined_at" >= (?::date::timestamp at time zone ?) and "joined_at" < ((?::date + 1)::timestamp at time zone ?)`,
            [t.id, month.from, timezone, month.to, timezone],
          ),
        },
        {
          name: "today's figures of one queue",
          plan: await explain(`select count(*) from "queue_calls" where "tenant_id" = ? and "queue" = 'sales' and "joined_at" >= ? and "joined_at" < ?`, [
            t.id,
            new Date(now.getFullYear(), now.getMonth(), now.getDate()),
            new Date(now.getFullYear(), now.getMonth(), now.getDate() + 1),
          ]),
        },
      ];
      const [{ n: statusRows }] = (await conn.execute(`select count(*)::int as n from "agent_status_log"`)) as [{ n: number }];
      return { visits, statusRows, seedSeconds, timings, plans };
    } finally {
      await db.close();
    }
  } finally {
    await admin(`drop database if exists "${name}" with (force)`);
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const result = await measureQueueReports(Number(process.argv[2] ?? 30_000));
  console.log(`${result.visits.toLocaleString()} queue visits and ${result.statusRows.toLocaleString()} agent status rows (one tenant, ${QUEUES.length} queues, ${AGENTS} agents, a year) seeded in ${result.seedSeconds} s`);
  console.log(`| query | median ms | p95 ms | max ms |\n|---|---:|---:|---:|`);
  for (const t of result.timings) console.log(`| ${t.name} | ${t.ms.median} | ${t.ms.p95} | ${t.ms.max} |`);
  for (const p of result.plans) console.log(`\n${p.name}:\n${p.plan}`);
  process.exit(result.timings.every((t) => t.ms.p95 < 1000) ? 0 : 1);
}
