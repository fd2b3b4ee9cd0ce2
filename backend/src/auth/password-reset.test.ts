import assert from 'node:assert/strict';
import { refreshCookie, startTestApp, type TestApp } from '../../test/app.js';
import { buildUser, lastMail, tokenFromLink, uniqueEmail } from '../../test/builders.js';

describe('auth: forgot and reset password', () => {
  let app: TestApp;
  before(async () => {
    app = await startTestApp();
  });
  after(() => app.close());

  it('answers 202 with the same body for known and unknown emails, and mails only the known one', async () => {
    const u = await buildUser(app);
    const known = await app.request('POST', '/api/v1/auth/forgot', { email: u.email });
    const unknownEmail = uniqueEmail('ghost');
    const unknown = await app.request('POST', '/api/v1/auth/forgot', { email: unknownEmail });
    assert.equal(known.status, 202);
    assert.equal(unknown.status, 202);
    assert.deepEqual(known.body, unknown.body);
    await app.deps.background.idle();
    assert.equal((await app.deps.knex('outbox').where({ to: unknownEmail })).length, 0);
    assert.equal((await app.deps.knex('outbox').where({ to: u.email, kind: 'password_reset' })).length, 1);
  });

  it('forgot → reset through the outbox link → every old session is dead → new password works once', async () => {
    const u = await buildUser(app);
    const web = await app.request('POST', '/api/v1/auth/login', { email: u.email, password: u.password });
    const webCookie = refreshCookie(web);
    await app.request('POST', '/api/v1/auth/forgot', { email: u.email });
    const { link } = await lastMail(app, u.email, 'password_reset');
    assert.ok(link?.startsWith(`${app.url}/reset-password?token=`));
    const token = tokenFromLink(link);
    const row = await app.deps.knex('password_resets').where({ user_id: u.id }).first();
    assert.notEqual(row.tokenHash, token, 'the token is stored hashed');
    const minutes = (new Date(row.expiresAt).getTime() - Date.now()) / 60_000;
    assert.ok(minutes > 29 && minutes <= 30, `expires in 30 minutes (got ${minutes})`);

    const reset = await app.request('POST', '/api/v1/auth/reset', { token, password: 'a brand new passphrase' });
    assert.equal(reset.status, 200);

    assert.equal((await app.request('GET', '/api/v1/me', undefined, { token: u.accessToken })).status, 401, 'old access token');
    assert.equal((await app.request('POST', '/api/v1/auth/refresh', { refreshToken: u.refreshToken })).status, 401, 'old add-in session');
    assert.equal((await app.request('POST', '/api/v1/auth/refresh', {}, { cookie: webCookie })).status, 401, 'old web session');
    assert.equal((await app.request('POST', '/api/v1/auth/login', { email: u.email, password: u.password })).status, 401, 'old password');
    assert.equal((await app.request('POST', '/api/v1/auth/login', { email: u.email, password: 'a brand new passphrase' })).status, 200);
    const reuse = await app.request('POST', '/api/v1/auth/reset', { token, password: 'yet another passphrase' });
    assert.equal(reuse.status, 400);
    assert.equal(reuse.body.error.code, 'invalid_token');
    assert.ok((await lastMail(app, u.email, 'password_changed')).text.includes('changed'));
  });

  it('voids an older reset link when a newer one is requested', async () => {
    const u = await buildUser(app);
    await app.request('POST', '/api/v1/auth/forgot', { email: u.email });
    const first = (await lastMail(app, u.email, 'password_reset')).link;
    await app.request('POST', '/api/v1/auth/forgot', { email: u.email });
    const second = (await lastMail(app, u.email, 'password_reset')).link;
    assert.notEqual(first, second);
    const old = await app.request('POST', '/api/v1/auth/reset', { token: tokenFromLink(first), password: 'a brand new passphrase' });
    assert.equal(old.status, 400);
    assert.equal(old.body.error.code, 'invalid_token');
    assert.equal((await app.request('POST', '/api/v1/auth/reset', { token: tokenFromLink(second), password: 'a brand new passphrase' })).status, 200);
  });

  it('refuses an expired reset link', async () => {
    const u = await buildUser(app);
    await app.request('POST', '/api/v1/auth/forgot', { email: u.email });
    const { link } = await lastMail(app, u.email, 'password_reset');
    await app.deps.knex('password_resets').where({ user_id: u.id }).update({ expires_at: new Date(Date.now() - 1000) });
    const res = await app.request('POST', '/api/v1/auth/reset', { token: tokenFromLink(link), password: 'a brand new passphrase' });
    assert.equal(res.status, 400);
    assert.equal(res.body.error.code, 'invalid_token');
    assert.equal((await app.request('POST', '/api/v1/auth/login', { email: u.email, password: u.password })).status, 200);
  });

  it('refuses a made-up token', async () => {
    const res = await app.request('POST', '/api/v1/auth/reset', { token: 'x'.repeat(43), password: 'a brand new passphrase' });
    assert.equal(res.status, 400);
    assert.equal(res.body.error.code, 'invalid_token');
  });
});
