import assert from 'node:assert/strict';
import { startTestApp } from '../../test/app.js';
import { buildUser, uniqueEmail } from '../../test/builders.js';
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
});
