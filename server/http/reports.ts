// Queue and agent reports of the session's tenant, for its supervisors and
// admins: sums per interval over whole local days, as JSON or CSV.
//   GET /api/reports/queues?from=YYYY-MM-DD&to=YYYY-MM-DD&interval=15m|hour|day[&format=csv]
//   GET /api/reports/agents?…same…
import { Hono, type Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { reportQuerySchema, type ReportQuery } from '../../common/reports.ts';
import { describeIssue } from '../admin/parse.ts';
import { DEFAULT_SERVICE_LEVEL_SECONDS } from '../live/state.ts';
import { agentReportCsv, queueReportCsv } from '../reports/csv.ts';
import { agentReport, queueReport, serverTimezone, type ReportRange } from '../reports/queries.ts';
import type { AuthEnv, HttpDeps } from './deps.ts';
import { errorHandler } from './errors.ts';
import { requireRole, requireSession } from './guards.ts';

function query(c: Context): ReportQuery {
  const parsed = reportQuerySchema.safeParse(c.req.query());
  if (!parsed.success) throw new HTTPException(400, { message: describeIssue(parsed.error.issues[0]!) });
  return parsed.data;
}

const csv = (c: Context, name: string, q: ReportQuery, body: string) => {
  c.header('content-type', 'text/csv; charset=utf-8');
  c.header('content-disposition', `attachment; filename="${name}-${q.from}-to-${q.to}-${q.interval}.csv"`);
  return c.body(body, 200);
};

export function reportRoutes(deps: Pick<HttpDeps, 'orm' | 'config' | 'log'>) {
  const app = new Hono<AuthEnv>();
  app.onError(errorHandler(deps.log));
  app.use('/api/reports/*', requireSession(deps), requireRole('supervisor', 'admin'));
  const range = (c: Context<AuthEnv>, q: ReportQuery): ReportRange => ({
    tenantId: c.get('session').tenantId,
    from: q.from,
    to: q.to,
    interval: q.interval,
    timezone: serverTimezone(),
  });

  app.get('/api/reports/queues', async (c) => {
    const q = query(c);
    const report = await queueReport(deps.orm.em.fork(), range(c, q), DEFAULT_SERVICE_LEVEL_SECONDS);
    return q.format === 'csv' ? csv(c, 'queues', q, queueReportCsv(report)) : c.json(report, 200);
  });

  app.get('/api/reports/agents', async (c) => {
    const q = query(c);
    const report = await agentReport(deps.orm.em.fork(), range(c, q));
    return q.format === 'csv' ? csv(c, 'agents', q, agentReportCsv(report)) : c.json(report, 200);
  });
  return app;
}
