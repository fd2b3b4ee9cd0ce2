import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from '../../test/app.js';
import { buildUser, lastMail, PASSWORD, tokenFromLink, uniqueEmail } from '../../test/builders.js';
import { isCommonPassword } from './password-policy.js';

const COMMON = ['password123', '1234567890', 'qwertyuiop', 'Password1!', 'iloveyou2024!!', 'football12345'];

describe('auth: common and personal passwords are refused at sign-up, reset and change', () => {
  let app: TestApp;
  before(async () => {
    app = await startTestApp();
  });
  after(() => app.close());

  it('covers at least the 10,000 most common passwords', () => {
    // Spot checks from the top of the ranked list down to rank ~9,940, and ordinary passphrases.
    for (const p of ['123456', 'dragon', 'Superman', 'trustno1', 'mustang1', 'password99', 'sweetheart', 'information', 'experienced', 'greedisgood']) {
      assert.ok(isCommonPassword(p), p);
    }
    for (const p of [PASSWORD, 'compilers-are-fun-1952', 'a brand new passphrase']) assert.equal(isCommonPassword(p), false, p);
  });

  it('at sign-up', async () => {
    for (const password of COMMON) {
      const res = await app.request('POST', '/api/v1/auth/signup', { email: uniqueEmail(), password, name: 'Pat Doe' });
      assert.equal(res.status, 400, password);
      assert.equal(res.body.error.code, 'validation');
      assert.equal(res.body.error.details[0].path, 'body.password');
      assert.match(res.body.error.message, /^body\.password: is too common/, password);
    }
    const email = uniqueEmail('marguerite');
    const local = email.split('@')[0];
    const withLocal = await app.request('POST', '/api/v1/auth/signup', { email, password: `my ${local} secret`, name: 'Pat Doe' });
    assert.equal(withLocal.status, 400);
    assert.equal(withLocal.body.error.message, 'body.password: must not contain your email address');
    const withName = await app.request('POST', '/api/v1/auth/signup', { email: uniqueEmail(), password: 'Josephine Baker rocks', name: 'Josephine Baker' });
    assert.equal(withName.status, 400);
    assert.equal(withName.body.error.message, 'body.password: must not contain your name');
    const squeezed = await app.request('POST', '/api/v1/auth/signup', { email: uniqueEmail(), password: 'xx-josephinebaker-xx', name: 'Josephine Baker' });
    assert.equal(squeezed.status, 400, 'the name without its space counts too');
    const brand = await app.request('POST', '/api/v1/auth/signup', { email: uniqueEmail(), password: 'my Intellio account', name: 'Pat Doe' });
    assert.equal(brand.body.error.message, 'body.password: must not contain the name of this service');
    const fine = await app.request('POST', '/api/v1/auth/signup', { email: uniqueEmail(), password: 'a brand new passphrase', name: 'Ann Li' });
    assert.ok([201, 202].includes(fine.status), 'accepted (202, or 201 as the first account): short name parts (Ann, Li) do not count inside ordinary words ("brand")');
    const long = await app.request('POST', '/api/v1/auth/signup', { email: uniqueEmail(), password: 'the quick brown fox jumps over the lazy dog near the riverbank at dawn', name: 'Pat Doe' });
    assert.ok([201, 202].includes(long.status), 'accepted: a 70-character passphrase is welcome');
  });

  it('at a password change (PATCH /me)', async () => {
    const u = await buildUser(app, { name: 'Rosalind Franklin' });
    for (const newPassword of COMMON) {
      const res = await app.request('PATCH', '/api/v1/me', { currentPassword: u.password, newPassword }, { token: u.accessToken });
      assert.equal(res.status, 400, newPassword);
      assert.equal(res.body.error.details[0].path, 'body.newPassword');
    }
    const named = await app.request('PATCH', '/api/v1/me', { currentPassword: u.password, newPassword: 'franklin double helix' }, { token: u.accessToken });
    assert.equal(named.status, 400);
    assert.equal(named.body.error.message, 'body.newPassword: must not contain your name');
    assert.equal(named.body.error.details[0].path, 'body.newPassword');
    const ok = await app.request('PATCH', '/api/v1/me', { currentPassword: u.password, newPassword: 'photo fifty one helix' }, { token: u.accessToken });
    assert.equal(ok.status, 200);
  });

  it('at a password reset', async () => {
    const u = await buildUser(app, { name: 'Grace Hopper' });
    assert.equal((await app.request('POST', '/api/v1/auth/forgot', { email: u.email })).status, 202);
    const token = tokenFromLink((await lastMail(app, u.email, 'password_reset')).link);
    for (const password of COMMON) {
      const res = await app.request('POST', '/api/v1/auth/reset', { token, password });
      assert.equal(res.status, 400, password);
      assert.equal(res.body.error.details[0].path, 'body.password');
    }
    const named = await app.request('POST', '/api/v1/auth/reset', { token, password: 'hopper found a moth' });
    assert.equal(named.status, 400);
    assert.equal(named.body.error.message, 'body.password: must not contain your name');
    // Letters around the local part: with digits only after "user." its core ("user") would be a common password.
    const mine = await app.request('POST', '/api/v1/auth/reset', { token, password: `my ${u.email.split('@')[0]} key` });
    assert.equal(mine.status, 400);
    assert.equal(mine.body.error.message, 'body.password: must not contain your email address');
    assert.equal((await app.request('POST', '/api/v1/auth/reset', { token, password: 'compilers-are-fun-1952' })).status, 200, 'the link still works after refusals');
  });
});
