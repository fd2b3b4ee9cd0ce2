/**
 * Templates in Chromium: one user creates a template and shares it by email; the second user finds it under
 * "Shared with me", cannot edit it, and "Use" opens their project's analyse box with it chosen.
 */
import assert from 'node:assert/strict';
import { screenshot } from '../support/browser.js';
import { logIn, userWithProject, webappSuite } from '../support/webapp.js';

describe('web app: templates (browser)', function () {
  this.timeout(120_000);

  const suite = webappSuite();
  const { pages } = suite;
  let author: Awaited<ReturnType<typeof userWithProject>>;
  let reader: Awaited<ReturnType<typeof userWithProject>>;

  before(async function () {
    author = await userWithProject(suite.server.url, 'Katherine Johnson');
    reader = await userWithProject(suite.server.url, 'Dorothy Vaughan');
    // Shares reach verified addresses only: the reader follows the verification link from their mail.
    const { deps, url } = suite.server;
    await deps.background.idle();
    const mail = await deps.knex('outbox').where({ to: reader.user.email.toLowerCase(), kind: 'verify_email' }).orderBy('created_at', 'desc').first();
    const token = new URL(/(https?:\/\/\S+)/.exec(String(mail?.text))?.[1] ?? url).searchParams.get('token');
    const verified = await fetch(`${url}/api/v1/auth/verify`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token }) });
    assert.equal(verified.status, 200, await verified.text());
  });

  it('creates a template shared by email, which appears in the other user’s list', async () => {
    const page = await pages.open();
    await logIn(page, author.user);
    await page.getByRole('link', { name: 'Templates' }).click();
    await page.getByTestId('templates-empty').waitFor();
    await page.getByRole('button', { name: 'New template' }).click();
    const editor = page.getByTestId('template-editor');
    await editor.locator('input[name=name]').fill('Variance check');
    await editor.locator('input[name=description]').fill('Budget against actuals');
    await editor.locator('textarea[name=prompt]').fill('Compare budget and actuals and explain every variance above 5%.');
    await editor.getByRole('radio', { name: 'People I share it with' }).check();
    await editor.locator('textarea[name=sharedWith]').fill(`not-an-email, ${reader.user.email}`);
    await editor.getByText('“not-an-email” is not an email address.').waitFor();
    await editor.locator('textarea[name=sharedWith]').fill(reader.user.email.toUpperCase());
    await editor.getByRole('button', { name: 'Save template' }).click();
    await editor.waitFor({ state: 'detached' });
    const card = page.getByTestId('template-card').filter({ hasText: 'Variance check' });
    await card.getByText(`Shared with ${reader.user.email.toLowerCase()}`).waitFor();
    await screenshot(page, 'templates-mine-1280');

    // Editing keeps the share and changes the prompt.
    await card.getByRole('button', { name: 'Edit' }).click();
    await editor.locator('textarea[name=prompt]').fill('Compare budget and actuals; explain every variance above 5% with a cited reason.');
    await editor.getByRole('button', { name: 'Save template' }).click();
    await card.getByText('with a cited reason').waitFor();

    const other = await pages.open();
    await logIn(other, reader.user);
    await other.goto('/templates');
    await other.getByRole('tab', { name: 'Shared with me' }).click();
    const shared = other.getByTestId('template-card').filter({ hasText: 'Variance check' });
    await shared.waitFor();
    assert.equal(await shared.getByRole('button', { name: 'Edit' }).count(), 0, 'a reader can edit the template');
    await shared.getByRole('button', { name: 'Duplicate' }).waitFor();
    await screenshot(other, 'templates-shared-1280');

    await shared.getByRole('button', { name: 'Use' }).click();
    await other.getByRole('button', { name: 'Open analyse box' }).click();
    await other.waitForURL((url) => url.pathname === `/projects/${reader.projectId}`);
    const picker = other.getByTestId('template-picker');
    await other.waitForFunction(() => (document.querySelector('[data-testid=template-picker]') as HTMLSelectElement | null)?.selectedOptions[0]?.text === 'Variance check');
    assert.equal(await picker.locator('option:checked').textContent(), 'Variance check');

    // A third user who was not invited sees nothing shared.
    const stranger = await userWithProject(suite.server.url, 'Mary Jackson');
    const third = await pages.open();
    await logIn(third, stranger.user);
    await third.goto('/templates');
    await third.getByRole('tab', { name: 'Shared with me' }).click();
    await third.getByTestId('templates-empty').waitFor();
  });
});
