import assert from 'node:assert/strict';
import { after, before, describe, it } from 'mocha';
import { startTestApp, type HttpResult, type TestApp } from '../../test/app.js';
import { buildUser } from '../../test/builders.js';
import { analysisBody, balanceOf, buildProject, postStream, seedDocument } from '../../test/analysis-fixtures.js';
import { balance, credit, debit, InsufficientTokens, release, reserve, settle } from './ledger.js';

describe('token ledger', () => {
  let app: TestApp;
  before(async () => {
    app = await startTestApp({ SIGNUP_TOKENS_BASIC: '1000' });
  });
  after(() => app.close());

  it('grants the tier amount at sign-up and shows it on GET /billing/balance', async () => {
    const user = await buildUser(app);
    assert.deepEqual(await balanceOf(app, user.accessToken), { balance: 1000, reserved: 0, available: 1000, tier: 'basic' });
    const ledger = await app.request('GET', '/api/v1/billing/ledger', undefined, { token: user.accessToken });
    assert.equal(ledger.status, 200);
    assert.equal(ledger.body.data.length, 1);
    assert.equal(ledger.body.data[0].kind, 'grant');
    assert.equal(ledger.body.data[0].balanceAfter, 1000);
    assert.equal((await app.request('GET', '/api/v1/billing/balance')).status, 401);
  });

  it('describes each line in words: the analysis asked, the file read, the receipt, the admin\'s reason', async () => {
    const user = await buildUser(app);
    const other = await buildUser(app);
    const { knex } = app.deps;
    const projectId = await buildProject(app, user);
    const docId = await seedDocument(app, user.id, projectId, 'leases.pdf', ['Rotterdam rent is 4,200.']);
    const secret = await seedDocument(app, other.id, await buildProject(app, other), 'other-secret.pdf', ['x']);
    await app.deps.embeddingUsage.record({ userId: user.id, projectId, documentId: docId, purpose: 'document', provider: 'local', model: 'local-hash-v1', inputs: 1, tokens: 400 });
    // An analysis holds more than this suite's 1,000 sign-up tokens.
    await credit(knex, { userId: user.id, amount: 200_000, kind: 'adjust', reference: 'admin:someone', idempotencyKey: `adj:${user.id}`, metadata: { reason: 'Goodwill after the outage' } });
    const run = await postStream(app, '/api/v1/analyses', analysisBody(projectId, { prompt: 'Why is the Rotterdam rent higher than the others?' }), user.accessToken);
    assert.equal(run.status, 200);
    await credit(knex, { userId: user.id, amount: 70, kind: 'purchase', reference: 'payment:IN-000042', idempotencyKey: `pay:${user.id}`, metadata: { payment: 'token_pack' } });
    // A reference to another account's row never names it.
    await credit(knex, { userId: user.id, amount: 1, kind: 'grant', reference: `document:${secret}`, idempotencyKey: `forged:${user.id}` });

    const res = await app.request('GET', '/api/v1/billing/ledger', undefined, { token: user.accessToken });
    assert.equal(res.status, 200);
    const lines = res.body.data.map((e: { description: string }) => e.description).reverse();
    assert.deepEqual(lines, [
      'Sign-up grant (Basic plan)',
      'Reading leases.pdf',
      'Added by an administrator: Goodwill after the outage',
      'Analysis: “Why is the Rotterdam rent higher than the others?”',
      'Token purchase, receipt IN-000042',
      'Reading a document (since deleted)',
    ]);
    // The same lines as data, for clients that say them in the user's language.
    assert.deepEqual(res.body.data.map((e: { detail: unknown }) => e.detail).reverse(), [
      { what: 'signup', plan: 'basic' },
      { what: 'document', filename: 'leases.pdf' },
      { what: 'admin', added: true, reason: 'Goodwill after the outage' },
      { what: 'analysis', prompt: 'Why is the Rotterdam rent higher than the others?' },
      { what: 'payment', payment: 'token_pack', receipt: 'IN-000042' },
      { what: 'document', filename: null },
    ]);
    assert.ok(!JSON.stringify(res.body).includes('other-secret'));
  });

  it('refuses ledger filter dates the database cannot take with a 400, and takes the bounds themselves', async () => {
    const user = await buildUser(app);
    const ledger = (query: string) => app.request('GET', `/api/v1/billing/ledger?${query}`, undefined, { token: user.accessToken });
    for (const field of ['from', 'to']) {
      for (const value of ['0000-01-01', '100000', '+275760-09-13', '-000001-01-01', '1969-12-31', '9999-01-01']) {
        const res = await ledger(`${field}=${encodeURIComponent(value)}`);
        assert.equal(res.status, 400, `${field}=${value}: ${res.text.slice(0, 200)}`);
        assert.equal(res.body.error.code, 'validation');
        assert.equal(res.body.error.message, `query.${field}: must be between 1970-01-01 and 9998-12-31`);
      }
    }
    const bounds = await ledger('from=1970-01-01&to=9998-12-31T23:59:59.999Z');
    assert.equal(bounds.status, 200, bounds.text.slice(0, 200));
    assert.equal(bounds.body.data.length, 1, 'the sign-up grant');
  });

  it('pages through entries written in one transaction (one timestamp, with microseconds) without skipping any', async () => {
    const user = await buildUser(app);
    const { knex } = app.deps;
    await knex.transaction(async (trx) => {
      for (let i = 1; i <= 5; i++) await credit(trx, { userId: user.id, amount: i, kind: 'purchase', idempotencyKey: `same-tx:${i}:${user.id}` });
    });
    // PostgreSQL's now() has microseconds (PGlite's may not): set them, as one transaction's writes have them.
    await knex('token_ledger').where({ userId: user.id, kind: 'purchase' }).update({ createdAt: knex.raw(`'2026-03-01 12:00:00.123456+00'::timestamptz`) });
    const all = (await app.request('GET', '/api/v1/billing/ledger', undefined, { token: user.accessToken })).body.data.map((e: { id: string }) => e.id);
    assert.equal(all.length, 6);
    const walked: string[] = [];
    let before: string | null = null;
    do {
      const page: HttpResult = await app.request('GET', `/api/v1/billing/ledger?limit=2${before ? `&before=${before}` : ''}`, undefined, { token: user.accessToken });
      assert.equal(page.status, 200, page.text);
      walked.push(...page.body.data.map((e: { id: string }) => e.id));
      before = page.body.pagination.nextBefore;
    } while (before && walked.length < 20);
    assert.deepEqual(walked, all);
  });

  it('is idempotent per key and refuses to go below zero', async () => {
    const user = await buildUser(app);
    const { knex } = app.deps;
    const first = await credit(knex, { userId: user.id, amount: 50, kind: 'purchase', idempotencyKey: `p:${user.id}` });
    const again = await credit(knex, { userId: user.id, amount: 50, kind: 'purchase', idempotencyKey: `p:${user.id}` });
    assert.equal(again.id, first.id);
    assert.equal((await balance(knex, user.id)).balance, 1050);
    await assert.rejects(debit(knex, { userId: user.id, amount: 2000, kind: 'adjust', idempotencyKey: `d:${user.id}` }), (e) => e instanceof InsufficientTokens && e.status === 402 && e.needed === 2000);
    const partial = await debit(knex, { userId: user.id, amount: 2000, kind: 'embedding', idempotencyKey: `e:${user.id}`, upTo: true });
    assert.equal(partial?.delta, -1050);
    assert.equal(partial?.metadata.uncovered, 950);
    assert.equal((await balance(knex, user.id)).balance, 0);
    await assert.rejects(credit(knex, { userId: (await buildUser(app)).id, amount: 1, kind: 'grant', idempotencyKey: `p:${user.id}` }), /another account/);
  });

  it('reserves, settles to real usage and releases', async () => {
    const user = await buildUser(app);
    const { knex } = app.deps;
    const hold = await reserve(knex, { userId: user.id, amount: 400, idempotencyKey: `r1:${user.id}` });
    assert.deepEqual(await balance(knex, user.id), { balance: 1000, reserved: 400, available: 600 });
    await assert.rejects(reserve(knex, { userId: user.id, amount: 601, idempotencyKey: `r2:${user.id}` }), InsufficientTokens);
    const s = await settle(knex, { reservationId: hold.id, amount: 150 });
    assert.equal(s.charged, 150);
    assert.deepEqual(await balance(knex, user.id), { balance: 850, reserved: 0, available: 850 });
    const twice = await settle(knex, { reservationId: hold.id, amount: 150 });
    assert.equal(twice.entry?.id, s.entry?.id);
    const hold2 = await reserve(knex, { userId: user.id, amount: 300, idempotencyKey: `r3:${user.id}` });
    await release(knex, hold2.id);
    await release(knex, hold2.id);
    assert.deepEqual(await balance(knex, user.id), { balance: 850, reserved: 0, available: 850 });
  });

  it('debits recorded embedding usage once per usage row', async () => {
    const user = await buildUser(app);
    const usage = await app.deps.embeddingUsage.record({ userId: user.id, projectId: null, documentId: null, purpose: 'query', provider: 'local', model: 'local-hash-v1', inputs: 1, tokens: 2000 });
    // local-hash-v1 costs 50 ledger tokens per 1K model tokens.
    assert.equal((await balance(app.deps.knex, user.id)).balance, 900);
    const row = await app.deps.knex('token_ledger').where({ idempotency_key: `embedding:${usage.id}` }).first();
    assert.equal(Number(row.delta), -100);
    assert.equal(row.kind, 'embedding');
  });

  it('lets exactly as many concurrent holds through as the balance covers', async () => {
    const user = await buildUser(app);
    const results = await Promise.allSettled(
      Array.from({ length: 50 }, (_, i) => reserve(app.deps.knex, { userId: user.id, amount: 100, idempotencyKey: `c${i}:${user.id}` })),
    );
    assert.equal(results.filter((r) => r.status === 'fulfilled').length, 10);
    assert.ok(results.filter((r) => r.status === 'rejected').every((r) => (r as PromiseRejectedResult).reason instanceof InsufficientTokens));
    assert.deepEqual(await balance(app.deps.knex, user.id), { balance: 1000, reserved: 1000, available: 0 });
  });
});
