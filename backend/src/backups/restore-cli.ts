/**
 * `npm run restore -- <backup-id|latest> --target <postgres-url> [--force]`: restores a backup for real.
 * Refuses a target that already has tables unless --force. Exit 0 = restored with identical row counts.
 */
import { parseArgs } from 'node:util';
import { AppError } from '../http/errors.js';
import { cliDeps, formatBytes, progressLine } from './cli-support.js';
import { restoreBackup } from './restore-command.js';

const USAGE = 'Usage: npm run restore -- <backup-id|latest> --target <postgres-url> [--force]';
let parsed;
try {
  parsed = parseArgs({ allowPositionals: true, options: { target: { type: 'string' }, force: { type: 'boolean', default: false } } });
} catch (err) {
  console.error(`${(err as Error).message}\n${USAGE}`);
  process.exit(2);
}
const [ref] = parsed.positionals;
const target = parsed.values.target;
if (!ref || !target || parsed.positionals.length > 1) {
  console.error(USAGE);
  process.exit(2);
}

const deps = await cliDeps();
let code: number;
try {
  const progress = progressLine('Restoring', process.stderr);
  const report = await restoreBackup(deps, { ref, targetUrl: target, force: parsed.values.force, onProgress: (n) => progress.update(n) });
  const tables = Object.keys(report.rowCounts).length;
  const rows = Object.values(report.rowCounts).reduce((s, n) => s + n, 0);
  progress.done(`Restored backup ${report.backup.id} (${formatBytes(report.bytes)}, taken ${new Date(report.backup.startedAt).toISOString()}): ${tables} tables, ${rows} rows.`);
  if (report.differences.length) console.error(`Row counts differ from the dump:\n  ${report.differences.join('\n  ')}`);
  else console.error('Every table has the row count it had at dump time.');
  code = report.differences.length ? 1 : 0;
} catch (err) {
  console.error(err instanceof AppError ? `Refused: ${err.message}` : `Restore failed: ${(err as Error).message}`);
  code = err instanceof AppError && err.code === 'target_not_empty' ? 2 : 1;
} finally {
  await deps.close();
}
process.exit(code);
