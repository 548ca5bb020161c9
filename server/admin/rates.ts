// A tenant's per-minute rates by E.164 prefix (the longest matching prefix
// prices an outside call, server/cdr/rating.ts), one at a time or as a CSV
// file. A file with any bad line changes nothing and says which lines.
import { parse as parseCsv } from 'csv-parse/sync';
import type { AdminRate, LineError, RateImportResult, RateSave } from '../../common/admin.ts';
import { rateImport, rateSave } from '../../common/admin.ts';
import { Rate } from '../db/entities/index.ts';
import type { Em } from '../db/orm.ts';
import { isUuid } from '../db/queries.ts';
import { audit, created, diff, removed } from './audit.ts';
import { AdminError, type AdminContext } from './context.ts';
import { describeIssue, parse } from './parse.ts';

export const NO_SUCH_RATE = 'There is no such rate in your organisation.';

/**
 * numeric(12,6) comes back with six decimals; the same rate written '0.01'
 * must compare equal. At most 12 significant digits: each decimal has its
 * own double, so comparing the numbers compares the decimals.
 */
const sameDecimal = (a: string, b: string) => Number(a) === Number(b);

export const adminRate = (r: Rate): AdminRate => ({
  id: r.id,
  prefix: r.prefix,
  perMinute: r.perMinute,
  firstIncrement: r.firstIncrement,
  increment: r.increment,
});

export async function listRates(em: Em, tenantId: string): Promise<AdminRate[]> {
  return (await em.find(Rate, { tenant: tenantId }, { orderBy: { prefix: 'asc' } })).map(adminRate);
}

async function rateOf(em: Em, tenantId: string, id: string): Promise<Rate> {
  const rate = isUuid(id) ? await em.findOne(Rate, { id, tenant: tenantId }) : null;
  if (!rate) throw new AdminError(404, NO_SUCH_RATE);
  return rate;
}

const fieldsOf = (r: Pick<Rate, 'perMinute' | 'firstIncrement' | 'increment'>) => ({
  perMinute: r.perMinute.replace(/(\.\d*?)0+$/, '$1').replace(/\.$/, ''),
  firstIncrement: r.firstIncrement,
  increment: r.increment,
});

export async function createRate(ctx: AdminContext, tenantId: string, body: RateSave): Promise<AdminRate> {
  const input = parse(rateSave, body);
  if (await ctx.em.count(Rate, { tenant: tenantId, prefix: input.prefix })) throw new AdminError(409, `There is already a rate for ${input.prefix}.`);
  const rate = ctx.em.create(Rate, { tenant: tenantId, ...input });
  audit(ctx, { tenantId, action: 'rate.create', target: `rate ${rate.prefix}`, changes: created(fieldsOf(rate)) });
  ctx.changes.touch(tenantId, 'rates');
  return adminRate(rate);
}

export async function updateRate(ctx: AdminContext, tenantId: string, id: string, body: RateSave): Promise<AdminRate> {
  const input = parse(rateSave, body);
  const rate = await rateOf(ctx.em, tenantId, id);
  if (input.prefix !== rate.prefix && (await ctx.em.count(Rate, { tenant: tenantId, prefix: input.prefix }))) {
    throw new AdminError(409, `There is already a rate for ${input.prefix}.`);
  }
  const changes = diff({ prefix: rate.prefix, ...fieldsOf(rate) }, { prefix: input.prefix, ...fieldsOf(input) });
  Object.assign(rate, input);
  if (Object.keys(changes).length) {
    audit(ctx, { tenantId, action: 'rate.update', target: `rate ${rate.prefix}`, changes });
    ctx.changes.touch(tenantId, 'rates');
  }
  return adminRate(rate);
}

export async function removeRate(ctx: AdminContext, tenantId: string, id: string): Promise<void> {
  const rate = await rateOf(ctx.em, tenantId, id);
  await ctx.em.nativeDelete(Rate, { id: rate.id });
  audit(ctx, { tenantId, action: 'rate.remove', target: `rate ${rate.prefix}`, changes: removed(fieldsOf(rate)) });
  ctx.changes.touch(tenantId, 'rates');
}

/** Thrown with every bad line of a file; nothing was changed. */
export class LineErrors extends AdminError {
  constructor(readonly lines: LineError[]) {
    super(400, `${lines.length} line${lines.length === 1 ? ' is' : 's are'} not valid; nothing was imported.`);
  }
}

