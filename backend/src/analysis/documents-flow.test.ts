import assert from 'node:assert/strict';
import { after, before, describe, it } from 'mocha';
import { startTestApp, type TestApp } from '../../test/app.js';
import { buildUser } from '../../test/builders.js';
import { analysisBody, buildProject } from '../../test/analysis-fixtures.js';
import { ingest, makePdf } from '../../test/documents.js';
import { startFakeOpenAI, type FakeOpenAI } from '../../test/fake-openai.js';

describe('analysis over an uploaded PDF (real ingest, hybrid retrieval, signed download)', () => {
  let app: TestApp;
  let fake: FakeOpenAI;
  before(async () => {
    // OpenAI-compatible embeddings (metered per call), local analyst for the answer.
    fake = await startFakeOpenAI();
    app = await startTestApp({ RUN_WORKERS_IN_PROCESS: 'true', OPENAI_BASE_URL: fake.baseUrl, CHAT_PROVIDER: 'local' });
  });
  after(async () => {
    await app.close();
    await fake.close();
  });

  it('cites the uploaded page, whose signed link downloads the file, and debits the embeddings', async function () {
    this.timeout(60_000);
    const user = await buildUser(app);
    const projectId = await buildProject(app, user);
    const pdf = await makePdf([
      ['Board overview and governance for the year.', 'The board met four times.'],
      ['Revenue results: the May licence deal lifted revenue to 9,100.', 'Revenue growth was strongest in the first half.'],
    ]);
    const doc = await ingest(app, user, projectId, 'annual-report.pdf', pdf);
    assert.equal(doc.status, 'ready', JSON.stringify(doc));
    const res = await app.request('POST', '/api/v1/analyses', analysisBody(projectId, { prompt: 'Why did revenue spike in May? Check the licence deal in the report.' }), { token: user.accessToken });
    assert.equal(res.status, 201, res.text);
    const cite = res.body.data.citations.find((c: { page: number }) => c.page === 2);
    assert.ok(cite, JSON.stringify(res.body.data.citations));
    assert.equal(cite.documentId, doc.id);
    assert.match(cite.quote, /licence deal/);
    const file = await fetch(cite.url);
    assert.equal(file.status, 200);
    assert.equal(Buffer.from(await file.arrayBuffer()).subarray(0, 5).toString(), '%PDF-');
    const rows = await app.deps.knex('token_ledger').where({ user_id: user.id }).select('kind', 'reference', 'delta');
    assert.ok(rows.some((r: { kind: string; reference: string }) => r.kind === 'embedding' && r.reference === `document:${doc.id}`), JSON.stringify(rows));
    assert.ok(rows.some((r: { kind: string; reference: string }) => r.kind === 'embedding' && r.reference === 'embedding:query'));
    assert.ok(rows.some((r: { kind: string }) => r.kind === 'analysis'));
    const usage = await app.deps.knex('embedding_usage').where({ user_id: user.id }).count('id as n').first();
    const debits = rows.filter((r: { kind: string }) => r.kind === 'embedding').length;
    assert.equal(debits, Number(usage?.n)); // one debit per recorded call
  });
});
