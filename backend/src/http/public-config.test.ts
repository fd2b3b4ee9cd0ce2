import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type TestApp, refreshCookie, startTestApp } from '../../test/app.js';
import { buildUser, lastMail, tokenFromLink } from '../../test/builders.js';
import { loadConfig } from '../config.js';
import { openDb } from '../db/knex.js';
import { migrateLatest } from '../db/migrate.js';
import { publicConfigRoutes, linkAddressNotice } from './public-config.js';

describe('public config, session probe and verification wording (issue 27)', function () {
  this.timeout(120_000);
  let app: TestApp;
  before(async () => {
    app = await startTestApp({ SUPPORT_EMAIL: 'help@example.test' });
  });
  after(() => app.close());

  it('says once accounts exist that no setup is needed, names the support address and where links point', async () => {
    await buildUser(app);
    const res = await app.request('GET', '/api/v1/config');
    assert.equal(res.status, 200);
    assert.equal(res.body.data.setupRequired, false);
    assert.equal(res.body.data.supportEmail, 'help@example.test');
    assert.equal(res.body.data.publicUrlSource, 'PUBLIC_URL');
    assert.equal(res.body.data.publicUrl, app.url);
    assert.deepEqual(res.body.data.localAnalystPrice, { baseTokens: 20, tokensPer1kCells: 50 });
    assert.equal(res.headers.get('cache-control'), 'public, max-age=60');
  });

  it('says setup is required on a server with no account, uncached, until the first sign-up', async () => {
    // A fresh embedded database of its own (the shared test database already has accounts). Only the
    // database: full deps would rebind objection's global knex away from the shared app's.
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'intellio-fresh-'));
    const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', DATA_DIR: dataDir, PGLITE_DIR: 'memory://', JWT_SECRET: randomBytes(32).toString('hex') });
    const db = await openDb(config);
    await migrateLatest(db.knex);
    const deps = { config, knex: db.knex };
    try {
      const router = publicConfigRoutes();
      const call = async () => {
        const ctx = { deps, body: undefined as unknown, headers: {} as Record<string, string>, set(k: string, v: string) { this.headers[k.toLowerCase()] = v; } };
        const layer = router.stack.find((l) => l.path === '/config');
        assert.ok(layer);
        await layer.stack[0](ctx as never, async () => {});
        return ctx as { body: { data: { setupRequired: boolean; publicUrlSource: string } }; headers: Record<string, string> };
      };
      const fresh = await call();
      assert.equal(fresh.body.data.setupRequired, true);
      assert.equal(fresh.headers['cache-control'], 'no-store');
      assert.equal(fresh.body.data.publicUrlSource, 'default', 'PUBLIC_URL unset');
      await deps.knex('users').insert({ email: 'first@example.test', name: 'First', passwordHash: 'x', role: 'admin' });
      assert.equal((await call()).body.data.setupRequired, false);
    } finally {
      await db.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('logs at start-up which address links use, warning when PUBLIC_URL is unset', () => {
    const unset = linkAddressNotice(loadConfig({ NODE_ENV: 'test', PORT: '4100', JWT_SECRET: 'x'.repeat(32) }));
    assert.equal(unset.level, 'warn');
    assert.match(unset.message, /http:\/\/localhost:4100 because PUBLIC_URL is not set/);
    const set = linkAddressNotice(loadConfig({ NODE_ENV: 'test', PUBLIC_URL: 'https://intellio.example.com', JWT_SECRET: 'x'.repeat(32) }));
    assert.deepEqual(set, { level: 'info', message: 'Links in mails and citations use PUBLIC_URL: https://intellio.example.com' });
  });

  it('answers a session probe without a refresh token with 200 and no session, not a 401', async () => {
    const probe = await app.request('POST', '/api/v1/auth/refresh', {});
    assert.equal(probe.status, 200);
    assert.deepEqual(probe.body, { data: null });
    // A presented but unknown token is still refused.
    assert.equal((await app.request('POST', '/api/v1/auth/refresh', {}, { cookie: 'intellio_rt=not-a-token' })).status, 401);
    const u = await buildUser(app);
    const login = await app.request('POST', '/api/v1/auth/login', { email: u.email, password: 'correct horse battery' });
    const cookie = refreshCookie(login);
    assert.ok(cookie, `${login.status} ${login.text.slice(0, 200)}`);
    const resumed = await app.request('POST', '/api/v1/auth/refresh', {}, { cookie });
    assert.equal(resumed.status, 200);
    assert.ok(resumed.body.data.accessToken);
  });

  it('says a reused verification link belongs to an address that is already confirmed', async () => {
    const u = await buildUser(app);
    const mail = await lastMail(app, u.email, 'verify_email');
    const token = tokenFromLink(mail.link);
    assert.equal((await app.request('POST', '/api/v1/auth/verify', { token })).status, 200);
    const again = await app.request('POST', '/api/v1/auth/verify', { token });
    assert.equal(again.status, 409);
    assert.equal(again.body.error.code, 'already_verified');
    assert.equal(again.body.error.message, 'This email address is already confirmed.');
    // An unknown token is still the invalid-link error.
    const unknown = await app.request('POST', '/api/v1/auth/verify', { token: 'x'.repeat(43) });
    assert.equal(unknown.status, 400);
    assert.equal(unknown.body.error.code, 'invalid_token');
  });
});
