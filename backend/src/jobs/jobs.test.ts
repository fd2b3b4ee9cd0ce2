import assert from 'node:assert/strict';
import { analysisBody, buildProject, parseSse, type SseEvent } from '../../test/analysis-fixtures.js';
import { type TestApp, startTestApp } from '../../test/app.js';
import { buildUser, type SignedUpUser } from '../../test/builders.js';
import { Job } from '../queue/model.js';
import { presentJob } from '../queue/presenter.js';
import { jobChannel } from '../queue/runner.js';

const BIG = { sheet: 'Data', ranges: [{ address: 'A1:J20', values: Array.from({ length: 20 }, (_, r) => Array.from({ length: 10 }, (_, c) => r * 10 + c)) }] };

/** Reads a GET event stream to its end (the job stream ends when the job does). */
async function readStream(url: string): Promise<{ status: number; events: SseEvent[] }> {
  const res = await fetch(url, { signal: AbortSignal.timeout(20_000) });
  if (res.status !== 200) return { status: res.status, events: [] };
  return { status: res.status, events: parseSse(await res.text()) };
}

describe('jobs: state, progress and live events', function () {
  this.timeout(60_000);
  let app: TestApp;
  let alice: SignedUpUser;
  let bob: SignedUpUser;
  let projectId: string;

  before(async () => {
    app = await startTestApp({ ANALYSIS_QUEUE_THRESHOLD_CELLS: '100', RUN_WORKERS_IN_PROCESS: 'true' });
    alice = await buildUser(app);
    bob = await buildUser(app);
    projectId = await buildProject(app, alice);
  });
  after(() => app.close());

  it('streams a queued analysis job from its state now to succeeded at 100 %, then ends', async () => {
    const queued = await app.request('POST', '/api/v1/analyses', analysisBody(projectId, { selection: BIG, prompt: 'Summarise these numbers' }), { token: alice.accessToken });
    assert.equal(queued.status, 202, queued.text);
    const jobId = queued.body.data.jobId as string;
    const { status, events } = await readStream(`${app.url}/api/v1/jobs/${jobId}/events?access_token=${alice.accessToken}`);
    assert.equal(status, 200);
    assert.ok(events.length >= 1);
    assert.ok(events.every((e) => e.event === 'job' && e.data.job.id === jobId));
    const progress = events.map((e) => e.data.job.progress as number);
    assert.deepEqual(progress, [...progress].sort((a, b) => a - b), `progress went backwards: ${progress}`);
    const last = events.at(-1)!.data.job;
    assert.equal(last.status, 'succeeded');
    assert.equal(last.progress, 100);
    assert.equal(last.kind, 'analysis.run');
    assert.equal(last.payload, undefined, 'the payload is never shown');

    const polled = await app.request('GET', `/api/v1/jobs/${jobId}`, undefined, { token: alice.accessToken });
    assert.equal(polled.status, 200);
    assert.equal(polled.body.data.status, 'succeeded');
    assert.ok(polled.body.data.finishedAt);
  });

  it('never shows an older state after a newer one: an event still in flight when the stream read the row is dropped', async () => {
    const job = await Job.query(app.deps.knex).insert({ kind: 'analysis.run', userId: alice.id, status: 'running', progress: 50, attempts: 1, maxAttempts: 3, payload: {} }).returning('*');
    const res = await fetch(`${app.url}/api/v1/jobs/${job.id}/events?access_token=${alice.accessToken}`, { signal: AbortSignal.timeout(20_000) });
    const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
    let text = '';
    while (!text.includes('\n\n')) text += (await reader.read()).value ?? ''; // the row as read: running, 50 %
    const presented = presentJob(job);
    const earlier = new Date(Date.parse(presented.updatedAt!) - 1000).toISOString();
    await app.deps.events.publish(jobChannel(job.id), { type: 'job', job: { ...presented, progress: 10, updatedAt: earlier } });
    await app.deps.events.publish(jobChannel(job.id), { type: 'job', job: { ...presented, status: 'succeeded', progress: 100, updatedAt: earlier } });
    for (let r = await reader.read(); !r.done; r = await reader.read()) text += r.value;
    const events = parseSse(text);
    assert.deepEqual(events.map((e) => [e.data.job.status, e.data.job.progress]), [['running', 50], ['succeeded', 100]], 'the stale 10 % is dropped; the final state always goes through');
  });

  it('tells a cancelled job to the stream', async () => {
    const queued = await app.request('POST', '/api/v1/analyses', analysisBody(projectId, { selection: BIG, prompt: 'Find outliers in these numbers' }), { token: alice.accessToken });
    const jobId = queued.body.data.jobId as string;
    const stream = readStream(`${app.url}/api/v1/jobs/${jobId}/events?access_token=${alice.accessToken}`);
    await app.request('POST', `/api/v1/analyses/${queued.body.data.analysis.id}/cancel`, undefined, { token: alice.accessToken });
    const { events } = await stream;
    // The job may have finished before the cancel landed; either way the stream ends on a final state.
    assert.ok(['cancelled', 'succeeded'].includes(events.at(-1)!.data.job.status));
  });

  it('shows a job only to its owner: 404 for anyone else, 401 without a token, 400 for a bad id', async () => {
    const queued = await app.request('POST', '/api/v1/analyses', analysisBody(projectId, { selection: BIG, prompt: 'Describe the trend' }), { token: alice.accessToken });
    const jobId = queued.body.data.jobId as string;
    const foreign = await app.request('GET', `/api/v1/jobs/${jobId}`, undefined, { token: bob.accessToken });
    assert.equal(foreign.status, 404);
    assert.equal(foreign.body.error.code, 'not_found');
    assert.equal((await readStream(`${app.url}/api/v1/jobs/${jobId}/events?access_token=${bob.accessToken}`)).status, 404);
    assert.equal((await fetch(`${app.url}/api/v1/jobs/${jobId}`)).status, 401);
    assert.equal((await app.request('GET', '/api/v1/jobs/not-a-uuid', undefined, { token: alice.accessToken })).status, 400);
  });
});
