import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from '../../test/app.js';
import { captureLog, type CapturedLog } from '../../test/log-capture.js';
import { buildUser, type SignedUpUser } from '../../test/builders.js';

describe('HTTP core: request ids and the access log', () => {
  let app: TestApp;
  let user: SignedUpUser;
  let log: CapturedLog;

  before(async () => {
    app = await startTestApp();
    user = await buildUser(app);
    log = captureLog(app);
  });
  beforeEach(() => log.clear());
  after(async () => {
    log.restore();
    await app.close();
  });

  const accessLines = () => log.lines.filter((l) => l.msg === 'request');

  it('writes one access line per request, with its request id and the signed-in user', async () => {
    const res = await app.request('GET', '/api/v1/me', undefined, { token: user.accessToken });
    assert.equal(res.status, 200);
    const [line, ...more] = accessLines();
    assert.deepEqual(more, []);
    assert.equal(line.requestId, res.headers.get('x-request-id'));
    assert.equal(line.userId, user.id);
    assert.equal(line.method, 'GET');
    assert.equal(line.path, '/api/v1/me');
    assert.equal(line.status, 200);
    assert.equal(typeof line.ms, 'number');
  });

  it('names no user on an anonymous or refused request, and keeps a well-formed incoming request id', async () => {
    const anonymous = await app.request('GET', '/api/v1/config', undefined, { headers: { 'x-request-id': 'proxy-id-12345' } });
    assert.equal(anonymous.headers.get('x-request-id'), 'proxy-id-12345');
    const refused = await app.request('GET', '/api/v1/me', undefined, { token: 'not-a-token', headers: { 'x-request-id': 'bad id!' } });
    assert.equal(refused.status, 401, refused.text);
    const [first, second] = accessLines();
    assert.equal(first.requestId, 'proxy-id-12345');
    assert.equal(first.status, 200);
    assert.equal('userId' in first, false);
    assert.match(String(second.requestId), /^[0-9a-f-]{36}$/);
    assert.equal(second.requestId, refused.headers.get('x-request-id'));
    assert.equal(second.status, 401);
    assert.equal('userId' in second, false);
  });

  it('logs nothing for health probes', async () => {
    await app.request('GET', '/healthz');
    assert.deepEqual(accessLines(), []);
  });
});
