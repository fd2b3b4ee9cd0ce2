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
});
