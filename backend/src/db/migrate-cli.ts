/** `npm run migrate`: apply pending migrations to the configured database and exit. */
import { ConfigError, loadConfig } from '../config.js';
import { openDb } from './knex.js';
import { markMigrated, migratesApart } from './migrate-apart.js';
import { migrateLatest } from './migrate.js';
import { DatabaseRequirementError } from './requirements.js';

try {
  const config = loadConfig();
  const db = await openDb(config);
  const applied = await migrateLatest(db.knex);
  console.log(applied.length ? `Applied ${applied.length}: ${applied.join(', ')}` : 'Database is up to date.');
  await db.close();
  // Written once the database is closed (all on disk): the next start on this directory skips the child.
  if (migratesApart(config)) await markMigrated(config.database.pgliteDir);
} catch (err) {
  console.error(err instanceof ConfigError || err instanceof DatabaseRequirementError ? err.message : err);
  process.exitCode = 1;
}
