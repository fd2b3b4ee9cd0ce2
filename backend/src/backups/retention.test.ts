/**
 * Retention over a simulated 60 days (1 Jan – 1 Mar 2026, one backup a day at 03:00 plus two manual ones):
 * the pure plan, and the same plan applied to real objects on disk and rows in the database.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startTestApp, type TestApp } from '../../test/app.js';
import { isoWeekKey, planRetention } from './retention.js';
import { applyRetention } from './service.js';
import { LocalBackupStorage } from './storage.js';

const DAY = 86_400_000;

function sixtyDays(): Array<{ id: string; at: Date }> {
  const out: Array<{ id: string; at: Date }> = [];
  for (let i = 0; i < 60; i++) {
    const at = new Date(Date.UTC(2026, 0, 1, 3) + i * DAY);
    out.push({ id: `d${at.toISOString().slice(0, 10)}`, at });
  }
  // Manual runs later on two days: the newest of a day is the one kept.
  out.push({ id: 'm2026-02-24', at: new Date('2026-02-24T15:00:00Z') });
  out.push({ id: 'm2026-01-31', at: new Date('2026-01-31T15:00:00Z') });
  return out;
}

/** 7 daily (23 Feb – 1 Mar), 4 ISO weeks (W09 → 1 Mar, W08 → 22 Feb, W07 → 15 Feb, W06 → 8 Feb), 3 months. */
const EXPECTED_KEEP = [
  'd2026-03-01',
  'd2026-02-28',
  'd2026-02-27',
  'd2026-02-26',
  'd2026-02-25',
  'm2026-02-24',
  'd2026-02-23',
  'd2026-02-22',
  'd2026-02-15',
  'd2026-02-08',
  'm2026-01-31',
];

describe('backup retention', () => {
  it('numbers ISO weeks like ISO 8601', () => {
    assert.equal(isoWeekKey(new Date('2026-01-01T00:00:00Z')), '2026-W01'); // a Thursday
    assert.equal(isoWeekKey(new Date('2026-03-01T23:59:00Z')), '2026-W09'); // a Sunday
    assert.equal(isoWeekKey(new Date('2026-02-23T00:00:00Z')), '2026-W09'); // a Monday
    assert.equal(isoWeekKey(new Date('2027-01-01T00:00:00Z')), '2026-W53'); // a Friday in 2026's last week
  });

  it('keeps 7 daily, 4 weekly and 3 monthly over 60 days and deletes the rest', () => {
    const all = sixtyDays();
    const plan = planRetention(all, { daily: 7, weekly: 4, monthly: 3 });
    assert.deepEqual(plan.keep.map((b) => b.id), EXPECTED_KEEP);
    assert.equal(plan.remove.length, all.length - EXPECTED_KEEP.length);
    assert.deepEqual(new Set([...plan.keep, ...plan.remove].map((b) => b.id)), new Set(all.map((b) => b.id)));
  });

  it('is stable as days pass: each day deletes what fell out of the policy, never the newest', () => {
    const all = sixtyDays().sort((a, b) => a.at.getTime() - b.at.getTime());
    let stored: typeof all = [];
    for (const b of all) {
      stored.push(b);
      const plan = planRetention(stored, { daily: 3, weekly: 2, monthly: 2 });
      assert.ok(plan.keep.some((k) => k.id === b.id), 'the newest backup is kept');
      stored = plan.keep;
      assert.ok(stored.length <= 3 + 2 + 2);
    }
    // Whatever was deleted on earlier days, the end state equals planning once over everything.
    assert.deepEqual(stored.map((b) => b.id), planRetention(all, { daily: 3, weekly: 2, monthly: 2 }).keep.map((b) => b.id));
  });

  describe('applied to stored objects', () => {
    let app: TestApp;
    let dir: string;

    before(async () => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'intellio-retention-'));
      app = await startTestApp({ BACKUP_DIR: dir, BACKUP_RETAIN_DAILY: '7', BACKUP_RETAIN_WEEKLY: '4', BACKUP_RETAIN_MONTHLY: '3' });
      // Other suites' backups share this database: retire them so only the simulation counts.
      await app.deps.knex('backups').whereNull('deletedAt').update({ deletedAt: new Date() });
    });

    after(async () => {
      await app?.close();
      fs.rmSync(dir, { recursive: true, force: true });
    });

    it('deletes exactly the expected objects and marks their rows', async () => {
      const storage = new LocalBackupStorage(dir);
      const idOf = new Map<string, string>();
      for (const b of sixtyDays()) {
        const id = randomUUID();
        const key = `backups/intellio-${b.id}.dump`;
        idOf.set(id, b.id);
        fs.mkdirSync(path.join(dir, 'backups'), { recursive: true });
        fs.writeFileSync(path.join(dir, key), b.id);
        await app.deps.knex('backups').insert({
          id,
          status: 'succeeded',
          trigger: 'schedule',
          engine: 'postgres',
          format: 'custom',
          startedAt: b.at,
          finishedAt: b.at,
          bytes: b.id.length,
          storageKind: 'local',
          storageKey: key,
          location: storage.location(key),
          checksum: 'sha256:test',
        });
      }
      const removed = await applyRetention(app.deps, storage);
      assert.equal(removed.length, 62 - EXPECTED_KEEP.length);
      const left = (await storage.list('backups/')).map((o) => o.key.replace(/^backups\/intellio-|\.dump$/g, '')).sort();
      assert.deepEqual(left, [...EXPECTED_KEEP].sort());
      const live = await app.deps.knex('backups').whereNull('deletedAt').select('id');
      assert.deepEqual(live.map((r) => idOf.get(r.id)).sort(), [...EXPECTED_KEEP].sort());
      // Idempotent: a second pass deletes nothing.
      assert.equal((await applyRetention(app.deps, storage)).length, 0);
    });
  });
});
