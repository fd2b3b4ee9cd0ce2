import assert from 'node:assert/strict';
import http from 'node:http';
import zlib from 'node:zlib';
import { startTestApp, type TestApp } from '../../test/app.js';
import { captureLog, type CapturedLog } from '../../test/log-capture.js';
import { buildUser, PASSWORD, type SignedUpUser } from '../../test/builders.js';

interface RawResult {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: { error?: { code: string; message: string; details: unknown } } | null;
  ms: number;
}

/** One request over node:http (fetch refuses TRACE and cannot pin a keep-alive socket). */
function send(base: string, method: string, path: string, opts: { headers?: Record<string, string>; body?: Buffer | string; agent?: http.Agent } = {}): Promise<RawResult> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const req = http.request(base + path, { method, headers: opts.headers, agent: opts.agent ?? false, timeout: 5000 }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString();
        let body: RawResult['body'];
        try {
          body = text ? (JSON.parse(text) as RawResult['body']) : null;
        } catch {
          body = null; // not JSON: the assertions on the error shape fail
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body, ms: Date.now() - started });
      });
    });
    req.on('timeout', () => req.destroy(new Error(`${method} ${path} timed out`)));
    req.on('error', reject);
    req.end(opts.body);
  });
}

describe('unknown methods and undecodable bodies answer a 4xx/501 JSON error, never a 500', () => {
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

  const errorLines = () => log.lines.filter((l) => Number(l.level) >= 50);

  it('answers a method no route supports with a JSON 501, logged as no error', async () => {
    const paths = ['/api/v1/auth/login', '/api/v1/me', '/api/v1/billing/ledger', '/api/v1/billing/webhook', '/api/v1/does-not-exist'];
    for (const method of ['PROPFIND', 'TRACE', 'M-SEARCH', 'PURGE']) {
      for (const path of paths) {
        const res = await send(app.url, method, path, { headers: { authorization: `Bearer ${user.accessToken}` } });
        const where = `${method} ${path}`;
        assert.equal(res.status, 501, where);
        assert.equal(res.body?.error?.code, 'not_implemented', where);
        assert.equal(res.body?.error?.message, `${method} is not a method this API supports.`, where);
        assert.ok(res.body && 'details' in res.body.error!, where);
      }
    }
    assert.deepEqual(errorLines(), []);
  });

  it('names the methods a path allows on a 405', async () => {
    const res = await app.request('PUT', '/api/v1/auth/login', { a: 1 });
    assert.equal(res.status, 405);
    assert.equal(res.body.error.code, 'method_not_allowed');
    assert.match(res.headers.get('allow') ?? '', /\bPOST\b/);
    assert.doesNotMatch(res.headers.get('allow') ?? '', /\bPUT\b/);
  });

  const json = JSON.stringify({ email: 'a@b.co', password: 'not the password' });
  const broken: Array<[string, string, Buffer]> = [
    ['gzip over a plain body', 'gzip', Buffer.from('{"email":"a@b.co","password":"x"}')],
    ['truncated gzip', 'gzip', zlib.gzipSync(Buffer.from(json.repeat(50))).subarray(0, 40)],
    ['deflate over a plain body', 'deflate', Buffer.from('not deflated at all')],
    ['brotli over a plain body', 'br', Buffer.from('{"email":"a@b.co"}')],
    ['truncated brotli', 'br', zlib.brotliCompressSync(Buffer.from(json.repeat(50))).subarray(0, 10)],
  ];

  it('answers a body that does not decompress as its Content-Encoding says with a 400 on every JSON route', async () => {
    const routes: Array<[string, string]> = [['POST', '/api/v1/auth/login'], ['POST', '/api/v1/auth/signup'], ['PATCH', '/api/v1/me'], ['POST', '/api/v1/projects']];
    for (const [label, encoding, body] of broken) {
      for (const [method, path] of routes) {
        const res = await send(app.url, method, path, { headers: { 'content-type': 'application/json', 'content-encoding': encoding, authorization: `Bearer ${user.accessToken}` }, body });
        const where = `${label}: ${method} ${path}`;
        assert.equal(res.status, 400, where);
        assert.equal(res.body?.error?.code, 'invalid_json', where);
        assert.match(res.body?.error?.message ?? '', /could not be decompressed/, where);
      }
    }
    assert.deepEqual(errorLines(), []);
  });

  it('keeps the keep-alive connection usable after a body that does not decompress; a good gzip body still reads', async () => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const sockets = new Set<unknown>();
      agent.on('free', (socket) => sockets.add(socket));
      for (const [label, encoding, body] of broken) {
        const bad = await send(app.url, 'POST', '/api/v1/auth/login', { headers: { 'content-type': 'application/json', 'content-encoding': encoding }, body, agent });
        assert.equal(bad.status, 400, label);
        const next = await send(app.url, 'GET', '/api/v1/me', { headers: { authorization: `Bearer ${user.accessToken}` }, agent });
        assert.equal(next.status, 200, label);
        assert.ok(next.ms < 1000, `${label}: the next request took ${next.ms} ms`);
      }
      assert.equal(sockets.size, 1, 'every request went over the one connection');
      const good = await send(app.url, 'POST', '/api/v1/auth/login', {
        headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' },
        body: zlib.gzipSync(JSON.stringify({ email: user.email, password: PASSWORD, client: 'addin' })),
        agent,
      });
      assert.equal(good.status, 200);
    } finally {
      agent.destroy();
    }
  });
});
