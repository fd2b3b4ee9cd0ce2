/**
 * Identifiers are snake_case in SQL and camelCase in JS, for models and plain knex queries alike
 * (`knexSnakeCaseMappers`); results of `knex.raw` keep the database's names.
 *
 * The one knex instance: PostgreSQL through `pg` when DATABASE_URL is set, otherwise embedded PGlite
 * (PostgreSQL compiled to WASM) with the pgvector extension, stored under DATA_DIR/pglite.
 */
import fs from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { vector } from '@electric-sql/pglite-pgvector';
import knexFactory, { type Knex } from 'knex';
import ClientPgLite from 'knex-pglite';
import { knexSnakeCaseMappers } from 'objection';
import pg from 'pg';
import type { Config } from '../config.js';
import { checkExtension, PGVECTOR } from './requirements.js';

// Return BIGINT (count(*), sums) as JS numbers: token and byte totals stay far below 2^53.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));
pg.types.setTypeParser(pg.types.builtins.NUMERIC, (v) => Number(v));

export type Db = Knex;

export interface DbHandle {
  knex: Knex;
  engine: 'postgres' | 'pglite';
  /** The embedded database itself (PGlite only): backups dump it with pglite-tools. */
  pglite?: PGlite;
  /** Closes the pool (and the embedded database, which otherwise keeps Node alive). */
  close(): Promise<void>;
}

/** Opens the database the config names. `pgliteDir: 'memory://'` gives a throwaway in-memory database. */
export async function openDb(config: Pick<Config, 'database'>): Promise<DbHandle> {
  const { url, ssl, poolMax, pgliteDir } = config.database;
  if (url) {
    const knex = knexFactory({
      client: 'pg',
      connection: { connectionString: url, ssl: ssl ? { rejectUnauthorized: true } : undefined },
      pool: { min: 0, max: poolMax },
      acquireConnectionTimeout: 10_000,
      ...knexSnakeCaseMappers(),
    });
    try {
      await checkExtension(knex, PGVECTOR);
    } catch (err) {
      await knex.destroy();
      throw err;
    }
    return { knex, engine: 'postgres', close: () => knex.destroy() };
  }
  if (!pgliteDir.startsWith('memory://')) fs.mkdirSync(pgliteDir, { recursive: true });
  const pglite = await PGlite.create(pgliteDir, { extensions: { vector } });
  const knex = knexFactory({
    client: ClientPgLite,
    dialect: 'postgres',
    // PGlite is one connection: knex-pglite pins the pool to exactly 1.
    connection: () => ({ pglite }) as object,
    acquireConnectionTimeout: 60_000,
    ...knexSnakeCaseMappers(),
  });
  return {
    knex,
    engine: 'pglite',
    pglite,
    async close() {
      await knex.destroy(); // knex-pglite closes PGlite with its pool
      if (!pglite.closed) await pglite.close();
    },
  };
}
