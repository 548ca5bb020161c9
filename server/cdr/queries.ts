// Reading CDRs, always as one user of one tenant (both from the session):
// another user's call, a guessed uuid or another tenant's row is simply
// not found. The list walks the (tenant_id, user_id, started_at desc, uuid
// desc) index, keyset-paged, so page 2,000 costs what page 1 does.
import type { CdrRow } from '../../common/cdr.ts';
import { isUuid } from '../db/queries.ts';
import type { Em } from '../db/orm.ts';
import { CDR_COLUMNS, cdrRow, type CdrSqlRow } from './rows.ts';

export interface Owner {
  tenantId: string;
  userId: string;
}

/** A position in the newest-first list: the last row seen. */
export interface Cursor {
  startedAt: Date;
  uuid: string;
}

export interface CdrRange {
  /** Inclusive. */
  from?: Date | undefined;
  /** Exclusive. */
  to?: Date | undefined;
}

export function encodeCursor(row: CdrRow): string {
  return Buffer.from(`${row.startedAt}|${row.uuid}`).toString('base64url');
}

/** Undefined for anything that is not a cursor we handed out. */
export function decodeCursor(text: string): Cursor | undefined {
  const [at, uuid] = Buffer.from(text, 'base64url').toString('utf8').split('|');
  const startedAt = new Date(at ?? '');
  return uuid && isUuid(uuid) && !Number.isNaN(startedAt.getTime()) ? { startedAt, uuid } : undefined;
}

/** One page of the user's calls in the range, newest first, after `before` when given. */
export async function listCalls(em: Em, owner: Owner, range: CdrRange, limit: number, before?: Cursor): Promise<CdrRow[]> {
  const where = ['"tenant_id" = ?', '"user_id" = ?'];
  const params: unknown[] = [owner.tenantId, owner.userId];
  if (range.from) where.push('"started_at" >= ?'), params.push(range.from);
  if (range.to) where.push('"started_at" < ?'), params.push(range.to);
  if (before) where.push('("started_at", "uuid") < (?, ?)'), params.push(before.startedAt, before.uuid);
  params.push(limit);
  const rows = (await em.getConnection().execute(
    `select ${CDR_COLUMNS} from "cdr" where ${where.join(' and ')} order by "started_at" desc, "uuid" desc limit ?`,
    params,
    'all',
    em.getTransactionContext(),
  )) as CdrSqlRow[];
  return rows.map(cdrRow);
}

/** The recording's stored path of one of the user's calls; undefined when the call is not theirs or was not recorded. */
export async function recordingOf(em: Em, owner: Owner, uuid: string): Promise<string | undefined> {
  if (!isUuid(uuid)) return undefined;
  const [row] = (await em.getConnection().execute(
    'select "recording_path" from "cdr" where "uuid" = ? and "tenant_id" = ? and "user_id" = ?',
    [uuid, owner.tenantId, owner.userId],
    'all',
    em.getTransactionContext(),
  )) as { recording_path: string | null }[];
  return row?.recording_path ?? undefined;
}
