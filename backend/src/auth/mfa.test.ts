import assert from 'node:assert/strict';
import jwt from 'jsonwebtoken';
import { refreshCookie, startTestApp, type TestApp } from '../../test/app.js';
import { buildUser, enableMfa, lastMail, totpCode, type SignedUpUser } from '../../test/builders.js';

describe('auth: MFA (TOTP + recovery codes)', () => {
  let app: TestApp;
  before(async () => {
    app = await startTestApp();
  });
  after(() => app.close());

  const login = (u: SignedUpUser, client: 'web' | 'addin' = 'web', a = app) =>
    a.request('POST', '/api/v1/auth/login', { email: u.email, password: u.password, client });

  it('needs a session for setup, enable and disable', async () => {
    assert.equal((await app.request('POST', '/api/v1/auth/mfa/setup', {})).status, 401);
    assert.equal((await app.request('POST', '/api/v1/auth/mfa/enable', { password: 'x', code: '123456' })).status, 401);
    assert.equal((await app.request('POST', '/api/v1/auth/mfa/disable', { password: 'x', code: '123456' })).status, 401);
  });

  it('sets up with a secret and otpauth URL, enables only with a right code, and shows ten recovery codes once', async () => {
    const u = await buildUser(app);
    const other = await login(u, 'addin');
    const noSetup = await app.request('POST', '/api/v1/auth/mfa/enable', { password: u.password, code: '123456' }, { token: u.accessToken });
    assert.equal(noSetup.status, 400);
    assert.equal(noSetup.body.error.code, 'mfa_setup_missing');

    const setup = await app.request('POST', '/api/v1/auth/mfa/setup', {}, { token: u.accessToken });
    assert.equal(setup.status, 200);
    const { secret, otpauthUrl } = setup.body.data;
    assert.match(secret, /^[A-Z2-7]{32}$/, '160-bit base32 secret');
    const url = new URL(otpauthUrl);
    assert.equal(url.protocol, 'otpauth:');
    assert.equal(url.host, 'totp');
    assert.equal(url.searchParams.get('secret'), secret);
    assert.equal(url.searchParams.get('issuer'), 'Intellio');
    assert.equal((await app.request('GET', '/api/v1/me', undefined, { token: u.accessToken })).body.data.mfaEnabled, false, 'not on until confirmed');

    const notDigits = await app.request('POST', '/api/v1/auth/mfa/enable', { password: u.password, code: 'abcdef' }, { token: u.accessToken });
    assert.equal(notDigits.status, 400);
    assert.equal(notDigits.body.error.details[0].path, 'body.code');
    const current = await totpCode(secret);
    const wrong = await app.request('POST', '/api/v1/auth/mfa/enable', { password: u.password, code: current === '000000' ? '111111' : '000000' }, { token: u.accessToken });
    assert.equal(wrong.status, 400);
    assert.equal(wrong.body.error.code, 'invalid_code');

    const enabled = await app.request('POST', '/api/v1/auth/mfa/enable', { password: u.password, code: current }, { token: u.accessToken });
    assert.equal(enabled.status, 200);
    const codes: string[] = enabled.body.data.recoveryCodes;
    assert.equal(codes.length, 10);
    assert.equal(new Set(codes).size, 10);
    for (const c of codes) assert.match(c, /^[a-z2-7]{4}(-[a-z2-7]{4}){5}$/, '24 base32 characters = 120 bits');

    const me = await app.request('GET', '/api/v1/me', undefined, { token: u.accessToken });
    assert.equal(me.status, 200, 'this session goes on');
    assert.equal(me.body.data.mfaEnabled, true);
    assert.equal((await app.request('POST', '/api/v1/auth/refresh', { refreshToken: other.body.data.refreshToken })).status, 401, 'other sessions are signed out');
    assert.equal((await app.request('POST', '/api/v1/auth/refresh', { refreshToken: u.refreshToken })).status, 200, 'the enabling one is not');

    const stored = await app.deps.knex('mfa_recovery_codes').where({ user_id: u.id });
    assert.equal(stored.length, 10);
    const dump = JSON.stringify(stored);
    for (const c of codes) assert.ok(!dump.includes(c) && !dump.includes(c.replace(/-/g, '')), 'stored hashed only');
    assert.ok((await lastMail(app, u.email, 'mfa_enabled')).text.includes('turned on'));

    const again = await app.request('POST', '/api/v1/auth/mfa/setup', {}, { token: u.accessToken });
    assert.equal(again.status, 409);
    assert.equal(again.body.error.code, 'mfa_already_enabled');
  });

  it('turns on only with the account password too: an access token alone cannot enrol an authenticator', async () => {
    const u = await buildUser(app);
    const setup = await app.request('POST', '/api/v1/auth/mfa/setup', {}, { token: u.accessToken });
    const { secret } = setup.body.data;
    const code = await totpCode(secret, -1);
    const noPassword = await app.request('POST', '/api/v1/auth/mfa/enable', { code }, { token: u.accessToken });
    assert.equal(noPassword.status, 400);
    assert.equal(noPassword.body.error.details[0].path, 'body.password');
    const wrongPassword = await app.request('POST', '/api/v1/auth/mfa/enable', { password: 'not the password', code }, { token: u.accessToken });
    assert.equal(wrongPassword.status, 400);
    assert.equal(wrongPassword.body.error.code, 'wrong_password');
    assert.deepEqual(wrongPassword.body.error.details, [{ path: 'body.password', message: 'That is not your current password.' }]);
    assert.equal((await app.request('GET', '/api/v1/me', undefined, { token: u.accessToken })).body.data.mfaEnabled, false);
    assert.equal((await app.deps.knex('mfa_recovery_codes').where({ user_id: u.id })).length, 0);
    // The code was not spent by the refused attempts: with the password it turns MFA on.
    const enabled = await app.request('POST', '/api/v1/auth/mfa/enable', { password: u.password, code }, { token: u.accessToken });
    assert.equal(enabled.status, 200, enabled.text);
    assert.equal(enabled.body.data.recoveryCodes.length, 10);
  });

  it('throttles wrong passwords to enable on the sign-in counters', async () => {
    const strict = await startTestApp({ LOGIN_FAILURES_BEFORE_LOCK: '3', LOGIN_LOCK_MINUTES: '15' });
    try {
      const u = await buildUser(strict);
      const { secret } = (await strict.request('POST', '/api/v1/auth/mfa/setup', {}, { token: u.accessToken })).body.data;
      const statuses = [];
      for (let i = 0; i < 5; i++) statuses.push((await strict.request('POST', '/api/v1/auth/mfa/enable', { password: `guess number ${i}`, code: '123456' }, { token: u.accessToken })).status);
      assert.deepEqual(statuses, [400, 400, 400, 429, 429]);
      const locked = await strict.request('POST', '/api/v1/auth/mfa/enable', { password: u.password, code: await totpCode(secret) }, { token: u.accessToken });
      assert.equal(locked.status, 429, 'the right password waits too');
      assert.equal((await strict.request('POST', '/api/v1/auth/login', { email: u.email, password: u.password })).status, 429, 'and so does sign-in');
    } finally {
      await strict.close();
    }
  });

  it('answers a right password with a challenge and no session; the code then signs in like login', async () => {
    const u = await buildUser(app);
    const { secret } = await enableMfa(app, u);
    const first = await login(u);
    assert.equal(first.status, 200);
    assert.deepEqual(Object.keys(first.body.data).sort(), ['mfaRequired', 'mfaToken']);
    assert.equal(first.body.data.mfaRequired, true);
    assert.equal(first.headers.getSetCookie().length, 0, 'no refresh cookie before the second step');
    const { mfaToken } = first.body.data;
    assert.equal((await app.request('GET', '/api/v1/me', undefined, { token: mfaToken })).status, 401, 'the challenge is not an access token');

    const wrongPassword = await app.request('POST', '/api/v1/auth/login', { email: u.email, password: 'not the password' });
    assert.equal(wrongPassword.status, 401, 'a wrong password still gets no challenge');
    assert.equal(wrongPassword.body.data, undefined);

    const code = await totpCode(secret);
    const bad = await app.request('POST', '/api/v1/auth/mfa/verify', { mfaToken, code: code === '000000' ? '111111' : '000000' });
    assert.equal(bad.status, 401);
    assert.equal(bad.body.error.code, 'invalid_code');

    const web = await app.request('POST', '/api/v1/auth/mfa/verify', { mfaToken, code: code.replace(/(\d{3})/, '$1 ') });
    assert.equal(web.status, 200);
    assert.equal(web.body.data.user.id, u.id);
    assert.equal(web.body.data.user.mfaEnabled, true);
    assert.equal(web.body.data.refreshToken, undefined, 'web: refresh token only as a cookie');
    const cookie = refreshCookie(web);
    assert.ok(cookie);
    assert.equal((await app.request('POST', '/api/v1/auth/refresh', {}, { cookie })).status, 200);
    assert.equal((await app.request('GET', '/api/v1/me', undefined, { token: web.body.data.accessToken })).status, 200);

    const replay = await app.request('POST', '/api/v1/auth/mfa/verify', { mfaToken: (await login(u)).body.data.mfaToken, code });
    assert.equal(replay.status, 401, 'a code is accepted once');
    assert.equal(replay.body.error.code, 'invalid_code');

    const addin = await app.request('POST', '/api/v1/auth/mfa/verify', { mfaToken: (await login(u, 'addin')).body.data.mfaToken, code: await totpCode(secret, 1), client: 'addin' });
    assert.equal(addin.status, 200);
    assert.ok(addin.body.data.refreshToken, 'add-ins get the refresh token in the body');
    assert.equal(refreshCookie(addin), undefined);
  });

  it('accepts each recovery code once, in any case and with or without dashes', async () => {
    const u = await buildUser(app);
    const { recoveryCodes } = await enableMfa(app, u);
    const verify = async (recoveryCode: string) =>
      app.request('POST', '/api/v1/auth/mfa/verify', { mfaToken: (await login(u, 'addin')).body.data.mfaToken, recoveryCode, client: 'addin' });
    const ok = await verify(` ${recoveryCodes[3].toUpperCase().replace(/-/g, ' ')} `);
    assert.equal(ok.status, 200);
    assert.equal((await verify(recoveryCodes[3])).status, 401, 'single use');
    assert.equal((await verify('aaaa-bbbb-cccc-dddd-eeee-ffff')).status, 401);
    assert.equal((await verify(recoveryCodes[4])).status, 200, 'the others still work');
    const used = await app.deps.knex('mfa_recovery_codes').where({ user_id: u.id }).whereNotNull('used_at');
    assert.equal(used.length, 2);
  });

  it('refuses expired, forged, foreign and stale challenges, and bodies with both or neither code', async () => {
    const u = await buildUser(app);
    const { secret } = await enableMfa(app, u);
    const { mfaToken } = (await login(u)).body.data;
    const claims = jwt.decode(mfaToken) as jwt.JwtPayload;
    assert.ok(claims.exp! - claims.iat! <= 300, 'lives five minutes at most');
    const expired = jwt.sign({ sv: claims.sv, iat: claims.iat! - 600, exp: claims.iat! - 300 }, app.deps.config.auth.jwtSecret, { subject: u.id, audience: 'intellio-mfa', issuer: 'intellio' });
    const access = u.accessToken;
    const forged = `${mfaToken}x`;
    for (const token of [expired, access, forged]) {
      const res = await app.request('POST', '/api/v1/auth/mfa/verify', { mfaToken: token, code: await totpCode(secret) });
      assert.equal(res.status, 401, token);
      assert.equal(res.body.error.code, 'invalid_mfa_token');
    }
    const both = await app.request('POST', '/api/v1/auth/mfa/verify', { mfaToken, code: '123456', recoveryCode: 'aaaa-bbbb-cccc-dddd-eeee-ffff' });
    assert.equal(both.status, 400);
    assert.equal((await app.request('POST', '/api/v1/auth/mfa/verify', { mfaToken })).status, 400);

    // A password change after the first step ends the challenge.
    await app.deps.knex('users').where({ id: u.id }).increment('session_version', 1);
    const stale = await app.request('POST', '/api/v1/auth/mfa/verify', { mfaToken, code: await totpCode(secret) });
    assert.equal(stale.status, 401);
    assert.equal(stale.body.error.code, 'invalid_mfa_token');
  });

  it('throttles wrong codes per account, from any address, and a right password does not reset the count', async () => {
    const strict = await startTestApp({ LOGIN_FAILURES_BEFORE_LOCK: '3', LOGIN_LOCK_MINUTES: '15' });
    try {
      const u = await buildUser(strict);
      const { secret } = await enableMfa(strict, u);
      const statuses: number[] = [];
      for (let i = 0; i < 8; i++) {
        const { mfaToken } = (await login(u, 'web', strict)).body.data;
        assert.ok(mfaToken, `attempt ${i}: the password itself is right`);
        const code = String(100000 + i);
        statuses.push((await strict.request('POST', '/api/v1/auth/mfa/verify', { mfaToken, code })).status);
      }
      assert.deepEqual(statuses, [401, 401, 401, 429, 429, 429, 429, 429]);
      const { mfaToken } = (await login(u, 'web', strict)).body.data;
      const right = await strict.request('POST', '/api/v1/auth/mfa/verify', { mfaToken, code: await totpCode(secret) });
      assert.equal(right.status, 429, 'even the right code waits');
      assert.ok(Number(right.headers.get('retry-after')) > 0);
    } finally {
      await strict.close();
    }
  });

  it('keeps MFA through a password reset: the new password still needs a code', async () => {
    const u = await buildUser(app);
    const { secret } = await enableMfa(app, u);
    await app.request('POST', '/api/v1/auth/forgot', { email: u.email });
    const link = (await lastMail(app, u.email, 'password_reset')).link!;
    const token = new URL(link).searchParams.get('token');
    assert.equal((await app.request('POST', '/api/v1/auth/reset', { token, password: 'an entirely new phrase' })).status, 200);
    const first = await app.request('POST', '/api/v1/auth/login', { email: u.email, password: 'an entirely new phrase', client: 'addin' });
    assert.equal(first.body.data.mfaRequired, true);
    assert.equal(first.body.data.accessToken, undefined);
    const second = await app.request('POST', '/api/v1/auth/mfa/verify', { mfaToken: first.body.data.mfaToken, code: await totpCode(secret), client: 'addin' });
    assert.equal(second.status, 200);
  });

  it('turns off only with the password and a code (or a recovery code)', async () => {
    const u = await buildUser(app);
    const { secret, recoveryCodes } = await enableMfa(app, u);
    const disable = (body: object) => app.request('POST', '/api/v1/auth/mfa/disable', body, { token: u.accessToken });
    const wrongPassword = await disable({ password: 'not the password', code: await totpCode(secret) });
    assert.equal(wrongPassword.status, 400);
    assert.equal(wrongPassword.body.error.code, 'wrong_password');
    const wrongCode = await disable({ password: u.password, code: '000000' === (await totpCode(secret)) ? '111111' : '000000' });
    assert.equal(wrongCode.status, 400);
    assert.equal(wrongCode.body.error.code, 'invalid_code');
    assert.equal((await disable({ password: u.password })).status, 400);

    const off = await disable({ password: u.password, code: recoveryCodes[0] });
    assert.equal(off.status, 200);
    assert.equal(off.body.data.user.mfaEnabled, false);
    assert.equal((await app.deps.knex('mfa_recovery_codes').where({ user_id: u.id })).length, 0, 'recovery codes are deleted');
    const row = await app.deps.knex('users').where({ id: u.id }).first();
    assert.equal(row.mfaSecret, null);
    const plain = await login(u);
    assert.ok(plain.body.data.accessToken, 'sign-in is one step again');
    assert.ok((await lastMail(app, u.email, 'mfa_disabled')).text.includes('turned off'));
    const twice = await disable({ password: u.password, code: '123456' });
    assert.equal(twice.status, 409);
    assert.equal(twice.body.error.code, 'mfa_not_enabled');
  });

  it('with REQUIRE_ADMIN_MFA, lets an admin without MFA reach only the MFA setup until it is on', async () => {
    const strict = await startTestApp({ REQUIRE_ADMIN_MFA: 'true' });
    try {
      const admin = await buildUser(strict);
      await strict.deps.knex('users').where({ id: admin.id }).update({ role: 'admin' });
      const user = await buildUser(strict);
      const blocked = await strict.request('GET', '/api/v1/categories', undefined, { token: admin.accessToken });
      assert.equal(blocked.status, 403);
      assert.equal(blocked.body.error.code, 'mfa_setup_required');
      assert.equal((await strict.request('GET', '/api/v1/admin/users', undefined, { token: admin.accessToken })).body.error.code, 'mfa_setup_required');
      assert.equal((await strict.request('GET', '/api/v1/me', undefined, { token: admin.accessToken })).status, 200);
      assert.equal((await strict.request('GET', '/api/v1/categories', undefined, { token: user.accessToken })).status, 200, 'users are not affected');

      await enableMfa(strict, admin);
      assert.equal((await strict.request('GET', '/api/v1/categories', undefined, { token: admin.accessToken })).status, 200);
      assert.equal((await strict.request('GET', '/api/v1/admin/users', undefined, { token: admin.accessToken })).status, 200);
    } finally {
      await strict.close();
    }
  });
});
