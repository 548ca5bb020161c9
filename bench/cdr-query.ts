// The CDR page on a big table: 1,000,000 CDR rows across both demo tenants
// and all their extension owners (one set-based INSERT … SELECT
// generate_series, about a year of calls), then the first page of one user's
// calls for one month — the query GET /api/cdr runs (listCalls) — timed over
// repeated runs, with its plan. Own database, dropped at the end.
//   npx tsx bench/cdr-query.ts [rows]
// measureCdrQuery() is what the benchmark's runner can call.
import { randomBytes } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import { ADMIN_URL, admin, quantile } from './pg-admin.ts';
import { CDR_PAGE_SIZE } from '../common/cdr.ts';
import { listCalls } from '../server/cdr/queries.ts';
import { openDatabase } from '../server/db/orm.ts';
import { seedDemo } from '../server/db/seed.ts';

const RUNS = 50;

export interface CdrQueryResult {
  rows: number;
  seedSeconds: number;
  /** First page (50 rows) of one user's calls in one month, ms. */
  firstPageMs: { median: number; p95: number; max: number };
  /** The 40th page, reached by keyset from the 39th. */
  deepPageMs: number;
  plan: string;
}

export async function measureCdrQuery(rows = 1_000_000): Promise<CdrQueryResult> {
  const name = `sb_bench_cdr_${randomBytes(4).toString('hex')}`;
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  await admin(`create database "${name}"`);
  try {
    const db = await openDatabase({ databaseUrl: url.href, dataDir: '/unused' });
    try {
      await seedDemo(db.orm.em.fork());
      const conn = db.orm.em.getConnection();
      const seeded = performance.now();
      // Every owned extension of both tenants takes turns; one call every 31 s
      // back from now covers about a year. Whole seconds, as captured rows are.
      await conn.execute(
        `insert into "cdr" ("uuid", "tenant_id", "user_id", "extension", "direction", "status", "caller_id_name",
           "caller_id_number", "destination", "started_at", "answered_at", "ended_at", "duration", "billsec",
           "hangup_cause", "read_codec", "write_codec", "sip_call_id", "recording_path", "cost", "rate_prefix")
         select gen_random_uuid(), o."tenant_id", o."owner_id", o."number",
           case when i % 3 = 0 then 'inbound' else 'outbound' end,
           case when i % 7 = 0 then 'missed' when i % 11 = 0 then 'busy' else 'answered' end,
           'Caller ' || (i % 1000), o."number", '+1415555' || lpad((i % 10000)::text, 4, '0'),
           t.at, t.at + interval '4 seconds', t.at + make_interval(secs => 4 + i % 600), 4 + i % 600, i % 600,
           'NORMAL_CLEARING', 'PCMU', 'PCMU', md5(i::text) || '@192.0.2.10', null, null, null
         from generate_series(1, ?) as i
         cross join lateral (select date_trunc('second', now()) - make_interval(secs => i * 31) as at) as t
         join (select row_number() over (order by "tenant_id", "number") - 1 as k, count(*) over () as n, "tenant_id", "owner_id", "number"
               from "extensions" where "owner_id" is not null) as o on o.k = i % o.n`,
        [rows],
      );
      await conn.execute('analyze "cdr"');
      const seedSeconds = (performance.now() - seeded) / 1000;

      const [owner] = (await conn.execute(
        `select u."tenant_id", u."id" from "users" u where u."email" = 'agent@acme.test'`,
      )) as { tenant_id: string; id: string }[];
      const who = { tenantId: owner!.tenant_id, userId: owner!.id };
      const now = new Date();
      const month = { from: new Date(now.getFullYear(), now.getMonth() - 3, 1), to: new Date(now.getFullYear(), now.getMonth() - 2, 1) };
      const times: number[] = [];
      for (let run = 0; run < RUNS; run++) {
        const em = db.orm.em.fork();
        const t0 = performance.now();
        const page = await listCalls(em, who, month, CDR_PAGE_SIZE + 1);
        times.push(performance.now() - t0);
        if (page.length !== CDR_PAGE_SIZE + 1) throw new Error(`expected a full page, got ${page.length}`);
      }
      times.sort((a, b) => a - b);
      let before;
      for (let p = 0; p < 39; p++) {
        const page = await listCalls(db.orm.em.fork(), who, month, CDR_PAGE_SIZE, before);
        const last = page[page.length - 1]!;
        before = { startedAt: new Date(last.startedAt), uuid: last.uuid };
      }
      const t0 = performance.now();
      await listCalls(db.orm.em.fork(), who, month, CDR_PAGE_SIZE, before);
      const deepPageMs = performance.now() - t0;
      const plan = (
        (await conn.execute(
          `explain (analyze, buffers) select "uuid" from "cdr" where "tenant_id" = ? and "user_id" = ? and "started_at" >= ? and "started_at" < ?
           order by "started_at" desc, "uuid" desc limit ${CDR_PAGE_SIZE + 1}`,
          [who.tenantId, who.userId, month.from, month.to],
        )) as { 'QUERY PLAN': string }[]
      )
        .map((r) => r['QUERY PLAN'])
        .join('\n');
      return {
        rows,
        seedSeconds: Math.round(seedSeconds * 10) / 10,
        firstPageMs: { median: quantile(times, 0.5), p95: quantile(times, 0.95), max: times[times.length - 1]! },
        deepPageMs,
        plan,
      };
    } finally {
      await db.close();
    }
  } finally {
    await admin(`drop database if exists "${name}" with (force)`);
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const result = await measureCdrQuery(Number(process.argv[2] ?? 1_000_000));
  const ms = (v: number) => `${v.toFixed(2)} ms`;
  console.log(`${result.rows.toLocaleString()} CDR rows seeded in ${result.seedSeconds} s`);
  console.log(`first page, one user, one month: median ${ms(result.firstPageMs.median)}, p95 ${ms(result.firstPageMs.p95)}, max ${ms(result.firstPageMs.max)} (${RUNS} runs)`);
  console.log(`40th page by keyset: ${ms(result.deepPageMs)}`);
  console.log(result.plan);
  process.exit(result.firstPageMs.p95 < 50 ? 0 : 1);
}
