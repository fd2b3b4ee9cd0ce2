import assert from 'node:assert/strict';
import { after, before, describe, it } from 'mocha';
import { startTestApp, type TestApp } from '../../test/app.js';
import { buildUser, type SignedUpUser } from '../../test/builders.js';
import { startFakeOpenAI, type FakeOpenAI } from '../../test/fake-openai.js';
import { analysisBody, buildProject, SALES } from '../../test/analysis-fixtures.js';
import { detectIntent } from './rules.js';
import { debit } from '../billing/ledger.js';

describe('prompt refinement and feedback', () => {
  let app: TestApp;
  let user: SignedUpUser;
  let admin: SignedUpUser;
  let projectId: string;

  before(async () => {
    app = await startTestApp();
    user = await buildUser(app);
    admin = await buildUser(app);
    await app.deps.knex('users').where({ id: user.id }).update({ role: 'user' });
    await app.deps.knex('users').where({ id: admin.id }).update({ role: 'admin' });
    projectId = await buildProject(app, user);
  });
  after(() => app.close());

  const refine = (u: SignedUpUser, body: Record<string, unknown>) => app.request('POST', '/api/v1/prompts/refine', body, { token: u.accessToken });

  it('detects the intent of common questions', () => {
    assert.equal(detectIntent('Summarise this'), 'summarise');
    assert.equal(detectIntent('Compare Q1 vs Q2'), 'compare');
    assert.equal(detectIntent('How did revenue grow over time?'), 'trend');
    assert.equal(detectIntent('Any outliers?'), 'anomaly');
    assert.equal(detectIntent('Why is March low?'), 'explain');
    assert.equal(detectIntent('Check these against the contract'), 'verify');
    assert.equal(detectIntent('Forecast next quarter'), 'forecast');
  });

  it('refines by rules: intent, selection (ranges, headers, numeric columns, units), format and citation rule', async () => {
    const res = await refine(user, { projectId, selection: SALES, prompt: 'How is revenue trending?' });
    assert.equal(res.status, 200, res.text);
    const d = res.body.data;
    assert.equal(d.intent, 'trend');
    assert.equal(d.engine, 'rules');
    assert.equal(d.selectionSummary, '21 selected cells in Sales: Sales!A1:C7 (3 columns × 7 rows; headers: Month, Revenue ($), Cost; numeric: Revenue ($) in $, Cost)');
    assert.match(d.refinedPrompt, /^Task \(trend\): How is revenue trending\?/);
    assert.match(d.refinedPrompt, /Format: Answer with the direction and size of the trend/);
    assert.match(d.refinedPrompt, /Cite each passage you rely on by its id in square brackets/);
  });

  it('refines a Korean question in Korean and offers examples in the language asked for (issue 31)', async () => {
    const res = await refine(user, { projectId, selection: SALES, prompt: '부산 대비 서울 지점 실적을 비교해 주세요' });
    assert.equal(res.status, 200, res.text);
    assert.equal(res.body.data.intent, 'compare');
    assert.match(res.body.data.refinedPrompt, /^과제\(비교\): 부산 대비 서울 지점 실적을 비교해 주세요\n선택 영역: Sales에서 선택한 셀 21개: /);
    assert.match(res.body.data.refinedPrompt, /\n답변 언어: 질문과 같은 한국어로 답하세요\./);
    assert.match(res.body.data.selectionSummary, /^Sales에서 선택한 셀 21개: Sales!A1:C7 \(3열 × 7행; 머리글: Month, Revenue \(\$\), Cost; 숫자 열: Revenue \(\$\)\(단위 \$\), Cost\)$/);
    // An analysis sent with the Korean refined prompt keeps the intent the rules gave it.
    const created = await app.request('POST', '/api/v1/analyses', analysisBody(projectId, { prompt: '부산 대비 서울 지점 실적', refinedPrompt: res.body.data.refinedPrompt }), { token: user.accessToken });
    assert.equal(created.status, 201, created.text);
    assert.equal(created.body.data.intent, 'compare');

    const examples = (lang: string | null, acceptLanguage?: string) =>
      app.request('GET', `/api/v1/prompts/examples${lang ? `?lang=${lang}` : ''}`, undefined, { token: user.accessToken, headers: acceptLanguage ? { 'accept-language': acceptLanguage } : {} });
    const builtin = (r: { body: { data: Array<{ prompt: string; source: string }> } }) => r.body.data.filter((e) => e.source === 'builtin').map((e) => e.prompt);
    assert.ok(builtin(await examples('ko')).includes('이 선택 영역의 주요 수치를 요약해 주세요.'));
    assert.ok(builtin(await examples(null, 'ko-KR,ko;q=0.9,en;q=0.8')).includes('이 선택 영역의 주요 수치를 요약해 주세요.'));
    assert.ok(builtin(await examples('en', 'ko-KR')).includes('Summarise the key figures in this selection.'));
    assert.ok(builtin(await examples(null)).includes('Summarise the key figures in this selection.'));
    const bad = await examples('fr');
    assert.equal(bad.status, 400);
    assert.equal(bad.body.error.code, 'validation');
  });

  it('stores both the typed and the edited refined prompt when sent', async () => {
    const typed = 'Any unusual months?';
    const refined = (await refine(user, { projectId, selection: SALES, prompt: typed })).body.data.refinedPrompt;
    const edited = `${refined}\nFocus on May.`;
    const res = await app.request('POST', '/api/v1/analyses', analysisBody(projectId, { prompt: typed, refinedPrompt: edited }), { token: user.accessToken });
    assert.equal(res.status, 201, res.text);
    assert.equal(res.body.data.prompt, typed);
    assert.equal(res.body.data.refinedPrompt, edited);
    assert.equal(res.body.data.intent, 'anomaly');
    const row = await app.deps.knex('analyses').where({ id: res.body.data.id }).first();
    assert.equal(row.prompt, typed);
    assert.equal(row.refinedPrompt, edited);
  });

  it('feeds feedback back: the admin aggregate changes, complaints become rules, good answers become examples', async () => {
    const sum = async () => (await app.request('GET', '/api/v1/prompts/feedback-summary', undefined, { token: admin.accessToken })).body.data;
    const before = (await sum()).byIntent.find((g: { intent: string }) => g.intent === 'compare') ?? { total: 0, up: 0 };

    const one = (await app.request('POST', '/api/v1/analyses', analysisBody(projectId, { prompt: 'Compare revenue and cost' }), { token: user.accessToken })).body.data;
    const down = await app.request('POST', `/api/v1/analyses/${one.id}/feedback`, { rating: 'down', comment: 'Far too long and verbose' }, { token: user.accessToken });
    assert.equal(down.status, 201, down.text);
    let g = (await sum()).byIntent.find((x: { intent: string }) => x.intent === 'compare');
    assert.equal(g.total, before.total + 1);
    assert.ok(g.commonComplaints.some((c: { term: string }) => c.term === 'verbose'));

    const rules = (await refine(user, { projectId, selection: SALES, prompt: 'Compare the two columns' })).body.data.refinedPrompt;
    assert.match(rules, /Keep the answer short\./);

    const two = (await app.request('POST', '/api/v1/analyses', analysisBody(projectId, { prompt: 'Compare cost against revenue' }), { token: user.accessToken })).body.data;
    await app.request('POST', `/api/v1/analyses/${two.id}/feedback`, { rating: 'up', correctedAnswer: 'Revenue beats cost every month; the gap peaks in May (B6).' }, { token: user.accessToken });
    g = (await sum()).byIntent.find((x: { intent: string }) => x.intent === 'compare');
    assert.equal(g.total, before.total + 2);
    assert.equal(g.up, before.up + 1);
    assert.equal(g.satisfactionRate, Math.round(((before.up + 1) / (before.total + 2)) * 1000) / 1000);
    const withExample = (await refine(user, { projectId, selection: SALES, prompt: 'Compare the months' })).body.data.refinedPrompt;
    assert.match(withExample, /the gap peaks in May \(B6\)/);
    const examples = (await app.request('GET', '/api/v1/prompts/examples', undefined, { token: user.accessToken })).body.data;
    assert.equal(examples[0].prompt, 'Compare cost against revenue');
    assert.equal(examples[0].source, 'yours');
    assert.ok(examples.some((e: { intent: string; source: string }) => e.intent === 'forecast' && e.source === 'builtin'));
    // Rating again replaces the earlier rating.
    await app.request('POST', `/api/v1/analyses/${two.id}/feedback`, { rating: 'down', comment: 'wrong numbers' }, { token: user.accessToken });
    assert.equal((await sum()).byIntent.find((x: { intent: string }) => x.intent === 'compare').total, before.total + 2);
  });

  it('takes a blank comment or correction as none, so a well-rated answer is still the example', async () => {
    const rater = await buildUser(app);
    const project = await buildProject(app, rater);
    const a = (await app.request('POST', '/api/v1/analyses', analysisBody(project, { prompt: 'What is the trend of revenue?' }), { token: rater.accessToken })).body.data;
    const res = await app.request('POST', `/api/v1/analyses/${a.id}/feedback`, { rating: 'up', comment: '   ', correctedAnswer: ' \n ' }, { token: rater.accessToken });
    assert.equal(res.status, 201, res.text);
    assert.equal(res.body.data.comment, null);
    assert.equal(res.body.data.correctedAnswer, null);
    const refined = (await refine(rater, { projectId: project, selection: SALES, prompt: 'How does revenue trend?' })).body.data.refinedPrompt;
    assert.ok(refined.includes(a.answer.slice(0, 80)), refined);
  });

  it('aggregates by template too, for admins only', async () => {
    const t = (await app.request('POST', '/api/v1/templates', { name: 'Monthly', prompt: 'Summarise {{sheet}}' }, { token: user.accessToken })).body.data;
    const a = (await app.request('POST', '/api/v1/analyses', analysisBody(projectId, { prompt: '', templateId: t.id }), { token: user.accessToken })).body.data;
    await app.request('POST', `/api/v1/analyses/${a.id}/feedback`, { rating: 'up' }, { token: user.accessToken });
    const res = await app.request('GET', '/api/v1/prompts/feedback-summary', undefined, { token: admin.accessToken });
    const g = res.body.data.byTemplate.find((x: { templateId: string }) => x.templateId === t.id);
    assert.deepEqual([g.templateName, g.total, g.up, g.satisfactionRate], ['Monthly', 1, 1, 1]);
    assert.equal((await app.request('GET', '/api/v1/prompts/feedback-summary', undefined, { token: user.accessToken })).status, 403);
  });

  it('validates, needs a session and keeps other users out', async () => {
    const other = await buildUser(app);
    assert.equal((await app.request('POST', '/api/v1/prompts/refine', { projectId, selection: SALES, prompt: 'x' })).status, 401);
    assert.equal((await refine(other, { projectId, selection: SALES, prompt: 'Summarise' })).status, 404);
    const bad = await refine(user, { projectId, selection: { sheet: 'S', ranges: [{ address: 'B2:B3', values: [[1], [2, 3]] }] }, prompt: 'x' });
    assert.equal(bad.status, 400);
    assert.match(bad.body.error.message, /^body\.selection\.ranges\.0\.values\.1:/);
    const mine = (await app.request('GET', '/api/v1/analyses', undefined, { token: user.accessToken })).body.data[0];
    const fb = await app.request('POST', `/api/v1/analyses/${mine.id}/feedback`, { rating: 'meh' }, { token: user.accessToken });
    assert.equal(fb.status, 400);
    // Another user's examples never include this user's prompts.
    const theirs = (await app.request('GET', '/api/v1/prompts/examples', undefined, { token: other.accessToken })).body.data;
    assert.ok(theirs.every((e: { source: string }) => e.source === 'builtin'));
  });
});

