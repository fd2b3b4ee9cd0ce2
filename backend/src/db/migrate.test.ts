import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { adminQuery, engine } from '../../test/db.js';
import { openDb } from './knex.js';
import { migrateLatest } from './migrate.js';

const admin = (sql: string) => adminQuery(sql);

describe('migrations from several processes at once', function () {
  before(function () {
    if (engine !== 'postgres') this.skip(); // PGlite is one process with one connection
  });

  it('four processes starting together on an empty database all succeed, five times over, and one applies each migration', async function () {
    this.timeout(180_000);
    for (let round = 0; round < 5; round++) {
      const name = `intellio_test_${Date.now()}_${randomBytes(3).toString('hex')}`;
      await admin(`CREATE DATABASE ${name}`);
      const url = new URL(process.env.TEST_DATABASE_URL as string);
      url.pathname = `/${name}`;
      const dbs = await Promise.all(Array.from({ length: 4 }, () => openDb({ database: { url: url.toString(), ssl: false, poolMax: 4, pgliteDir: '' } })));
      try {
        const applied = await Promise.all(dbs.map((db) => migrateLatest(db.knex)));
        const total = applied.reduce((n, a) => n + a.length, 0);
        const rows = await dbs[0].knex('knex_migrations').count<{ n: number }[]>('* as n');
        assert.equal(total, Number(rows[0].n), `round ${round}: each migration applied exactly once`);
        assert.equal(applied.filter((a) => a.length > 0).length, 1, `round ${round}: one process migrated, the others found nothing to do`);
      } finally {
        await Promise.all(dbs.map((db) => db.close()));
        await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      }
    }
  });
});
