/**
 * The backup schedule: cron slots, and a slot fired by two schedulers at once (two workers on bee-queue with
 * real Redis; two timers without) making exactly one backup.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startTestApp, type TestApp } from '../../test/app.js';
import { engine, redisUrl, testDb } from '../../test/db.js';
import { loadConfig } from '../config.js';
import { nextSlot, startBackupScheduler } from './scheduler.js';

async function waitFor<T>(fn: () => Promise<T | undefined>, ms: number): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe('backup schedule', function () {
  this.timeout(90_000);

  it('computes UTC cron slots, defaulting to 03:00 daily', () => {
    const config = loadConfig({ NODE_ENV: 'test', DATA_DIR: os.tmpdir() });
    assert.equal(config.backups.cron, '0 3 * * *');
    assert.equal(nextSlot(config.backups.cron, new Date('2026-11-25T02:59:59Z')).toISOString(), '2026-11-25T03:00:00.000Z');
    assert.equal(nextSlot(config.backups.cron, new Date('2026-11-25T03:00:00Z')).toISOString(), '2026-11-26T03:00:00.000Z');
    assert.equal(loadConfig({ NODE_ENV: 'test', DATA_DIR: os.tmpdir(), BACKUP_CRON: 'off' }).backups.cron, 'off');
    assert.throws(() => loadConfig({ NODE_ENV: 'test', BACKUP_CRON: 'daily at 3' }), /BACKUP_CRON/);
  });

  for (const mode of ['bee-queue', 'timer'] as const) {
    const runs = engine === 'postgres' && (mode === 'timer' || redisUrl);
    (runs ? it : it.skip)(`runs each slot once with two schedulers (${mode}; PostgreSQL)`, async () => {
      const db = await testDb();
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'intellio-sched-'));
      const app: TestApp = await startTestApp({
        DATABASE_URL: db.url as string,
        BACKUP_DIR: dir,
        BACKUP_VERIFY: 'false',
        BACKUP_CRON: '*/4 * * * * *',
        ...(mode === 'timer' ? { REDIS_URL: '' } : {}),
      });
      const since = new Date();
      const a = startBackupScheduler(app.deps);
      const b = startBackupScheduler(app.deps);
      try {
        assert.equal(a.mode, mode);
        const rows = await waitFor(async () => {
          const r = await app.deps.knex('backups').where({ trigger: 'schedule' }).where('startedAt', '>=', since).whereNot({ status: 'running' });
          return r.length >= 2 ? r : undefined;
        }, 60_000);
        for (const r of rows) {
          assert.equal(r.status, 'succeeded', r.error);
          assert.equal(new Date(r.scheduledFor).getUTCSeconds() % 4, 0);
        }
        assert.equal(new Set(rows.map((r) => new Date(r.scheduledFor).getTime())).size, rows.length, 'one backup per slot');
      } finally {
        await a.close();
        await b.close();
        await app.close();
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });
  }
});
