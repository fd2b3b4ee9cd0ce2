/** GET/POST /api/v1/admin/backups: admins only (401 without a session, 403 for users), list and trigger. */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startTestApp, type TestApp } from '../../test/app.js';
import { buildUser, type SignedUpUser } from '../../test/builders.js';
import { testDb } from '../../test/db.js';

describe('admin backups API', function () {
  this.timeout(120_000);
  let app: TestApp;
  let dir: string;
  let admin: SignedUpUser;
  let user: SignedUpUser;

  before(async () => {
    const db = await testDb();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'intellio-backup-api-'));
    app = await startTestApp({ ...(db.url ? { DATABASE_URL: db.url } : {}), BACKUP_DIR: dir, BACKUP_VERIFY: 'false' });
    admin = await buildUser(app);
    await app.deps.knex('users').where({ id: admin.id }).update({ role: 'admin' });
    user = await buildUser(app);
    await app.deps.knex('users').where({ id: user.id }).update({ role: 'user' });
  });

  after(async () => {
    await app?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('needs a session (401) and an admin (403)', async () => {
    assert.equal((await app.request('GET', '/api/v1/admin/backups')).status, 401);
    assert.equal((await app.request('POST', '/api/v1/admin/backups')).status, 401);
    const list = await app.request('GET', '/api/v1/admin/backups', undefined, { token: user.accessToken });
    assert.equal(list.status, 403);
    assert.equal(list.body.error.code, 'forbidden');
    const trigger = await app.request('POST', '/api/v1/admin/backups', undefined, { token: user.accessToken });
    assert.equal(trigger.status, 403);
    assert.equal(await app.deps.knex('backups').where({ requestedBy: user.id }).first(), undefined);
  });

  it('validates the list query', async () => {
    const res = await app.request('GET', '/api/v1/admin/backups?limit=0', undefined, { token: admin.accessToken });
    assert.equal(res.status, 400);
    assert.match(res.body.error.message, /query\.limit/);
  });

  it('triggers a backup (one of two concurrent triggers, the other 409) and lists it with storage usage', async () => {
    const [a, b] = await Promise.all([
      app.request('POST', '/api/v1/admin/backups', undefined, { token: admin.accessToken }),
      app.request('POST', '/api/v1/admin/backups', undefined, { token: admin.accessToken }),
    ]);
    assert.deepEqual([a.status, b.status].sort(), [202, 409]);
    const started = a.status === 202 ? a : b;
    const refused = a.status === 202 ? b : a;
    assert.equal(refused.body.error.code, 'backup_running');
    assert.equal(started.body.data.status, 'running');
    assert.equal(started.body.data.trigger, 'api');
    await app.deps.background.idle();

    const list = await app.request('GET', '/api/v1/admin/backups', undefined, { token: admin.accessToken });
    assert.equal(list.status, 200);
    const mine = list.body.data.find((x: { id: string }) => x.id === started.body.data.id);
    assert.equal(mine.status, 'succeeded', mine.error);
    assert.ok(mine.bytes > 0);
    assert.match(mine.checksum, /^sha256:[0-9a-f]{64}$/);
    assert.ok(mine.location.startsWith('file://'));
    assert.equal('storageKey' in mine || 'requestedBy' in mine || 'rowCounts' in mine, false, 'internal fields stay internal');
    assert.ok(list.body.storage.length >= 1);
    assert.ok(list.body.storage.at(-1).bytes >= mine.bytes);
    assert.equal(list.body.summary.schedule, '0 3 * * *');
    assert.equal(list.body.summary.lastSuccessAt, mine.finishedAt);
  });
});
