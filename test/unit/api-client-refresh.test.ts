/**
 * The shared client's session probe (issue 27): the server answers a refresh without a token with
 * `200 { data: null }` instead of a 401 that every signed-out page load logged as a console error. The client
 * must read that as signed out, and still treat a refused token as before.
 */
import assert from 'node:assert/strict';
import { Http, MemoryTokenStore } from '../../api-client/src/http.js';

function clientAnswering(status: number, body: unknown) {
  const calls: string[] = [];
  let expired = 0;
  const tokens = new MemoryTokenStore();
  tokens.save({ accessToken: 'stale-access' });
  const http = new Http({
    baseUrl: 'http://api.test',
    client: 'web',
    tokens,
    onSessionExpired: () => (expired += 1),
    fetch: async (input) => {
      calls.push(String(input));
      return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
    },
  });
  return { http, tokens, calls, expired: () => expired };
}

describe('api-client: resuming a session', () => {
  it('reads 200 { data: null } as signed out: no session, tokens cleared, the app told', async () => {
    const c = clientAnswering(200, { data: null });
    assert.equal(await c.http.refresh(), false);
    assert.deepEqual(c.calls, ['http://api.test/api/v1/auth/refresh']);
    assert.equal(c.tokens.getAccessToken(), null);
    assert.equal(c.expired(), 1);
  });

  it('keeps a new session from 200 with one', async () => {
    const session = { user: { id: 'u' }, accessToken: 'fresh', accessTokenExpiresAt: '', refreshTokenExpiresAt: '' };
    const c = clientAnswering(200, { data: session });
    assert.equal(await c.http.refresh(), true);
    assert.equal(c.tokens.getAccessToken(), 'fresh');
    assert.equal(c.expired(), 0);
  });

  it('still ends the session when a presented token is refused (401)', async () => {
    const c = clientAnswering(401, { error: { code: 'unauthorized', message: 'no', details: null } });
    assert.equal(await c.http.refresh(), false);
    assert.equal(c.tokens.getAccessToken(), null);
    assert.equal(c.expired(), 1);
  });
});
