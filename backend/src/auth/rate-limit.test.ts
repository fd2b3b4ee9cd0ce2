import assert from 'node:assert/strict';
import { startTestApp, type HttpResult, type TestApp } from '../../test/app.js';
import { buildUser, lastMail, uniqueEmail } from '../../test/builders.js';
import { redisUrl } from '../../test/db.js';

describe(`auth rate limits (${redisUrl ? 'Redis' : 'in-memory'})`, () => {
  it('locks sign-in for an IP + email after repeated failures, even with the right password', async () => {
    const app = await startTestApp({ LOGIN_FAILURES_BEFORE_LOCK: '3', LOGIN_LOCK_MINUTES: '15' });
    try {
      const u = await buildUser(app);
      for (let i = 0; i < 3; i++) {
        assert.equal((await app.request('POST', '/api/v1/auth/login', { email: u.email, password: 'wrong password!' })).status, 401);
      }
      const locked = await app.request('POST', '/api/v1/auth/login', { email: u.email, password: u.password });
      assert.equal(locked.status, 429);
      assert.equal(locked.body.error.code, 'rate_limited');
      const retryAfter = Number(locked.headers.get('retry-after'));
      assert.ok(retryAfter > 800 && retryAfter <= 900, `Retry-After ${retryAfter}`);
      // Another account from the same IP is unaffected.
      const other = await buildUser(app);
      assert.equal((await app.request('POST', '/api/v1/auth/login', { email: other.email, password: other.password })).status, 200);
      if (redisUrl) {
        const keys = await app.deps.redis!.keys(`${app.deps.config.redis.prefix}rl:login-fail*`);
        assert.ok(keys.length >= 1, 'the lock lives in Redis, shared by every backend process');
      }
    } finally {
      await app.close();
    }
  });

  it('limits auth requests per IP per minute', async () => {
    const app = await startTestApp({ AUTH_RATE_LIMIT_PER_MINUTE: '5' });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 7; i++) statuses.push((await app.request('POST', '/api/v1/auth/forgot', { email: uniqueEmail() })).status);
      assert.deepEqual(statuses, [202, 202, 202, 202, 202, 429, 429]);
    } finally {
      await app.close();
    }
  });

  it('counts wrong passwords at a confirmation link as failed sign-ins, on the same counters, and keeps the link', async () => {
    const app = await startTestApp({ LOGIN_FAILURES_BEFORE_LOCK: '3', LOGIN_LOCK_MINUTES: '15' });
    try {
      const u = await buildUser(app, { verified: false });
      const token = new URL((await lastMail(app, u.email, 'verify_email')).link as string).searchParams.get('token');
      for (let i = 0; i < 2; i++) {
        assert.equal((await app.request('POST', '/api/v1/auth/verify', { token, password: 'wrong password!' })).body.error.code, 'wrong_signup_password');
      }
      // The third failure is a sign-in's: the pair is now locked for the link and for sign-in alike.
      assert.equal((await app.request('POST', '/api/v1/auth/login', { email: u.email, password: 'wrong password!' })).status, 401);
      const locked = await app.request('POST', '/api/v1/auth/verify', { token, password: u.password });
      assert.equal(locked.status, 429);
      assert.equal(locked.body.error.code, 'rate_limited');
      assert.equal((await app.request('POST', '/api/v1/auth/login', { email: u.email, password: u.password })).status, 429);
      const row = await app.deps.knex('users').where({ id: u.id }).first();
      assert.equal(row.emailVerifiedAt, null);
      assert.equal((await app.deps.knex('email_verifications').where({ user_id: u.id }).whereNull('used_at')).length, 1, 'the link is not spent');
    } finally {
      await app.close();
    }
  });

  it('a successful sign-in clears earlier failures', async () => {
    const app = await startTestApp({ LOGIN_FAILURES_BEFORE_LOCK: '3' });
    try {
      const u = await buildUser(app);
      for (let round = 0; round < 3; round++) {
        for (let i = 0; i < 2; i++) await app.request('POST', '/api/v1/auth/login', { email: u.email, password: 'wrong password!' });
        assert.equal((await app.request('POST', '/api/v1/auth/login', { email: u.email, password: u.password })).status, 200);
      }
    } finally {
      await app.close();
    }
  });

  /** A wrong-password sign-in that claims to come from `forwardedFor`. */
  function guess(app: TestApp, email: string, forwardedFor: string, password = 'wrong password!') {
    return app.request('POST', '/api/v1/auth/login', { email, password }, { headers: { 'x-forwarded-for': forwardedFor } });
  }

  async function failedLoginIps(app: TestApp, email: string): Promise<string[]> {
    await app.deps.activity.flush();
    const rows = await app.deps.knex('activity').where({ action: 'auth.login_failed', target: email }).orderBy('at');
    return rows.map((r) => String(r.ip).replace(/^::ffff:/, ''));
  }

  it('ignores X-Forwarded-For by default, in production too: 40 guesses from "40 addresses" are one address', async function () {
    this.timeout(60_000); // without the fix all 40 run bcrypt; let the assertion, not the clock, say so
    const app = await startTestApp({ NODE_ENV: 'production', LOGIN_FAILURES_BEFORE_LOCK: '5' });
    try {
      const u = await buildUser(app);
      const statuses: number[] = [];
      for (let n = 1; n <= 40; n++) statuses.push((await guess(app, u.email, `203.0.113.${n}`)).status);
      assert.deepEqual(statuses, [...Array(5).fill(401), ...Array(35).fill(429)]);
      assert.deepEqual(await failedLoginIps(app, u.email), Array(5).fill('127.0.0.1'), 'the socket address, not the header');
    } finally {
      await app.close();
    }
  });

  it('with TRUST_PROXY_HOPS=1 takes the address the proxy appended, never what the client wrote before it', async () => {
    const app = await startTestApp({ TRUST_PROXY_HOPS: '1' });
    try {
      const u = await buildUser(app);
      await guess(app, u.email, '10.0.0.1, 198.51.100.7');
      await guess(app, u.email, '203.0.113.9');
      assert.deepEqual(await failedLoginIps(app, u.email), ['198.51.100.7', '203.0.113.9']);
    } finally {
      await app.close();
    }
  });

  it('throttles one account across addresses, with delays that grow, even for the right password', async () => {
    const app = await startTestApp({ TRUST_PROXY_HOPS: '1', LOGIN_FAILURES_BEFORE_LOCK: '3', LOGIN_LOCK_MINUTES: '15' });
    try {
      const u = await buildUser(app);
      const statuses: number[] = [];
      for (let n = 1; n <= 40; n++) statuses.push((await guess(app, u.email, `203.0.113.${n}`)).status);
      assert.deepEqual(statuses, [401, 401, 401, ...Array(37).fill(429)]);
      assert.deepEqual(await failedLoginIps(app, u.email), ['203.0.113.1', '203.0.113.2', '203.0.113.3'], 'three real addresses');

      const rightPassword = await guess(app, u.email, '198.51.100.1', u.password);
      assert.equal(rightPassword.status, 429, 'the account itself is throttled, whatever the address');
      const delays = [Number(rightPassword.headers.get('retry-after'))];
      // Each time the delay runs out (simulated by dropping it), one more guess is allowed and doubles it.
      for (let round = 0; round < 5; round++) {
        await app.deps.rateLimits.accountDelay.delete(u.email);
        assert.equal((await guess(app, u.email, `198.51.100.${10 + round}`)).status, 401);
        const refused = await guess(app, u.email, `198.51.100.${20 + round}`);
        assert.equal(refused.status, 429);
        delays.push(Number(refused.headers.get('retry-after')));
      }
      // Retry-After counts down from the delay as it runs (a loaded machine reads 59 for a fresh 60): rounded up
      // to the half minute, the ladder itself is what is compared.
      const ladder = delays.map((d) => Math.ceil(d / 30) * 30);
      assert.deepEqual(ladder, [60, 120, 240, 480, 900, 900], 'one minute, doubling, never beyond LOGIN_LOCK_MINUTES');

      // Other accounts from the same addresses are unaffected.
      const other = await buildUser(app);
      assert.equal((await guess(app, other.email, '203.0.113.1', other.password)).status, 200);
      // Once the delay is over the owner signs in, and that clears the account's count.
      await app.deps.rateLimits.accountDelay.delete(u.email);
      assert.equal((await guess(app, u.email, '198.51.100.99', u.password)).status, 200);
      assert.equal((await guess(app, u.email, '198.51.100.99')).status, 401);
      assert.equal((await guess(app, u.email, '198.51.100.99')).status, 401, 'the count started again');
    } finally {
      await app.close();
    }
  });

  it('sends at most RESET_MAILS_PER_HOUR reset mails to one address, whatever the sender, with the same answer', async () => {
    const app = await startTestApp({ TRUST_PROXY_HOPS: '1', RESET_MAILS_PER_HOUR: '3' });
    try {
      const u = await buildUser(app);
      const other = await buildUser(app);
      const answers: HttpResult[] = [];
      for (let n = 1; n <= 10; n++) {
        answers.push(await app.request('POST', '/api/v1/auth/forgot', { email: u.email }, { headers: { 'x-forwarded-for': `203.0.113.${n}` } }));
      }
      assert.ok(answers.every((a) => a.status === 202 && JSON.stringify(a.body) === JSON.stringify(answers[0].body)), 'nothing tells the sender');
      await app.request('POST', '/api/v1/auth/forgot', { email: other.email });
      await lastMail(app, other.email, 'password_reset');
      assert.equal((await app.deps.knex('outbox').where({ to: u.email, kind: 'password_reset' })).length, 3);
      assert.equal((await app.deps.knex('outbox').where({ to: other.email, kind: 'password_reset' })).length, 1, 'per address');
    } finally {
      await app.close();
    }
  });
});