const COLUMNS = { prefix: 'prefix', perminute: 'perMinute', firstincrement: 'firstIncrement', increment: 'increment' } as const;
const HEADER_HELP = 'The first line must name the columns: prefix,per_minute,first_increment,increment.';

/** The file's rates, or every line's problem. Pure. */
export function readRatesCsv(csv: string): { rates: RateSave[]; errors: LineError[] } {
  let records: { record: string[]; info: { lines: number } }[];
  try {
    // With `info`, each record comes with where it was read (csv-parse's types do not follow the option).
    records = parseCsv(csv, { info: true, skip_empty_lines: true, trim: true, relax_column_count: true, bom: true }) as unknown as typeof records;
  } catch (err) {
    const line = (err as { lines?: number }).lines ?? 1;
    return { rates: [], errors: [{ line, error: `This line is not CSV: ${(err as Error).message}` }] };
  }
  const [header, ...rows] = records;
  if (!header) return { rates: [], errors: [{ line: 1, error: 'The file has no lines.' }] };
  const columns = header.record.map((name) => COLUMNS[name.toLowerCase().replace(/[\s_-]/g, '') as keyof typeof COLUMNS]);
  const missing = Object.values(COLUMNS).filter((c) => !columns.includes(c));
  if (missing.length) return { rates: [], errors: [{ line: header.info.lines, error: `${HEADER_HELP} Missing: ${missing.join(', ')}.` }] };
  const rates: RateSave[] = [];
  const errors: LineError[] = [];
  const seen = new Map<string, number>();
  for (const { record, info } of rows) {
    const raw: Record<string, unknown> = {};
    columns.forEach((column, i) => {
      if (!column) return;
      const value = record[i] ?? '';
      raw[column] = column === 'firstIncrement' || column === 'increment' ? (/^\d+$/.test(value) ? Number(value) : value) : value;
    });
    const parsed = rateSave.safeParse(raw);
    if (!parsed.success) {
      errors.push({ line: info.lines, error: describeIssue(parsed.error.issues[0]!) });
      continue;
    }
    const earlier = seen.get(parsed.data.prefix);
    if (earlier) {
      errors.push({ line: info.lines, error: `${parsed.data.prefix} is already on line ${earlier}.` });
      continue;
    }
    seen.set(parsed.data.prefix, info.lines);
    rates.push(parsed.data);
  }
  if (rows.length === 0 && errors.length === 0) errors.push({ line: header.info.lines + 1, error: 'The file has a header but no rates.' });
  return { rates, errors };
}

export async function importRates(ctx: AdminContext, tenantId: string, body: { csv: string; replace?: boolean }): Promise<RateImportResult> {
  const input = parse(rateImport, body);
  const { rates, errors } = readRatesCsv(input.csv);
  if (errors.length) throw new LineErrors(errors);
  const result = await putRates(ctx, tenantId, rates, input.replace);
  audit(ctx, { tenantId, action: 'rate.import', target: `${rates.length} rate${rates.length === 1 ? '' : 's'}`, changes: { ...result, replace: input.replace } });
  return result;
}

/** Makes the tenant's rates include (or, with `replace`, equal) `rates`. Shared with `apply`. */
export async function putRates(ctx: AdminContext, tenantId: string, rates: RateSave[], replace: boolean): Promise<RateImportResult> {
  const existing = new Map((await ctx.em.find(Rate, { tenant: tenantId })).map((r) => [r.prefix, r]));
  const result: RateImportResult = { created: 0, updated: 0, removed: 0, unchanged: 0 };
  for (const rate of rates) {
    const found = existing.get(rate.prefix);
    existing.delete(rate.prefix);
    if (!found) {
      ctx.em.create(Rate, { tenant: tenantId, ...rate });
      result.created++;
    } else if (sameDecimal(found.perMinute, rate.perMinute) && found.firstIncrement === rate.firstIncrement && found.increment === rate.increment) {
      result.unchanged++;
    } else {
      Object.assign(found, rate);
      result.updated++;
    }
  }
  if (replace && existing.size) {
    await ctx.em.nativeDelete(Rate, { id: { $in: [...existing.values()].map((r) => r.id) } });
    result.removed = existing.size;
  }
  if (result.created || result.updated || result.removed) ctx.changes.touch(tenantId, 'rates');
  return result;
}
