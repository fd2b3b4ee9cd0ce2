import assert from 'node:assert/strict';
import jwt from 'jsonwebtoken';
import { refreshCookie, startTestApp, type TestApp } from '../../test/app.js';
import { buildUser, enableMfa, lastMail, PASSWORD, tokenFromLink, uniqueEmail } from '../../test/builders.js';
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

  it('signs the first account of an empty server in at once; later sign-ups wait for the mailed link', async () => {
    await app.deps.knex('users').del();
    const first = await app.request('POST', '/api/v1/auth/signup', { email: uniqueEmail('admin'), password: PASSWORD, name: 'Admin' });
    assert.equal(first.status, 201, 'nobody to enumerate on an empty server: "Create the administrator account" signs in');
    assert.equal(first.body.data.user.role, 'admin');
    assert.ok(refreshCookie(first));
    assert.equal((await app.request('GET', '/api/v1/me', undefined, { token: first.body.data.accessToken })).status, 200);
    const second = await app.request('POST', '/api/v1/auth/signup', { email: uniqueEmail('second'), password: PASSWORD, name: 'Second' });
    assert.equal(second.status, 202);
    assert.deepEqual(second.body, { data: { status: 'verification_sent' } });
  });

  it('stores a sign-up name in NFC and refuses one with nothing visible, as a profile name', async () => {
    for (const name of ['\u200B', '\u3164', ' \u200E ']) {
      const blank = await app.request('POST', '/api/v1/auth/signup', { email: uniqueEmail('blank'), password: PASSWORD, name });
      assert.equal(blank.status, 400, JSON.stringify(name));
      assert.equal(blank.body.error.details[0].path, 'body.name');
    }
    await buildUser(app); // not the server's first account, which signs in at once
    const email = uniqueEmail('nfd');
    const signup = await app.request('POST', '/api/v1/auth/signup', { email, password: PASSWORD, name: '김민지'.normalize('NFD') });
    assert.equal(signup.status, 202, signup.text);
    assert.equal((await app.deps.knex('users').where({ email }).first('name')).name, '김민지');
  });

  it('signup → verify (signs in) → login → refresh → rotated-token reuse revokes the family → logout', async () => {
    const email = uniqueEmail('Flow').toUpperCase();
    const signup = await app.request('POST', '/api/v1/auth/signup', { email: `  ${email} `, password: PASSWORD, name: 'Flow' });
    assert.equal(signup.status, 202);
    assert.deepEqual(signup.body, { data: { status: 'verification_sent' } });
    assert.equal(signup.headers.getSetCookie().length, 0, 'no session before the address is confirmed');

    // Verification link from the outbox: with the password chosen at sign-up it confirms the address and signs
    // the new account in. Without it, or with another, it asks again and stays unspent.
    const mail = await lastMail(app, email.toLowerCase(), 'verify_email');
    assert.ok(mail.link?.startsWith(`${app.url}/verify-email?token=`));
    assert.ok(!mail.text.includes(PASSWORD), 'the password is never mailed');
    const bare = await app.request('POST', '/api/v1/auth/verify', { token: tokenFromLink(mail.link) });
    assert.equal(bare.status, 400, bare.text);
    assert.equal(bare.body.error.code, 'password_required');
    assert.deepEqual(bare.body.error.details, { email: email.toLowerCase() }, 'the address, for the page and password managers');
    assert.equal(bare.headers.getSetCookie().length, 0);
    const wrong = await app.request('POST', '/api/v1/auth/verify', { token: tokenFromLink(mail.link), password: 'not the password at all' });
    assert.equal(wrong.status, 400, wrong.text);
    assert.equal(wrong.body.error.code, 'wrong_signup_password');
    assert.equal(wrong.body.error.details[0].path, 'body.password');
    assert.equal(wrong.headers.getSetCookie().length, 0);
    const verified = await app.request('POST', '/api/v1/auth/verify', { token: tokenFromLink(mail.link), password: PASSWORD });
    assert.equal(verified.status, 200);
    const user = verified.body.data.user;
    assert.equal(user.email, email.toLowerCase(), 'email is trimmed and lower-cased');
    assert.equal(user.emailVerified, true);
    assert.equal(verified.body.data.refreshToken, undefined, 'web clients never see the refresh token');
    assert.ok(!JSON.stringify(verified.body).includes('$2b$'), 'no password hash in the response');
    const setCookie = verified.headers.getSetCookie().join(';').toLowerCase();
    assert.match(setCookie, /httponly/);
    assert.match(setCookie, /samesite=strict/);
    const linked = await app.request('GET', '/api/v1/me', undefined, { token: verified.body.data.accessToken });
    assert.equal(linked.status, 200);
    assert.equal(linked.body.data.id, user.id);
    assert.equal((await app.request('POST', '/api/v1/auth/refresh', {}, { cookie: refreshCookie(verified) })).status, 200, 'a real session');
    const again = await app.request('POST', '/api/v1/auth/verify', { token: tokenFromLink(mail.link), password: PASSWORD });
    assert.equal(again.status, 409, 'verification links are single-use; a reused one says the address is confirmed');
    assert.equal(again.body.error.code, 'already_verified');
    assert.equal(again.headers.getSetCookie().length, 0, 'and signs nobody in');

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

  it('answers the right password to an unconfirmed address like a wrong one, and mails it a new link that signs in with it', async () => {
    const u = await buildUser(app, { verified: false });
    const firstLink = (await lastMail(app, u.email, 'verify_email')).link;
    const wrong = await app.request('POST', '/api/v1/auth/login', { email: u.email, password: 'not the password', client: 'addin' });
    await app.deps.background.idle();
    assert.equal((await app.deps.knex('outbox').where({ to: u.email, kind: 'verify_email' })).length, 1, 'a wrong password mails nothing');
    const right = await app.request('POST', '/api/v1/auth/login', { email: u.email, password: u.password, client: 'addin' });
    assert.equal(right.status, 401);
    assert.deepEqual(right.body, wrong.body, 'same answer as a wrong password');
    assert.equal(right.body.error.code, 'invalid_credentials');
    assert.equal(right.body.error.message, 'Wrong email or password. If you have just signed up, open the link we emailed you first.');
    assert.deepEqual(right.headers.getSetCookie(), wrong.headers.getSetCookie());

    const resent = await lastMail(app, u.email, 'verify_email');
    assert.notEqual(resent.link, firstLink, 'a fresh link was mailed');
    // The older link stays valid (each needs its password) until one of them is used.
    assert.equal((await app.request('POST', '/api/v1/auth/verify', { token: tokenFromLink(firstLink) })).body.error.code, 'password_required');
    const opened = await app.request('POST', '/api/v1/auth/verify', { token: tokenFromLink(resent.link), password: u.password, client: 'addin' });
    assert.equal(opened.status, 200, opened.text);
    assert.ok(opened.body.data.accessToken, 'the link signs in');
    assert.equal((await app.request('POST', '/api/v1/auth/verify', { token: tokenFromLink(firstLink), password: u.password })).body.error.code, 'already_verified', 'and the other is spent');

    // Confirmed: the password now starts a session.
    const login = await app.request('POST', '/api/v1/auth/login', { email: u.email, password: u.password, client: 'addin' });
    assert.equal(login.status, 200, login.text);
    assert.ok(login.body.data.refreshToken);
    await app.deps.activity.flush();
    const failed = await app.deps.knex('activity').where({ user_id: u.id, action: 'auth.login_failed' });
    assert.equal(failed.length, 2, 'both refused sign-ins are logged as failures');
  });

  it('mails an unconfirmed address at most a few new links an hour, however often its password is right', async () => {
    const u = await buildUser(app, { verified: false });
    const attempts = app.deps.config.auth.resetMailsPerHour + 2;
    for (let i = 0; i < attempts; i += 1) {
      const res = await app.request('POST', '/api/v1/auth/login', { email: u.email, password: u.password });
      assert.equal(res.status, 401, 'every attempt answers the same, mailed or not');
    }
    await app.deps.background.idle();
    const mails = await app.deps.knex('outbox').where({ to: u.email, kind: 'verify_email' });
    assert.equal(mails.length, 1 + app.deps.config.auth.resetMailsPerHour, 'the sign-up link plus the limit');
  });

  it('does not tell a probe that signs up and then signs in whether the address was taken', async () => {
    const owner = await buildUser(app);
    const freeEmail = uniqueEmail('free');
    const probePassword = 'a probing passphrase';
    const answers = [];
    for (const email of [owner.email, freeEmail]) {
      const signup = await app.request('POST', '/api/v1/auth/signup', { email, password: probePassword, name: 'Probe', client: 'addin' });
      assert.equal(signup.status, 202);
      const login = await app.request('POST', '/api/v1/auth/login', { email, password: probePassword, client: 'addin' });
      answers.push({ status: login.status, body: login.body, cookies: login.headers.getSetCookie(), type: login.headers.get('content-type') });
    }
    assert.equal(answers[0].status, 401);
    assert.deepEqual(answers[0], answers[1], 'taken and free addresses answer alike');
    // Only the free address's mailbox gets the links (the taken one's owner gets the sign-up notice instead).
    await app.deps.background.idle();
    assert.equal((await app.deps.knex('outbox').where({ to: freeEmail, kind: 'verify_email' })).length, 2);
    assert.equal((await app.deps.knex('outbox').where({ to: owner.email, kind: 'verify_email' })).length, 1, 'the owner\'s sign-up link only');
  });

  it('answers a sign-up for an address with an account exactly like one for a new address, and mails the owner', async () => {
    const u = await buildUser(app, { name: 'Olive Owner' });
    const before = await app.deps.knex('users').count<{ count: string }[]>('* as count');
    const existing = await app.request('POST', '/api/v1/auth/signup', { email: ` ${u.email.toUpperCase()}`, password: 'an intruder passphrase', name: 'Dup' });
    const freshEmail = uniqueEmail('fresh');
    const fresh = await app.request('POST', '/api/v1/auth/signup', { email: freshEmail, password: 'an intruder passphrase', name: 'Fresh' });
    assert.equal(existing.status, 202);
    assert.equal(fresh.status, 202);
    assert.deepEqual(existing.body, fresh.body, 'same body: no email_taken oracle');
    assert.deepEqual(existing.body, { data: { status: 'verification_sent' } });
    assert.deepEqual(existing.headers.getSetCookie(), fresh.headers.getSetCookie());
    assert.equal(existing.headers.get('content-type'), fresh.headers.get('content-type'));

    // No second account, and the owner's account is untouched: the intruder's password does not open it.
    assert.equal((await app.deps.knex('users').whereRaw('email = ?', [u.email]).count<{ count: string }[]>('* as count'))[0].count, 1);
    const after = await app.deps.knex('users').count<{ count: string }[]>('* as count');
    assert.equal(Number(after[0].count), Number(before[0].count) + 1, 'only the new address made an account');
    assert.equal((await app.request('POST', '/api/v1/auth/login', { email: u.email, password: 'an intruder passphrase' })).status, 401);
    assert.equal((await app.request('POST', '/api/v1/auth/login', { email: u.email, password: PASSWORD })).status, 200);

    // The new address got its confirmation link; the owner a notice that points at sign-in and reset.
    assert.ok((await lastMail(app, freshEmail, 'verify_email')).link);
    const notice = await lastMail(app, u.email, 'signup_existing');
    assert.match(notice.text, /^Hi Olive Owner,/);
    assert.match(notice.text, /already have an account/);
    assert.ok(notice.text.includes(`${app.url}/forgot-password`), notice.text);
    assert.ok(notice.text.includes(`Sign in: ${app.url}/login`), notice.text);
    const verifyMails = await app.deps.knex('outbox').where({ to: u.email, kind: 'verify_email' });
    assert.equal(verifyMails.length, 1, 'no new confirmation link for an existing account');
    await app.deps.activity.flush();
    const logged = await app.deps.knex('activity').where({ user_id: u.id, action: 'auth.signup_existing' });
    assert.equal(logged.length, 1);

    // The notice's way back: a reset from the mailed link sets the password and confirms the address.
    assert.equal((await app.request('POST', '/api/v1/auth/forgot', { email: u.email })).status, 202);
    const reset = await app.request('POST', '/api/v1/auth/reset', { token: tokenFromLink((await lastMail(app, u.email, 'password_reset')).link), password: 'a fresh start passphrase' });
    assert.equal(reset.status, 200, reset.text);
    const row = await app.deps.knex('users').where({ id: u.id }).first();
    assert.ok(row.emailVerifiedAt, 'the reset link proved the mailbox');
  });

  it('lets no password chosen before the address was confirmed survive its confirmation (pre-verification takeover)', async () => {
    const email = uniqueEmail('victim');
    const attackerPassword = 'rooftop lantern quiet 7';
    const victimPassword = 'maple river orchard 42';
    const first = await app.request('POST', '/api/v1/auth/signup', { email, password: attackerPassword, name: 'Attacker' });
    assert.equal(first.status, 202, first.text);
    const attackersLink = (await lastMail(app, email, 'verify_email')).link;
    const second = await app.request('POST', '/api/v1/auth/signup', { email, password: victimPassword, name: 'Victim' });
    assert.deepEqual(second.body, first.body, 'the same answer: no enumeration');
    const victimsMail = await lastMail(app, email, 'verify_email');
    assert.notEqual(victimsMail.link, attackersLink, 'the second sign-up mails its own link');
    assert.doesNotMatch(victimsMail.text, /Attacker|Victim/, 'greeting nobody by a name a sign-up chose');

    // The victim opens the attacker's link (the first mail in the inbox) with the password they chose: refused,
    // and nothing changes. The attacker's password would open it, but the attacker has no link.
    const misclick = await app.request('POST', '/api/v1/auth/verify', { token: tokenFromLink(attackersLink), password: victimPassword });
    assert.equal(misclick.body.error.code, 'wrong_signup_password');
    const verified = await app.request('POST', '/api/v1/auth/verify', { token: tokenFromLink(victimsMail.link), password: victimPassword, client: 'addin' });
    assert.equal(verified.status, 200, verified.text);
    assert.equal(verified.body.data.user.name, 'Victim', 'the name of the sign-up whose link was opened');
    assert.equal((await app.request('POST', '/api/v1/auth/login', { email, password: attackerPassword })).status, 401, 'the attacker\'s password does not open it');
    assert.equal((await app.request('POST', '/api/v1/auth/login', { email, password: victimPassword })).status, 200);
    assert.equal((await app.request('POST', '/api/v1/auth/verify', { token: tokenFromLink(attackersLink), password: attackerPassword })).body.error.code, 'already_verified', 'the other link is spent');
    assert.equal((await app.deps.knex('users').where({ email })).length, 1);
  });

  describe('the owner signs up, then a stranger signs up with the owner\'s address before the link is opened', () => {
    const ownerPassword = 'maple river orchard 42';
    const strangerPassword = 'rooftop lantern quiet 7';

    /** Both sign-ups; the owner's inbox holds both links. */
    async function race() {
      const email = uniqueEmail('owner');
      assert.equal((await app.request('POST', '/api/v1/auth/signup', { email, password: ownerPassword, name: 'Olive Owner' })).status, 202);
      const ownersLink = (await lastMail(app, email, 'verify_email')).link;
      const before = await app.deps.knex('users').where({ email }).first();
      const stranger = await app.request('POST', '/api/v1/auth/signup', { email, password: strangerPassword, name: 'Sam Stranger' });
      assert.equal(stranger.status, 202);
      assert.deepEqual(stranger.body, { data: { status: 'verification_sent' } });
      const strangersMail = await lastMail(app, email, 'verify_email');
      assert.notEqual(strangersMail.link, ownersLink);
      // The stranger's sign-up changed nothing on the account: not its password, its name or its links.
      const after = await app.deps.knex('users').where({ email }).first();
      assert.deepEqual(after, before);
      assert.equal((await app.deps.knex('email_verifications').where({ user_id: before.id }).whereNull('used_at')).length, 2);
      // Its mail says someone signed up with the address, and does not greet the owner by the stranger's name.
      assert.match(strangersMail.text, /^Hello,\nSomeone \(hopefully you\) has just signed up to Intellio with this email address/);
      assert.doesNotMatch(strangersMail.text, /Sam|Stranger/);
      assert.ok(!strangersMail.text.includes(strangerPassword));
      const row = await app.deps.knex('outbox').where({ to: email, kind: 'verify_email' }).orderBy('created_at', 'desc').first();
      assert.equal(row.subject, 'Someone signed up to Intellio with your address');
      // The stranger's password opens nothing, and mails nothing: it is on no account, only on a link they lack.
      assert.equal((await app.request('POST', '/api/v1/auth/login', { email, password: strangerPassword })).status, 401);
      await app.deps.background.idle();
      assert.equal((await app.deps.knex('outbox').where({ to: email, kind: 'verify_email' })).length, 2);
      return { email, id: before.id as string, ownersLink: tokenFromLink(ownersLink), strangersLink: tokenFromLink(strangersMail.link) };
    }

    async function assertOwnersAccount(email: string, id: string): Promise<void> {
      assert.equal((await app.request('POST', '/api/v1/auth/login', { email, password: strangerPassword })).status, 401, 'the stranger\'s password does not open it');
      const login = await app.request('POST', '/api/v1/auth/login', { email, password: ownerPassword });
      assert.equal(login.status, 200, login.text);
      assert.equal(login.body.data.user.name, 'Olive Owner', 'nor does the stranger\'s name greet the owner');
      const pending = await app.deps.knex('email_verifications').where({ user_id: id }).whereNotNull('password_hash');
      assert.equal(pending.length, 0, 'no pending password is kept once a link is used');
    }

    it('the owner opens their own (older) link: the owner\'s password and name, and the stranger\'s link is spent', async () => {
      const { email, id, ownersLink, strangersLink } = await race();
      const verified = await app.request('POST', '/api/v1/auth/verify', { token: ownersLink, password: ownerPassword, client: 'addin' });
      assert.equal(verified.status, 200, verified.text);
      assert.ok(verified.body.data.accessToken);
      assert.equal(verified.body.data.user.name, 'Olive Owner');
      await assertOwnersAccount(email, id);
      const late = await app.request('POST', '/api/v1/auth/verify', { token: strangersLink, password: strangerPassword, client: 'addin' });
      assert.equal(late.status, 409, 'the stranger\'s link, even with its password, is spent');
      assert.equal(late.body.data, undefined);
    });

    it('the owner opens the stranger\'s (newest) link: it asks for the password chosen at that sign-up, which the owner does not know', async () => {
      const { email, id, ownersLink, strangersLink } = await race();
      const asked = await app.request('POST', '/api/v1/auth/verify', { token: strangersLink, client: 'addin' });
      assert.equal(asked.body.error.code, 'password_required');
      const refused = await app.request('POST', '/api/v1/auth/verify', { token: strangersLink, password: ownerPassword, client: 'addin' });
      assert.equal(refused.status, 400);
      assert.equal(refused.body.error.code, 'wrong_signup_password');
      assert.equal(refused.body.data, undefined, 'no session');
      const row = await app.deps.knex('users').where({ id }).first();
      assert.equal(row.emailVerifiedAt, null, 'nothing confirmed');
      // The owner's own link still works.
      const verified = await app.request('POST', '/api/v1/auth/verify', { token: ownersLink, password: ownerPassword, client: 'addin' });
      assert.equal(verified.status, 200, verified.text);
      await assertOwnersAccount(email, id);
      assert.equal((await app.request('POST', '/api/v1/auth/verify', { token: strangersLink, password: strangerPassword })).status, 409);
    });

    it('the owner who forgot which link is theirs resets the password instead, which confirms and voids both links', async () => {
      const { email, id, ownersLink, strangersLink } = await race();
      await app.request('POST', '/api/v1/auth/forgot', { email });
      const reset = await app.request('POST', '/api/v1/auth/reset', { token: tokenFromLink((await lastMail(app, email, 'password_reset')).link), password: 'a fresh start passphrase' });
      assert.equal(reset.status, 200, reset.text);
      for (const [token, password] of [[ownersLink, ownerPassword], [strangersLink, strangerPassword]]) {
        assert.equal((await app.request('POST', '/api/v1/auth/verify', { token, password })).body.error.code, 'already_verified');
      }
      assert.equal((await app.deps.knex('email_verifications').where({ user_id: id }).whereNotNull('password_hash')).length, 0);
      assert.equal((await app.request('POST', '/api/v1/auth/login', { email, password: 'a fresh start passphrase' })).status, 200);
    });
  });

  it('another sign-up for an unconfirmed address changes nothing on it, and mails at most a few links an hour', async () => {
    const u = await buildUser(app, { verified: false });
    const attempts = app.deps.config.auth.resetMailsPerHour + 2;
    for (let i = 0; i < attempts; i += 1) {
      const res = await app.request('POST', '/api/v1/auth/signup', { email: u.email, password: `replacement passphrase ${i}`, name: 'Again' });
      assert.equal(res.status, 202);
    }
    assert.equal((await app.request('GET', '/api/v1/me', undefined, { token: u.accessToken })).status, 200, 'no session of the account ends');
    await app.deps.background.idle();
    const mails = await app.deps.knex('outbox').where({ to: u.email, kind: 'verify_email' });
    assert.equal(mails.length, 1 + app.deps.config.auth.resetMailsPerHour, 'the first sign-up\'s link plus the limit');
    assert.equal((await app.deps.knex('outbox').where({ to: u.email, kind: 'signup_existing' })).length, 0);
    const row = await app.deps.knex('users').where({ id: u.id }).first();
    assert.equal(row.name, 'Test User');
  });

  it('keeps the notice path for an unconfirmed account that has signed in before (it may hold its owner\'s work)', async () => {
    const u = await buildUser(app, { verified: false });
    await app.deps.knex('users').where({ id: u.id }).update({ last_login_at: new Date() });
    assert.equal((await app.request('POST', '/api/v1/auth/signup', { email: u.email, password: 'an intruder passphrase', name: 'Dup' })).status, 202);
    assert.ok(await lastMail(app, u.email, 'signup_existing'));
    assert.equal((await app.request('GET', '/api/v1/me', undefined, { token: u.accessToken })).status, 200, 'nothing replaced');
    const row = await app.deps.knex('users').where({ id: u.id }).first();
    assert.equal(row.name, 'Test User');
  });

  it('does not sign in with a confirmation link once a password reset has confirmed the address', async () => {
    const u = await buildUser(app, { verified: false });
    const link = (await lastMail(app, u.email, 'verify_email')).link;
    await app.request('POST', '/api/v1/auth/forgot', { email: u.email });
    const reset = await app.request('POST', '/api/v1/auth/reset', { token: tokenFromLink((await lastMail(app, u.email, 'password_reset')).link), password: 'a fresh start passphrase' });
    assert.equal(reset.status, 200, reset.text);
    const res = await app.request('POST', '/api/v1/auth/verify', { token: tokenFromLink(link), client: 'addin' });
    assert.equal(res.status, 409, res.text);
    assert.equal(res.body.error.code, 'already_verified');
    assert.equal(res.body.data, undefined);
  });

  it('confirms, but does not sign in with, an outstanding link of an address confirmed some other way', async () => {
    const u = await buildUser(app); // confirmed by the builder; its link is still unused in the outbox
    const link = (await lastMail(app, u.email, 'verify_email')).link;
    const res = await app.request('POST', '/api/v1/auth/verify', { token: tokenFromLink(link), client: 'addin' });
    assert.equal(res.status, 200, res.text);
    assert.equal(res.body.data.user.emailVerified, true);
    assert.equal(res.body.data.accessToken, undefined, 'a link signs in only as the step that confirms');
    assert.equal(res.body.data.refreshToken, undefined);
    assert.equal((await app.request('POST', '/api/v1/auth/verify', { token: tokenFromLink(link) })).body.error.code, 'already_verified', 'and it is spent');
  });

  it('writes the sign-up notice in the owner’s language, and at most a few an hour to one address', async () => {
    const u = await buildUser(app, { name: '김민지' });
    await app.deps.knex('users').where({ id: u.id }).update({ language: 'ko' });
    const attempts = app.deps.config.auth.resetMailsPerHour + 2;
    for (let i = 0; i < attempts; i += 1) {
      const res = await app.request('POST', '/api/v1/auth/signup', { email: u.email, password: PASSWORD, name: 'Again' });
      assert.equal(res.status, 202, 'every attempt answers the same, mailed or not');
    }
    await app.deps.background.idle();
    const notices = await app.deps.knex('outbox').where({ to: u.email, kind: 'signup_existing' });
    assert.equal(notices.length, app.deps.config.auth.resetMailsPerHour);
    assert.match(notices[0].subject as string, /[가-힣]/);
    assert.match(notices[0].text as string, /^김민지님, 안녕하세요\./);
  });

  it('does not sign in through a confirmation link an account with two-step sign-in', async () => {
    const u = await buildUser(app);
    await enableMfa(app, u);
    const link = (await lastMail(app, u.email, 'verify_email')).link;
    const res = await app.request('POST', '/api/v1/auth/verify', { token: tokenFromLink(link), client: 'addin' });
    assert.equal(res.status, 200);
    assert.equal(res.body.data.user.emailVerified, true);
    assert.equal(res.body.data.accessToken, undefined, 'a mailed link must not skip the second step');
    assert.equal(res.body.data.refreshToken, undefined);
  });

  it('gives an add-in the session of a confirmation link in the body', async () => {
    const email = uniqueEmail('pane');
    assert.equal((await app.request('POST', '/api/v1/auth/signup', { email, password: PASSWORD, name: 'Pane', client: 'addin' })).status, 202);
    const res = await app.request('POST', '/api/v1/auth/verify', { token: tokenFromLink((await lastMail(app, email, 'verify_email')).link), password: PASSWORD, client: 'addin' });
    assert.equal(res.status, 200, res.text);
    assert.ok(res.body.data.refreshToken);
    assert.equal(res.headers.getSetCookie().length, 0);
    assert.equal((await app.request('POST', '/api/v1/auth/refresh', { refreshToken: res.body.data.refreshToken })).status, 200);
  });

  it('refuses passwords that are too short, too long or the email', async () => {
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

  it('resends a verification link; the previous one works until either is used', async () => {
    const u = await buildUser(app, { verified: false });
    const first = await lastMail(app, u.email, 'verify_email');
    const res = await app.request('POST', '/api/v1/auth/verify/resend', {}, { token: u.accessToken });
    assert.equal(res.status, 202);
    const second = await lastMail(app, u.email, 'verify_email');
    assert.notEqual(first.link, second.link);
    assert.equal((await app.request('POST', '/api/v1/auth/verify', { token: tokenFromLink(second.link), password: u.password })).status, 200);
    assert.equal((await app.request('POST', '/api/v1/auth/verify', { token: tokenFromLink(first.link), password: u.password })).status, 409);
  });

  it('opens a link without credentials of its own (mailed before they were stored) with the account\'s password', async () => {
    const u = await buildUser(app, { verified: false });
    const link = tokenFromLink((await lastMail(app, u.email, 'verify_email')).link);
    await app.deps.knex('email_verifications').where({ user_id: u.id }).update({ password_hash: null, name: null });
    assert.equal((await app.request('POST', '/api/v1/auth/verify', { token: link })).body.error.code, 'password_required');
    assert.equal((await app.request('POST', '/api/v1/auth/verify', { token: link, password: 'not the password at all' })).body.error.code, 'wrong_signup_password');
    const opened = await app.request('POST', '/api/v1/auth/verify', { token: link, password: u.password, client: 'addin' });
    assert.equal(opened.status, 200, opened.text);
    assert.ok(opened.body.data.accessToken);
    assert.equal(opened.body.data.user.name, 'Test User');
  });
});
