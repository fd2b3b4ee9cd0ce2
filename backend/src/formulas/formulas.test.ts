import assert from 'node:assert/strict';
import { after, before, describe, it } from 'mocha';
import { startTestApp, type Json, type TestApp } from '../../test/app.js';
import { buildUser, type SignedUpUser } from '../../test/builders.js';
import { balanceOf, buildProject, seedDocument } from '../../test/analysis-fixtures.js';

const SALES = [
  ['Month', 'Revenue', 'Cost'],
  ['Jan', 1200, 800],
  ['Feb', 1350, 820],
  ['Mar', 1500, 790],
];

describe('POST /api/v1/formulas', () => {
  let app: TestApp;
  let user: SignedUpUser;
  let projectId: string;

  const post = (body: Json, who: SignedUpUser = user) => app.request('POST', '/api/v1/formulas', body, { token: who.accessToken });
  /** Settled analysis charges in the ledger: one per computation that ran a model. */
  const settlements = async (userId = user.id) => Number((await app.deps.knex('token_ledger').where({ userId, kind: 'analysis' }).count<{ n: string }[]>('id as n'))[0].n);

  before(async () => {
    app = await startTestApp({ RUN_WORKERS_IN_PROCESS: 'true', ANALYSIS_QUEUE_THRESHOLD_CELLS: '100', ANALYSIS_MAX_CELLS: '5000' });
    user = await buildUser(app);
    projectId = await buildProject(app, user);
    await seedDocument(app, user.id, projectId, 'annual-report.pdf', ['Results. Revenue grew strongly in the first quarter, to 1,500 in March.']);
  });
  after(() => app.close());

  it('charges once for 100 recalculations of the same items, again for a changed cell', async () => {
    const body = { projectId, workbookId: 'wb-recalc', items: [{ prompt: 'Summarise revenue', values: SALES, address: 'Sales!A1:C4' }, { prompt: 'What is the average cost?', values: SALES }] };
    const first = await post(body);
    assert.equal(first.status, 200, first.text);
    const [a, b] = first.body.data.results;
    assert.equal(a.cached, false);
    assert.ok(a.tokensCharged > 0 && b.tokensCharged > 0);
    assert.equal(typeof a.value, 'string');
    assert.ok(a.value.length > 0);
    assert.equal(a.error, undefined);
    assert.equal(await settlements(), 2);
    const balance = await balanceOf(app, user.accessToken);

    for (let i = 0; i < 100; i += 1) {
      const again = await post(body);
      assert.equal(again.status, 200);
      assert.deepEqual(again.body.data.results.map((r: Json) => [r.value, r.cached, r.tokensCharged, r.stale]), [[a.value, true, 0, undefined], [b.value, true, 0, undefined]]);
    }
    assert.equal(await settlements(), 2);
    assert.deepEqual(await balanceOf(app, user.accessToken), balance);

    const changed = structuredClone(SALES);
    changed[2][1] = 9100;
    const edited = await post({ ...body, items: [{ ...body.items[0], values: changed }, body.items[1]] });
    assert.equal(edited.body.data.results[0].cached, false);
    assert.ok(edited.body.data.results[0].tokensCharged > 0);
    assert.equal(edited.body.data.results[1].cached, true);
    assert.equal(await settlements(), 3);
    const after = await balanceOf(app, user.accessToken);
    assert.equal(after.balance, balance.balance - edited.body.data.results[0].tokensCharged);
    assert.equal(after.reserved, 0);

    // Each computation is an analysis with source `formula`, on the usage trail with its model call.
    const usage = await app.request('GET', '/api/v1/me/usage', undefined, { token: user.accessToken });
    const formulas = usage.body.data.analyses.filter((x: Json) => x.source === 'formula');
    assert.equal(formulas.length, 3);
    const calls = await app.deps.knex('model_calls').whereIn('analysisId', formulas.map((x: Json) => x.id)).where({ status: 'ok' });
    assert.equal(calls.length, 3);
    assert.equal(calls.reduce((n: number, c: Json) => n + Number(c.chargedTokens), 0), formulas.reduce((n: number, x: Json) => n + x.tokensCharged, 0));
  });

  it('marks answers stale when a document is added, recomputing only on refresh', async () => {
    const project = await buildProject(app, user, 'Stale check');
    const body = { projectId: project, items: [{ prompt: 'Does revenue match the report?', values: SALES }] };
    const first = (await post(body)).body.data.results[0];
    assert.equal(first.cached, false);
    const count = await settlements();

    await seedDocument(app, user.id, project, 'q1-update.pdf', ['Update. March revenue was restated to 1,450.']);
    const stale = (await post(body)).body.data.results[0];
    assert.deepEqual([stale.value, stale.cached, stale.stale, stale.tokensCharged], [first.value, true, true, 0]);
    assert.equal(await settlements(), count);

    const refreshed = (await post({ ...body, refresh: true })).body.data.results[0];
    assert.equal(refreshed.cached, false);
    assert.equal(refreshed.stale, undefined);
    assert.ok(refreshed.tokensCharged > 0);
    assert.equal(await settlements(), count + 1);
    assert.ok(refreshed.citations.some((c: Json) => c.documentName === 'q1-update.pdf' && c.page === 1 && c.url.includes('/api/v1/documents/')), JSON.stringify(refreshed.citations));

    const fresh = (await post(body)).body.data.results[0];
    assert.deepEqual([fresh.cached, fresh.stale, fresh.tokensCharged], [true, undefined, 0]);
  });

  it('computes each distinct item of a 200-item batch once, and refuses 201 items', async () => {
    const count = await settlements();
    const items = Array.from({ length: 200 }, (_, i) => ({ prompt: `Batch question ${i % 4}`, values: SALES }));
    const res = await post({ projectId, items });
    assert.equal(res.status, 200, res.text);
    const results = res.body.data.results;
    assert.equal(results.length, 200);
    assert.equal(await settlements(), count + 4);
    assert.equal(results.filter((r: Json) => !r.cached).length, 4);
    assert.ok(results.every((r: Json, i: number) => r.value === results[i % 4].value));

    const tooMany = await post({ projectId, items: [...items, items[0]] });
    assert.equal(tooMany.status, 400);
    assert.equal(tooMany.body.error.code, 'validation');
    assert.match(tooMany.body.error.message, /items/);
    assert.equal(await settlements(), count + 4);
    assert.equal((await post({ projectId, items: [{ prompt: 'x', values: Array.from({ length: 101 }, () => Array(100).fill(1)) }] })).status, 400);
  });

  it('bills a question once when several requests ask it at the same moment', async () => {
    const count = await settlements();
    const body = { projectId, items: [{ prompt: 'Concurrent question', values: SALES }] };
    const all = await Promise.all(Array.from({ length: 5 }, () => post(body)));
    const results = all.map((r) => r.body.data.results[0]);
    assert.equal(await settlements(), count + 1);
    assert.equal(results.filter((r: Json) => r.tokensCharged > 0).length, 1);
    assert.ok(results.every((r: Json) => r.value === results[0].value && r.error === undefined));
  });

  it('answers an ASK without a range, and drops expired answers without billing the same question twice', async () => {
    const body = { projectId, items: [{ prompt: 'What does the annual report say about revenue?' }] };
    const first = (await post(body)).body.data.results[0];
    assert.equal(first.error, undefined);
    assert.ok(first.tokensCharged > 0);
    await app.deps.knex('formula_cache').where({ userId: user.id }).update({ expiresAt: new Date(Date.now() - 1000) });
    const count = await settlements();
    const again = (await post(body)).body.data.results[0];
    // Recomputed, but the analysis of the very same question is still on file: nothing billed twice.
    assert.deepEqual([again.value, again.cached, again.tokensCharged], [first.value, true, 0]);
    assert.equal(await settlements(), count);
    // Every other expired answer of the user was dropped; only the one just computed is kept.
    const kept = await app.deps.knex('formula_cache').where({ userId: user.id });
    assert.equal(kept.length, 1);
    assert.ok(new Date(kept[0].expiresAt).getTime() > Date.now() + 29 * 86_400_000);
  });

  it('answers 202 past `Prefer: wait`, finishing the work so the next request reads it from the cache', async () => {
    // Over the queue threshold, so the answer comes from a job: never ready within a zero-second wait.
    const rows: (string | number)[][] = [['Region', 'Q1', 'Q2', 'Q3']];
    for (let i = 0; i < 60; i += 1) rows.push([`R${i}`, 100 + i, 200 + i, 300 + i]);
    const body = { projectId, items: [{ prompt: 'Which region grew most?', values: rows }] };
    const cachedRows = async () => Number((await app.deps.knex('formula_cache').where({ userId: user.id }).count<{ n: string }[]>('* as n'))[0].n);
    const [before, rowsBefore] = [await settlements(), await cachedRows()];
    const early = await app.request('POST', '/api/v1/formulas', body, { token: user.accessToken, headers: { prefer: 'wait=0' } });
    assert.equal(early.status, 202, early.text);
    assert.equal(early.headers.get('preference-applied'), 'wait=0');
    assert.deepEqual(early.body.data, { pending: true });
    // The work goes on after the answer: its answer is cached with one settlement, then a plain request reads it.
    for (let i = 0; i < 150 && (await cachedRows()) === rowsBefore; i += 1) await new Promise((r) => setTimeout(r, 100));
    assert.equal(await cachedRows(), rowsBefore + 1);
    assert.equal(await settlements(), before + 1);
    const later = (await post(body)).body.data.results[0];
    assert.equal(later.cached, true);
    assert.equal(later.tokensCharged, 0);
  });

  it('fills one answer per row, computing repeated rows once', async () => {
    const count = await settlements();
    const res = await post({ projectId, items: [{ mode: 'fill', prompt: 'Classify this month', values: [['Jan', 1200], ['Feb', 1350], ['Jan', 1200]], address: 'B2:C4' }] });
    const [r] = res.body.data.results;
    assert.equal(Array.isArray(r.value), true);
    assert.equal(r.value.length, 3);
    assert.equal(r.value[0], r.value[2]);
    assert.equal(await settlements(), count + 2);
    assert.ok(r.tokensCharged > 0);
  });

  it('waits for a large range that goes through the job queue, and refuses one over the cell limit', async () => {
    const count = await settlements();
    const big = Array.from({ length: 30 }, (_, r) => [`Row ${r}`, r * 10, r * 3, r % 7]);
    const tooBig = Array.from({ length: 1000 }, (_, r) => [r, r * 2, r * 3, r * 4, r * 5, r * 6]);
    const res = await post({ projectId, items: [{ prompt: 'Describe the trend', values: big }, { prompt: 'Describe the trend', values: tooBig }, { mode: 'fill', prompt: 'Label', values: Array.from({ length: 501 }, (_, r) => [r]) }] });
    assert.equal(res.status, 200, res.text);
    const [queued, over, fill] = res.body.data.results;
    assert.equal(queued.cached, false);
    assert.ok(queued.tokensCharged > 0 && queued.value.length > 0 && queued.error === undefined, JSON.stringify(queued));
    const run = await app.deps.knex('analyses').where({ userId: user.id, source: 'formula', cellCount: 120 }).first();
    assert.ok(run.jobId, 'the 120-cell range went through the queue');
    assert.equal(over.error, '#INTELLIO: too large');
    assert.equal(fill.error, '#INTELLIO: too large');
    assert.equal(await settlements(), count + 1);
  });

  it('counts a ragged range as the rectangle it is read as: a wide first row over empty rows is too large', async () => {
    const count = await settlements();
    const analyses = async () => Number((await app.deps.knex('analyses').where({ userId: user.id }).count<{ n: string }[]>('id as n'))[0].n);
    const before = await analyses();
    // 60 cells sent, but read as 100 rows × 60 columns: over this server's 5000 cells.
    const ragged = [Array.from({ length: 60 }, (_, i) => i), ...Array.from({ length: 99 }, () => [])];
    const res = await post({ projectId, items: [{ prompt: 'Ragged range', values: ragged }] });
    assert.equal(res.status, 200, res.text);
    assert.equal(res.body.data.results[0].error, '#INTELLIO: too large');
    assert.equal(await settlements(), count);
    assert.equal(await analyses(), before, 'no analysis of 6000 padded cells was started');
    // Over the 10000 cells one formula takes at all: a 400, like 10001 cells sent.
    const huge = await post({ projectId, items: [{ prompt: 'Ragged range', values: [Array(200).fill(1), ...Array.from({ length: 99 }, () => [])] }] });
    assert.equal(huge.status, 400, huge.text);
    assert.match(huge.body.error.message, /20000 cells/);
  });

  it('answers a short error in the item, writing nothing, when the balance is too low', async () => {
    const poor = await buildUser(app);
    await app.deps.knex('token_accounts').where({ user_id: poor.id }).update({ balance: 5 });
    await app.deps.knex('token_ledger').where({ user_id: poor.id }).update({ balance_after: 5 });
    const project = await buildProject(app, poor);
    const res = await post({ projectId: project, items: [{ prompt: 'Summarise revenue', values: SALES }] }, poor);
    assert.equal(res.status, 200);
    assert.deepEqual(res.body.data.results, [{ value: '#INTELLIO: balance too low', cached: false, tokensCharged: 0, error: '#INTELLIO: balance too low' }]);
    const { knex } = app.deps;
    assert.equal((await knex('analyses').where({ userId: poor.id })).length, 0);
    assert.equal((await knex('formula_cache').where({ userId: poor.id })).length, 0);
    assert.equal((await knex('formula_runs').where({ userId: poor.id })).length, 0);
    assert.equal((await knex('token_reservations').where({ userId: poor.id })).length, 0);
    assert.equal((await balanceOf(app, poor.accessToken)).balance, 5);
  });

  it("never answers over another user's project, and asks for a sign-in without a session", async () => {
    const other = await buildUser(app);
    const body = { projectId, items: [{ prompt: 'Summarise revenue', values: SALES, address: 'Sales!A1:C4' }] };
    const res = await post(body, other);
    assert.equal(res.status, 200);
    assert.deepEqual(res.body.data.results, [{ value: '#INTELLIO: no project', cached: false, tokensCharged: 0, error: '#INTELLIO: no project' }]);
    assert.equal((await app.deps.knex('analyses').where({ userId: other.id })).length, 0);
    const none = await post({ items: body.items }, other);
    assert.equal(none.body.data.results[0].error, '#INTELLIO: no project');
    assert.equal((await app.request('POST', '/api/v1/formulas', body)).status, 401);
    assert.equal((await post({ projectId, items: [{ prompt: 'x', values: 'A1' }] })).status, 400);
  });

  it('stops computing for a workbook over its monthly cap, still answering from the cache', async () => {
    const wb = 'wb-capped';
    assert.deepEqual((await app.request('GET', `/api/v1/formulas/workbooks/${wb}`, undefined, { token: user.accessToken })).body.data, { workbookId: wb, monthlyTokenCap: null, spentThisMonth: 0 });
    const put = await app.request('PUT', `/api/v1/formulas/workbooks/${wb}`, { monthlyTokenCap: 1 }, { token: user.accessToken });
    assert.equal(put.status, 200, put.text);
    assert.equal(put.body.data.monthlyTokenCap, 1);
    assert.equal((await app.request('PUT', `/api/v1/formulas/workbooks/${wb}`, { monthlyTokenCap: -1 }, { token: user.accessToken })).status, 400);

    const first = (await post({ projectId, workbookId: wb, items: [{ prompt: 'Cap question one', values: SALES }] })).body.data.results[0];
    assert.ok(first.tokensCharged > 0);
    const spent = (await app.request('GET', `/api/v1/formulas/workbooks/${wb}`, undefined, { token: user.accessToken })).body.data;
    assert.equal(spent.spentThisMonth, first.tokensCharged);

    const count = await settlements();
    const res = await post({ projectId, workbookId: wb, items: [{ prompt: 'Cap question one', values: SALES }, { prompt: 'Cap question two', values: SALES }] });
    assert.equal(res.body.data.results[0].cached, true);
    assert.equal(res.body.data.results[1].error, '#INTELLIO: workbook cap reached');
    assert.equal(await settlements(), count);
    // Another workbook, and this one once the cap is lifted, compute again.
    await app.request('PUT', `/api/v1/formulas/workbooks/${wb}`, { monthlyTokenCap: null }, { token: user.accessToken });
    const lifted = await post({ projectId, workbookId: wb, items: [{ prompt: 'Cap question two', values: SALES }] });
    assert.ok(lifted.body.data.results[0].tokensCharged > 0);
  });
});
