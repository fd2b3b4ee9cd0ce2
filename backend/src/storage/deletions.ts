/**
 * Files to delete from storage, kept in `file_deletions` until storage confirms (migration 013 queues a
 * document's file in the transaction that deletes its row, by any path). Whoever deleted rows sweeps
 * right after its commit; a sweep every minute, wherever jobs run, retries what failed with a growing
 * pause. Several processes can sweep at once: each claims its rows first.
 */
import type { Knex } from 'knex';
import type { Deps } from '../deps.js';

const BATCH = 100;
const PARALLEL = 8;
/** A claimed row is retried after this if its sweeper died before finishing. */
const CLAIM_SECONDS = 300;
const MAX_PAUSE_SECONDS = 3600;
const SWEEP_EVERY_MS = 60_000;

/** A file no row refers to (an upload whose row did not commit): deleted now, or queued if storage fails. */
export async function discardFile(deps: Pick<Deps, 'knex' | 'storage' | 'log'>, storageKey: string): Promise<void> {
  try {
    await deps.storage.delete(storageKey);
  } catch (err) {
    deps.log.warn({ err, storageKey }, 'could not delete a file from storage; queued for the sweeper');
    await deps.knex('file_deletions').insert({ storageKey }).onConflict('storageKey').ignore()
      .catch((e) => deps.log.error({ err: e, storageKey }, 'a file without a row could be neither deleted nor queued'));
  }
}

export interface SweepResult {
  deleted: number;
  failed: number;
}

/**
 * Deletes the queued files that are due (only `keys`, when given) and forgets them; a failure is kept
 * with its error and retried after 1, 2, 4 … minutes (at most an hour). Never throws: the caller's own
 * work is done, and what is left here waits for the next sweep.
 */
export async function sweepFileDeletions(deps: Pick<Deps, 'knex' | 'storage' | 'log'>, options: { keys?: string[] } = {}): Promise<SweepResult> {
  const result: SweepResult = { deleted: 0, failed: 0 };
  for (;;) {
    let claimed: string[];
    try {
      claimed = await claim(deps.knex, options.keys);
    } catch (err) {
      deps.log.warn({ err }, 'could not read the file deletions queue');
      return result;
    }
    // A few at a time: a bucket answers each delete in tens of milliseconds, and a project can hold hundreds.
    for (let i = 0; i < claimed.length; i += PARALLEL) {
      await Promise.all(claimed.slice(i, i + PARALLEL).map(async (key) => {
        if (await deleteOne(deps, key)) result.deleted++;
        else result.failed++;
      }));
    }
    // Failures were pushed ahead, so the next round sees only rows not yet tried.
    if (claimed.length < BATCH) return result;
  }
}

async function deleteOne(deps: Pick<Deps, 'knex' | 'storage' | 'log'>, key: string): Promise<boolean> {
  try {
    await deps.storage.delete(key);
    await deps.knex('file_deletions').where({ storageKey: key }).delete();
    return true;
  } catch (err) {
    deps.log.warn({ err, storageKey: key }, 'could not delete a file from storage; it will be retried');
    await deps.knex('file_deletions')
      .where({ storageKey: key })
      .update({
        lastError: String((err as Error).message ?? err).slice(0, 500),
        nextAttemptAt: deps.knex.raw(`now() + make_interval(secs => least(60 * power(2, attempts - 1), ${MAX_PAUSE_SECONDS}))`),
      })
      .catch((e) => deps.log.warn({ err: e, storageKey: key }, 'could not record a failed file deletion'));
    return false;
  }
}

/**
 * After a commit that deleted documents by cascade (a project, a category): their files go in the
 * background, so a project of hundreds of files answers at once (tests wait with `deps.background.idle()`).
 */
export function sweepDeletedFiles(deps: Pick<Deps, 'knex' | 'storage' | 'log' | 'background'>, keys: string[]): void {
  if (!keys.length) return;
  deps.background.run('file deletions', async () => {
    await sweepFileDeletions(deps, { keys });
  });
}

/** Takes up to BATCH due rows for this sweeper: each is pushed CLAIM_SECONDS ahead and counted as an attempt. */
async function claim(knex: Knex, keys?: string[]): Promise<string[]> {
  if (keys && !keys.length) return [];
  const { rows } = await knex.raw(
    `UPDATE file_deletions f SET attempts = f.attempts + 1, next_attempt_at = now() + make_interval(secs => ${CLAIM_SECONDS})
     WHERE f.storage_key IN (
       SELECT storage_key FROM file_deletions WHERE next_attempt_at <= now() ${keys ? 'AND storage_key = ANY(?)' : ''}
       ORDER BY next_attempt_at LIMIT ${BATCH} FOR UPDATE SKIP LOCKED)
     RETURNING f.storage_key`,
    keys ? [keys] : [],
  );
  return (rows as Array<{ storage_key: string }>).map((r) => r.storage_key);
}

/** Sweeps at start-up and then every minute; `close()` stops it. */
export function startFileSweeper(deps: Pick<Deps, 'knex' | 'storage' | 'log'>): { close(): void } {
  let running = false; // a long backlog on a slow bucket is not swept twice over by this process
  const run = () => {
    if (running) return;
    running = true;
    void sweepFileDeletions(deps)
      .then((r) => {
        if (r.deleted || r.failed) deps.log.info(r, 'file deletions swept');
      })
      .finally(() => (running = false));
  };
  run();
  const timer = setInterval(run, SWEEP_EVERY_MS);
  timer.unref();
  return { close: () => clearInterval(timer) };
}

/** A stored file this recent may belong to an upload whose row is still being committed. */
const ORPHAN_MIN_AGE_MS = 60 * 60_000;
const LOOKUP_BATCH = 500;

/** Queues `keys` for the sweeper (a key already queued keeps its place and attempts). */
export async function queueFileDeletions(knex: Knex, keys: string[]): Promise<void> {
  for (let i = 0; i < keys.length; i += LOOKUP_BATCH) {
    await knex('file_deletions').insert(keys.slice(i, i + LOOKUP_BATCH).map((storageKey) => ({ storageKey }))).onConflict('storageKey').ignore();
  }
}

export interface OrphanScan {
  scanned: number;
  orphans: string[];
}

/**
 * Stored document files that no document row names, queued for deletion unless `dryRun`: what deletes
 * before migration 013 left behind (a deleted project's files), or a crash between storing an upload and
 * committing its row. Files written in the last hour are left alone, as their upload may still commit.
 */
export async function queueOrphanFiles(
  deps: Pick<Deps, 'knex' | 'storage'>,
  options: { dryRun?: boolean; now?: Date; onProgress?(scanned: number): void } = {},
): Promise<OrphanScan> {
  const cutoff = (options.now ?? new Date()).getTime() - ORPHAN_MIN_AGE_MS;
  const result: OrphanScan = { scanned: 0, orphans: [] };
  let batch: string[] = [];
  const check = async () => {
    const named = new Set((await deps.knex('documents').whereIn('storageKey', batch).select('storageKey')).map((d: { storageKey: string }) => d.storageKey));
    const orphans = batch.filter((key) => !named.has(key));
    if (!options.dryRun) await queueFileDeletions(deps.knex, orphans);
    result.orphans.push(...orphans);
    batch = [];
  };
  for await (const file of deps.storage.list('documents/')) {
    result.scanned++;
    if (file.updated.getTime() <= cutoff) batch.push(file.key);
    if (batch.length >= LOOKUP_BATCH) await check();
    options.onProgress?.(result.scanned);
  }
  if (batch.length) await check();
  return result;
}
