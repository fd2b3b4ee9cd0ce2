import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { analysisBody, buildProject } from '../../test/analysis-fixtures.js';
import { startTestApp, type TestApp } from '../../test/app.js';
import { buildUser } from '../../test/builders.js';
import { ROOT_DIR } from '../config.js';
import { registry } from './metrics.js';

// One sample line of the Prometheus text exposition format: name{labels} value [timestamp]
const SAMPLE = /^[a-zA-Z_:][a-zA-Z0-9_:]*(\{([a-zA-Z_][a-zA-Z0-9_]*="(\\.|[^"\\])*",?)*\})? (-?[0-9.eE+-]+|NaN|Nan|[+-]Inf)( -?\d+)?$/;
const META = /^# (HELP|TYPE) [a-zA-Z_:][a-zA-Z0-9_:]* .+$/;

function parse(text: string): Map<string, number> {
  const samples = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (!line) continue;
    if (line.startsWith('#')) {
      assert.match(line, META, `bad metadata line: ${line}`);
      continue;
    }
    assert.match(line, SAMPLE, `bad sample line: ${line}`);
    const i = line.lastIndexOf(' ');
    samples.set(line.slice(0, i), Number(line.slice(i + 1).replace(/^Nan$/, 'NaN')));
  }
  return samples;
}

function sum(samples: Map<string, number>, prefix: string, labelPart: string): number {
  let total = 0;
  for (const [key, value] of samples) if (key.startsWith(prefix) && key.includes(labelPart)) total += value;
  return total;
}

describe('monitoring: /metrics', () => {
  let open: TestApp;
  let guarded: TestApp;
  const token = 'a-long-metrics-token-for-tests';

  before(async () => {
    open = await startTestApp();
    guarded = await startTestApp({ METRICS_TOKEN: token });
  });
  after(async () => {
    await open.close();
    await guarded.close();
  });

  it('serves valid Prometheus text to loopback callers, counting requests by route template', async () => {
    const before = parse((await open.request('GET', '/metrics')).text);
    await open.request('GET', '/api/v1/projects/00000000-0000-4000-8000-000000000000');
    await open.request('GET', '/api/v1/projects/11111111-1111-4111-8111-111111111111');
    const res = await open.request('GET', '/metrics');
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /^text\/plain/);
    const after = parse(res.text);
    const key = 'intellio_http_request_duration_seconds_count';
    const label = 'route="/api/v1/projects/:id"';
    assert.equal(sum(after, key, label) - sum(before, key, label), 2, 'two requests under one route label, not two ids');
    assert.ok(after.has('intellio_queue_jobs{status="queued"}'));
    assert.ok([...after.keys()].some((k) => k.startsWith('intellio_process_resident_memory_bytes')));
  });

  it('moves after an analysis: started, tokens by kind and model, duration, live tokens today', async () => {
    const user = await buildUser(open);
    const projectId = await buildProject(open, user);
    const before = parse((await open.request('GET', '/metrics')).text);
    const res = await open.request('POST', '/api/v1/analyses', analysisBody(projectId), { token: user.accessToken });
    assert.equal(res.status, 201, res.text);
    const charged = res.body.data.tokensCharged as number;
    const after = parse((await open.request('GET', '/metrics')).text);
    const delta = (prefix: string, label = '') => sum(after, prefix, label) - sum(before, prefix, label);
    assert.equal(delta('intellio_analyses_started_total', 'source="web"'), 1);
    assert.equal(delta('intellio_tokens_consumed_total', 'model="local-analyst"'), charged);
    assert.equal(delta('intellio_analysis_duration_seconds_count', 'engine="local"'), 1);
    assert.equal(delta('intellio_tokens_today'), charged);
    assert.equal(after.get('intellio_analyses_running'), 0);
    assert.ok(after.has('intellio_backup_last_success_timestamp_seconds'));
    assert.ok(after.has('intellio_db_pool_connections{state="used"}'));
  });

  it('needs the Bearer token when METRICS_TOKEN is set', async () => {
    assert.equal((await guarded.request('GET', '/metrics')).status, 401);
    assert.equal((await guarded.request('GET', '/metrics', undefined, { token: 'wrong-token-of-some-length' })).status, 401);
    const ok = await guarded.request('GET', '/metrics', undefined, { token });
    assert.equal(ok.status, 200);
    assert.ok(parse(ok.text).size > 10);
  });

  it('exports every metric the Grafana dashboard queries', async () => {
    const dashboard = JSON.parse(fs.readFileSync(path.join(ROOT_DIR, 'monitoring/grafana/dashboards/intellio.json'), 'utf8')) as {
      panels: Array<{ targets: Array<{ expr: string }> }>;
    };
    const exported = new Set((await registry.getMetricsAsJSON()).map((m) => m.name));
    const queried = new Set(dashboard.panels.flatMap((p) => p.targets.flatMap((t) => t.expr.match(/intellio_[a-z0-9_]+/g) ?? [])));
    assert.ok(queried.size >= 8);
    for (const name of queried) {
      const base = name.replace(/_(bucket|count|sum)$/, '');
      assert.ok(exported.has(base) || exported.has(name), `dashboard queries ${name}, which /metrics does not export`);
    }
  });
});
