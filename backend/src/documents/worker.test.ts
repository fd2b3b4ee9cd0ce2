import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from '../../test/app.js';
import { buildUser } from '../../test/builders.js';
import { redisUrl, testDb } from '../../test/db.js';
import { createProject, makePdf, settled, upload } from '../../test/documents.js';
import { createDeps, type DepsHandle } from '../boot.js';

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
    // The document turns ready inside the job; the job row is marked a moment later, after perform returns.
    let job;
    for (const until = Date.now() + 5000; Date.now() < until; await new Promise((r) => setTimeout(r, 20))) {
      job = await app.deps.knex('jobs').where({ documentId: doc.id }).first();
      if (job.status !== 'running') break;
    }
    assert.deepEqual([job.status, job.progress, job.attempts], ['succeeded', 100, 1]);
  });

  it('a job queued before its owner was disabled fails without spending tokens', async () => {
    const u = await buildUser(app);
    const project = await createProject(app, u);
    await worker?.close();
    worker = undefined;
    const up = await upload(app, u, project, 'late.pdf', await makePdf([['Queued, then the account was disabled.']]));
    assert.equal(up.status, 201);
    await app.deps.knex('users').where({ id: u.id }).update({ disabled: true });
    worker = await createDeps({ ...app.deps.config, queue: { ...app.deps.config.queue, runWorkersInProcess: true } }, { db: await testDb(), migrate: false });
    let doc;
    for (const until = Date.now() + 30_000; Date.now() < until; await new Promise((r) => setTimeout(r, 50))) {
      doc = await app.deps.knex('documents').where({ id: up.body.data.id }).first();
      if (doc.status === 'failed' || doc.status === 'ready') break;
    }
    assert.equal(doc?.status, 'failed');
    assert.match(doc.error, /account is disabled/);
    assert.equal((await app.deps.knex('chunks').where({ documentId: doc.id })).length, 0);
    assert.equal((await app.deps.knex('token_ledger').where({ userId: u.id, kind: 'embedding' })).length, 0);
  });
});
