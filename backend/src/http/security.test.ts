import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from '../../test/app.js';
import { redisUrl } from '../../test/db.js';
import { openDb } from '../db/knex.js';
import { migrateLatest, pendingMigrations } from '../db/migrate.js';

describe('HTTP core: health, headers, CORS, request ids', () => {
  let app: TestApp;
  before(async () => {
    app = await startTestApp({ CORS_ORIGINS: 'https://sheets.example.test' });
  });
  after(() => app.close());

  it('answers liveness on /healthz without touching its dependencies', async () => {
    const res = await app.request('GET', '/healthz');
    assert.equal(res.status, 200);
    assert.deepEqual(res.body, { status: 'ok' });
  });

  it('reports readiness on /readyz: database, migrations, Redis and the queue', async () => {
    const res = await app.request('GET', '/readyz');
    assert.equal(res.status, 200);
    assert.equal(res.body.status, 'ready');
    assert.equal(res.body.db, 'ok');
    assert.equal(res.body.migrations, 'ok');
    assert.equal(res.body.redis, redisUrl ? 'ok' : 'disabled');
    assert.equal(res.body.dbEngine, redisUrl ? 'postgres' : 'pglite');
    assert.equal(res.headers.get('cache-control'), 'no-store');
  });

  it('counts a database without the schema as not migrated (what /readyz checks)', async function () {
    this.timeout(60_000);
    const empty = await openDb({ database: { pgliteDir: 'memory://', ssl: false, poolMax: 1 } });
    try {
      const pending = await pendingMigrations(empty.knex);
      assert.ok(pending.length >= 18, `pending: ${pending.length}`);
      assert.match(pending[0], /^001/);
      await migrateLatest(empty.knex);
      assert.deepEqual(await pendingMigrations(empty.knex), []);
    } finally {
      await empty.close();
    }
  });

  it('sends security headers on API responses', async () => {
    const res = await app.request('GET', '/api/v1/config');
    assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
    assert.match(res.headers.get('content-security-policy') ?? '', /frame-ancestors 'none'/);
    assert.equal(res.headers.get('referrer-policy'), 'no-referrer');
    assert.equal(res.headers.get('x-powered-by'), null);
  });

  it('allows Office hosts to frame the add-in pages only', async () => {
    const res = await app.request('GET', '/addin/excel/taskpane.html');
    assert.match(res.headers.get('content-security-policy') ?? '', /frame-ancestors 'self' https:\/\/\*\.officeapps\.live\.com/);
  });

  it('answers CORS only for allowed origins', async () => {
    const ok = await app.request('OPTIONS', '/api/v1/auth/login', undefined, { headers: { origin: 'https://sheets.example.test', 'access-control-request-method': 'POST' } });
    assert.equal(ok.headers.get('access-control-allow-origin'), 'https://sheets.example.test');
    assert.equal(ok.headers.get('access-control-allow-credentials'), 'true');
    const office = await app.request('GET', '/api/v1/config', undefined, { headers: { origin: 'https://excel.officeapps.live.com' } });
    assert.equal(office.headers.get('access-control-allow-origin'), 'https://excel.officeapps.live.com');
    const evil = await app.request('OPTIONS', '/api/v1/auth/login', undefined, { headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' } });
    assert.equal(evil.headers.get('access-control-allow-origin'), null);
  });

  it('returns a request id, keeping a well-formed incoming one', async () => {
    const fresh = await app.request('GET', '/api/v1/config');
    assert.match(fresh.headers.get('x-request-id') ?? '', /^[0-9a-f-]{36}$/);
    const kept = await app.request('GET', '/api/v1/config', undefined, { headers: { 'x-request-id': 'trace-12345678' } });
    assert.equal(kept.headers.get('x-request-id'), 'trace-12345678');
    const bad = await app.request('GET', '/api/v1/config', undefined, { headers: { 'x-request-id': 'x y<script>' } });
    assert.notEqual(bad.headers.get('x-request-id'), 'x y<script>');
  });

  it('serves the public config with the company URL', async () => {
    const other = await startTestApp({ COMPANY_URL: 'https://example.test/home' });
    try {
      assert.equal((await other.request('GET', '/api/v1/config')).body.data.companyUrl, 'https://example.test/home');
    } finally {
      await other.close();
    }
  });
});