describe('prompt refinement with a model', () => {
  let fake: FakeOpenAI;
  let app: TestApp;

  before(async () => {
    fake = await startFakeOpenAI();
    app = await startTestApp({ OPENAI_BASE_URL: fake.baseUrl, EMBEDDING_PROVIDER: 'local' });
  });
  after(async () => {
    await app.close();
    await fake.close();
  });

  it('asks the model to rewrite the rules draft and debits its usage', async () => {
    const user = await buildUser(app);
    const projectId = await buildProject(app, user);
    fake.reply = () => ({ text: 'Describe the revenue trend in Sales!B2:B7 month by month, citing passages as [P1].', usage: { prompt_tokens: 300, completion_tokens: 50 } });
    const before = (await app.request('GET', '/api/v1/billing/balance', undefined, { token: user.accessToken })).body.data.balance;
    const res = await app.request('POST', '/api/v1/prompts/refine', { projectId, selection: SALES, prompt: 'revenue trend?' }, { token: user.accessToken });
    assert.equal(res.status, 200, res.text);
    assert.equal(res.body.data.engine, 'openai');
    assert.equal(res.body.data.intent, 'trend');
    assert.match(res.body.data.refinedPrompt, /^Describe the revenue trend/);
    const sent = fake.requests.at(-1)?.body;
    assert.match(sent?.messages[1].content ?? '', /^Task \(trend\): revenue trend\?/);
    const after = (await app.request('GET', '/api/v1/billing/balance', undefined, { token: user.accessToken })).body.data.balance;
    assert.equal(before - after, 300 + 50 * 4); // gpt-4o-mini: 1000/4000 per 1K
  });

  it('holds the most a refinement may cost first, and without the tokens for it uses the rules, calling no model', async () => {
    const user = await buildUser(app);
    const projectId = await buildProject(app, user);
    fake.reply = () => ({ text: 'Refined by the model.', usage: { prompt_tokens: 300, completion_tokens: 50 } });
    const start = (await app.request('GET', '/api/v1/billing/balance', undefined, { token: user.accessToken })).body.data;
    await debit(app.deps.knex, { userId: user.id, amount: start.available - 5, kind: 'adjust', idempotencyKey: `nearly-empty:${user.id}` });
    const calls = fake.requests.length;
    const res = await app.request('POST', '/api/v1/prompts/refine', { projectId, selection: SALES, prompt: 'revenue trend?' }, { token: user.accessToken });
    assert.equal(res.status, 200, res.text);
    assert.equal(res.body.data.engine, 'rules');
    assert.match(res.body.data.refinedPrompt, /^Task \(trend\): revenue trend\?/);
    assert.equal(fake.requests.length, calls, 'no model call the balance cannot pay for');
    const after = (await app.request('GET', '/api/v1/billing/balance', undefined, { token: user.accessToken })).body.data;
    assert.deepEqual([after.balance, after.reserved], [5, 0]);
    assert.equal((await app.deps.knex('token_ledger').where({ userId: user.id, reference: 'prompt-refine' })).length, 0);
  });
});
