import assert from 'node:assert/strict';
import { after, before, describe, it } from 'mocha';
import { startTestApp, type TestApp } from '../../test/app.js';
import { buildUser, type SignedUpUser } from '../../test/builders.js';
import { analysisBody, buildProject } from '../../test/analysis-fixtures.js';
import { credit } from '../billing/ledger.js';

describe('templates as products: versions, variables, budgets, analytics', () => {
  let app: TestApp;
  let owner: SignedUpUser;
  let other: SignedUpUser;
  let ownerProject: string;
  let otherProject: string;

  before(async () => {
    app = await startTestApp();
    [owner, other] = [await buildUser(app), await buildUser(app)];
    await app.deps.knex('users').whereIn('id', [owner.id, other.id]).update({ role: 'user' }); // the run's first account is admin
    for (const u of [owner, other]) await credit(app.deps.knex, { userId: u.id, amount: 5_000_000, kind: 'purchase', idempotencyKey: `products:${u.id}` });
    ownerProject = await buildProject(app, owner);
    otherProject = await buildProject(app, other);
  });
  after(() => app.close());

  const req = (u: SignedUpUser, method: string, path: string, body?: unknown) => app.request(method, `/api/v1/templates${path}`, body, { token: u.accessToken });
  const run = (u: SignedUpUser, project: string, overrides: Record<string, unknown>) => app.request('POST', '/api/v1/analyses', analysisBody(project, { prompt: '', ...overrides }), { token: u.accessToken });
  const versionOf = async (analysisId: string) => (await app.deps.knex('analyses').where({ id: analysisId }).first('templateVersionId')).templateVersionId as string | null;

  it('makes a version for every prompt change, records it on each run, and lets only the owner restore', async () => {
    const t = (await req(owner, 'POST', '/', { name: 'Growth', prompt: 'Summarise growth on {{sheet}}.', visibility: 'public' })).body.data ?? null;
    assert.equal(t, null, 'a plain user cannot publish');
    const created = await req(owner, 'POST', '/', { name: 'Growth', prompt: 'Summarise growth on {{sheet}}.', sharedWith: [] });
    assert.equal(created.status, 201, created.text);
    const id = created.body.data.id as string;
    const v1 = (await req(owner, 'GET', `/${id}/versions`)).body.data;
    assert.deepEqual(v1.map((v: { number: number }) => v.number), [1]);

    const first = await run(owner, ownerProject, { templateId: id });
    assert.equal(first.status, 201, first.text);
    assert.equal(await versionOf(first.body.data.id), v1[0].id);

    assert.equal((await req(owner, 'PATCH', `/${id}`, { name: 'Growth (renamed)' })).status, 200);
    assert.equal((await req(owner, 'GET', `/${id}/versions`)).body.data.length, 1, 'a rename is not a new version');
    assert.equal((await req(owner, 'PATCH', `/${id}`, { prompt: 'Summarise growth and cost on {{sheet}}.' })).status, 200);
    const v2 = (await req(owner, 'GET', `/${id}/versions`)).body.data;
    assert.deepEqual(v2.map((v: { number: number; isCurrent: boolean }) => [v.number, v.isCurrent]), [[2, true], [1, false]]);
    const second = await run(owner, ownerProject, { templateId: id });
    assert.equal(second.body.data.prompt, 'Summarise growth and cost on Sales.');
    assert.equal(await versionOf(second.body.data.id), v2[0].id);

    assert.equal((await req(other, 'POST', `/${id}/versions/${v1[0].id}/restore`)).status, 404, 'invisible to others');
    const foreign = (await req(other, 'POST', '/', { name: 'Other', prompt: 'x {{sheet}}' })).body.data.id;
    const foreignVersion = (await req(other, 'GET', `/${foreign}/versions`)).body.data[0].id;
    assert.equal((await req(owner, 'POST', `/${id}/versions/${foreignVersion}/restore`)).status, 404, "another template's version");

    const restored = await req(owner, 'POST', `/${id}/versions/${v1[0].id}/restore`);
    assert.equal(restored.status, 201, restored.text);
    assert.equal(restored.body.data.template.prompt, 'Summarise growth on {{sheet}}.');
    assert.equal(restored.body.data.version.number, 3);
    assert.equal(restored.body.data.version.restoredFrom, v1[0].id);
    const third = await run(owner, ownerProject, { templateId: id, prompt: 'Keep it short.' });
    assert.equal(third.body.data.prompt, 'Summarise growth on Sales.\n\nKeep it short.');
    assert.equal(await versionOf(third.body.data.id), restored.body.data.version.id);
    // A shared viewer may read the history but not restore it.
    await req(owner, 'PATCH', `/${id}`, { visibility: 'shared', sharedWith: [other.email] });
    await app.deps.knex('users').where({ id: other.id }).update({ emailVerifiedAt: new Date() });
    assert.equal((await req(other, 'GET', `/${id}/versions`)).body.data.length, 3);
    assert.equal((await req(other, 'POST', `/${id}/versions/${v1[0].id}/restore`)).status, 403);
  });

  it('lists user variables apart from built-ins, fills them on a run, and refuses a run that leaves one out', async () => {
    const t = (await req(owner, 'POST', '/', { name: 'Supplier check', prompt: 'Check {{ supplier }} invoices in {{headers}} for {{month}}; compare with {{supplier}}.' })).body.data;
    assert.deepEqual(t.variables, ['supplier', 'month']);
    assert.deepEqual(t.builtInVariables, ['headers']);

    const missing = await run(owner, ownerProject, { templateId: t.id, variables: { supplier: 'Acme', month: '  ' } });
    assert.equal(missing.status, 400, missing.text);
    assert.equal(missing.body.error.code, 'template_variables_missing');
    assert.deepEqual(missing.body.error.details.missing, ['month']);
    assert.match(missing.body.error.message, /month/);
    const none = await run(owner, ownerProject, { templateId: t.id });
    assert.deepEqual(none.body.error.details.missing, ['supplier', 'month']);
    assert.equal(Number((await app.deps.knex('analyses').where({ templateId: t.id }).count<{ n: string }[]>('id as n'))[0].n), 0, 'nothing was run or held');

    const ok = await run(owner, ownerProject, { templateId: t.id, variables: { supplier: 'Acme Ltd', month: 'May', unused: 'x' } });
    assert.equal(ok.status, 201, ok.text);
    assert.equal(ok.body.data.prompt, 'Check Acme Ltd invoices in Month, Revenue ($), Cost for May; compare with Acme Ltd.');
    assert.equal((await run(owner, ownerProject, { templateId: t.id, variables: { 'not a name': 'x' } })).status, 400);
  });

  it('reads variables named in Korean (any script\'s letters), and refuses a run that leaves one out', async () => {
    const t = (await req(owner, 'POST', '/', { name: '공급자 점검', prompt: '{{공급자}}의 {{월}} 청구서를 {{headers}}에서 확인하고 {{ 공급자 }}와 비교해 주세요.' })).body.data;
    assert.deepEqual(t.variables, ['공급자', '월']);
    const missing = await run(owner, ownerProject, { templateId: t.id, variables: { 공급자: '한빛상사' } });
    assert.equal(missing.status, 400, missing.text);
    assert.deepEqual(missing.body.error.details.missing, ['월']);
    const ok = await run(owner, ownerProject, { templateId: t.id, variables: { 공급자: '한빛상사', 월: '5월' } });
    assert.equal(ok.status, 201, ok.text);
    assert.equal(ok.body.data.prompt, '한빛상사의 5월 청구서를 Month, Revenue ($), Cost에서 확인하고 한빛상사와 비교해 주세요.');
  });

  it('fills only the run\'s own variables: {{constructor}} or {{toString}} is a variable like any other, not a 500', async () => {
    const t = (await req(owner, 'POST', '/', { name: 'Object names', prompt: 'Check {{constructor}} and {{toString}} on {{sheet}}.' })).body.data;
    assert.deepEqual(t.variables, ['constructor', 'toString']);
    for (const variables of [undefined, { other: 'x' }, { constructor: 'Acme' }]) {
      const res = await run(owner, ownerProject, { templateId: t.id, ...(variables ? { variables } : {}) });
      assert.equal(res.status, 400, res.text);
      assert.equal(res.body.error.code, 'template_variables_missing');
      assert.deepEqual(res.body.error.details.missing, variables && Object.hasOwn(variables, 'constructor') ? ['toString'] : ['constructor', 'toString']);
    }
    const ok = await run(owner, ownerProject, { templateId: t.id, variables: { constructor: 'Acme', toString: 'May' } });
    assert.equal(ok.status, 201, ok.text);
    assert.equal(ok.body.data.prompt, 'Check Acme and May on Sales.');
  });

  it('refuses a run whose variables, filled in, would add more than 20,000 characters to the prompt', async () => {
    // 800 uses of one variable in a 4000-character prompt: a 100-character value would make an 80,000-character prompt.
    const t = (await req(owner, 'POST', '/', { name: 'Amplifier', prompt: '{{a}}'.repeat(800) })).body.data;
    const value = Array(20).fill('word').join(' ');
    const res = await run(owner, ownerProject, { templateId: t.id, variables: { a: value } });
    assert.equal(res.status, 400, res.text.slice(0, 300));
    assert.equal(res.body.error.code, 'template_prompt_too_long');
    assert.deepEqual(res.body.error.details, { added: 800 * (value.length - '{{a}}'.length), max: 20_000 });
    // The same for built-ins used again and again; used once, the selection's own size is its limit.
    const described = (await req(owner, 'POST', '/', { name: 'Described', prompt: '{{selection}}'.repeat(300) })).body.data;
    assert.equal((await run(owner, ownerProject, { templateId: described.id })).body.error?.code, 'template_prompt_too_long');
    const preview = await app.request('POST', '/api/v1/prompts/refine', { projectId: ownerProject, selection: analysisBody(ownerProject).selection, templateId: described.id }, { token: owner.accessToken });
    assert.equal(preview.body.error?.code, 'template_prompt_too_long');
    const once = (await req(owner, 'POST', '/', { name: 'Twice', prompt: 'About {{a}} ({{a}}) on {{selection}}.' })).body.data;
    const ok = await run(owner, ownerProject, { templateId: once.id, variables: { a: 'y'.repeat(1000) } });
    assert.equal(ok.status, 201, ok.text.slice(0, 300));
  });

  it('refuses runs over the monthly budget with 402, and 20 concurrent runs overshoot it by one run at most', async () => {
    const t = (await req(owner, 'POST', '/', { name: 'Budgeted', prompt: 'Summarise {{topic}} on {{sheet}}.', visibility: 'shared', sharedWith: [other.email] })).body.data;
    assert.equal(t.monthlyTokenBudget, null);
    assert.equal((await req(other, 'PATCH', `/${t.id}`, { monthlyTokenBudget: 10 })).status, 403, 'only the owner sets it');
    assert.equal((await req(owner, 'PATCH', `/${t.id}`, { monthlyTokenBudget: -1 })).status, 400);

    const probe = await run(owner, ownerProject, { templateId: t.id, variables: { topic: 'probe' } });
    assert.equal(probe.status, 201, probe.text);
    const oneRun = Number(probe.body.data.tokensCharged);
    assert.ok(oneRun > 0, 'the local analyst charges for a run');
    const budget = oneRun * 4; // the probe used one run's worth: about three more fit
    const set = await req(owner, 'PATCH', `/${t.id}`, { monthlyTokenBudget: budget });
    assert.equal(set.status, 200, set.text);
    assert.equal(set.body.data.monthlyTokenBudget, budget);

    // Distinct variables per run so no run is a free cache copy of another.
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => (i % 2 ? run(other, otherProject, { templateId: t.id, variables: { topic: `topic ${i}` } }) : run(owner, ownerProject, { templateId: t.id, variables: { topic: `topic ${i}` } }))),
    );
    const statuses = results.map((r) => r.status);
    assert.ok(statuses.every((s) => s === 201 || s === 402), statuses.join(','));
    const refused = results.filter((r) => r.status === 402);
    assert.ok(refused.length > 0, 'some runs were refused');
    assert.ok(refused.every((r) => r.body.error.code === 'template_budget_exhausted'), refused.map((r) => r.text).join('\n'));
    assert.ok(results.some((r) => r.status === 201), 'the budget let runs through until it was used');

    const rows = await app.deps.knex('analyses').where({ templateId: t.id }).select('tokensCharged', 'status');
    const charged = rows.map((r: { tokensCharged: string | null }) => Number(r.tokensCharged ?? 0));
    const total = charged.reduce((a: number, b: number) => a + b, 0);
    assert.ok(total <= budget + Math.max(...charged), `charged ${total} against a budget of ${budget}`);
    const after = await run(owner, ownerProject, { templateId: t.id, variables: { topic: 'one more' } });
    assert.equal(after.status, 402);
    assert.equal(after.body.error.code, 'template_budget_exhausted');
    // Lifting the budget lets runs through again; the budget of a public template is an admin's.
    assert.equal((await req(owner, 'PATCH', `/${t.id}`, { monthlyTokenBudget: null })).status, 200);
    assert.equal((await run(owner, ownerProject, { templateId: t.id, variables: { topic: 'free again' } })).status, 201);
  });

  it('reports runs, users, tokens, average cost, satisfaction and complaints per template and per version', async () => {
    const t = (await req(owner, 'POST', '/', { name: 'Measured', prompt: 'Measure {{what}}.', visibility: 'shared', sharedWith: [other.email] })).body.data;
    const ids: string[] = [];
    const go = async (u: SignedUpUser, project: string, what: string) => {
      const r = await run(u, project, { templateId: t.id, variables: { what } });
      assert.equal(r.status, 201, r.text);
      ids.push(r.body.data.id);
      return r.body.data.id as string;
    };
    const [a1, a2, b1] = [await go(owner, ownerProject, 'a1'), await go(owner, ownerProject, 'a2'), await go(other, otherProject, 'b1')];
    await req(owner, 'PATCH', `/${t.id}`, { prompt: 'Measure {{what}} carefully.' });
    const b2 = await go(other, otherProject, 'b2');
    // A failed run is not an answered run and charges nothing.
    const failed = await go(owner, ownerProject, 'failed');
    await app.deps.knex('analyses').where({ id: failed }).update({ status: 'failed', tokensCharged: 0 });
    // Hand-set charges so the figures below are computed by hand.
    for (const [id, tokens] of [[a1, 100], [a2, 200], [b1, 300], [b2, 400]] as const) await app.deps.knex('analyses').where({ id }).update({ tokensCharged: tokens });
    const feedback = async (u: SignedUpUser, id: string, rating: string, comment?: string) =>
      assert.equal((await app.request('POST', `/api/v1/analyses/${id}/feedback`, { rating, ...(comment ? { comment } : {}) }, { token: u.accessToken })).status, 201);
    await feedback(owner, a1, 'up');
    await feedback(owner, a2, 'down', 'Too long');
    await feedback(other, b1, 'down', ' too long ');
    await feedback(other, b2, 'down', 'Wrong totals');

    const res = await req(owner, 'GET', `/${t.id}/analytics`);
    assert.equal(res.status, 200, res.text);
    const data = res.body.data;
    assert.deepEqual(
      { runs: data.runs, users: data.users, tokens: data.tokens, averageCost: data.averageCost, up: data.up, down: data.down, satisfaction: data.satisfaction, complaints: data.complaints },
      { runs: 4, users: 2, tokens: 1000, averageCost: 250, up: 1, down: 3, satisfaction: 0.25, complaints: [{ comment: 'too long', count: 2 }, { comment: 'wrong totals', count: 1 }] },
    );
    const [v2, v1] = data.versions;
    assert.deepEqual([v2.number, v2.runs, v2.users, v2.tokens, v2.averageCost, v2.up, v2.down, v2.satisfaction], [2, 1, 1, 400, 400, 0, 1, 0]);
    assert.deepEqual(v2.complaints, [{ comment: 'wrong totals', count: 1 }]);
    assert.deepEqual([v1.number, v1.runs, v1.users, v1.tokens, v1.averageCost, v1.up, v1.down], [1, 3, 2, 600, 200, 1, 2]);
    assert.equal(v1.satisfaction, 1 / 3);
    assert.deepEqual(v1.complaints, [{ comment: 'too long', count: 2 }]);

    assert.equal((await req(other, 'GET', `/${t.id}/analytics`)).status, 403, 'a shared viewer does not see the figures');
    await app.deps.knex('users').where({ id: other.id }).update({ role: 'admin' });
    const asAdmin = await req(other, 'GET', `/${t.id}/analytics`);
    assert.equal(asAdmin.status, 200);
    assert.equal(asAdmin.body.data.tokens, 1000);
    await app.deps.knex('users').where({ id: other.id }).update({ role: 'user' });
  });
});
