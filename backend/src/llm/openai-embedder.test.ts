import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { startTestApp, type TestApp } from '../../test/app.js';
import { buildUser } from '../../test/builders.js';
import { createProject, ingest, makeDocx } from '../../test/documents.js';
import { reembedStaleDocuments } from '../documents/service.js';
import { searchPassages } from '../retrieval/search.js';
import { LocalEmbedder } from './local-embedder.js';

/**
 * A small OpenAI-compatible embeddings server on 127.0.0.1: vectors come from the local hashing model at
 * 32 dimensions (so search results are meaningful), the first request is answered 429 + Retry-After, and
 * a key of "sk-revoked" gets 401.
 */
async function fakeOpenAI() {
  const model = new LocalEmbedder('fake', 32);
  const seen = { requests: 0, rateLimited: 0, inputs: [] as number[], auth: new Set<string>() };
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      seen.requests++;
      seen.auth.add(req.headers.authorization ?? '');
      const send = (status: number, json: unknown, headers: Record<string, string> = {}) => {
        res.writeHead(status, { 'content-type': 'application/json', ...headers });
        res.end(JSON.stringify(json));
      };
      if (req.url !== '/v1/embeddings' || req.method !== 'POST') return send(404, { error: { message: 'no route' } });
      if (req.headers.authorization === 'Bearer sk-revoked') return send(401, { error: { message: 'Incorrect API key provided', type: 'invalid_request_error' } });
      if (seen.requests === 1) {
        seen.rateLimited++;
        return send(429, { error: { message: 'Rate limit reached', type: 'requests' } }, { 'retry-after': '0.05' });
      }
      const { input, model: name } = JSON.parse(body) as { input: string[]; model: string };
      seen.inputs.push(input.length);
      send(200, {
        object: 'list',
        model: name,
        data: input.map((text, index) => ({ object: 'embedding', index, embedding: Array.from(model.embedOne(text)) })),
        usage: { prompt_tokens: input.join(' ').split(/\s+/).length, total_tokens: input.join(' ').split(/\s+/).length },
      });
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
  return { url, seen, close: () => new Promise<void>((r) => server.close(() => r())) };
}

