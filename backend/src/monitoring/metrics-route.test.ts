import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from '../../test/app.js';

describe('GET /metrics', () => {
  let open: TestApp;
  let guarded: TestApp;
  const token = 'metrics-token-0123456789abcdef';

  before(async () => {
    open = await startTestApp();
    guarded = await startTestApp({ METRICS_TOKEN: token });
  });
  after(async () => {
    await open?.close();
    await guarded?.close();
  });

  it('serves the backup gauges to loopback callers when no token is set', async () => {
    const res = await open.request('GET', '/metrics');
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /text\/plain/);
    for (const name of ['intellio_backup_last_success_timestamp_seconds', 'intellio_backup_bytes', 'intellio_backup_storage_bytes']) {
      assert.match(res.text, new RegExp(`^# TYPE ${name} gauge$`, 'm'));
      assert.match(res.text, new RegExp(`^${name} \\d`, 'm'));
    }
  });

  it('requires the bearer token when METRICS_TOKEN is set', async () => {
    assert.equal((await guarded.request('GET', '/metrics')).status, 401);
    assert.equal((await guarded.request('GET', '/metrics', undefined, { token: `${token}x` })).status, 401);
    const ok = await guarded.request('GET', '/metrics', undefined, { token });
    assert.equal(ok.status, 200);
    assert.match(ok.text, /intellio_backup_bytes/);
  });
});
