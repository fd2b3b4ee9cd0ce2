/**
 * Prometheus metrics (prom-client's default registry, so every module's metrics land on one /metrics).
 * Metric names are a contract with monitoring/grafana/dashboards/intellio.json: a test checks that every
 * series the dashboard queries is exported here.
 */
import client, { type Counter, type Gauge, type Histogram } from 'prom-client';

export const registry = client.register;

let defaultsCollected = false;
/** Process metrics (CPU, memory, event-loop lag, GC), once per process. */
export function collectDefaultMetrics(): void {
  if (defaultsCollected) return;
  defaultsCollected = true;
  client.collectDefaultMetrics({ prefix: 'intellio_' });
}

// Tests build many apps in one process: reuse a metric when it is already registered.
function counter<L extends string>(name: string, help: string, labelNames: L[]): Counter<L> {
  return (registry.getSingleMetric(name) as Counter<L> | undefined) ?? new client.Counter({ name, help, labelNames });
}
function gauge<L extends string>(name: string, help: string, labelNames: L[]): Gauge<L> {
  return (registry.getSingleMetric(name) as Gauge<L> | undefined) ?? new client.Gauge({ name, help, labelNames });
}
function histogram<L extends string>(name: string, help: string, labelNames: L[], buckets: number[]): Histogram<L> {
  return (registry.getSingleMetric(name) as Histogram<L> | undefined) ?? new client.Histogram({ name, help, labelNames, buckets });
}

export const httpRequestDuration = histogram(
  'intellio_http_request_duration_seconds',
  'HTTP request duration by route template, method and status.',
  ['method', 'route', 'status'],
  [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
);

export const analysesStarted = counter('intellio_analyses_started_total', 'Analyses started, by source (web, excel, sheets).', ['source']);
export const analysesFailed = counter('intellio_analyses_failed_total', 'Analyses that failed or were cancelled, by reason.', ['reason']);
export const analysisDuration = histogram(
  'intellio_analysis_duration_seconds',
  'End-to-end analysis latency, by engine (local or openai).',
  ['engine'],
  [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 120],
);
export const tokensConsumed = counter('intellio_tokens_consumed_total', 'Tokens debited from users, by kind (analysis, embedding) and model.', ['kind', 'model']);

export const queueJobs = gauge('intellio_queue_jobs', 'Background jobs by status (queued, running), read at scrape time.', ['status']);
export const jobDuration = histogram(
  'intellio_job_duration_seconds',
  'Background job run time, by kind and outcome.',
  ['kind', 'outcome'],
  [0.1, 0.5, 1, 2, 5, 10, 30, 60, 300, 900],
);
export const queueDepth = gauge('intellio_queue_depth', 'Jobs in the queue by queue (job kind) and state (waiting, active, delayed), read at scrape time.', ['queue', 'state']);
export const jobFailures = counter('intellio_job_failures_total', 'Background job runs that failed, by kind and outcome (retry: will run again; failed: for good).', ['kind', 'outcome']);
export const jobsHandedBack = counter('intellio_jobs_handed_back_total', 'Jobs a stopping worker could not finish within the grace period and returned to the queue.', ['kind']);
export const embeddingPages = counter('intellio_embedding_pages_total', 'Document pages extracted, chunked and embedded (rate() gives pages/s).', []);
export const dbPoolConnections = gauge('intellio_db_pool_connections', 'Database pool connections by state (used, free, pending).', ['state']);
export const analysesRunning = gauge('intellio_analyses_running', 'Analyses whose model call is under way (live counter), read at scrape time.', []);
export const tokensToday = gauge('intellio_tokens_today', 'Tokens debited today (UTC) for analyses and embeddings (live counter), read at scrape time.', []);
