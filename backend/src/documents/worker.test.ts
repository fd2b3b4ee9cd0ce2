import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from '../../test/app.js';
import { buildUser } from '../../test/builders.js';
import { redisUrl, testDb } from '../../test/db.js';
import { createProject, makePdf, settled, upload } from '../../test/documents.js';
import { createDeps, type DepsHandle } from '../deps.js';

describe('document processing on bee-queue (real Redis) with a separate worker', function () {
  let app: TestApp;
  let worker: DepsHandle | undefined;
  before(function () {
    if (!redisUrl) this.skip(); // runs in the TEST_ENGINE=postgres suite, against TEST_REDIS_URL
  });
  after(async () => {
    await worker?.close();
    await app?.close();
  });

  it('the web process only enqueues; a worker consumes the job and the web process sees the result', async () => {
    app = await startTestApp({ RUN_WORKERS_IN_PROCESS: 'false' });
    assert.equal(app.deps.queue.kind, 'bee-queue');
    const u = await buildUser(app);
    const project = await createProject(app, u);
    const up = await upload(app, u, project, 'fleet.pdf', await makePdf([['Truck 12 needs new brakes.'], ['Van 7 passed inspection.']]));
    assert.equal(up.status, 201);
    await new Promise((r) => setTimeout(r, 300));
    assert.equal((await app.request('GET', `/api/v1/documents/${up.body.data.id}`, undefined, { token: u.accessToken })).body.data.status, 'queued');

    // What `npm run worker` builds: the same config with consumers on.
    worker = await createDeps({ ...app.deps.config, queue: { ...app.deps.config.queue, runWorkersInProcess: true } }, { db: await testDb(), migrate: false });
    const doc = await settled(app, u, up.body.data.id);
    assert.equal(doc.status, 'ready', doc.error);
    assert.equal(doc.pages, 2);
    const job = await app.deps.knex('jobs').where({ documentId: doc.id }).first();
    assert.deepEqual([job.status, job.progress, job.attempts], ['succeeded', 100, 1]);
  });
});
