/**
 * The app of a migration's own test: its tests migrate down and up on a database that already holds rows,
 * and after them all the database is brought back to the latest migration before the app closes.
 */
import { migrationSource } from '../src/db/migrations/index.js';
import { startTestApp, type TestApp } from './app.js';

/** Registers the suite's before/after hooks; call the returned function inside a test for the app. */
export function migrationTestApp(): () => TestApp {
  let app: TestApp | undefined;
  before(async () => {
    app = await startTestApp();
  });
  after(async () => {
    if (!app) return;
    await app.deps.knex.migrate.latest({ migrationSource });
    await app.close();
  });
  return () => {
    if (!app) throw new Error('the migration test app has not started');
    return app;
  };
}
