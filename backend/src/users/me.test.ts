import assert from 'node:assert/strict';
import { ko } from '@intellio/i18n';
import { refreshCookie, startTestApp, type TestApp } from '../../test/app.js';
import { buildUser, lastMail, tokenFromLink } from '../../test/builders.js';

describe('GET/PATCH /me', () => {
  let app: TestApp;
  before(async () => {
    app = await startTestApp();
  });
  after(() => app.close());

  it('needs a session', async () => {
    assert.equal((await app.request('GET', '/api/v1/me')).status, 401);
    assert.equal((await app.request('PATCH', '/api/v1/me', { name: 'x' })).status, 401);
  });

  it('changes the name', async () => {
    const u = await buildUser(app);
    const res = await app.request('PATCH', '/api/v1/me', { name: '  New Name ' }, { token: u.accessToken });
    assert.equal(res.status, 200);
    assert.equal(res.body.data.name, 'New Name');
    assert.equal(res.body.data.accessToken, undefined);
    assert.equal((await app.request('GET', '/api/v1/me', undefined, { token: u.accessToken })).body.data.name, 'New Name');
  });

  it('changes the password only with the current one, and signs out other sessions', async () => {
    const u = await buildUser(app);
    const noCurrent = await app.request('PATCH', '/api/v1/me', { newPassword: 'another long pass' }, { token: u.accessToken });
    assert.equal(noCurrent.status, 400);
    assert.equal(noCurrent.body.error.details[0].path, 'body.currentPassword');
    const wrong = await app.request('PATCH', '/api/v1/me', { currentPassword: 'not it at all', newPassword: 'another long pass' }, { token: u.accessToken });
    assert.equal(wrong.status, 400);
    assert.equal(wrong.body.error.code, 'wrong_password');
    const ok = await app.request('PATCH', '/api/v1/me', { currentPassword: u.password, newPassword: 'another long pass' }, { token: u.accessToken });
    assert.equal(ok.status, 200);
    const fresh = ok.body.data.accessToken as string;
    assert.ok(fresh);
    assert.equal((await app.request('GET', '/api/v1/me', undefined, { token: fresh })).status, 200, 'this session continues');
    assert.equal((await app.request('GET', '/api/v1/me', undefined, { token: u.accessToken })).status, 401, 'old access token');
    assert.equal((await app.request('POST', '/api/v1/auth/refresh', { refreshToken: u.refreshToken })).status, 401, 'old refresh token');
    // The web caller gets a new refresh cookie, so a reload keeps it signed in; an add-in gets the token.
    const cookie = refreshCookie(ok);
    assert.ok(cookie, 'a new refresh cookie');
    assert.equal((await app.request('POST', '/api/v1/auth/refresh', {}, { cookie })).status, 200, 'new refresh cookie works');
    const addin = await app.request('PATCH', '/api/v1/me', { currentPassword: 'another long pass', newPassword: 'a third long pass' }, { token: fresh, headers: { 'x-intellio-client': 'addin' } });
    assert.equal(addin.status, 200);
    assert.equal(refreshCookie(addin), undefined, 'no cookie for add-ins');
    assert.equal((await app.request('POST', '/api/v1/auth/refresh', { refreshToken: addin.body.data.refreshToken })).status, 200);
    assert.equal((await app.request('POST', '/api/v1/auth/login', { email: u.email, password: 'a third long pass' })).status, 200);
    assert.ok((await lastMail(app, u.email, 'password_changed')).text.includes('changed'));
  });

  it('voids outstanding reset and confirmation links when the password changes', async () => {
    const u = await buildUser(app, { verified: false });
    const verifyLink = (await lastMail(app, u.email, 'verify_email')).link;
    await app.request('POST', '/api/v1/auth/forgot', { email: u.email });
    const resetLink = (await lastMail(app, u.email, 'password_reset')).link;
    const changed = await app.request('PATCH', '/api/v1/me', { currentPassword: u.password, newPassword: 'another long pass' }, { token: u.accessToken });
    assert.equal(changed.status, 200, changed.text);
    const reset = await app.request('POST', '/api/v1/auth/reset', { token: tokenFromLink(resetLink), password: 'the thief passphrase' });
    assert.equal(reset.status, 400, 'a reset link from before the change');
    assert.equal(reset.body.error.code, 'invalid_token');
    const verify = await app.request('POST', '/api/v1/auth/verify', { token: tokenFromLink(verifyLink), client: 'addin' });
    assert.equal(verify.status, 400, 'a confirmation link from before the change signs nobody in');
    assert.equal(verify.body.error.code, 'invalid_token');
    assert.equal((await app.request('POST', '/api/v1/auth/login', { email: u.email, password: 'the thief passphrase' })).status, 401);
  });

  it('writes the password-changed mail in the language (and name) set in the same request', async () => {
    const u = await buildUser(app, { name: 'Old Name' });
    const res = await app.request('PATCH', '/api/v1/me', { currentPassword: u.password, newPassword: 'another long pass', language: 'ko', name: '김민지' }, { token: u.accessToken });
    assert.equal(res.status, 200, res.text);
    assert.equal(res.body.data.language, 'ko');
    const mail = await lastMail(app, u.email, 'password_changed');
    assert.ok(mail.text.startsWith(`${ko.serverMail.greeting.replace('{{name}}', '김민지')}\n${ko.serverMail.changed.body}`), mail.text);
    const row = await app.deps.knex('outbox').where({ to: u.email, kind: 'password_changed' }).first();
    assert.equal(row.subject, ko.serverMail.changed.subject);
    // And back: switching to English with the next change writes that mail in English.
    await app.request('PATCH', '/api/v1/me', { currentPassword: 'another long pass', newPassword: 'a third long pass', language: 'en' }, { token: res.body.data.accessToken });
    assert.match((await lastMail(app, u.email, 'password_changed')).text, /^Hi 김민지,\nYour password was just changed/);
  });

  it('throttles wrong current passwords like sign-in, on the same counters, and says so in a sentence', async () => {
    const strict = await startTestApp({ LOGIN_FAILURES_BEFORE_LOCK: '3', LOGIN_LOCK_MINUTES: '15' });
    try {
      const u = await buildUser(strict);
      const change = (currentPassword: string) =>
        strict.request('PATCH', '/api/v1/me', { currentPassword, newPassword: 'another long pass' }, { token: u.accessToken });
      const wrong = await change('guess number 0');
      assert.equal(wrong.status, 400);
      assert.equal(wrong.body.error.message, 'The current password is incorrect.');
      assert.deepEqual(wrong.body.error.details, [{ path: 'body.currentPassword', message: 'That is not your current password.' }]);
      const statuses = [wrong.status];
      for (let i = 1; i < 41; i++) statuses.push((await change(`guess number ${i}`)).status);
      assert.deepEqual(statuses, [400, 400, 400, ...Array(38).fill(429)]);
      const locked = await change(u.password);
      assert.equal(locked.status, 429, 'the right password waits too');
      assert.ok(Number(locked.headers.get('retry-after')) > 800);
      assert.equal((await strict.request('POST', '/api/v1/auth/login', { email: u.email, password: u.password })).status, 429, 'and so does sign-in');
      assert.equal((await strict.request('GET', '/api/v1/me', undefined, { token: u.accessToken })).status, 200, 'the session itself goes on');
      assert.equal((await strict.request('PATCH', '/api/v1/me', { name: 'Still Me' }, { token: u.accessToken })).status, 200);
    } finally {
      await strict.close();
    }
  });

  it('stores the name in NFC and refuses one with nothing visible', async () => {
    const u = await buildUser(app);
    const res = await app.request('PATCH', '/api/v1/me', { name: '김민지'.normalize('NFD') }, { token: u.accessToken });
    assert.equal(res.status, 200, res.text);
    assert.equal(res.body.data.name, '김민지');
    for (const name of ['\u200B', '\u3164', '\u200E\u00A0']) {
      const blank = await app.request('PATCH', '/api/v1/me', { name }, { token: u.accessToken });
      assert.equal(blank.status, 400, JSON.stringify(name));
      assert.equal(blank.body.error.details[0].path, 'body.name');
    }
    assert.equal((await app.request('GET', '/api/v1/me', undefined, { token: u.accessToken })).body.data.name, '김민지');
  });

  it('refuses empty updates and privilege fields', async () => {
    const u = await buildUser(app);
    assert.equal((await app.request('PATCH', '/api/v1/me', {}, { token: u.accessToken })).status, 400);
    const sneaky = await app.request('PATCH', '/api/v1/me', { name: 'x', role: 'admin' }, { token: u.accessToken });
    assert.equal(sneaky.status, 400);
    assert.equal((await app.request('GET', '/api/v1/me', undefined, { token: u.accessToken })).body.data.role, 'user');
  });
});
