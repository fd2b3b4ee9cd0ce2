/** Root hooks for backend suites: open the run's database once, report the engines, close at the end. */
import { closeTestDb, engine, redisUrl, testDb } from './db.js';

export const mochaHooks = {
  async beforeAll(this: Mocha.Context) {
    this.timeout(120_000);
    const started = Date.now();
    await testDb();
    console.log(`  [db] engine=${engine}${engine === 'postgres' ? ' (fresh database on TEST_DATABASE_URL, pgvector)' : ' (PGlite in memory, pgvector)'}; redis=${redisUrl ? 'real Redis (TEST_REDIS_URL)' : 'in-process'}; ready in ${Date.now() - started} ms`);
  },
  async afterAll(this: Mocha.Context) {
    this.timeout(60_000);
    await closeTestDb();
  },
};
