/**
 * Template examples and the admin trail in Chromium. The owner of a template opens its editor, sees a run of
 * it that was corrected among the rated runs, promotes the correction to the template's examples (a new
 * version, listed with the others) and removes it again. An administrator opens a user's page and reads that
 * user's per-call trail: the calls of the analyses they ran, with what each was charged.
 */
import assert from 'node:assert/strict';
import { screenshot } from '../support/browser.js';
import { apiCall, logIn, userWithProject, webappSuite } from '../support/webapp.js';

const SELECTION = {
  sheet: 'Sales',
  ranges: [
    {
      address: 'A1:C4',
      values: [
        ['Month', 'Revenue', 'Cost'],
        ['Jan', 1200, 800],
        ['Feb', 1350, 820],
        ['Mar', 1500, 790],
      ],
    },
  ],
};
const CORRECTION = 'Revenue grew 25% from Jan [B2] to Mar [B4] while cost stayed flat.';

describe('web app: template examples and the admin trail (browser)', function () {
  this.timeout(240_000);

  const suite = webappSuite();
  const { pages } = suite;
  let owner: Awaited<ReturnType<typeof userWithProject>>;
  let member: Awaited<ReturnType<typeof userWithProject>>;
  let templateId: string;

  before(async function () {
    // A fresh database: the first account is the administrator (and owns the template).
    owner = await userWithProject(suite.server.url, 'Mary Jackson');
    member = await userWithProject(suite.server.url, 'Annie Easley');
    const { url } = suite.server;
    templateId = (await apiCall<{ id: string }>(url, 'POST', '/templates', { name: 'Quarter summary', prompt: 'Summarise the quarter on {{sheet}}.' }, owner.token)).id;
    const run = await apiCall<{ id: string }>(url, 'POST', '/analyses', { projectId: owner.projectId, source: 'web', selection: SELECTION, prompt: 'How did revenue do?', templateId }, owner.token);
    await apiCall(url, 'POST', `/analyses/${run.id}/feedback`, { rating: 'down', comment: 'Say the growth rate', correctedAnswer: CORRECTION }, owner.token);
    for (const prompt of ['Summarise revenue', 'Explain the cost']) {
      await apiCall(url, 'POST', '/analyses', { projectId: member.projectId, source: 'web', selection: SELECTION, prompt }, member.token);
    }
  });

  it('promotes a corrected answer to the template’s examples as a new version, and removes it', async () => {
    const page = await pages.open();
    await logIn(page, owner.user);
    await page.goto('/templates');
    const card = page.getByTestId('template-card').filter({ hasText: 'Quarter summary' });
    await card.getByRole('button', { name: 'Edit' }).click();
    const editor = page.getByTestId('template-editor');
    await editor.getByTestId('template-examples').getByText('No examples yet.').waitFor();
    const candidate = editor.getByTestId('example-candidate');
    await candidate.getByText(CORRECTION).waitFor();
    assert.match(await candidate.innerText(), /Rated not helpful[\s\S]*Sales: A1:C4 \(12 cells\)[\s\S]*How did revenue do\?[\s\S]*Say the growth rate/);
    assert.equal(await candidate.getByTestId('promote-answer').count(), 0, 'a down-rated answer cannot be promoted as it is');

    await candidate.getByRole('button', { name: 'Promote the correction to example' }).click();
    await page.getByTestId('toast').getByText('Promoted to the examples: version 2.').waitFor();
    const example = editor.getByTestId('template-example');
    await example.getByText(CORRECTION).waitFor();
    assert.match(await example.innerText(), /Correction[\s\S]*Sales: A1:C4/);
    await candidate.getByRole('button', { name: 'Already an example' }).waitFor();
    await editor.getByTestId('template-versions').getByText('Version 2', { exact: true }).waitFor();
    await screenshot(page, 'template-examples');
    const current = async () => (await suite.server.deps.knex('template_versions').where({ templateId }).orderBy('number', 'desc').first()) as { number: number; examples: Array<{ use: string; answer: string }> };
    assert.deepEqual((await current()).examples.map((e) => [e.use, e.answer]), [['correction', CORRECTION]]);

    await example.getByRole('button', { name: 'Remove example 1' }).click();
    await page.getByTestId('toast').getByText('Example removed: version 3.').waitFor();
    await editor.getByTestId('template-examples').getByText('No examples yet.').waitFor();
    assert.deepEqual((await current()).examples, []);
    assert.equal((await current()).number, 3);
  });

  it('shows an administrator a user’s per-call trail on the user’s page', async () => {
    const { knex } = suite.server.deps;
    const memberId = (await knex('users').where({ email: member.user.email.toLowerCase() }).first('id')).id as string;
    const calls = (await knex('model_calls').where({ userId: memberId, kind: 'chat' }).orderBy('createdAt', 'desc').select('chargedTokens')) as Array<{ chargedTokens: string }>;
    assert.equal(calls.length, 2, 'the member’s two analyses');
    const page = await pages.open({ width: 1400, height: 900 });
    await logIn(page, owner.user);
    await page.goto(`/admin/users/${memberId}`);
    const trail = page.getByTestId('call-trail');
    await trail.waitFor();
    const rows = trail.getByTestId('trail-row').filter({ hasText: 'Analysis' });
    assert.equal(await rows.count(), 2);
    assert.deepEqual(await rows.getByTestId('trail-charged').allInnerTexts(), calls.map((c) => Number(c.chargedTokens).toLocaleString('en-US')));
    assert.match(await rows.first().innerText(), /OK/);
    assert.match(await trail.getByTestId('trail-page').innerText(), /Page 1 of 1/);
  });
});
