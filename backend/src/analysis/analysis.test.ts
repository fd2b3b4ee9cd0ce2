import assert from 'node:assert/strict';
import { after, before, describe, it } from 'mocha';
import { startTestApp, type TestApp } from '../../test/app.js';
import { buildUser, type SignedUpUser } from '../../test/builders.js';
import { analysisBody, balanceOf, buildProject, postStream, SALES, seedDocument, waitForAnalysis } from '../../test/analysis-fixtures.js';

describe('analyses with the local analyst', () => {
  let app: TestApp;
  let user: SignedUpUser;
  let projectId: string;
  let docId: string;

  before(async () => {
    app = await startTestApp({ ANALYSIS_MAX_CELLS: '400', ANALYSIS_QUEUE_THRESHOLD_CELLS: '100', RUN_WORKERS_IN_PROCESS: 'true' });
    user = await buildUser(app);
    projectId = await buildProject(app, user);
    docId = await seedDocument(app, user.id, projectId, 'annual-report.pdf', [
      'Introduction. This annual report covers the company and its staff.',
      'Results. Revenue grew strongly in the first half, with a one-off licence deal in May lifting revenue to 9,100.',
    ]);
  });
  after(() => app.close());

  it('answers with real statistics and cited passages, labelled as not from an LLM, and bills the real usage', async () => {
    const before = await balanceOf(app, user.accessToken);
    const res = await app.request('POST', '/api/v1/analyses', analysisBody(projectId), { token: user.accessToken });
    assert.equal(res.status, 201, res.text);
    const a = res.body.data;
    assert.equal(a.status, 'succeeded');
    assert.equal(a.engine, 'local');
    assert.equal(a.model, 'local-analyst');
    assert.match(a.answer, /not an answer from a language model/);
    assert.match(a.answer, /\*\*Revenue \(\$\)\*\* \(6 numbers, \$, by Month\) \[B2:B7\]/);
    assert.match(a.answer, /sum \$16,330/);
    assert.match(a.answer, /max \$9,100 \(May\) \[B6\]/); // the row's label, then its cell cited
    assert.match(a.answer, /outliers: \$9,100 \(May\) \[B6\]/);
    assert.match(a.answer, /\+41\.67%/); // 1200 → 1700
    const results = a.citations.find((c: { page: number }) => c.page === 2);
    assert.equal(results.documentId, docId);
    assert.equal(results.documentName, 'annual-report.pdf');
    assert.match(results.quote, /Revenue grew strongly/);
    assert.match(results.url, new RegExp(`/api/v1/documents/${docId}/file\\?u=.*#page=2$`));
    assert.match(a.answer, new RegExp(`"Revenue grew strongly.*" — annual-report.pdf, p. 2 \\[${results.id}\\]`));
    assert.equal(a.cellCount, 21);
    assert.ok(a.tokensIn > 50 && a.tokensOut > 50);
    assert.equal(a.tokensCharged, 20 + Math.ceil((21 * 50) / 1000)); // local analyst: priced by cells read (defaults)
    const after = await balanceOf(app, user.accessToken);
    assert.equal(after.balance, before.balance - a.tokensCharged);
    assert.equal(after.reserved, 0);
    assert.ok(a.refinedPrompt.includes('Citations:'));
    assert.equal(a.intent, 'verify');
    // Its statements are checked too, and its own statistics and quotes hold up.
    assert.ok(a.claims.filter((c: { verdict: string }) => c.verdict === 'supported').length >= 4, JSON.stringify(a.claims));
    assert.deepEqual(a.claims.filter((c: { verdict: string }) => c.verdict === 'unsupported'), []);
    assert.ok(a.claims.every((c: { text: string }) => a.answer.includes(c.text)));
  });

  it('writes the notes of its checked statements in the language of a Korean question', async () => {
    const res = await app.request('POST', '/api/v1/analyses', analysisBody(projectId, { prompt: '매출 추이를 요약해 주세요' }), { token: user.accessToken });
    assert.equal(res.status, 201, res.text);
    const claims = res.body.data.claims as Array<{ text: string; verdict: string; reason?: string }>;
    assert.match(res.body.data.answer, /합계 \$16,330/);
    assert.deepEqual(claims.filter((c) => c.verdict === 'unsupported'), []);
    const reasons = claims.flatMap((c) => (c.reason ? c.reason.split('; ') : []));
    assert.ok(reasons.includes('$16,330: Sales!B2…B7의 합계'), JSON.stringify(reasons));
    assert.ok(reasons.includes('6: Sales!B2…B7의 개수'), JSON.stringify(reasons));
    // Every note is Korean around the figures and cells it names.
    for (const r of reasons) assert.match(r, /^\S+: .*[\uAC00-\uD7A3]/u, r);
  });

  it('does not bill a recalculation of the same cells, prompt and documents', async () => {
    const body = analysisBody(projectId, { prompt: 'What is the average cost?' });
    const first = await app.request('POST', '/api/v1/analyses', body, { token: user.accessToken });
    const balance = await balanceOf(app, user.accessToken);
    const second = await app.request('POST', '/api/v1/analyses', body, { token: user.accessToken });
    assert.equal(second.status, 201);
    assert.equal(second.body.data.cached, true);
    assert.equal(second.body.data.tokensCharged, 0);
    assert.equal(second.body.data.answer, first.body.data.answer);
    assert.notEqual(second.body.data.id, first.body.data.id);
    assert.deepEqual(await balanceOf(app, user.accessToken), balance);
  });

  it('streams by SSE: analysis, deltas, done', async () => {
    const { status, events } = await postStream(app, '/api/v1/analyses', analysisBody(projectId, { prompt: 'Describe the cost trend' }), user.accessToken);
    assert.equal(status, 200);
    assert.equal(events[0].event, 'analysis');
    assert.equal(events[0].data.analysis.status, 'queued');
    const deltas = events.filter((e) => e.event === 'delta');
    assert.ok(deltas.length > 3);
    const done = events[events.length - 1];
    assert.equal(done.event, 'done');
    assert.equal(done.data.analysis.status, 'succeeded');
    assert.equal(deltas.map((d) => d.data.text).join(''), done.data.analysis.answer);
    assert.match(done.data.analysis.answer, /trend/);
  });

  it('streams when Accept lists text/event-stream in any case, and not when it is refused with q=0', async () => {
    const post = (accept: string, prompt: string) => fetch(`${app.url}/api/v1/analyses`, { method: 'POST', headers: { 'content-type': 'application/json', accept, authorization: `Bearer ${user.accessToken}` }, body: JSON.stringify(analysisBody(projectId, { prompt })) });
    const cases: Array<[string, string]> = [
      ['TEXT/Event-Stream', 'text/event-stream'],
      ['application/json;q=0.5, text/event-stream ; q=1', 'text/event-stream'],
      ['text/event-stream;q=0, application/json', 'application/json'],
      ['text/event-stream; q=0.0', 'application/json'],
      ['*/*', 'application/json'],
    ];
    for (const [i, [accept, type]] of cases.entries()) {
      const res = await post(accept, `Summarise the cost column (${i})`);
      await res.text();
      assert.ok(res.headers.get('content-type')?.startsWith(type), `${accept}: ${res.headers.get('content-type')}`);
    }
  });

  it('refuses bad selections with 400 naming the path', async () => {
    const cases: Array<[unknown, string]> = [
      [{ ...SALES, ranges: [{ address: 'A1:B2', values: [[1, 2], [3]] }] }, 'body.selection.ranges.0.values.1'],
      [{ ...SALES, ranges: [{ address: 'A1:ZZZZ2', values: [[1]] }] }, 'body.selection.ranges.0.address'],
      [{ ...SALES, ranges: [{ address: 'A1:B2', values: [[1, 2, 3], [4, 5, 6]] }] }, 'body.selection.ranges.0.values'],
      [{ ...SALES, ranges: [{ address: 'A1', values: [[{ x: 1 }]] }] }, 'body.selection.ranges.0.values.0.0'],
      [{ ...SALES, ranges: [{ address: 'A1:T21', values: Array.from({ length: 21 }, () => Array(20).fill(1)) }] }, 'body.selection.ranges'],
      [{ ...SALES, ranges: [{ address: 'A1:B1', values: [[1, 2]], headers: ['x'] }] }, 'body.selection.ranges.0.headers'],
    ];
    for (const [selection, path] of cases) {
      const res = await app.request('POST', '/api/v1/analyses', analysisBody(projectId, { selection }), { token: user.accessToken });
      assert.equal(res.status, 400, `${path}: ${res.text}`);
      assert.ok(res.body.error.details.some((d: { path: string }) => d.path === path), `${path} in ${res.text}`);
    }
    const bad = await app.request('POST', '/api/v1/analyses', { ...analysisBody(projectId), source: 'word', extra: 1 }, { token: user.accessToken });
    assert.equal(bad.status, 400);
  });

  it('takes an add-in range whose first row became its headers, naming each cell where it is', async () => {
    // Excel and Sheets with "first row is headers": the selected address (A1:B4), the three rows below
    // its first, and that first row as headers.
    const selection = { sheet: 'Regions', ranges: [{ address: 'Regions!A1:B4', headers: ['Region', 'Revenue'], values: [['North', 1200], ['South', 950], ['West', 1100]] }] };
    const res = await app.request('POST', '/api/v1/analyses', { projectId, source: 'excel', prompt: 'Which region leads?', selection }, { token: user.accessToken });
    assert.equal(res.status, 201, res.text);
    assert.equal(res.body.data.selection.ranges[0].address, 'Regions!A2:B4');
    assert.match(res.body.data.answer, /\*\*Revenue\*\* \(3 numbers, by Region\) \[B2:B4\]/);
    assert.match(res.body.data.answer, /max 1,200 \(North\) \[B2\]/);
    // Without headers the rows must still match the address.
    const res2 = await app.request('POST', '/api/v1/analyses', { projectId, source: 'excel', prompt: 'Which region leads?', selection: { sheet: 'Regions', ranges: [{ address: 'A1:B4', values: [['North', 1200], ['South', 950], ['West', 1100]] }] } }, { token: user.accessToken });
    assert.equal(res2.status, 400);
    assert.match(res2.body.error.message, /is 3×2 but A1:B4 is 4×2/);
  });

  it('queues large selections (202 + job) and can cancel them, releasing the hold', async () => {
    const big = { sheet: 'Data', ranges: [{ address: 'A1:J20', values: Array.from({ length: 20 }, (_, r) => Array.from({ length: 10 }, (_, c) => r * 10 + c)) }] };
    const queued = await app.request('POST', '/api/v1/analyses', analysisBody(projectId, { selection: big, prompt: 'Summarise these numbers' }), { token: user.accessToken });
    assert.equal(queued.status, 202, queued.text);
    assert.ok(queued.body.data.jobId);
    const id = queued.body.data.analysis.id;
    const done = await waitForAnalysis(app, user.accessToken, id);
    assert.equal(done.status, 'succeeded');
    assert.equal(done.cellCount, 200);
    const job = await app.deps.knex('jobs').where({ id: queued.body.data.jobId }).first();
    assert.equal(job.status, 'succeeded');

    // Cancel before the worker gets it: hold the worker lane busy by cancelling straight after the 202.
    const second = await app.request('POST', '/api/v1/analyses', analysisBody(projectId, { selection: big, prompt: 'Find outliers in these numbers' }), { token: user.accessToken });
    const cancel = await app.request('POST', `/api/v1/analyses/${second.body.data.analysis.id}/cancel`, undefined, { token: user.accessToken });
    assert.equal(cancel.status, 200);
    const after = await waitForAnalysis(app, user.accessToken, second.body.data.analysis.id);
    assert.ok(['cancelled', 'succeeded'].includes(after.status));
    if (after.status === 'cancelled') assert.equal(after.tokensCharged, null);
    assert.equal((await balanceOf(app, user.accessToken)).reserved, 0);
  });

  it('lists history newest first with a cursor, and gets one', async () => {
    const page1 = await app.request('GET', `/api/v1/analyses?projectId=${projectId}&limit=2`, undefined, { token: user.accessToken });
    assert.equal(page1.status, 200);
    assert.equal(page1.body.data.length, 2);
    assert.ok(page1.body.pagination.nextCursor);
    const page2 = await app.request('GET', `/api/v1/analyses?projectId=${projectId}&limit=2&cursor=${page1.body.pagination.nextCursor}`, undefined, { token: user.accessToken });
    assert.equal(page2.body.data.length, 2);
    assert.ok(page2.body.data[0].createdAt <= page1.body.data[1].createdAt);
    assert.ok(!page1.body.data.some((a: { id: string }) => page2.body.data.some((b: { id: string }) => b.id === a.id)));
    for (const cursor of ['-'.repeat(36), 'a'.repeat(36), '0000000-00000-0000-0000-000000000000']) {
      const bad = await app.request('GET', `/api/v1/analyses?cursor=${cursor}`, undefined, { token: user.accessToken });
      assert.equal(bad.status, 400, `${cursor}: ${bad.text}`);
      assert.equal(bad.body.error.code, 'validation');
    }
  });

  it('answers 402 with the needed amount when the balance is short, holding nothing', async () => {
    const poor = await buildUser(app);
    await app.deps.knex('token_accounts').where({ user_id: poor.id }).update({ balance: 5 });
    await app.deps.knex('token_ledger').where({ user_id: poor.id }).update({ balance_after: 5 });
    const project = await buildProject(app, poor);
    const res = await app.request('POST', '/api/v1/analyses', analysisBody(project), { token: poor.accessToken });
    assert.equal(res.status, 402);
    assert.equal(res.body.error.code, 'insufficient_tokens');
    assert.ok(res.body.error.details.needed > 5);
    assert.equal(res.body.error.details.available, 5);
    assert.equal((await app.request('GET', '/api/v1/analyses', undefined, { token: poor.accessToken })).body.data.length, 0);
  });

  it("keeps every route to the owner's own analyses (401 without a session, 404 for others)", async () => {
    const other = await buildUser(app);
    const mine = (await app.request('GET', '/api/v1/analyses', undefined, { token: user.accessToken })).body.data[0];
    assert.equal((await app.request('GET', '/api/v1/analyses')).status, 401);
    assert.equal((await app.request('POST', '/api/v1/analyses', analysisBody(projectId))).status, 401);
    assert.equal((await app.request('GET', `/api/v1/analyses/${mine.id}`, undefined, { token: other.accessToken })).status, 404);
    assert.equal((await app.request('POST', `/api/v1/analyses/${mine.id}/cancel`, undefined, { token: other.accessToken })).status, 404);
    assert.equal((await app.request('POST', `/api/v1/analyses/${mine.id}/feedback`, { rating: 'up' }, { token: other.accessToken })).status, 404);
    assert.equal((await app.request('GET', `/api/v1/analyses?projectId=${projectId}`, undefined, { token: other.accessToken })).status, 404);
    assert.equal((await app.request('GET', '/api/v1/analyses', undefined, { token: other.accessToken })).body.data.length, 0);
    // Someone else's project, or their documents, cannot be analysed.
    assert.equal((await app.request('POST', '/api/v1/analyses', analysisBody(projectId), { token: other.accessToken })).status, 404);
    const otherProject = await buildProject(app, other);
    assert.equal((await app.request('POST', '/api/v1/analyses', analysisBody(otherProject, { documentIds: [docId] }), { token: other.accessToken })).status, 404);
    const theirs = await app.request('POST', '/api/v1/analyses', analysisBody(otherProject), { token: other.accessToken });
    assert.equal(theirs.status, 201);
    assert.equal(theirs.body.data.citations.length, 0); // user's documents never reach another user's analysis
  });
});
