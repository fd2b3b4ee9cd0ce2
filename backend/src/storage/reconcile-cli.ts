/**
 * `npm run storage:reconcile [-- --dry-run]`: lists the stored document files, queues for deletion those no
 * document names (older than an hour), and deletes them now; the minute sweep retries any that fail.
 * With --dry-run it only lists them. Exit 0 = nothing left to delete, 1 = some deletes failed (retried later).
 */
import { parseArgs } from 'node:util';
import { cliDeps, progressLine } from '../backups/cli-support.js';
import { queueOrphanFiles, sweepFileDeletions } from './deletions.js';

const { values } = parseArgs({ options: { 'dry-run': { type: 'boolean', default: false } } });
const dryRun = values['dry-run'] ?? false;
const deps = await cliDeps();
let code = 0;
try {
  const where = deps.storage.kind === 'gcs' ? `bucket ${deps.config.storage.gcsBucket}` : deps.config.storage.filesDir;
  const progress = progressLine(`Listing ${where}:`, process.stderr, (n, secs) => `${n} files (${Math.round(secs > 0 ? n / secs : 0)}/s)`);
  const scan = await queueOrphanFiles(deps, { dryRun, onProgress: (n) => progress.update(n) });
  progress.done(`${scan.scanned} stored files, ${scan.orphans.length} named by no document (older than an hour).`);
  if (dryRun) {
    for (const key of scan.orphans) console.log(key);
  } else if (scan.orphans.length) {
    const swept = await sweepFileDeletions(deps, { keys: scan.orphans });
    console.error(`Deleted ${swept.deleted}; ${swept.failed} failed and will be retried by the sweep every minute.`);
    if (swept.failed) code = 1;
  }
} catch (err) {
  console.error(err instanceof Error ? err.message : err);
  code = 1;
} finally {
  await deps.close();
}
process.exit(code);
