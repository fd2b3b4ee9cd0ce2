import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type Koa from 'koa';
import { analysisBody, buildProject, parseSse } from '../../test/analysis-fixtures.js';
import { type TestApp, startTestApp } from '../../test/app.js';
import { buildUser, type SignedUpUser } from '../../test/builders.js';
import { startFakeOpenAI, type FakeOpenAI } from '../../test/fake-openai.js';
import { createApp } from '../app.js';
import { Job } from '../queue/model.js';
import { drainStreams, openStreamCount, SHUTDOWN_RETRY_MS } from './sse.js';

/** Reads a response body to its end. */
async function body(res: Response): Promise<string> {
  return res.text();
}

describe('shutdown: live streams end with a reconnect hint', function () {
  this.timeout(60_000);
  let fake: FakeOpenAI;
  let app: TestApp;
  let koa: Koa;
  let server: http.Server;
  let url: string;
  let user: SignedUpUser;
  let projectId: string;
  let release: () => void = () => {};

  before(async () => {
    fake = await startFakeOpenAI();
    fake.reply = async () => {
      await new Promise<void>((resolve) => (release = resolve));
      return { text: 'Revenue rose from 1200 to 1700.' };
    };
    app = await startTestApp({ OPENAI_BASE_URL: fake.baseUrl, EMBEDDING_PROVIDER: 'local', CHAT_MODEL: 'gpt-4o-mini', ANALYSIS_MAX_OUTPUT_TOKENS: '100' });
    // The same deps behind an app of our own: draining it leaves the shared test app's streams alone.
    koa = createApp(app.deps);
    server = http.createServer(koa.callback());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    user = await buildUser(app);
    projectId = await buildProject(app, user);
  });
  after(async () => {
    release();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await app.close();
    await fake.close();
  });

  it('ends a subscription at once, and lets a streamed answer finish within the grace period', async () => {
    const job = await Job.query(app.deps.knex).insert({ kind: 'analysis.run', userId: user.id, status: 'running', progress: 30, attempts: 1, maxAttempts: 3, payload: {} }).returning('*');
    const subscription = await fetch(`${url}/api/v1/jobs/${job.id}/events?access_token=${user.accessToken}`);
    const answer = await fetch(`${url}/api/v1/analyses`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream', authorization: `Bearer ${user.accessToken}` },
      body: JSON.stringify(analysisBody(projectId)),
    });
    assert.equal(answer.status, 200);
    while (!fake.requests.some((r) => r.path.endsWith('/chat/completions'))) await new Promise((r) => setTimeout(r, 20));
    assert.equal(openStreamCount(koa), 2);

    const drained = drainStreams(koa, 30_000);
    const sub = parseSse(await body(subscription));
    assert.deepEqual(sub.map((e) => e.event), ['job', 'reconnect'], 'the subscription ends now, saying why');
    assert.deepEqual(sub[1].data, { reason: 'shutting_down', retryMs: SHUTDOWN_RETRY_MS });
    assert.equal(openStreamCount(koa), 1, 'the answer being produced is still open');

    release();
    const events = parseSse(await body(answer));
    await drained;
    assert.equal(events.at(-1)!.event, 'done', 'the answer finished instead of being cut off');
    assert.ok(!events.some((e) => e.event === 'reconnect'));
    assert.equal(openStreamCount(koa), 0);
  });

  it('cuts a streamed answer off when the grace period runs out: nothing charged, no hold left', async () => {
    const before = fake.requests.length;
    const answer = await fetch(`${url}/api/v1/analyses`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream', authorization: `Bearer ${user.accessToken}` },
      body: JSON.stringify(analysisBody(projectId, { prompt: 'What is the trend of cost?' })),
    });
    while (fake.requests.length === before || !fake.requests.at(-1)!.path.endsWith('/chat/completions')) await new Promise((r) => setTimeout(r, 20));
    await drainStreams(koa, 100);
    const events = parseSse(await body(answer));
    assert.equal(events.at(-1)!.event, 'reconnect');
    const id = events[0].data.analysis.id as string;
    await app.deps.background.idle();
    const row = await app.deps.knex('analyses').where({ id }).first('status', 'tokensCharged');
    assert.equal(row.status, 'cancelled');
    assert.equal(Number(row.tokensCharged ?? 0), 0);
    const hold = await app.deps.knex('token_reservations').where({ reference: `analysis:${id}` }).first('status');
    assert.equal(hold.status, 'released');
    release();
  });
});
