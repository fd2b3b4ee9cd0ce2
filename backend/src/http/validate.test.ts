import assert from 'node:assert/strict';
import { after, before, describe, it } from 'mocha';
import { startTestApp, type TestApp } from '../../test/app.js';
import { buildUser, PASSWORD, uniqueEmail, type SignedUpUser } from '../../test/builders.js';
import { analysisBody, buildProject } from '../../test/analysis-fixtures.js';

/** Text PostgreSQL cannot store is refused by validation, on every route, before it reaches SQL. */
describe('validation: text the database cannot store', () => {
  let app: TestApp;
  let admin: SignedUpUser;
  let user: SignedUpUser;

  before(async () => {
    app = await startTestApp();
    admin = await buildUser(app);
    // The run's first account is the admin only when this file runs alone: make this one an admin outright.
    await app.deps.knex('users').where({ id: admin.id }).update({ role: 'admin' });
    user = await buildUser(app);
  });
  after(() => app.close());

  const NUL = 'Ada\u0000Lovelace';
  const LONE_HIGH = 'Ada \uD83D Lovelace';
  const LONE_LOW = 'Ada \uDE00 Lovelace';

  function assertRefused(res: { status: number; body: { error: { code: string; message: string; details: Array<{ path: string }> } } }, path: string): void {
    assert.equal(res.status, 400, JSON.stringify(res.body));
    assert.equal(res.body.error.code, 'validation');
    assert.equal(res.body.error.details[0]?.path, path);
    assert.ok(res.body.error.message.startsWith(`${path}: `), res.body.error.message);
  }

  it('refuses a NUL or a lone surrogate in the sign-up name, and creates no account', async () => {
    for (const name of [NUL, LONE_HIGH, LONE_LOW]) {
      const email = uniqueEmail('nul');
      const res = await app.request('POST', '/api/v1/auth/signup', { email, password: PASSWORD, name, client: 'addin' });
      assertRefused(res, 'body.name');
      assert.equal(await app.deps.knex('users').where({ email }).first(), undefined);
    }
    // A real emoji (a well-formed surrogate pair) is fine.
    const ok = await app.request('POST', '/api/v1/auth/signup', { email: uniqueEmail('emoji'), password: PASSWORD, name: 'Ada 😀', client: 'addin' });
    assert.equal(ok.status, 202, ok.text);
  });

  it('refuses them in a project name and an analysis prompt', async () => {
    const projectId = await buildProject(app, user);
    const project = await app.request('PATCH', `/api/v1/projects/${projectId}`, { name: NUL }, { token: user.accessToken });
    assertRefused(project, 'body.name');
    const cat = await app.request('POST', '/api/v1/categories', { name: 'Finance 2' }, { token: user.accessToken });
    const created = await app.request('POST', '/api/v1/projects', { categoryId: cat.body.data.id, name: LONE_LOW }, { token: user.accessToken });
    assertRefused(created, 'body.name');

    const analysis = await app.request('POST', '/api/v1/analyses', analysisBody(projectId, { prompt: `Summarise ${LONE_HIGH}` }), { token: user.accessToken });
    assertRefused(analysis, 'body.prompt');
    assert.equal((await app.deps.knex('analyses').where({ userId: user.id }).count({ n: '*' }).first())?.n, 0);
  });

  it('names the nested path, and refuses object keys too', async () => {
    const tpl = await app.request('POST', '/api/v1/templates', { name: 'T', prompt: 'p', visibility: 'shared', sharedWith: ['a@example.test', `b\u0000@example.test`] }, { token: user.accessToken });
    assertRefused(tpl, 'body.sharedWith.1');
    const projectId = await buildProject(app, user, 'Keys');
    const keyed = await app.request('POST', '/api/v1/analyses', analysisBody(projectId, { selection: { ['sheet\u0000']: 1 } }), { token: user.accessToken });
    assertRefused(keyed, 'body.selection."sheet\\u0000"');
  });

  it('refuses a NUL in a query string', async () => {
    const res = await app.request('GET', '/api/v1/admin/users?q=ada%00lovelace', undefined, { token: admin.accessToken });
    assertRefused(res, 'query.q');
    const fine = await app.request('GET', '/api/v1/admin/users?q=ada', undefined, { token: admin.accessToken });
    assert.equal(fine.status, 200, fine.text);
  });
});
