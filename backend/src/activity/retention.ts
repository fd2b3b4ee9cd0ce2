/** Activity retention: rows older than ACTIVITY_RETENTION_DAYS are deleted, hourly, wherever jobs run. */
import type { Deps } from '../deps.js';

const HOUR_MS = 3_600_000;

/** Deletes activity older than the retention window (as of `now`); returns how many rows went. */
export async function purgeActivity(deps: Pick<Deps, 'knex' | 'config'>, now = new Date()): Promise<number> {
  const cutoff = new Date(now.getTime() - deps.config.monitoring.activityRetentionDays * 86_400_000);
  // RETURNING, because the PGlite client does not report a plain DELETE's row count the way pg does.
  const deleted = await deps.knex('activity').where('at', '<', cutoff).delete().returning('id');
  return deleted.length;
}

/** Purges at start-up and then every hour; `close()` stops it. */
export function startActivityPurge(deps: Pick<Deps, 'knex' | 'config' | 'log'>): { close(): void } {
  const run = () =>
    void purgeActivity(deps)
      .then((n) => n && deps.log.info({ deleted: n }, 'activity past retention purged'))
      .catch((err) => deps.log.warn({ err }, 'activity purge failed'));
  run();
  const timer = setInterval(run, HOUR_MS);
  timer.unref();
  return { close: () => clearInterval(timer) };
}
