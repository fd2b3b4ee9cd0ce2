import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'mocha';
import { analysisBody, buildProject } from '../../test/analysis-fixtures.js';
import { startTestApp, type Json, type TestApp } from '../../test/app.js';
import { buildUser, type SignedUpUser } from '../../test/builders.js';
import { startFakeOpenAI, type FakeOpenAI } from '../../test/fake-openai.js';
import { credit } from '../billing/ledger.js';

describe('admin: a user’s per-call trail', () => {
  let fake: FakeOpenAI;
  let app: TestApp;
  let admin: SignedUpUser;
  let user: SignedUpUser;

  before(async () => {
    fake = await startFakeOpenAI();
    fake.reply = () => ({ text: 'Revenue rose from 1200 [B2] to 1700 [B7].', usage: { prompt_tokens: 300, completion_tokens: 20 } });
    app = await startTestApp({ OPENAI_BASE_URL: fake.baseUrl, CHAT_MODEL: 'gpt-4o-mini', CHAT_MAX_RETRIES: '0' });
    [admin, user] = [await buildUser(app), await buildUser(app)];
    await app.deps.knex('users').where({ id: admin.id }).update({ role: 'admin' });
    await app.deps.knex('users').where({ id: user.id }).update({ role: 'user' });
    await credit(app.deps.knex, { userId: user.id, amount: 1_000_000, kind: 'purchase', idempotencyKey: `trail:${user.id}` });
    const project = await buildProject(app, user);
    for (const prompt of ['Summarise revenue', 'Explain the cost trend', 'What happened in May?']) {
      const res = await app.request('POST', '/api/v1/analyses', analysisBody(project, { prompt }), { token: user.accessToken });
      assert.equal(res.status, 201, res.text);
    }
    fake.queue({ status: 500 });
    assert.equal((await app.request('POST', '/api/v1/analyses', analysisBody(project, { prompt: 'Fail please' }), { token: user.accessToken })).status, 502);
  });
  after(async () => {
    await app.close();
    await fake.close();
  });

  const trail = (as: SignedUpUser, id: string, query = '') => app.request('GET', `/api/v1/admin/users/${id}/trail${query}`, undefined, { token: as.accessToken });

  it('shows an admin the same calls the user exports from their Usage page, newest first, in pages', async () => {
    const res = await trail(admin, user.id);
    assert.equal(res.status, 200, res.text);
    const csv = await app.request('GET', '/api/v1/me/usage.csv', undefined, { token: user.accessToken });
    assert.equal(csv.status, 200);
    const [header, ...lines] = csv.text.trim().split('\r\n');
    const cols = header.split(',');
    const own = lines.map((l) => Object.fromEntries(l.split(',').map((v, i) => [cols[i], v])));
    assert.equal(res.body.pagination.total, own.length);
    // The CSV is oldest first; the trail newest first: the same calls with the same figures.
    const asCsv = (r: Json) => [r.at, r.kind, r.model, r.status, String(r.tokensIn), String(r.tokensOut), String(r.costTokens), String(r.chargedTokens), r.analysisId ?? '', r.ledgerEntryId ?? ''];
    assert.deepEqual(
      res.body.data.map(asCsv).reverse(),
      own.map((r) => [r.time, r.kind, r.model, r.status, r.tokens_in, r.tokens_out, r.cost_tokens, r.charged_tokens, r.analysis_id, r.ledger_entry_id]),
    );
    // The three answers and the failure, each a chat call (besides any embedding of the questions).
    const chats = res.body.data.filter((r: Json) => r.kind === 'chat');
    assert.deepEqual(chats.map((r: Json) => r.status), ['failed', 'ok', 'ok', 'ok']);
    assert.ok(chats.slice(1).every((r: Json) => r.chargedTokens > 0 && r.tokensIn === 300));

    // The user's own Usage page reads the very same pages; another user's trail is never in it.
    const mine = await app.request('GET', '/api/v1/me/trail', undefined, { token: user.accessToken });
    assert.equal(mine.status, 200, mine.text);
    assert.deepEqual(mine.body, res.body);
    const adminOwn = await app.request('GET', '/api/v1/me/trail', undefined, { token: admin.accessToken });
    assert.ok(!adminOwn.body.data.some((r: Json) => res.body.data.some((u: Json) => u.id === r.id)));

    const total = own.length;
    const second = await trail(admin, user.id, '?page=2&pageSize=3');
    assert.deepEqual(second.body.data.map((r: Json) => r.id), res.body.data.slice(3, 6).map((r: Json) => r.id));
    assert.deepEqual(second.body.pagination, { page: 2, pageSize: 3, total });
  });

  it('is for administrators only, and a 404 for no such user', async () => {
    assert.equal((await trail(user, user.id)).status, 403);
    assert.equal((await app.request('GET', `/api/v1/admin/users/${user.id}/trail`)).status, 401);
    assert.equal((await trail(admin, randomUUID())).status, 404);
    assert.equal((await trail(admin, user.id, '?pageSize=500')).status, 400);
  });
});
