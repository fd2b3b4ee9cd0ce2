import assert from 'node:assert/strict';
import { after, before, describe, it } from 'mocha';
import { startTestApp, type TestApp } from '../../test/app.js';
import { buildUser, lastMail, tokenFromLink, uniqueEmail, type SignedUpUser } from '../../test/builders.js';
import { analysisBody, buildProject } from '../../test/analysis-fixtures.js';
import { engine } from '../../test/db.js';

describe('templates', () => {
  let app: TestApp;
  let a: SignedUpUser;
  let b: SignedUpUser;
  let c: SignedUpUser;
  const tpl = { name: 'Variance check', prompt: 'Check the variance on {{sheet}} for {{headers}}.', visibility: 'shared' };

  /** Follows the verification link from the outbox with the password chosen at sign-up, as the user would. */
  async function verify(u: SignedUpUser): Promise<void> {
    const mail = await lastMail(app, u.email, 'verify_email');
    const res = await app.request('POST', '/api/v1/auth/verify', { token: tokenFromLink(mail.link), password: u.password });
    assert.equal(res.status, 200, res.text);
  }

  before(async () => {
    app = await startTestApp();
    [a, b, c] = [await buildUser(app), await buildUser(app), await buildUser(app)];
    // Shares reach verified addresses only; C stays verified too, so its 404s come from not being shared.
    await verify(b);
    await verify(c);
  });
  after(() => app.close());

  const req = (u: SignedUpUser | null, method: string, path: string, body?: unknown) => app.request(method, `/api/v1/templates${path}`, body, u ? { token: u.accessToken } : {});

  it('shares a template with B by email: B sees and duplicates it, C does not see it, only A edits', async () => {
    const created = await req(a, 'POST', '/', { ...tpl, sharedWith: [b.email.toUpperCase()] });
    assert.equal(created.status, 201, created.text);
    const t = created.body.data;
    assert.deepEqual(t.variables, []); // built-ins only: nothing for the user to fill
    assert.deepEqual(t.builtInVariables, ['sheet', 'headers']);
    assert.deepEqual(t.sharedWith, [b.email]);
    assert.equal(t.isOwner, true);

    const forB = await req(b, 'GET', `/${t.id}`);
    assert.equal(forB.status, 200);
    assert.equal(forB.body.data.isOwner, false);
    assert.deepEqual(forB.body.data.sharedWith, []); // share list is the owner's business
    assert.ok((await req(b, 'GET', '/')).body.data.some((x: { id: string }) => x.id === t.id));
    assert.ok((await req(b, 'GET', '/?scope=shared')).body.data.some((x: { id: string }) => x.id === t.id));

    assert.equal((await req(c, 'GET', `/${t.id}`)).status, 404);
    assert.ok(!(await req(c, 'GET', '/')).body.data.some((x: { id: string }) => x.id === t.id));
    assert.equal((await req(c, 'POST', `/${t.id}/duplicate`)).status, 404);
    assert.equal((await req(c, 'PATCH', `/${t.id}`, { name: 'x' })).status, 404);

    assert.equal((await req(b, 'PATCH', `/${t.id}`, { name: 'Mine now' })).status, 403);
    assert.equal((await req(b, 'DELETE', `/${t.id}`)).status, 403);
    const copy = await req(b, 'POST', `/${t.id}/duplicate`);
    assert.equal(copy.status, 201);
    assert.equal(copy.body.data.isOwner, true);
    assert.equal(copy.body.data.visibility, 'private');
    assert.equal(copy.body.data.prompt, tpl.prompt);

    const renamed = await req(a, 'PATCH', `/${t.id}`, { name: 'Variance v2', sharedWith: [] });
    assert.equal(renamed.status, 200);
    assert.equal(renamed.body.data.name, 'Variance v2');
    assert.equal((await req(b, 'GET', `/${t.id}`)).status, 404); // unshared
    assert.equal((await req(a, 'DELETE', `/${t.id}`)).status, 204);
    assert.equal((await req(a, 'GET', `/${t.id}`)).status, 404);
  });

  it('publishes public templates only for admins', async () => {
    await app.deps.knex('users').whereIn('id', [a.id, b.id]).update({ role: 'user' }); // the run's first account is admin
    assert.equal((await req(a, 'POST', '/', { ...tpl, visibility: 'public' })).status, 403);
    const own = (await req(a, 'POST', '/', { ...tpl, visibility: 'private' })).body.data;
    assert.equal((await req(a, 'PATCH', `/${own.id}`, { visibility: 'public' })).status, 403);
    await app.deps.knex('users').where({ id: c.id }).update({ role: 'admin' });
    const pub = await req(c, 'POST', '/', { ...tpl, name: 'House style', visibility: 'public' });
    assert.equal(pub.status, 201);
    assert.ok((await req(a, 'GET', '/?scope=public')).body.data.some((x: { id: string }) => x.id === pub.body.data.id));
    assert.equal((await req(b, 'GET', `/${pub.body.data.id}`)).status, 200);
  });

  it('validates input and needs a session', async () => {
    assert.equal((await req(null, 'GET', '/')).status, 401);
    const bad = await req(a, 'POST', '/', { name: '', prompt: 'x', visibility: 'everyone' });
    assert.equal(bad.status, 400);
    assert.equal((await req(a, 'POST', '/', { ...tpl, sharedWith: ['not-an-email'] })).body.error.details[0].path, 'body.sharedWith.0');
    assert.equal((await req(a, 'GET', '/not-a-uuid')).status, 400);
  });

  it('fills {{sheet}} and {{headers}} when an analysis runs from a template', async () => {
    const t = (await req(a, 'POST', '/', { ...tpl, sharedWith: [b.email] })).body.data;
    const project = await buildProject(app, b);
    const res = await app.request('POST', '/api/v1/analyses', analysisBody(project, { prompt: '', templateId: t.id }), { token: b.accessToken });
    assert.equal(res.status, 201, res.text);
    assert.equal(res.body.data.prompt, 'Check the variance on Sales for Month, Revenue ($), Cost.');
    assert.equal(res.body.data.templateId, t.id);
    const cProject = await buildProject(app, c);
    const forC = await app.request('POST', '/api/v1/analyses', analysisBody(cProject, { templateId: t.id }), { token: c.accessToken });
    assert.equal(forC.status, 404);
  });

  // Only PostgreSQL lets the edit read the row and then wait on the delete's lock (PGlite runs one transaction at a time).
  (engine === 'postgres' ? it : it.skip)('answers 404, not 500, to an edit or a restore that waited on a delete of the same template', async () => {
    const { knex } = app.deps;
    const waitingOnLock = async (n: number) => {
      for (let i = 0; i < 200; i += 1) {
        const rows = (await knex.raw("SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'")).rows;
        if (rows[0].n >= n) return;
        await new Promise((r) => setTimeout(r, 25));
      }
      assert.fail('the requests never waited on the delete');
    };
    const t = (await req(a, 'POST', '/', { name: 'Doomed', prompt: 'First {{sheet}}.' })).body.data;
    const v1 = (await req(a, 'GET', `/${t.id}/versions`)).body.data[0].id;
    // The delete holds the row (uncommitted) while the edit and the restore read it, pass the owner check and wait.
    const trx = await knex.transaction();
    await trx('templates').where({ id: t.id }).delete();
    const edit = req(a, 'PATCH', `/${t.id}`, { prompt: 'Second {{sheet}}.' });
    const restore = req(a, 'POST', `/${t.id}/versions/${v1}/restore`);
    await waitingOnLock(2);
    await trx.commit();
    const [edited, restored] = await Promise.all([edit, restore]);
    assert.equal(edited.status, 404, edited.text);
    assert.equal(restored.status, 404, restored.text);
  });

  it('shows a share made before sign-up only once that address is verified', async () => {
    const email = uniqueEmail('dave');
    const t = (await req(a, 'POST', '/', { ...tpl, name: 'For Dave', sharedWith: [email, b.email] })).body.data;
    // The owner is told which share waits for its person to sign up (and confirm the address); B has.
    assert.deepEqual(t.pendingShares, [email]);
    const dave = await buildUser(app, { email, verified: false });
    assert.deepEqual((await req(a, 'GET', `/${t.id}`)).body.data.pendingShares, [email], 'signed up but not confirmed: still waiting');

    // Anyone can sign up as dave's address; until they prove they own it, the share does not exist for them.
    assert.equal((await req(dave, 'GET', `/${t.id}`)).status, 404);
    assert.ok(!(await req(dave, 'GET', '/')).body.data.some((x: { id: string }) => x.id === t.id));
    assert.ok(!(await req(dave, 'GET', '/?scope=shared')).body.data.some((x: { id: string }) => x.id === t.id));
    assert.equal((await req(dave, 'POST', `/${t.id}/duplicate`)).status, 404);
    const project = await buildProject(app, dave);
    const run = await app.request('POST', '/api/v1/analyses', analysisBody(project, { prompt: '', templateId: t.id }), { token: dave.accessToken });
    assert.equal(run.status, 404, run.text);

    await verify(dave);
    assert.equal((await req(dave, 'GET', `/${t.id}`)).status, 200);
    assert.deepEqual((await req(a, 'GET', '/?scope=mine')).body.data.find((x: { id: string }) => x.id === t.id).pendingShares, []);
    // Only the owner learns about the addresses.
    assert.deepEqual((await req(dave, 'GET', `/${t.id}`)).body.data.pendingShares, []);
    assert.ok((await req(dave, 'GET', '/?scope=shared')).body.data.some((x: { id: string }) => x.id === t.id));
    assert.equal((await req(dave, 'POST', `/${t.id}/duplicate`)).status, 201);
  });
});
