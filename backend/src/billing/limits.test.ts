import assert from 'node:assert/strict';
import { after, before, describe, it } from 'mocha';
import { startTestApp, type TestApp } from '../../test/app.js';
import { buildUser } from '../../test/builders.js';
import { analysisBody, buildProject } from '../../test/analysis-fixtures.js';
import { upload } from '../../test/documents.js';

describe('plan limits', () => {
  let app: TestApp;
  before(async () => {
    app = await startTestApp({ PLAN_MAX_CELLS: 'basic=10,pro=100', PLAN_MODELS: 'basic=gpt-4o-mini,pro=*', PLAN_DOCUMENTS_PER_PROJECT: 'basic=1' });
  });
  after(() => app.close());

  it('refuses what the plan does not include (403 plan_limit) and allows it after an upgrade', async () => {
    const user = await buildUser(app);
    const projectId = await buildProject(app, user);
    const tooBig = await app.request('POST', '/api/v1/analyses', analysisBody(projectId), { token: user.accessToken });
    assert.equal(tooBig.status, 403);
    assert.equal(tooBig.body.error.code, 'plan_limit');
    assert.equal(tooBig.body.error.details.limit, 'maxCells');
    assert.match(tooBig.body.error.message, /Basic plan analyses up to 10 cells.*21/);
    const small = { sheet: 'S', ranges: [{ address: 'A1:B2', values: [['a', 1], ['b', 2]] }] };
    const model = await app.request('POST', '/api/v1/analyses', analysisBody(projectId, { selection: small }), { token: user.accessToken });
    assert.equal(model.status, 403);
    assert.equal(model.body.error.details.limit, 'model');
    assert.match(model.body.error.message, /"local-analyst" is not included in the Basic plan/);

    const first = await upload(app, user, projectId, 'a.md', '# A\n\nOne.\n', 'text/markdown');
    assert.equal(first.status, 201, first.text);
    const second = await upload(app, user, projectId, 'b.md', '# B\n\nTwo.\n', 'text/markdown');
    assert.equal(second.status, 403);
    assert.equal(second.body.error.details.limit, 'documentsPerProject');

    await app.deps.knex('users').where({ id: user.id }).update({ tier: 'pro' });
    const ok = await app.request('POST', '/api/v1/analyses', analysisBody(projectId), { token: user.accessToken });
    assert.equal(ok.status, 201, ok.text);
  });

  it('holds the documents-per-project limit when uploads race for the last place', async () => {
    const user = await buildUser(app);
    const projectId = await buildProject(app, user);
    // Six different files at once into a project that takes one: one is stored, the rest refused.
    const results = await Promise.all(Array.from({ length: 6 }, (_, i) => upload(app, user, projectId, `f${i}.md`, `# F${i}\n\nText ${i}.\n`, 'text/markdown')));
    assert.deepEqual(results.map((r) => r.status).sort(), [201, 403, 403, 403, 403, 403]);
    assert.ok(results.filter((r) => r.status === 403).every((r) => r.body.error.code === 'plan_limit'));
    assert.equal((await app.deps.knex('documents').where({ projectId })).length, 1);
    // The same file sent twice at once is one document for both, not a refusal.
    const other = await buildProject(app, user, 'Other');
    const same = await Promise.all([1, 2, 3].map(() => upload(app, user, other, 'same.md', '# Same\n\nOne.\n', 'text/markdown')));
    assert.deepEqual(same.map((r) => r.status).filter((s) => s >= 400), []);
    assert.equal(new Set(same.map((r) => r.body.data.id)).size, 1);
  });
});
