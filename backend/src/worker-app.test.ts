import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { type TestApp, startTestApp } from '../test/app.js';
import { markDraining } from './http/health.js';
import { createWorkerApp } from './worker-app.js';

describe('worker health and metrics (WORKER_PORT)', function () {
  this.timeout(30_000);
  let app: TestApp;
  let server: http.Server;
  let url: string;
  let workerDeps: TestApp['deps'];

  before(async () => {
    app = await startTestApp({ METRICS_TOKEN: 'a-metrics-token-for-tests' });
    // Its own deps object, so marking it draining leaves the shared test app alone.
    workerDeps = { ...app.deps };
    server = http.createServer(createWorkerApp(workerDeps).callback());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await app.close();
  });

  it('answers liveness, readiness and the queue metrics; nothing else', async () => {
    assert.equal((await fetch(`${url}/healthz`)).status, 200);
    const ready = await fetch(`${url}/readyz`);
    assert.equal(ready.status, 200, await ready.clone().text());
    assert.equal((await ready.json()).status, 'ready');

    assert.equal((await fetch(`${url}/metrics`)).status, 401, 'the metrics token is required, as on the web processes');
    const metrics = await fetch(`${url}/metrics`, { headers: { authorization: 'Bearer a-metrics-token-for-tests' } });
    assert.equal(metrics.status, 200);
    const text = await metrics.text();
    for (const name of ['intellio_queue_depth', 'intellio_queue_jobs', 'intellio_job_duration_seconds', 'intellio_job_failures_total', 'intellio_jobs_handed_back_total']) {
      assert.match(text, new RegExp(`^# TYPE ${name} `, 'm'), name);
    }

    const api = await fetch(`${url}/api/v1/me`);
    assert.equal(api.status, 404);
    assert.equal((await api.json()).error.code, 'not_found');
  });

  it('is not ready once it is stopping, so no orchestrator counts on it', async () => {
    markDraining(workerDeps);
    const res = await fetch(`${url}/readyz`);
    assert.equal(res.status, 503);
    assert.equal((await res.json()).status, 'draining');
    assert.equal((await fetch(`${url}/healthz`)).status, 200, 'still alive while it finishes its jobs');
  });
});
