import assert from 'node:assert/strict';
import jwt from 'jsonwebtoken';
import { refreshCookie, startTestApp, type TestApp } from '../../test/app.js';
import { buildUser, lastMail, PASSWORD, tokenFromLink, uniqueEmail } from '../../test/builders.js';
import { SESSION_CHECK_CACHE_MS } from './session-check.js';

describe('auth: sign-up, verification, sessions', () => {
  let app: TestApp;
  before(async () => {
    app = await startTestApp();
  });
  after(() => app.close());

  it('makes the very first account an admin and later ones users', async () => {
    await app.deps.knex('users').del();
    const first = await buildUser(app);
    const second = await buildUser(app);
    assert.equal(first.user.role, 'admin');
    assert.equal(second.user.role, 'user');
  });

  it('signup → verify → login → refresh → rotated-token reuse revokes the family → logout', async () => {
    const email = uniqueEmail('Flow').toUpperCase();
    const signup = await app.request('POST', '/api/v1/auth/signup', { email: `  ${email} `, password: PASSWORD, name: 'Flow' });
    assert.equal(signup.status, 201);
    const user = signup.body.data.user;
    assert.equal(user.email, email.toLowerCase(), 'email is trimmed and lower-cased');
    assert.equal(user.emailVerified, false);
    assert.equal(signup.body.data.refreshToken, undefined, 'web clients never see the refresh token');
    assert.ok(!JSON.stringify(signup.body).includes('$2b$'), 'no password hash in the response');
    const setCookie = signup.headers.getSetCookie().join(';').toLowerCase();
    assert.match(setCookie, /httponly/);
    assert.match(setCookie, /samesite=strict/);

    // Verification link from the outbox.
    const mail = await lastMail(app, email.toLowerCase(), 'verify_email');
    assert.ok(mail.link?.startsWith(`${app.url}/verify-email?token=`));
    const verified = await app.request('POST', '/api/v1/auth/verify', { token: tokenFromLink(mail.link) });
    assert.equal(verified.status, 200);
    assert.equal(verified.body.data.user.emailVerified, true);
    const again = await app.request('POST', '/api/v1/auth/verify', { token: tokenFromLink(mail.link) });
    assert.equal(again.status, 409, 'verification links are single-use; a reused one says the address is confirmed');
    assert.equal(again.body.error.code, 'already_verified');

    const login = await app.request('POST', '/api/v1/auth/login', { email, password: PASSWORD });
    assert.equal(login.status, 200);
    const me = await app.request('GET', '/api/v1/me', undefined, { token: login.body.data.accessToken });
    assert.equal(me.status, 200);
    assert.equal(me.body.data.id, user.id);
    assert.equal(me.body.data.emailVerified, true);

    const cookie1 = refreshCookie(login);
    assert.ok(cookie1);
    const r1 = await app.request('POST', '/api/v1/auth/refresh', {}, { cookie: cookie1 });
    assert.equal(r1.status, 200);
    const cookie2 = refreshCookie(r1);
    assert.ok(cookie2 && cookie2 !== cookie1, 'refresh rotates the token');
    assert.equal((await app.request('GET', '/api/v1/me', undefined, { token: r1.body.data.accessToken })).status, 200);

    const r2 = await app.request('POST', '/api/v1/auth/refresh', {}, { cookie: cookie2 });
    assert.equal(r2.status, 200);
    const cookie3 = refreshCookie(r2);

    // Presenting a rotated token whose successor was used: refused, and the whole family (including the
    // live cookie3) is revoked.
    const reuse = await app.request('POST', '/api/v1/auth/refresh', {}, { cookie: cookie1 });
    assert.equal(reuse.status, 401);
    assert.equal(reuse.body.error.code, 'token_reused');
    const afterReuse = await app.request('POST', '/api/v1/auth/refresh', {}, { cookie: cookie3 });
    assert.equal(afterReuse.status, 401);

    // A separate sign-in is a separate family and is unaffected; logout ends it.
    const login2 = await app.request('POST', '/api/v1/auth/login', { email, password: PASSWORD });
    const cookie4 = refreshCookie(login2);
    const out = await app.request('POST', '/api/v1/auth/logout', {}, { cookie: cookie4 });
    assert.equal(out.status, 204);
    assert.match(out.headers.getSetCookie().join(';'), /intellio_rt=;/);
    assert.equal((await app.request('POST', '/api/v1/auth/refresh', {}, { cookie: cookie4 })).status, 401);
    assert.equal((await app.request('POST', '/api/v1/auth/logout', {}, { cookie: cookie4 })).status, 204, 'logout is idempotent');
  });

  it('gives add-ins the refresh token in the body and rotates it there', async () => {
    const u = await buildUser(app);
    assert.ok(u.refreshToken);
    const r = await app.request('POST', '/api/v1/auth/refresh', { refreshToken: u.refreshToken });
    assert.equal(r.status, 200);
    assert.ok(r.body.data.refreshToken && r.body.data.refreshToken !== u.refreshToken);
    assert.equal(r.headers.getSetCookie().length, 0, 'no cookie for add-ins');
    const r2 = await app.request('POST', '/api/v1/auth/refresh', { refreshToken: r.body.data.refreshToken });
    assert.equal(r2.status, 200);
    const reuse = await app.request('POST', '/api/v1/auth/refresh', { refreshToken: u.refreshToken });
    assert.equal(reuse.body.error.code, 'token_reused');
    assert.equal((await app.request('POST', '/api/v1/auth/refresh', { refreshToken: r2.body.data.refreshToken })).status, 401);
    const rows = await app.deps.knex('refresh_tokens').where({ user_id: u.id });
    assert.ok(rows.every((row) => row.revokedAt !== null), 'every token of the family is revoked');
    assert.ok(rows.every((row) => row.tokenHash.length === 64 && row.tokenHash !== u.refreshToken), 'stored hashed');
  });

  it('survives a lost refresh response: the rotated token works once more within the grace window', async () => {
    const u = await buildUser(app);
    // The client sent u.refreshToken, the server rotated it, and the response never arrived (a reload).
    const lost = await app.request('POST', '/api/v1/auth/refresh', { refreshToken: u.refreshToken });
    assert.equal(lost.status, 200);
    const retry = await app.request('POST', '/api/v1/auth/refresh', { refreshToken: u.refreshToken });
    assert.equal(retry.status, 200, 'the same token again, successor unused: a new session, not a sign-out');
    const next = await app.request('POST', '/api/v1/auth/refresh', { refreshToken: retry.body.data.refreshToken });
    assert.equal(next.status, 200, 'the retry token rotates normally');
    // The successor nobody received is retired: presenting it is treated as theft.
    const stale = await app.request('POST', '/api/v1/auth/refresh', { refreshToken: lost.body.data.refreshToken });
    assert.equal(stale.body.error.code, 'token_reused');
    assert.equal((await app.request('POST', '/api/v1/auth/refresh', { refreshToken: next.body.data.refreshToken })).status, 401);
  });

  it('signs out on reuse once the grace window has passed, even if the successor was never used', async () => {
    const strict = await startTestApp({ REFRESH_REUSE_GRACE_SECONDS: '0' });
    try {
      const u = await buildUser(strict);
      assert.equal((await strict.request('POST', '/api/v1/auth/refresh', { refreshToken: u.refreshToken })).status, 200);
      await new Promise((r) => setTimeout(r, 20));
      const reuse = await strict.request('POST', '/api/v1/auth/refresh', { refreshToken: u.refreshToken });
      assert.equal(reuse.body.error.code, 'token_reused');
    } finally {
      await strict.close();
    }
  });

  it('ends access tokens at once on logout and when refresh-token reuse revokes their sign-in', async () => {
    const u = await buildUser(app);
    const me = (token: string) => app.request('GET', '/api/v1/me', undefined, { token });
    // A second sign-in of the same user, and a web one, to show only the ended family is affected.
    const other = await app.request('POST', '/api/v1/auth/login', { email: u.email, password: u.password, client: 'addin' });
    assert.equal((await me(u.accessToken)).status, 200, 'live, and now in the session cache');
    const out = await app.request('POST', '/api/v1/auth/logout', { refreshToken: u.refreshToken });
    assert.equal(out.status, 204);
    const after = await me(u.accessToken);
    assert.equal(after.status, 401, 'revoked means revoked, not in 15 minutes');
    assert.equal(after.body.error.code, 'session_revoked');
    assert.equal((await me(other.body.data.accessToken)).status, 200, 'the other sign-in goes on');

    // Reuse of a rotated refresh token: the thief's and the owner's access tokens of that family both end.
    const r1 = await app.request('POST', '/api/v1/auth/refresh', { refreshToken: other.body.data.refreshToken });
    const r2 = await app.request('POST', '/api/v1/auth/refresh', { refreshToken: r1.body.data.refreshToken });
    assert.equal((await me(r2.body.data.accessToken)).status, 200);
    const reuse = await app.request('POST', '/api/v1/auth/refresh', { refreshToken: other.body.data.refreshToken });
    assert.equal(reuse.body.error.code, 'token_reused');
    for (const token of [other.body.data.accessToken, r1.body.data.accessToken, r2.body.data.accessToken]) {
      assert.equal((await me(token)).status, 401);
    }
  });

  it('sees a revocation made elsewhere (another process, SQL) within the few-second cache', async () => {
    const u = await buildUser(app);
    assert.equal((await app.request('GET', '/api/v1/me', undefined, { token: u.accessToken })).status, 200);
    // Revoked behind this process's back, as another backend process would.
    await app.deps.knex('refresh_tokens').where({ user_id: u.id }).update({ revoked_at: new Date() });
    await new Promise((r) => setTimeout(r, SESSION_CHECK_CACHE_MS + 100));
    assert.equal((await app.request('GET', '/api/v1/me', undefined, { token: u.accessToken })).status, 401);
  });

  it('refuses a validly signed access token that names no sign-in', async () => {
    const u = await buildUser(app);
    const claims = JSON.parse(Buffer.from(u.accessToken.split('.')[1], 'base64url').toString());
    assert.equal(typeof claims.sid, 'string');
    const { sid: _sid, iat: _iat, exp: _exp, ...rest } = claims;
    const legacy = jwt.sign(rest, app.deps.config.auth.jwtSecret, { algorithm: 'HS256', expiresIn: 600 });
    assert.equal((await app.request('GET', '/api/v1/me', undefined, { token: legacy })).status, 401);
  });

  it('marks the refresh cookie Secure when PUBLIC_URL is https, though no proxy is trusted to say so', async () => {
    const tls = await startTestApp({ PUBLIC_URL: 'https://intellio.example' });
    try {
      const u = await buildUser(tls);
      const login = await tls.request('POST', '/api/v1/auth/login', { email: u.email, password: u.password });
      assert.equal(login.status, 200);
      assert.match(login.headers.getSetCookie().join(';').toLowerCase(), /intellio_rt=.*; secure/);
      const out = await tls.request('POST', '/api/v1/auth/logout', {}, { cookie: refreshCookie(login) });
      assert.match(out.headers.getSetCookie().join(';').toLowerCase(), /intellio_rt=;.*secure/);
    } finally {
      await tls.close();
    }
  });

  it('answers a wrong password and an unknown email identically', async () => {
    const u = await buildUser(app);
    const wrong = await app.request('POST', '/api/v1/auth/login', { email: u.email, password: 'not the password' });
    const unknown = await app.request('POST', '/api/v1/auth/login', { email: uniqueEmail('nobody'), password: 'not the password' });
    assert.equal(wrong.status, 401);
    assert.equal(unknown.status, 401);
    assert.deepEqual(wrong.body, unknown.body);
    assert.equal(wrong.body.error.code, 'invalid_credentials');
  });

  it('refuses a duplicate email whatever its case, and passwords that are too short or the email', async () => {
    const u = await buildUser(app);
    const dup = await app.request('POST', '/api/v1/auth/signup', { email: u.email.toUpperCase(), password: PASSWORD, name: 'Dup' });
    assert.equal(dup.status, 409);
    assert.equal(dup.body.error.code, 'email_taken');
    const short = await app.request('POST', '/api/v1/auth/signup', { email: uniqueEmail(), password: 'short', name: 'S' });
    assert.equal(short.status, 400);
    assert.equal(short.body.error.message, 'body.password: must be at least 10 characters');
    const email = uniqueEmail();
    const same = await app.request('POST', '/api/v1/auth/signup', { email, password: email.toUpperCase(), name: 'S' });
    assert.equal(same.status, 400);
    assert.equal(same.body.error.details[0].path, 'body.password');
    const long = await app.request('POST', '/api/v1/auth/signup', { email: uniqueEmail(), password: 'x'.repeat(129), name: 'S' });
    assert.equal(long.status, 400);
  });

  it('stores bcrypt hashes with cost ≥ 12', async () => {
    const u = await buildUser(app);
    const row = await app.deps.knex('users').where({ id: u.id }).first();
    assert.match(row.passwordHash, /^\$2[ab]\$1[2-9]\$/);
  });

  it('ends the sessions of a disabled account at once', async () => {
    const u = await buildUser(app);
    await app.deps.knex('users').where({ id: u.id }).update({ disabled: true });
    const me = await app.request('GET', '/api/v1/me', undefined, { token: u.accessToken });
    assert.equal(me.status, 403);
    assert.equal(me.body.error.code, 'account_disabled');
    const login = await app.request('POST', '/api/v1/auth/login', { email: u.email, password: u.password });
    assert.equal(login.status, 403);
    assert.equal((await app.request('POST', '/api/v1/auth/refresh', { refreshToken: u.refreshToken })).status, 401);
  });

  it('rejects forged, expired and foreign-secret access tokens', async () => {
    const u = await buildUser(app);
    const [h, p] = u.accessToken.split('.');
    const claims = JSON.parse(Buffer.from(p, 'base64url').toString());
    const forged = `${h}.${Buffer.from(JSON.stringify({ ...claims, role: 'admin' })).toString('base64url')}.${u.accessToken.split('.')[2]}`;
    for (const token of [forged, 'garbage', `${u.accessToken}x`]) {
      const res = await app.request('GET', '/api/v1/me', undefined, { token });
      assert.equal(res.status, 401, token);
      assert.equal(res.body.error.code, 'unauthorized');
    }
    const other = await startTestApp();
    try {
      assert.equal((await other.request('GET', '/api/v1/me', undefined, { token: u.accessToken })).status, 401);
    } finally {
      await other.close();
    }
  });

  it('resends a verification link and invalidates the previous one', async () => {
    const u = await buildUser(app);
    const first = await lastMail(app, u.email, 'verify_email');
    const res = await app.request('POST', '/api/v1/auth/verify/resend', {}, { token: u.accessToken });
    assert.equal(res.status, 202);
    const second = await lastMail(app, u.email, 'verify_email');
    assert.notEqual(first.link, second.link);
    assert.equal((await app.request('POST', '/api/v1/auth/verify', { token: tokenFromLink(first.link) })).status, 400);
    assert.equal((await app.request('POST', '/api/v1/auth/verify', { token: tokenFromLink(second.link) })).status, 200);
  });
});