describe('OpenAI-compatible embeddings', () => {
  let fake: Awaited<ReturnType<typeof fakeOpenAI>>;
  let app: TestApp;
  before(async () => {
    fake = await fakeOpenAI();
    app = await startTestApp({
      RUN_WORKERS_IN_PROCESS: 'true', OPENAI_API_KEY: 'sk-test', OPENAI_BASE_URL: fake.url, EMBEDDING_MODEL: 'fake-embed-32', EMBEDDING_BATCH_SIZE: '2',
    });
  });
  after(async () => {
    await app.close();
    await fake.close();
  });

  it('embeds in batches, retries a 429 after Retry-After, records usage per call and searches in the same space', async () => {
    const u = await buildUser(app);
    const project = await createProject(app, u);
    const text = Array.from({ length: 5 }, (_, i) => `Paragraph ${i}: ${'filler words about the annual plan '.repeat(40)}`).join('\n').concat('\nThe flamingo census counted 812 birds.\n');
    const doc = await ingest(app, u, project, 'plan.txt', text);
    assert.equal(doc.status, 'ready', doc.error);
    assert.equal(fake.seen.rateLimited, 1);
    assert.deepEqual([...fake.seen.auth], ['Bearer sk-test']);
    assert.ok(fake.seen.inputs.every((n) => n <= 2), 'batches of EMBEDDING_BATCH_SIZE');

    const chunks = await app.deps.knex('chunks').where({ documentId: doc.id });
    assert.ok(chunks.length >= 2);
    assert.ok(chunks.every((c) => c.embeddingModel === 'fake-embed-32' && c.embeddingDim === 32));
    const usage = await app.deps.knex('embedding_usage').where({ documentId: doc.id });
    assert.equal(usage.length, fake.seen.inputs.length, 'one usage row per successful call');
    assert.ok(usage.every((r) => r.tokens > 0 && r.provider === 'openai' && r.model === 'fake-embed-32' && r.purpose === 'document'));

    const hits = await searchPassages(app.deps, { userId: u.id, projectId: project, query: 'flamingo census birds' });
    assert.ok(hits[0].text.includes('flamingo'));
    const queryUsage = await app.deps.knex('embedding_usage').where({ userId: u.id, purpose: 'query' });
    assert.equal(queryUsage.length, 1);
  });

  it('sends a passage repeated in a document once, and stores the same vector for its copy', async () => {
    const u = await buildUser(app);
    const project = await createProject(app, u);
    const notice = 'Confidential: property of the Heron Trust, not for circulation.';
    const doc = await ingest(app, u, project, 'trust.docx', await makeDocx([
      { paragraphs: ['The otter census opened in March.'] },
      { paragraphs: [notice], pageBreakBefore: true },
      { paragraphs: ['Heron nests were counted along the estuary.'], pageBreakBefore: true },
      { paragraphs: [notice], pageBreakBefore: true },
    ]));
    assert.equal(doc.status, 'ready', doc.error);
    const chunks = await app.deps.knex('chunks').where({ documentId: doc.id, text: notice });
    assert.equal(chunks.length, 2);
    assert.equal(chunks[0].embedding, chunks[1].embedding);
    const usage = await app.deps.knex('embedding_usage').where({ documentId: doc.id }).sum({ inputs: 'inputs' });
    assert.equal(Number(usage[0].inputs), doc.chunkCount - 1, 'tokens are paid once for the repeated text');
  });

  it('re-embeds documents of another model after a provider change, never comparing across vector spaces', async () => {
    // Both apps read the same files, as two deployments of one installation would.
    const local = await startTestApp({ RUN_WORKERS_IN_PROCESS: 'true', FILES_DIR: app.deps.config.storage.filesDir });
    let doc;
    let u;
    let project;
    try {
      u = await buildUser(local);
      project = await createProject(local, u);
      doc = await ingest(local, u, project, 'old.txt', 'The pangolin report was written with the local embedder.\n');
      assert.equal((await local.deps.knex('chunks').where({ documentId: doc.id }).first()).embeddingModel, 'local-hash-v1');
    } finally {
      await local.close();
    }
    // Meanwhile the OpenAI-configured app finds the old chunks by full-text search only.
    const before = await searchPassages(app.deps, { userId: u.id, projectId: project, query: 'pangolin report' });
    assert.equal(before[0].documentId, doc.id);
    assert.equal(await reembedStaleDocuments(app.deps, { userId: u.id }), 1);
    // (The user's token was signed by the other app's secret: watch the row instead.)
    let again;
    for (let i = 0; i < 300; i++) {
      again = await app.deps.knex('documents').where({ id: doc.id }).first();
      if (again.status === 'ready' || again.status === 'failed') break;
      await new Promise((r) => setTimeout(r, 50));
    }
    assert.equal(again.status, 'ready', again.error);
    const chunks = await app.deps.knex('chunks').where({ documentId: doc.id });
    assert.ok(chunks.every((c) => c.embeddingModel === 'fake-embed-32' && c.embeddingDim === 32));
    assert.equal(await reembedStaleDocuments(app.deps, { userId: u.id }), 0);
  });

  it('fails the document at once with a clear reason when the provider refuses the key', async () => {
    const revoked = await startTestApp({ RUN_WORKERS_IN_PROCESS: 'true', OPENAI_API_KEY: 'sk-revoked', OPENAI_BASE_URL: fake.url, EMBEDDING_MODEL: 'fake-embed-32' });
    try {
      const u = await buildUser(revoked);
      const doc = await ingest(revoked, u, await createProject(revoked, u), 'x.txt', 'Some text to embed.\n');
      assert.equal(doc.status, 'failed');
      assert.match(doc.error, /refused the API key/);
      const jobs = await revoked.deps.knex('jobs').where({ documentId: doc.id });
      assert.equal(jobs[0].attempts, 1);
    } finally {
      await revoked.close();
    }
  });
});
