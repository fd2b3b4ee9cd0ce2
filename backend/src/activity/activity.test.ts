import assert from 'node:assert/strict';
import { after, before, describe, it } from 'mocha';
import { analysisBody, buildProject } from '../../test/analysis-fixtures.js';
import { startTestApp, type TestApp } from '../../test/app.js';
import { buildUser, lastMail, PASSWORD, tokenFromLink } from '../../test/builders.js';
import { ingest } from '../../test/documents.js';
import { seedActivity } from '../../test/monitoring-seed.js';
import { purgeActivity } from './retention.js';

describe('activity log', () => {
  let app: TestApp;

  before(async () => {
    app = await startTestApp({ ACTIVITY_RETENTION_DAYS: '90', RUN_WORKERS_IN_PROCESS: 'true' });
  });
  after(() => app.close());

  it('records sign-up, sign-in and its failure, password reset, upload, analysis and template changes with IP and user agent', async () => {
    const ua = { headers: { 'user-agent': 'ActivityTest/1.0' } };
    const user = await buildUser(app);
    assert.equal((await app.request('POST', '/api/v1/auth/login', { email: user.email, password: 'wrong password here' }, ua)).status, 401);
    assert.equal((await app.request('POST', '/api/v1/auth/login', { email: user.email, password: PASSWORD, client: 'addin' }, ua)).status, 200);
    await app.request('POST', '/api/v1/auth/forgot', { email: user.email });
    const reset = tokenFromLink((await lastMail(app, user.email, 'password_reset')).link);
    assert.equal((await app.request('POST', '/api/v1/auth/reset', { token: reset, password: 'another good password' })).status, 200);
    const login = await app.request('POST', '/api/v1/auth/login', { email: user.email, password: 'another good password', client: 'addin' });
    const fresh = { token: login.body.data.accessToken, ...ua };
    const projectId = await buildProject(app, { ...user, accessToken: fresh.token });
    const doc = await ingest(app, { ...user, accessToken: fresh.token }, projectId, 'notes.txt', 'Revenue grew in May.');
    const analysis = await app.request('POST', '/api/v1/analyses', analysisBody(projectId), fresh);
    assert.equal(analysis.status, 201, analysis.text);
    const created = await app.request('POST', '/api/v1/templates', { name: 'Growth', prompt: 'Summarise growth' }, fresh);
    await app.request('PATCH', `/api/v1/templates/${created.body.data.id}`, { name: 'Growth v2' }, fresh);
    await app.request('DELETE', `/api/v1/templates/${created.body.data.id}`, undefined, fresh);

    await app.deps.background.idle();
    await app.deps.activity.flush();
    const rows = await app.deps.knex('activity').where({ userId: user.id }).orderBy('at', 'asc').orderBy('id');
    const actions = rows.map((r: { action: string }) => r.action);
    for (const expected of ['auth.signup', 'auth.login_failed', 'auth.login', 'auth.password_reset_requested', 'auth.password_reset', 'document.upload', 'analysis.create', 'template.create', 'template.update', 'template.delete']) {
      assert.ok(actions.includes(expected), `${expected} in ${actions.join(', ')}`);
    }
    const byAction = (a: string) => rows.find((r: { action: string }) => r.action === a);
    assert.equal(byAction('auth.login_failed').target, user.email);
    assert.equal(byAction('auth.login_failed').userAgent, 'ActivityTest/1.0');
    assert.equal(byAction('analysis.create').target, analysis.body.data.id);
    assert.equal(byAction('analysis.create').userAgent, 'ActivityTest/1.0');
    assert.ok(byAction('analysis.create').ip);
    assert.equal(byAction('document.upload').target, doc.id);
    assert.equal(byAction('template.delete').target, created.body.data.id);

    // The user sees the same list on the usage page.
    const usage = await app.request('GET', '/api/v1/me/usage', undefined, fresh);
    assert.ok(usage.body.data.activity.some((a: { action: string }) => a.action === 'template.update'));
  });

  it('purges rows older than ACTIVITY_RETENTION_DAYS and keeps the rest', async () => {
    const user = await buildUser(app);
    const now = Date.now();
    await seedActivity(app.deps.knex, user.id, 'auth.login', new Date(now - 91 * 86_400_000));
    await seedActivity(app.deps.knex, user.id, 'auth.login', new Date(now - 89 * 86_400_000));
    await app.deps.activity.flush();
    const deleted = await purgeActivity(app.deps, new Date(now));
    assert.ok(deleted >= 1, `deleted ${JSON.stringify(deleted)}`);
    const left = await app.deps.knex('activity').where({ userId: user.id }).select('at');
    assert.equal(left.length, 2, 'the sign-up and the 89-day-old row');
    assert.ok(left.every((r: { at: Date }) => now - new Date(r.at).getTime() < 90 * 86_400_000));
  });
});
