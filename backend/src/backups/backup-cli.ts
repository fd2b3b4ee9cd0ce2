/**
 * `npm run backup [-- --no-verify]`: one backup now, with a progress line, then verification, retention and
 * storage checks as after a scheduled run. Exit 0 = succeeded (and verified when verifying), 1 = failed,
 * 3 = another backup was already running. For system cron / Cloud Scheduler see ops/BACKUPS.md.
 */
import { parseArgs } from 'node:util';
import { cliDeps, formatBytes, progressLine } from './cli-support.js';
import { checkFreshness, runBackup } from './service.js';

const { values } = parseArgs({ options: { 'no-verify': { type: 'boolean', default: false } } });
const deps = await cliDeps();
let code = 1;
try {
  if (deps.engine === 'pglite') {
    console.error('Embedded database: stop `npm start` first, or use POST /api/v1/admin/backups while it runs (one process may open PGlite).');
  }
  const progress = progressLine('Dumping', process.stderr);
  const backup = await runBackup(deps, { trigger: 'cli', verify: values['no-verify'] ? false : undefined, onProgress: (n) => progress.update(n) });
  if (!backup) {
    progress.done('Another backup is running; nothing to do.');
    code = 3;
  } else if (backup.status === 'failed') {
    progress.done(`Backup ${backup.id} FAILED: ${backup.error}`);
  } else {
    const secs = ((new Date(backup.finishedAt as Date).getTime() - new Date(backup.startedAt).getTime()) / 1000).toFixed(1);
    progress.done(`Backup ${backup.id} succeeded: ${formatBytes(Number(backup.bytes))} in ${secs} s → ${backup.location}\n  ${backup.checksum}`);
    if (backup.verified === true) console.error('  verified: restored into a scratch database, every table\'s row count matches');
    if (backup.verified === false) console.error(`  VERIFICATION FAILED: ${backup.verifyError}`);
    code = backup.verified === false ? 1 : 0;
  }
  await checkFreshness(deps);
} finally {
  await deps.close();
}
process.exit(code);
