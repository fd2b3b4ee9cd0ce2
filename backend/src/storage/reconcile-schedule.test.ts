/**
 * The reconcile that runs by itself: one process per turn, unnamed files older than an hour deleted,
 * and a brake when most of storage looks unnamed.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { startTestApp, type TestApp } from '../../test/app.js';
import { buildUser } from '../../test/builders.js';
import { createProject, ingest, storageKeyOf } from '../../test/documents.js';
import { claimTurn, reconcileStorage, RECONCILE_TURN, startStorageReconcile } from './reconcile-schedule.js';

const TWO_HOURS_AGO = new Date(Date.now() - 2 * 3_600_000);

describe('storage reconcile on a schedule', function () {
  this.timeout(30_000);
  let app: TestApp;
  let root: string;
  let liveKey: string;

  /** Files under the storage root as a crash or an earlier version would have left them. */
  function leaveFiles(keys: string[], mtime = TWO_HOURS_AGO): void {
    for (const key of keys) {
      const file = path.join(root, key);
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, key);
      fs.utimesSync(file, mtime, mtime);
    }
  }
  const exists = (key: string) => fs.existsSync(path.join(root, key));

  before(async () => {
    app = await startTestApp({ RUN_WORKERS_IN_PROCESS: 'true' });
    root = app.deps.config.storage.filesDir;
    const ann = await buildUser(app);
    const doc = await ingest(app, ann, await createProject(app, ann, 'Kept'), 'kept.txt', 'A note whose file must stay.\n');
    liveKey = await storageKeyOf(app, doc.id);
    fs.utimesSync(path.join(root, liveKey), TWO_HOURS_AGO, TWO_HOURS_AGO);
  });
  after(() => app?.close());
  beforeEach(() => app.deps.knex('maintenance_runs').where({ name: RECONCILE_TURN }).delete());

  it('gives each turn to one process: of several asking at once, one; then none until the turn is due again', async () => {
    const answers = await Promise.all(Array.from({ length: 5 }, () => claimTurn(app.deps.knex, RECONCILE_TURN, 24)));
    assert.equal(answers.filter(Boolean).length, 1);
    assert.equal(await claimTurn(app.deps.knex, RECONCILE_TURN, 24), false);
    const [turn] = await app.deps.knex('maintenance_runs').where({ name: RECONCILE_TURN });
    const hoursAhead = (new Date(turn.nextRunAt).getTime() - Date.now()) / 3_600_000;
    assert.ok(hoursAhead > 23.9 && hoursAhead <= 24, `next turn in ${hoursAhead} h`);

    await app.deps.knex('maintenance_runs').where({ name: RECONCILE_TURN }).update({ nextRunAt: new Date(Date.now() - 1000) });
    assert.equal(await claimTurn(app.deps.knex, RECONCILE_TURN, 24), true);
  });

  it('deletes the unnamed files older than an hour, keeps the rest, and records what it did', async () => {
    leaveFiles(['documents/gone-project/a.pdf', 'documents/gone-project/b.docx']);
    leaveFiles(['documents/committing/new.txt'], new Date());
    assert.equal(await claimTurn(app.deps.knex, RECONCILE_TURN, 24), true);

    const result = await reconcileStorage(app.deps);
    assert.deepEqual(result, { scanned: 4, orphans: 2, deleted: 2, failed: 0, held: false });
    assert.equal(exists('documents/gone-project/a.pdf') || exists('documents/gone-project/b.docx'), false);
    assert.ok(exists(liveKey), "the document's file stays");
    assert.ok(exists('documents/committing/new.txt'), 'an upload that may still commit stays');
    const [turn] = await app.deps.knex('maintenance_runs').where({ name: RECONCILE_TURN });
    assert.deepEqual(turn.lastResult, result);
    assert.ok(turn.lastFinishedAt);
    fs.rmSync(path.join(root, 'documents/committing'), { recursive: true });
  });

  it('deletes nothing when most of storage looks unnamed (a database being restored looks like that)', async () => {
    const keys = Array.from({ length: 60 }, (_, i) => `documents/restoring/${i}.pdf`);
    leaveFiles(keys);
    await claimTurn(app.deps.knex, RECONCILE_TURN, 24);

    const result = await reconcileStorage(app.deps);
    assert.deepEqual(result, { scanned: 61, orphans: 60, deleted: 0, failed: 0, held: true });
    assert.ok(keys.every(exists), 'every file is still there');
    assert.deepEqual(await app.deps.knex('file_deletions').whereIn('storageKey', keys), [], 'nothing queued either');
    assert.equal((await app.deps.knex('maintenance_runs').where({ name: RECONCILE_TURN }))[0].lastResult.held, true);

    // Below the brake's floor, a mostly-unnamed small store is cleaned: the pre-013 leftovers of a small install.
    fs.rmSync(path.join(root, 'documents/restoring'), { recursive: true });
    leaveFiles(keys.slice(0, 3));
    assert.deepEqual(await reconcileStorage(app.deps), { scanned: 4, orphans: 3, deleted: 3, failed: 0, held: false });
  });

  it('runs its first turn as the workers start, so an upgrade cleans up without anyone running the command', async () => {
    leaveFiles(['documents/before-013/left.pdf']);
    const schedule = startStorageReconcile(app.deps);
    assert.ok(schedule);
    await schedule.close(); // waits for the turn in progress
    assert.equal(exists('documents/before-013/left.pdf'), false);
    assert.equal((await app.deps.knex('maintenance_runs').where({ name: RECONCILE_TURN }))[0].lastResult.deleted, 1);

    const off = startStorageReconcile({ ...app.deps, config: { ...app.deps.config, storage: { ...app.deps.config.storage, reconcileHours: 0 } } });
    assert.equal(off, null, 'STORAGE_RECONCILE_HOURS=0 turns it off');
  });
});
