import Router from '@koa/router';
import { audit } from '../activity/audit.js';
import { authenticate, requireAdmin } from '../auth/authenticate.js';
import type { Config } from '../config.js';
import { conflict } from '../http/errors.js';
import { validated } from '../http/validate.js';
import { Backup } from './model.js';
import { presentBackup, presentStorageSample } from './presenter.js';
import { listBackupsQuery } from './schema.js';
import { startBackup } from './service.js';

/** /api/v1/admin/backups: the backup list with storage usage over time, and a manual trigger. Admins only. */
export function backupRoutes(config: Config): Router {
  const router = new Router({ prefix: '/admin/backups' });
  router.use(authenticate(config), requireAdmin());

  router.get('/', validated({ query: listBackupsQuery }, async (ctx, { query }) => {
    const { knex } = ctx.deps;
    const backups = await Backup.query(knex).orderBy('startedAt', 'desc').limit(query.limit);
    const since = new Date(Date.now() - query.days * 86_400_000);
    const storage = await knex('backup_storage_samples').where('at', '>=', since).orderBy('at', 'asc').select('at', 'bytes', 'objects');
    const last = await Backup.query(knex).where({ status: 'succeeded' }).orderBy('finishedAt', 'desc').first();
    ctx.body = {
      data: backups.map(presentBackup),
      storage: storage.map(presentStorageSample),
      summary: {
        lastSuccessAt: last?.finishedAt ? new Date(last.finishedAt).toISOString() : null,
        storageBytes: storage.length ? Number(storage[storage.length - 1].bytes) : null,
        schedule: config.backups.cron,
        destination: config.backups.gcsBucket ? `gs://${config.backups.gcsBucket}/${config.backups.prefix}` : 'local disk',
      },
    };
  }));

  router.post('/', async function triggerBackup(ctx) {
    const started = await startBackup(ctx.deps, { trigger: 'api', requestedBy: ctx.state.user.id });
    if (!started) throw conflict('backup_running', 'A backup is already running.');
    audit(ctx, 'admin.backup_started', started.backup.id);
    ctx.deps.background.run('backup', async () => void (await started.done));
    ctx.status = 202;
    ctx.body = { data: presentBackup(started.backup) };
  });

  return router;
}
