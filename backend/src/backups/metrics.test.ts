import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from '../../test/app.js';

describe('GET /metrics: backup gauges', () => {
  let open: TestApp;

  before(async () => {
    open = await startTestApp();
  });
  after(async () => {
    await open?.close();
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
});
