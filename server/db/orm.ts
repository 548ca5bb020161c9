// Opens the database and brings its schema up to date. DATABASE_URL means a
// real PostgreSQL; without it an embedded PGlite keeps the data in a folder,
// so a newcomer needs nothing installed. Both speak PostgreSQL, so the same
// entities and hand-written migrations serve both.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { MikroORM, type EntityManager, type Options } from '@mikro-orm/core';
import { Migrator } from '@mikro-orm/migrations';
import { PostgreSqlDriver } from '@mikro-orm/postgresql';
import { PGliteDriver } from 'mikro-orm-pglite';
import { entities } from './entities/index.ts';
import { listenPglite, listenPostgres, type Listener, type ListenOptions } from './listen.ts';
import { migrationsList } from './migrations/index.ts';

// Typed as the driver-neutral core types so callers never care which of the
// two drivers is underneath; raw SQL goes through em.getConnection().execute.
export type Orm = MikroORM;
export type Em = EntityManager;

export interface DatabaseConfig {
  /** postgres://… of a real server; unset means embedded PGlite under dataDir. */
  databaseUrl?: string | undefined;
  dataDir: string;
  /** Log every SQL statement. */
  debug?: boolean;
}

export interface Database {
  orm: Orm;
  /** LISTEN for notifications other transactions commit (see listen.ts). */
  listen(options: ListenOptions): Promise<Listener>;
  close(): Promise<void>;
}

const common = (debug: boolean): Partial<Options> => ({
  entities,
  extensions: [Migrator],
  debug,
  // Entities are plain classes; nothing to discover from files or decorators.
  discovery: { warnWhenNoEntities: true },
  // Reads outside a request's forked EntityManager would share an identity map across users.
  allowGlobalContext: false,
  migrations: { migrationsList, transactional: true, allOrNothing: true, snapshot: false, silent: !debug },
});

export async function openDatabase(config: DatabaseConfig): Promise<Database> {
  const debug = config.debug ?? false;
  let orm: Orm;
  let pglite: PGlite | undefined;
  if (config.databaseUrl) {
    orm = (await MikroORM.init({
      ...common(debug),
      driver: PostgreSqlDriver,
      clientUrl: config.databaseUrl,
    } as Options<PostgreSqlDriver>)) as unknown as Orm;
  } else {
    const dir = join(config.dataDir, 'pglite');
    mkdirSync(dir, { recursive: true });
    // We own this PGlite (the driver only borrows it), so close() must close it too.
    const db = new PGlite(dir);
    pglite = db;
    orm = (await MikroORM.init({
      ...common(debug),
      driver: PGliteDriver,
      dbName: 'postgres',
      driverOptions: { connection: { pglite: () => db } },
    } as Options)) as unknown as Orm;
  }
  try {
    await orm.getMigrator().up();
  } catch (error) {
    await orm.close(true);
    await pglite?.close();
    throw error;
  }
  return {
    orm,
    listen: (options) => (pglite ? listenPglite(pglite, options) : listenPostgres(config.databaseUrl!, options)),
    async close() {
      await orm.close(true);
      await pglite?.close();
    },
  };
}
