/**
 * The orphan-file reconcile (queueOrphanFiles) by itself, every STORAGE_RECONCILE_HOURS, wherever jobs run:
 * the first turn after an upgrade clears what project deletes before migration 013 left in storage, and
 * later turns what a crash between storing an upload and committing its row leaves, without anyone running
 * `npm run storage:reconcile`. Of many processes, the one that claims the turn in `maintenance_runs` runs it.
 *
 * A turn that finds most of storage unnamed deletes nothing and logs an error instead: that is what a
 * database being restored, or pointed at the wrong bucket, looks like. The command line, run by a person
 * after a dry run, has no such brake.
 */
import type { Knex } from 'knex';
import type { Deps } from '../deps.js';
import { queueFileDeletions, queueOrphanFiles, sweepFileDeletions } from './deletions.js';

export const RECONCILE_TURN = 'storage-reconcile';
/** How often a process looks whether the turn is due (the turn itself comes every `reconcileHours`). */
const CHECK_EVERY_MS = 10 * 60_000;
/** The brake: at least this many unnamed files, and more than this share of all stored files. */
const BRAKE_MIN_FILES = 50;
const BRAKE_SHARE = 0.5;

/**
 * Takes the turn `name` if it is due (or has never run): moves it `everyHours` ahead and says true. Of
 * processes asking at once, one gets true; the update that moves the turn is the claim.
 */
export async function claimTurn(knex: Knex, name: string, everyHours: number): Promise<boolean> {
  const { rows } = await knex.raw(
    `INSERT INTO maintenance_runs (name, next_run_at, last_started_at) VALUES (?, now() + make_interval(hours => ?), now())
     ON CONFLICT (name) DO UPDATE SET next_run_at = EXCLUDED.next_run_at, last_started_at = EXCLUDED.last_started_at
     WHERE maintenance_runs.next_run_at <= now()
     RETURNING name`,
    [name, everyHours],
  );
  return (rows as unknown[]).length === 1;
}

export interface ReconcileResult {
  scanned: number;
  orphans: number;
  deleted: number;
  failed: number;
  /** The brake held: nothing was queued or deleted. */
  held: boolean;
}

/** One turn: finds the unnamed files, and queues and deletes them unless the brake holds; the result is kept on the turn's row. */
export async function reconcileStorage(deps: Pick<Deps, 'knex' | 'storage' | 'log'>): Promise<ReconcileResult> {
  const scan = await queueOrphanFiles(deps, { dryRun: true });
  const result: ReconcileResult = { scanned: scan.scanned, orphans: scan.orphans.length, deleted: 0, failed: 0, held: false };
  if (scan.orphans.length >= BRAKE_MIN_FILES && scan.orphans.length > scan.scanned * BRAKE_SHARE) {
    result.held = true;
    deps.log.error(
      { ...result, sample: scan.orphans.slice(0, 5) },
      'storage reconcile held back: most stored files are named by no document. Check DATABASE_URL and the storage settings; '
      + 'if they are right, review `npm run storage:reconcile -- --dry-run` and run it without --dry-run',
    );
  } else if (scan.orphans.length) {
    await queueFileDeletions(deps.knex, scan.orphans);
    const swept = await sweepFileDeletions(deps, { keys: scan.orphans });
    Object.assign(result, swept);
    deps.log.info(result, 'storage reconcile deleted files no document names');
  }
  await deps.knex('maintenance_runs').where({ name: RECONCILE_TURN }).update({ lastFinishedAt: new Date(), lastResult: JSON.stringify(result) });
  return result;
}

/** Checks at start-up and then every ten minutes whether the turn is due; `close()` stops it. Null when turned off. */
export function startStorageReconcile(deps: Pick<Deps, 'knex' | 'storage' | 'log' | 'config'>): { close(): Promise<void> } | null {
  const hours = deps.config.storage.reconcileHours;
  if (!hours) return null;
  let running: Promise<void> | null = null;
  const run = () => {
    running ??= claimTurn(deps.knex, RECONCILE_TURN, hours)
      .then(async (mine) => {
        if (mine) await reconcileStorage(deps);
      })
      .catch((err) => deps.log.warn({ err }, 'storage reconcile failed; the next turn retries'))
      .finally(() => (running = null));
  };
  run();
  const timer = setInterval(run, CHECK_EVERY_MS);
  timer.unref();
  return {
    async close() {
      clearInterval(timer);
      await running; // before the pool it uses closes
    },
  };
}
