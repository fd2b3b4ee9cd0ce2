import assert from 'node:assert/strict';
import { after, before, describe, it } from 'mocha';
import { analysisBody, buildProject } from '../../test/analysis-fixtures.js';
import { startTestApp, type Json, type TestApp } from '../../test/app.js';
import { buildUser, type SignedUpUser } from '../../test/builders.js';
import { startFakeOpenAI, type FakeOpenAI } from '../../test/fake-openai.js';
import { credit } from '../billing/ledger.js';

describe('templates: examples promoted from feedback', () => {
  let fake: FakeOpenAI;
  let app: TestApp;
  let owner: SignedUpUser;
  let member: SignedUpUser;
  let stranger: SignedUpUser;
  let admin: SignedUpUser;
  let templateId: string;
  let otherTemplateId: string;
  let upRun: string;
  let correctedRun: string;
  let untemplatedRun: string;
  let otherTemplateRun: string;
  const CORRECTION = 'Revenue rose 42% from Jan [B2] to Jun [B7]; May [B6] is a one-off licence deal.';

  before(async () => {
    fake = await startFakeOpenAI();
    fake.reply = () => ({ text: 'Revenue rose from 1200 [B2] to 1700 [B7].' });
    app = await startTestApp({ OPENAI_BASE_URL: fake.baseUrl, CHAT_MODEL: 'gpt-4o-mini', CHAT_MAX_RETRIES: '0' });
    [owner, member, stranger, admin] = [await buildUser(app), await buildUser(app), await buildUser(app), await buildUser(app)];
    await app.deps.knex('users').whereIn('id', [owner.id, member.id, stranger.id]).update({ role: 'user', emailVerifiedAt: new Date() });
    await app.deps.knex('users').where({ id: admin.id }).update({ role: 'admin' });
    for (const u of [owner, member, stranger]) await credit(app.deps.knex, { userId: u.id, amount: 5_000_000, kind: 'purchase', idempotencyKey: `examples:${u.id}` });

    const created = await req(owner, 'POST', '', { name: 'Revenue review', prompt: 'Review revenue on {{sheet}}.', visibility: 'shared', sharedWith: [member.email] });
    assert.equal(created.status, 201, created.text);
    templateId = created.body.data.id;
    otherTemplateId = (await req(member, 'POST', '', { name: 'Mine', prompt: 'Check costs.' })).body.data.id;

    const ownerProject = await buildProject(app, owner);
    const memberProject = await buildProject(app, member);
    // The member runs the owner's template twice: one answer rated up, one corrected.
    upRun = await ratedRun(member, memberProject, { templateId, prompt: 'Keep it short.' }, { rating: 'up', comment: 'Spot on' });
    correctedRun = await ratedRun(member, memberProject, { templateId, prompt: 'Mention May.' }, { rating: 'down', comment: 'Missed the deal', correctedAnswer: CORRECTION });
    // Rated up too, but not runs of this template.
    untemplatedRun = await ratedRun(owner, ownerProject, { prompt: 'Plain question.' }, { rating: 'up' });
    otherTemplateRun = await ratedRun(member, memberProject, { templateId: otherTemplateId }, { rating: 'up' });
    // A run of the template rated down without a correction is no candidate.
    await ratedRun(member, memberProject, { templateId, prompt: 'Bad one.' }, { rating: 'down', comment: 'wrong' });
  });
  after(async () => {
    await app.close();
    await fake.close();
  });

  /** A call under /api/v1/templates; `path` such as "<id>/examples", or empty. */
  function req(u: SignedUpUser, method: string, path: string, body?: unknown) {
    return app.request(method, `/api/v1/templates${path ? `/${path}` : ''}`, body, { token: u.accessToken });
  }
  async function ratedRun(u: SignedUpUser, project: string, overrides: Record<string, unknown>, feedback: Record<string, unknown>): Promise<string> {
    const res = await app.request('POST', '/api/v1/analyses', analysisBody(project, overrides), { token: u.accessToken });
    assert.equal(res.status, 201, res.text);
    const fb = await app.request('POST', `/api/v1/analyses/${res.body.data.id}/feedback`, feedback, { token: u.accessToken });
    assert.ok(fb.status < 300, fb.text);
    return res.body.data.id as string;
  }
  /** Runs the template as the owner and returns the system message the model received. */
  async function systemMessageOfRun(prompt: string): Promise<{ system: string; analysis: Json }> {
    const project = await buildProject(app, owner, `Run ${prompt}`);
    const before = fake.requests.length;
    const res = await app.request('POST', '/api/v1/analyses', analysisBody(project, { templateId, prompt }), { token: owner.accessToken });
    assert.equal(res.status, 201, res.text);
    const chats = fake.requests.slice(before).filter((r) => r.path.includes('chat'));
    assert.equal(chats.length, 1, 'one chat call');
    const system = chats[0].body.messages.find((m) => m.role === 'system')?.content ?? '';
    return { system, analysis: res.body.data };
  }

  it('lists the rated and corrected runs of the template to its owner only, without who ran them', async () => {
    const res = await req(owner, 'GET', `${templateId}/example-candidates`);
    assert.equal(res.status, 200, res.text);
    const byId = new Map(res.body.data.map((c: Json) => [c.analysisId, c]));
    assert.deepEqual([...byId.keys()].sort(), [upRun, correctedRun].sort());
    const corrected = byId.get(correctedRun) as Json;
    assert.equal(corrected.rating, 'down');
    assert.equal(corrected.comment, 'Missed the deal');
    assert.equal(corrected.correctedAnswer, CORRECTION);
    assert.equal(corrected.selection, 'Sales: A1:C7 (21 cells)');
    assert.match(corrected.question, /Mention May\./);
    assert.deepEqual(corrected.promoted, []);
    const leaked = JSON.stringify(res.body.data);
    for (const secret of [member.id, member.email, '9100']) assert.ok(!leaked.includes(secret), `${secret} must not leave the server`);

    assert.equal((await req(member, 'GET', `${templateId}/example-candidates`)).status, 403, 'a viewer of a shared template');
    assert.equal((await req(stranger, 'GET', `${templateId}/example-candidates`)).status, 404, 'someone who cannot see it');
    assert.equal((await req(admin, 'GET', `${templateId}/example-candidates`)).status, 404, 'an admin, on a template that is not public');
    assert.equal((await app.request('GET', `/api/v1/templates/${templateId}/example-candidates`)).status, 401);
  });

  it('promotes a corrected answer as a new version whose runs show it to the model, and refuses what is not eligible', async () => {
    const promoted = await req(owner, 'POST', `${templateId}/examples`, { analysisId: correctedRun, use: 'correction' });
    assert.equal(promoted.status, 201, promoted.text);
    assert.equal(promoted.body.data.number, 2);
    assert.equal(promoted.body.data.isCurrent, true);
    assert.deepEqual(
      promoted.body.data.examples.map((e: Json) => [e.use, e.analysisId, e.answer, e.selection]),
      [['correction', correctedRun, CORRECTION, 'Sales: A1:C7 (21 cells)']],
    );

    const refusals: Array<[SignedUpUser, unknown, number, string?]> = [
      [owner, { analysisId: correctedRun, use: 'correction' }, 409, 'example_exists'],
      [owner, { analysisId: upRun, use: 'correction' }, 409, 'example_not_eligible'],
      [owner, { analysisId: correctedRun, use: 'answer' }, 409, 'example_not_eligible'],
      [owner, { analysisId: untemplatedRun, use: 'answer' }, 404, 'not_found'],
      [owner, { analysisId: otherTemplateRun, use: 'answer' }, 404, 'not_found'],
      [owner, { analysisId: upRun, use: 'best' }, 400, 'validation'],
      [member, { analysisId: upRun, use: 'answer' }, 403, 'forbidden'],
      [stranger, { analysisId: upRun, use: 'answer' }, 404, 'not_found'],
    ];
    for (const [u, body, status, code] of refusals) {
      const res = await req(u, 'POST', `${templateId}/examples`, body);
      assert.equal(res.status, status, `${JSON.stringify(body)}: ${res.text}`);
      assert.equal(res.body.error.code, code);
    }
    assert.equal((await req(owner, 'GET', `${templateId}/versions`)).body.data.length, 2, 'a refusal makes no version');

    const { system, analysis } = await systemMessageOfRun('What drove revenue?');
    assert.ok(system.includes(CORRECTION), system);
    assert.ok(system.includes('Question: Review revenue on Sales.'), 'the example says what was asked');
    const recorded = await app.deps.knex('analyses').where({ id: analysis.id }).first('templateVersionId');
    assert.equal(recorded.templateVersionId, promoted.body.data.id, 'the run records the version with the example');

    const candidates = (await req(owner, 'GET', `${templateId}/example-candidates`)).body.data;
    assert.deepEqual(candidates.find((c: Json) => c.analysisId === correctedRun).promoted, ['correction']);
  });

  it('shows examples to the owner only, keeps them through a prompt edit, and removes one as a new version', async () => {
    const added = await req(owner, 'POST', `${templateId}/examples`, { analysisId: upRun, use: 'answer' });
    assert.equal(added.status, 201, added.text);
    assert.equal(added.body.data.examples.length, 2);
    assert.equal(added.body.data.examples[1].answer, 'Revenue rose from 1200 [B2] to 1700 [B7].');

    const memberView = (await req(member, 'GET', `${templateId}/versions`)).body.data[0];
    assert.equal(memberView.exampleCount, 2);
    assert.equal(memberView.examples, undefined, 'a viewer sees how many, not what');
    assert.equal((await req(member, 'GET', `${templateId}/examples`)).status, 403);

    assert.equal((await req(owner, 'PATCH', templateId, { prompt: 'Review revenue and cost on {{sheet}}.' })).status, 200);
    const current = await req(owner, 'GET', `${templateId}/examples`);
    assert.equal(current.body.data.number, 4);
    assert.equal(current.body.data.examples.length, 2, 'a prompt edit keeps the examples');

    assert.equal((await req(member, 'DELETE', `${templateId}/examples/0`)).status, 403);
    assert.equal((await req(stranger, 'DELETE', `${templateId}/examples/0`)).status, 404);
    assert.equal((await req(owner, 'DELETE', `${templateId}/examples/2`)).status, 404, 'no third example');
    const removed = await req(owner, 'DELETE', `${templateId}/examples/0`);
    assert.equal(removed.status, 200, removed.text);
    assert.equal(removed.body.data.number, 5);
    assert.deepEqual(removed.body.data.examples.map((e: Json) => [e.use, e.analysisId]), [['answer', upRun]]);

    const { system } = await systemMessageOfRun('Anything unusual?');
    assert.ok(!system.includes(CORRECTION), 'the removed example no longer reaches the model');
    assert.ok(system.includes('Revenue rose from 1200 [B2] to 1700 [B7].'));

    // Restoring version 2 brings back its examples too.
    const v2 = (await req(owner, 'GET', `${templateId}/versions`)).body.data.find((v: Json) => v.number === 2);
    const restored = await req(owner, 'POST', `${templateId}/versions/${v2.id}/restore`);
    assert.equal(restored.status, 201, restored.text);
    assert.deepEqual(restored.body.data.version.examples.map((e: Json) => e.use), ['correction']);
  });

  it('lets an administrator curate a public template', async () => {
    await app.deps.knex('templates').where({ id: otherTemplateId }).update({ visibility: 'public' });
    const candidates = await req(admin, 'GET', `${otherTemplateId}/example-candidates`);
    assert.equal(candidates.status, 200, candidates.text);
    assert.deepEqual(candidates.body.data.map((c: Json) => c.analysisId), [otherTemplateRun]);
    const promoted = await req(admin, 'POST', `${otherTemplateId}/examples`, { analysisId: otherTemplateRun, use: 'answer' });
    assert.equal(promoted.status, 201, promoted.text);
    assert.equal((await req(owner, 'POST', `${otherTemplateId}/examples`, { analysisId: otherTemplateRun, use: 'answer' })).status, 403, 'a plain user on a public template');
  });
});
