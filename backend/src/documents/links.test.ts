/**
 * Document links: the authenticated `GET /documents/:id/link` behind the web app's stable `/d/<id>?page=N`
 * page, and the signed file links it hands out, which are checked against the database when used.
 */
import assert from 'node:assert/strict';
import { startTestApp, type Json, type TestApp } from '../../test/app.js';
import { buildUser, type SignedUpUser } from '../../test/builders.js';
import { createProject, fillerLines, ingest, makePdf } from '../../test/documents.js';

describe('documents: stable links and signed file links', () => {
  let app: TestApp;
  let ann: SignedUpUser;
  let bob: SignedUpUser;
  let project: string;
  let pdfBytes: Buffer;
  let pdfId: string;
  const link = (u: SignedUpUser | null, id: string, qs = '') =>
    app.request('GET', `/api/v1/documents/${id}/link${qs}`, undefined, u ? { token: u.accessToken } : {});

  before(async () => {
    app = await startTestApp({ RUN_WORKERS_IN_PROCESS: 'true' });
    ann = await buildUser(app);
    bob = await buildUser(app);
    project = await createProject(app, ann);
    pdfBytes = await makePdf([fillerLines(1), ['Cited page two', ...fillerLines(2)]]);
    pdfId = (await ingest(app, ann, project, 'Board pack.pdf', pdfBytes)).id;
  });
  after(() => app.close());

  it('mints a working signed URL at the page for the owner, and validates the page', async () => {
    const res = await link(ann, pdfId, '?page=2');
    assert.equal(res.status, 200, res.text);
    const { url, expiresAt } = res.body.data as { url: string; expiresAt: string };
    assert.match(url, new RegExp(`^${app.url}/api/v1/documents/${pdfId}/file\\?.+#page=2$`));
    assert.ok(new Date(expiresAt).getTime() > Date.now());
    const file = await fetch(url);
    assert.equal(file.status, 200);
    assert.equal(file.headers.get('content-type'), 'application/pdf');
    assert.match(file.headers.get('content-disposition') ?? '', /^inline/);
    assert.ok(Buffer.from(await file.arrayBuffer()).equals(pdfBytes), 'the signed URL returns another file');

    const noPage = await link(ann, pdfId);
    assert.equal(noPage.status, 200);
    assert.doesNotMatch(noPage.body.data.url, /#page=/);
    for (const bad of ['?page=0', '?page=-3', '?page=two']) {
      const r = await link(ann, pdfId, bad);
      assert.equal(r.status, 400, bad);
      assert.equal(r.body.error.code, 'validation');
    }
  });

  it('answers 401 without a session, and the same 404 for a foreign or a missing document', async () => {
    assert.equal((await link(null, pdfId)).status, 401);
    const foreign = await link(bob, pdfId, '?page=2');
    const missing = await link(ann, '00000000-0000-4000-8000-000000000000');
    for (const res of [foreign, missing]) {
      assert.equal(res.status, 404);
      assert.equal(res.body.error.code, 'not_found');
    }
    assert.equal((await link(ann, 'not-a-uuid')).status, 400);
  });

  it('says a deleted document was deleted, to its owner only, on both the link route and old signed URLs', async () => {
    const doc = await ingest(app, ann, project, 'notes.txt', 'Minutes of the harbour meeting.\n');
    const signed = (await link(ann, doc.id)).body.data.url as string;
    assert.equal((await fetch(signed)).status, 200);
    assert.equal((await app.request('DELETE', `/api/v1/documents/${doc.id}`, undefined, { token: ann.accessToken })).status, 204);
    await app.deps.activity.flush();

    const res = await link(ann, doc.id, '?page=1');
    assert.equal(res.status, 404);
    assert.equal(res.body.error.code, 'document_deleted');
    assert.equal(res.body.error.message, 'This document was deleted.');
    const old = await fetch(signed);
    assert.equal(old.status, 404);
    assert.equal(((await old.json()) as Json).error.code, 'document_deleted');
    // Someone else learns nothing about it.
    const other = await link(bob, doc.id);
    assert.equal(other.status, 404);
    assert.equal(other.body.error.code, 'not_found');
  });

  it('refuses a signed URL as soon as its owner is disabled, and serves it again once enabled', async () => {
    const carol = await buildUser(app);
    const carolProject = await createProject(app, carol);
    const doc = await ingest(app, carol, carolProject, 'Carol report.pdf', pdfBytes);
    const signed = (await link(carol, doc.id, '?page=2')).body.data.url as string;
    assert.equal((await fetch(signed)).status, 200);

    const admin = await buildUser(app);
    await app.deps.knex('users').where({ id: admin.id }).update({ role: 'admin' });
    const as = { token: admin.accessToken };
    assert.equal((await app.request('POST', `/api/v1/admin/users/${carol.id}/disable`, undefined, as)).status, 200);
    const refused = await fetch(signed);
    assert.equal(refused.status, 403);
    assert.equal(((await refused.json()) as Json).error.code, 'owner_disabled');

    assert.equal((await app.request('POST', `/api/v1/admin/users/${carol.id}/enable`, undefined, as)).status, 200);
    const again = await fetch(signed);
    assert.equal(again.status, 200);
    assert.ok(Buffer.from(await again.arrayBuffer()).equals(pdfBytes));
  });
});
