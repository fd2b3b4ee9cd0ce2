import assert from 'node:assert/strict';
import { buildProject, waitForAnalysis } from '../../test/analysis-fixtures.js';
import { type TestApp, startTestApp } from '../../test/app.js';
import { buildUser, type SignedUpUser } from '../../test/builders.js';
import { settled } from '../../test/documents.js';

describe('projects: "Try it with an example"', function () {
  this.timeout(120_000);
  let app: TestApp;
  let alice: SignedUpUser;
  let bob: SignedUpUser;

  before(async () => {
    // With Redis the queue is consumed by workers: this process is one here.
    app = await startTestApp({ RUN_WORKERS_IN_PROCESS: 'true' });
    alice = await buildUser(app);
    bob = await buildUser(app);
  });
  after(() => app.close());

  it('adds the sample table and report, once, and the first question gets an answer citing the report page', async () => {
    const projectId = await buildProject(app, alice, 'First steps');
    const added = await app.request('POST', `/api/v1/projects/${projectId}/sample`, undefined, { token: alice.accessToken });
    assert.equal(added.status, 201, added.text);
    const docs = added.body.data.documents as Array<{ id: string; filename: string }>;
    assert.deepEqual(docs.map((d) => d.filename), ['Sample - regional sales 2025.csv', 'Sample - regional sales report 2025.pdf']);
    const ready = await Promise.all(docs.map((d) => settled(app, alice, d.id)));
    assert.deepEqual(ready.map((d) => d.status), ['ready', 'ready'], JSON.stringify(ready.map((d) => d.error)));
    const pdf = ready[1];
    assert.equal(pdf.pages, 3);

    // The same bytes every time: a second click adds nothing.
    const again = await app.request('POST', `/api/v1/projects/${projectId}/sample`, undefined, { token: alice.accessToken });
    assert.equal(again.status, 200);
    assert.deepEqual(again.body.data.documents.map((d: { id: string }) => d.id), docs.map((d) => d.id));
    const listed = await app.request('GET', `/api/v1/projects/${projectId}/documents`, undefined, { token: alice.accessToken });
    assert.equal(listed.body.data.length, 2);

    // The table the CSV opens as, and a question about its EMEA row.
    const table = await app.request('GET', `/api/v1/documents/${docs[0].id}/table`, undefined, { token: alice.accessToken });
    assert.equal(table.status, 200, table.text);
    const selection = { sheet: table.body.data.sheet ?? 'Sheet1', ranges: [{ address: 'A1:E1', values: [['Region', 'Q1', 'Q2', 'Q3', 'Q4']] }, { address: 'A3:E3', values: [['EMEA', 1150, 1190, 980, 1040]] }] };
    const res = await app.request('POST', '/api/v1/analyses', { projectId, source: 'web', selection, prompt: 'Why did EMEA fall in Q3?' }, { token: alice.accessToken });
    assert.ok([200, 201, 202].includes(res.status), res.text);
    const done = await waitForAnalysis(app, alice.accessToken, res.body.data.id ?? res.body.data.analysis?.id);
    assert.equal(done.status, 'succeeded', JSON.stringify(done.error));
    const cited = (done.citations as Array<{ documentId: string; page: number | null; quote: string }>).find((c) => c.documentId === pdf.id);
    assert.ok(cited, `the report is cited: ${JSON.stringify(done.citations)}`);
    assert.equal(cited.page, 2);
    assert.match(cited.quote, /Rotterdam/);
  });

  it("is a 404 for another user's project and a 401 without a session", async () => {
    const projectId = await buildProject(app, alice, 'Private');
    assert.equal((await app.request('POST', `/api/v1/projects/${projectId}/sample`, undefined, { token: bob.accessToken })).status, 404);
    assert.equal((await app.request('POST', `/api/v1/projects/${projectId}/sample`)).status, 401);
    const listed = await app.request('GET', `/api/v1/projects/${projectId}/documents`, undefined, { token: alice.accessToken });
    assert.equal(listed.body.data.length, 0);
  });
});
