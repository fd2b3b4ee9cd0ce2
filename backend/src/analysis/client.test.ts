import assert from 'node:assert/strict';
import { after, before, describe, it } from 'mocha';
import { ApiError, createApiClient, isSignupPending, readEventStream, type Analysis, type SessionResponse } from '@intellio/api-client';
import { startTestApp, type TestApp } from '../../test/app.js';
import { uniqueEmail } from '../../test/builders.js';
import { buildProject, SALES } from '../../test/analysis-fixtures.js';

describe('api-client: analyses, prompts, templates, billing over the real server', () => {
  let app: TestApp;
  before(async () => {
    app = await startTestApp();
  });
  after(() => app.close());

  it('parses event streams split anywhere, with comments and multi-line data', async () => {
    const text = ': ping\n\nretry: 3000\n\nevent: delta\ndata: {"text":"a"}\n\nevent: done\ndata: {"x":\ndata: 1}\n\n';
    const bytes = new TextEncoder().encode(text);
    const body = new ReadableStream<Uint8Array>({
      start(c) {
        for (let i = 0; i < bytes.length; i += 7) c.enqueue(bytes.slice(i, i + 7));
        c.close();
      },
    });
    const events = [];
    for await (const e of readEventStream(body)) events.push(e);
    assert.deepEqual(events, [
      { event: 'delta', data: '{"text":"a"}' },
      { event: 'done', data: '{"x":\n1}' },
    ]);
  });

  it('refines, streams an analysis, rates it, and reads balance and templates', async () => {
    const api = createApiClient({ baseUrl: app.url, client: 'addin' });
    const credentials = { email: uniqueEmail(), password: 'correct horse battery' };
    const signedUp = await api.auth.signup({ ...credentials, name: 'Client' });
    // Sign-up signs in only a fresh server's first account; any other confirms its address (as the mailed
    // link would) and then signs in with its password.
    if (isSignupPending(signedUp)) await app.deps.knex('users').where({ email: credentials.email }).update({ emailVerifiedAt: new Date() });
    const session = isSignupPending(signedUp) ? ((await api.auth.login(credentials)) as SessionResponse) : signedUp;
    const projectId = await buildProject(app, { accessToken: (await api.http.tokens.getAccessToken()) as string } as never);
    const start = await api.billing.balance();
    assert.equal(start.tier, 'basic');
    const refined = await api.prompts.refine({ projectId, selection: SALES, prompt: 'Compare revenue and cost' });
    assert.equal(refined.intent, 'compare');
    const deltas: string[] = [];
    let first: Analysis | null = null;
    const done = (await api.analyses.stream(
      { projectId, source: 'excel', selection: SALES, prompt: 'Compare revenue and cost', refinedPrompt: refined.refinedPrompt },
      { onAnalysis: (a) => (first = a), onDelta: (t) => deltas.push(t) },
    )) as Analysis;
    assert.equal((first as Analysis | null)?.id, done.id);
    assert.equal(deltas.join(''), done.answer);
    assert.equal(done.source, 'excel');
    const page = await api.analyses.list({ projectId });
    assert.equal(page.data[0].id, done.id);
    const fb = await api.analyses.feedback(done.id, { rating: 'up' });
    assert.equal(fb.rating, 'up');
    assert.equal((await api.billing.balance()).balance, start.balance - (done.tokensCharged ?? 0));
    const t = await api.templates.create({ name: 'T', prompt: 'Summarise {{sheet}}' });
    assert.deepEqual((await api.templates.list('mine')).map((x) => x.id), [t.id]);
    await assert.rejects(api.analyses.get('00000000-0000-4000-8000-000000000000'), (e) => e instanceof ApiError && e.status === 404);
    await assert.rejects(
      api.analyses.stream({ projectId, source: 'web', selection: { sheet: 'S', ranges: [{ address: 'A1', values: [[1, 2]] }] }, prompt: 'x' }),
      (e) => e instanceof ApiError && e.status === 400 && e.code === 'validation',
    );
    assert.ok(session.user.id);
  });
});
