import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from '../../test/app.js';
import { buildUser } from '../../test/builders.js';

/**
 * The malformed-request battery: every JSON route, every kind of bad body. Each must answer a 4xx with the
 * JSON error shape — never a 500, never a hang.
 */
describe('malformed requests never cause a 500', () => {
  let app: TestApp;
  let token: string;
  before(async () => {
    app = await startTestApp();
    token = (await buildUser(app)).accessToken;
  });
  after(() => app.close());

  const routes: Array<[string, string, boolean]> = [
    ['POST', '/api/v1/auth/signup', false],
    ['POST', '/api/v1/auth/login', false],
    ['POST', '/api/v1/auth/refresh', false],
    ['POST', '/api/v1/auth/logout', false],
    ['POST', '/api/v1/auth/forgot', false],
    ['POST', '/api/v1/auth/reset', false],
    ['POST', '/api/v1/auth/verify', false],
    ['PATCH', '/api/v1/me', true],
    ['POST', '/api/v1/categories', true],
    ['PATCH', '/api/v1/categories/order', true],
    ['POST', '/api/v1/projects', true],
    ['PATCH', '/api/v1/projects/order', true],
  ];
  const bodies: Array<[string, string, string]> = [
    ['invalid JSON', '{"email": ', 'application/json'],
    ['a JSON array', '[1,2,3]', 'application/json'],
    ['a JSON string', '"hello"', 'application/json'],
    ['JSON null', 'null', 'application/json'],
    ['wrong types', JSON.stringify({ email: 42, password: ['x'], name: {}, token: 7, refreshToken: 5, categoryId: 1, index: 'a' }), 'application/json'],
    ['a bad email', JSON.stringify({ email: 'not-an-email', password: 'long enough pw', name: 'x' }), 'application/json'],
    ['unknown fields', JSON.stringify({ email: 'a@b.co', password: 'long enough pw', name: 'x', isAdmin: true, role: 'admin' }), 'application/json'],
    ['form encoding', 'email=a%40b.co&password=x', 'application/x-www-form-urlencoded'],
    ['plain text', 'hello', 'text/plain'],
    ['a 10 MB body', JSON.stringify({ email: 'a@b.co', password: 'x'.repeat(10 * 1024 * 1024) }), 'application/json'],
    ['deeply nested JSON', `${'['.repeat(5000)}${']'.repeat(5000)}`, 'application/json'],
  ];

  for (const [method, path, auth] of routes) {
    it(`${method} ${path}`, async () => {
      const seen: string[] = [];
      for (const [label, raw, type] of bodies) {
        const res = await app.request(method, path, undefined, { raw, headers: { 'content-type': type }, token: auth ? token : undefined });
        seen.push(`${label}: ${res.status}`);
        assert.ok(res.status >= 400 && res.status < 500, `${label} → ${res.status} ${res.text.slice(0, 200)}`);
        assert.equal(typeof res.body?.error?.code, 'string', `${label}: JSON error shape`);
        assert.equal(typeof res.body.error.message, 'string');
        assert.ok('details' in res.body.error);
        if (label === 'a 10 MB body') assert.equal(res.status, 413);
        if (label === 'invalid JSON') assert.equal(res.body.error.code, 'invalid_json');
        if (label === 'plain text' || label === 'form encoding') assert.equal(res.status, 415);
      }
      // Missing body altogether.
      const empty = await app.request(method, path, undefined, { token: auth ? token : undefined });
      if (path.endsWith('/refresh')) {
        // No body and no cookie is the signed-out session probe: "no session", not an error.
        assert.deepEqual([empty.status, empty.body], [200, { data: null }]);
      } else {
        assert.ok(empty.status >= 400 && empty.status < 500 && empty.status !== 404 || path.endsWith('/logout'), `empty → ${empty.status}`);
      }
    });
  }

  it('names the offending field in a validation error', async () => {
    const res = await app.request('POST', '/api/v1/auth/signup', { email: 'bad', password: 'long enough pw', name: 'x' });
    assert.equal(res.status, 400);
    assert.deepEqual(
      { code: res.body.error.code, message: res.body.error.message, path: res.body.error.details[0].path },
      { code: 'validation', message: 'body.email: must be an email address', path: 'body.email' },
    );
  });

  it('answers unknown API paths and wrong methods with JSON 404/405', async () => {
    const missing = await app.request('GET', '/api/v1/does-not-exist');
    assert.equal(missing.status, 404);
    assert.equal(missing.body.error.code, 'not_found');
    const wrong = await app.request('PUT', '/api/v1/auth/login', { a: 1 });
    assert.equal(wrong.status, 405);
    assert.equal(wrong.body.error.code, 'method_not_allowed');
  });
});
