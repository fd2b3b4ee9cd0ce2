/**
 * Templates in Chromium: one user creates a template and shares it by email; the second user finds it under
 * "Shared with me", cannot edit it, and "Use" opens their project's analyse box with it chosen. A share to an
 * address without an account says that it waits for sign-up; deleting asks in the app's own dialog. A template
 * with its own {{name}} placeholders asks for them in the use dialog and sends them with the run; its editor
 * lists the built-in placeholders, its versions (restorable) and its figures.
 */
import assert from 'node:assert/strict';
import { screenshot } from '../support/browser.js';
import { apiCall, logIn, uploadReady, userWithProject, webappSuite } from '../support/webapp.js';

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

    // An address nobody has signed up with: the share is kept, and the author is told it waits for them.
    const newcomer = `newcomer.${Date.now()}@example.com`;
    await card.getByRole('button', { name: 'Edit' }).click();
    await editor.locator('textarea[name=sharedWith]').fill(`${reader.user.email}, ${newcomer}`);
    await editor.getByRole('button', { name: 'Save template' }).click();
    await editor.waitFor({ state: 'detached' });
    await page.getByTestId('toast').getByText(`No confirmed account uses ${newcomer} yet. The share waits`).waitFor();
    const pending = card.getByTestId('template-pending');
    assert.match(await pending.innerText(), new RegExp(`^Waiting for ${newcomer.replace(/\./g, '\\.')} to sign up and confirm the address`));
    assert.ok(!(await pending.innerText()).includes(reader.user.email.toLowerCase()), 'the confirmed reader is not waiting');

    // Deleting asks in the app's own dialog (never the browser's confirm()); Cancel keeps the template.
    const nativeDialogs: string[] = [];
    page.on('dialog', (d) => {
      nativeDialogs.push(d.message());
      void d.dismiss();
    });
    await card.getByRole('button', { name: 'Delete Variance check' }).click();
    const confirm = page.getByRole('alertdialog', { name: 'Delete this template?' });
    await confirm.getByText('“Variance check” is deleted for you and for everyone it is shared with.').waitFor();
    await confirm.getByRole('button', { name: 'Cancel' }).click();
    await confirm.waitFor({ state: 'detached' });
    assert.equal(await card.count(), 1);
    await card.getByRole('button', { name: 'Delete Variance check' }).click();
    await confirm.getByRole('button', { name: 'Delete template' }).click();
    await page.getByTestId('templates-empty').waitFor();
    assert.deepEqual(nativeDialogs, []);
    const { knex } = suite.server.deps;
    assert.equal(Number((await knex('templates').where({ name: 'Variance check' }).count<{ count: string }[]>('* as count'))[0].count), 0);

    // A third user who was not invited sees nothing shared.
    const stranger = await userWithProject(suite.server.url, 'Mary Jackson');
    const third = await pages.open();
    await logIn(third, stranger.user);
    await third.goto('/templates');
    await third.getByRole('tab', { name: 'Shared with me' }).click();
    await third.getByTestId('templates-empty').waitFor();
  });
  it('asks for a template’s own variables when it is used, sends them with the run, and shows versions and figures', async () => {
    const { url } = suite.server;
    const owner = await userWithProject(url, 'Annie Easley');
    const csv = 'Month,Revenue,Cost\nJan,1200,800\nFeb,1350,820\nMar,1500,790\n';
    await uploadReady(url, owner.token, owner.projectId, 'sales.csv', Buffer.from(csv), 'text/csv');
    const tpl = await apiCall<{ id: string }>(url, 'POST', '/templates', { name: 'Supplier check', prompt: 'Check {{supplier}} invoices against {{headers}}.' }, owner.token);
    await apiCall(url, 'PATCH', `/templates/${tpl.id}`, { prompt: 'Check {{supplier}} invoices against {{headers}} for {{month}}.' }, owner.token);

    const page = await pages.open();
    await logIn(page, owner.user);
    await page.goto('/templates');
    const card = page.getByTestId('template-card').filter({ hasText: 'Supplier check' });
    await card.getByRole('button', { name: 'Use' }).click();
    const dialog = page.getByRole('dialog', { name: 'Use “Supplier check”' });
    await dialog.getByText('Filled in automatically from your selection: {{headers}}.').waitFor();
    const open = dialog.getByRole('button', { name: 'Open analyse box' });
    assert.equal(await open.isDisabled(), true, 'opens with the variables unfilled');
    await dialog.getByRole('textbox', { name: 'supplier' }).fill('Acme Ltd');
    assert.equal(await open.isDisabled(), true, 'one variable is still empty');
    await dialog.getByRole('textbox', { name: 'month' }).fill('March');
    await screenshot(page, 'templates-variables-1280');
    await open.click();

    await page.waitForURL((u) => u.pathname === `/projects/${owner.projectId}`);
    await page.getByTestId('document-row').first().waitFor();
    await page.getByRole('combobox', { name: 'Open a document as a table' }).selectOption({ label: 'sales.csv' });
    await page.getByTestId('sheet-grid').waitFor();
    await page.locator('[data-cell="A1"]').click();
    await page.locator('[data-cell="C3"]').click({ modifiers: ['Shift'] });
    await page.waitForFunction(() => (document.querySelector('[data-testid=template-picker]') as HTMLSelectElement | null)?.selectedOptions[0]?.text === 'Supplier check');
    const posted = page.waitForRequest((r) => r.url().endsWith('/api/v1/analyses') && r.method() === 'POST');
    await page.getByRole('button', { name: 'Analyse' }).click();
    const body = (await posted).postDataJSON();
    assert.equal(body.templateId, tpl.id);
    assert.deepEqual(body.variables, { supplier: 'Acme Ltd', month: 'March' });
    await page.locator('[data-testid=answer][aria-busy=false]').waitFor(); // the run has finished
    const runs = await apiCall<Array<{ prompt: string; status: string }>>(url, 'GET', `/analyses?projectId=${owner.projectId}`, undefined, owner.token);
    assert.equal(runs[0]?.prompt, 'Check Acme Ltd invoices against Month, Revenue, Cost for March.');

    // The editor lists the built-ins, both versions (the older restorable) and the run in its figures.
    await page.goto('/templates');
    await card.getByRole('button', { name: 'Edit' }).click();
    const editor = page.getByTestId('template-editor');
    await editor.getByTestId('template-builtins').getByText('{{selection}}, {{sheet}}, {{headers}}, {{workbook}}, {{ranges}}', { exact: false }).waitFor();
    await editor.getByTestId('template-analytics').getByText('Runs: 1 · People: 1', { exact: false }).waitFor();
    const versions = editor.getByTestId('template-versions');
    await versions.getByText('Version 2').waitFor();
    await versions.getByRole('button', { name: 'Restore version 1' }).click();
    await versions.getByText('Version 3').waitFor();
    assert.equal(await editor.locator('textarea[name=prompt]').inputValue(), 'Check {{supplier}} invoices against {{headers}}.');
    await screenshot(page, 'templates-versions-1280');
  });
});
