// The benches' own databases are created and dropped through PostgreSQL's
// maintenance database; one short-lived connection per statement.
import knex from 'knex';

export const ADMIN_URL = process.env.BENCH_ADMIN_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** Runs one statement (create/drop database) on the maintenance database. */
export async function admin(sql: string): Promise<void> {
  const k = knex({ client: 'pg', connection: ADMIN_URL, pool: { min: 0, max: 1 } });
  try {
    await k.raw(sql);
  } finally {
    await k.destroy();
  }
}

/** The q-quantile of ascending `sorted` (nearest rank below). */
export const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
