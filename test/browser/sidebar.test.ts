/**
 * The category sidebar in Chromium against the real backend: create, rename, reorder by mouse and keyboard,
 * move projects between categories, delete with its projects moved, and a refused move rolled back. On a
 * phone it is a drawer, closed until the "Projects" button opens it, with drag and drop working inside.
 * Deleting a project asks in a Fluent dialog, never the browser's confirm().
 */
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { screenshot } from '../support/browser.js';
import { logIn, mouseDrag, newUser, PHONE, signUp, type TestUser, webappSuite } from '../support/webapp.js';

describe('web app: category sidebar (browser)', function () {
  this.timeout(120_000);

  const suite = webappSuite();
  const { pages } = suite;
  let user: TestUser;

  const sidebar = (page: Page) => page.getByTestId('sidebar');
  const category = (page: Page, name: string) => sidebar(page).getByRole('region', { name, exact: true });

  async function createCategory(page: Page, name: string) {
    await sidebar(page).getByRole('button', { name: 'New category' }).click();
    await sidebar(page).getByRole('textbox', { name: 'Category name' }).fill(name);
    await page.keyboard.press('Enter');
    await category(page, name).waitFor();
  }

  async function createProject(page: Page, categoryName: string, name: string) {
    await sidebar(page).getByRole('button', { name: `New project in ${categoryName}` }).click();
    await sidebar(page).getByRole('textbox', { name: 'Project name' }).fill(name);
    await page.keyboard.press('Enter');
    await page.getByTestId('project-page').getByRole('heading', { name }).waitFor();
  }

  /**
   * dnd-kit's keyboard sensor starts listening for arrow keys in a zero-delay timer set when the drag starts,
   * and a busy page can paint the pick-up announcement before that timer runs: a key pressed in between is
   * lost. A later timer in the page runs after it.
   */
  async function keyboardSensorListening(page: Page) {
    await page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 20)));
  }

  /** The sidebar as the user sees it: [category, [projects]] in order. */
  async function shown(page: Page): Promise<[string, string[]][]> {
    return sidebar(page)
      .getByTestId('category')
      .evaluateAll((sections) =>
        sections.map((s): [string, string[]] => [
          s.querySelector('[data-testid=category-name]')?.textContent ?? '',
          Array.from(s.querySelectorAll('[data-testid=project-item] a'), (a) => a.textContent ?? ''),
        ]),
      );
  }

  /** The same tree as the database holds it. */
  async function stored(): Promise<[string, string[]][]> {
    const owner = await suite.server.deps.knex('users').where({ email: user.email }).first();
    const categories = await suite.server.deps.knex('categories').where({ userId: owner.id }).orderBy('position');
    const projects = await suite.server.deps.knex('projects').where({ userId: owner.id }).orderBy('position');
    return categories.map((c) => [c.name, projects.filter((p) => p.categoryId === c.id).map((p) => p.name)]);
  }

  async function waitForShown(page: Page, expected: [string, string[]][]) {
    for (let i = 0; i < 50; i += 1) {
      if (JSON.stringify(await shown(page)) === JSON.stringify(expected)) return;
      await page.waitForTimeout(100);
    }
    assert.deepEqual(await shown(page), expected);
  }

  it('creates two categories and three projects, then drags a project across and a category up; the order survives a reload', async () => {
    user = newUser('Ada Lovelace');
    const page = await pages.open();
    await signUp(page, user);
    await sidebar(page).getByTestId('sidebar-empty').waitFor();
    await createCategory(page, 'Clients');
    await createCategory(page, 'Internal');
    await createProject(page, 'Clients', 'Acme audit');
    await createProject(page, 'Internal', 'Budget 2027');
    await createProject(page, 'Internal', 'Hiring plan');
    assert.deepEqual(await shown(page), [
      ['Clients', ['Acme audit']],
      ['Internal', ['Budget 2027', 'Hiring plan']],
    ]);
    await screenshot(page, 'sidebar-created-1280');

    // The third project goes into the first category, below its project.
    const hiring = sidebar(page).getByTestId('project-item').filter({ hasText: 'Hiring plan' });
    const acme = sidebar(page).getByTestId('project-item').filter({ hasText: 'Acme audit' });
    const moved = page.waitForResponse((r) => r.url().endsWith('/api/v1/projects/order') && r.ok());
    await mouseDrag(page, hiring.getByTestId('project-handle'), acme, 0.9);
    await moved;
    await waitForShown(page, [
      ['Clients', ['Acme audit', 'Hiring plan']],
      ['Internal', ['Budget 2027']],
    ]);

    // "Internal" goes above "Clients".
    const reordered = page.waitForResponse((r) => r.url().endsWith('/api/v1/categories/order') && r.ok());
    await mouseDrag(page, category(page, 'Internal').getByTestId('category-handle'), category(page, 'Clients'), 0.05);
    await reordered;
    const expected: [string, string[]][] = [
      ['Internal', ['Budget 2027']],
      ['Clients', ['Acme audit', 'Hiring plan']],
    ];
    await waitForShown(page, expected);
    assert.deepEqual(await stored(), expected);
    await screenshot(page, 'sidebar-dragged-1280');

    await page.reload();
    await page.getByTestId('category').first().waitFor();
    assert.deepEqual(await shown(page), expected);
  });

  it('reorders with the keyboard alone and announces each step to screen readers', async () => {
    const page = await pages.open();
    await logIn(page, user);
    await sidebar(page).getByTestId('category').first().waitFor();

    const handle = sidebar(page).getByRole('button', { name: 'Move project Acme audit' });
    await handle.focus();
    await page.keyboard.press('Space');
    const live = page.locator('[id^=DndLiveRegion]');
    // The live region holds the latest announcement: right after picking up, where the project is.
    await page.waitForFunction(() => /Project Acme audit .*position 1 of 2 in category Clients/.test(document.querySelector('[id^=DndLiveRegion]')?.textContent ?? ''));
    await keyboardSensorListening(page);
    await page.keyboard.press('ArrowDown');
    // Drop only once the sensor has moved over the next project (announced), not after a guessed pause.
    await page.waitForFunction(() => /Project Acme audit moved to position 2 of 2 in category Clients/.test(document.querySelector('[id^=DndLiveRegion]')?.textContent ?? ''));
    const moved = page.waitForResponse((r) => r.url().endsWith('/api/v1/projects/order') && r.ok());
    await page.keyboard.press('Space');
    await moved;
    assert.match((await live.allTextContents()).join(' '), /Project Acme audit dropped at position 2 of 2 in category Clients/);
    const expected: [string, string[]][] = [
      ['Internal', ['Budget 2027']],
      ['Clients', ['Hiring plan', 'Acme audit']],
    ];
    await waitForShown(page, expected);
    assert.deepEqual(await stored(), expected);
  });

  it('renames a category in place', async () => {
    const page = await pages.open();
    await logIn(page, user);
    await sidebar(page).getByRole('button', { name: 'Actions for Internal' }).click();
    await page.getByRole('menuitem', { name: 'Rename' }).click();
    await sidebar(page).getByRole('textbox', { name: 'Category name' }).fill('Operations');
    await page.keyboard.press('Enter');
    await category(page, 'Operations').waitFor();
    assert.deepEqual((await stored()).map(([name]) => name), ['Operations', 'Clients']);
  });

  it('rolls a refused move back and says why', async () => {
    const page = await pages.open();
    await logIn(page, user);
    await sidebar(page).getByTestId('category').first().waitFor();
    const before = await shown(page);
    // The project disappears behind the page's back (another tab deleted it): the server refuses the move.
    await suite.server.deps.knex('projects').where({ name: 'Budget 2027' }).delete();
    const refused = page.waitForResponse((r) => r.url().endsWith('/api/v1/projects/order') && r.status() === 404);
    await mouseDrag(page, sidebar(page).getByTestId('project-item').filter({ hasText: 'Budget 2027' }).getByTestId('project-handle'), category(page, 'Clients'), 0.5);
    await refused;
    await page.getByTestId('toast').getByText('Could not move the project').waitFor();
    await waitForShown(page, before);
    await screenshot(page, 'sidebar-rollback-1280');
  });

  it('is a drawer on a phone: closed at first, opened by "Projects", reordering inside it, closed by picking a project', async () => {
    const page = await pages.open(PHONE);
    await logIn(page, user);
    await page.getByTestId('home-projects').waitFor();
    // The page comes first: no category list above it until asked for.
    assert.equal(await sidebar(page).count(), 0, 'the sidebar is on the page before the drawer is opened');
    const toggle = page.getByRole('button', { name: 'Projects', exact: true });
    assert.equal(await toggle.getAttribute('aria-expanded'), 'false');
    await toggle.click();
    const drawer = page.getByRole('dialog', { name: 'Projects' });
    await drawer.waitFor();
    await sidebar(page).getByTestId('category').first().waitFor();
    // The drawer slides in from the left: measure it once it has arrived.
    let box = await drawer.boundingBox();
    for (let i = 0; i < 50 && box && box.x < 0; i += 1) {
      await page.waitForTimeout(100);
      box = await drawer.boundingBox();
    }
    assert.ok(box && box.x >= 0 && box.x + box.width <= 375, `the drawer does not fit the phone: ${JSON.stringify(box)}`);
    await screenshot(page, 'sidebar-drawer-375');

    // Keyboard reordering inside the drawer: Hiring plan goes below Acme audit.
    const order = () => page.waitForResponse((r) => r.url().endsWith('/api/v1/projects/order') && r.ok());
    await sidebar(page).getByRole('button', { name: 'Move project Hiring plan' }).focus();
    await page.keyboard.press('Space');
    await page.waitForFunction(() => /Project Hiring plan .*position 1 of 2 in category Clients/.test(document.querySelector('[id^=DndLiveRegion]')?.textContent ?? ''));
    await keyboardSensorListening(page);
    await page.keyboard.press('ArrowDown');
    await page.waitForFunction(() => /Project Hiring plan moved to position 2 of 2 in category Clients/.test(document.querySelector('[id^=DndLiveRegion]')?.textContent ?? ''));
    let moved = order();
    await page.keyboard.press('Space');
    await moved;
    await waitForShown(page, [
      ['Operations', []],
      ['Clients', ['Acme audit', 'Hiring plan']],
    ]);
    // The pointer drags (touch sensors share the code path) still work in the drawer: Hiring plan back on top.
    moved = order();
    const hiring = sidebar(page).getByTestId('project-item').filter({ hasText: 'Hiring plan' });
    await mouseDrag(page, hiring.getByTestId('project-handle'), sidebar(page).getByTestId('project-item').filter({ hasText: 'Acme audit' }), 0.1, 0.5, {
      over: /Project Hiring plan moved to position 1 of 2 in category Clients/,
    });
    await moved;
    const expected: [string, string[]][] = [
      ['Operations', []],
      ['Clients', ['Hiring plan', 'Acme audit']],
    ];
    await waitForShown(page, expected);
    assert.deepEqual(await stored(), expected);

    // Picking a project opens it and puts the drawer away.
    await sidebar(page).getByRole('link', { name: 'Acme audit' }).click();
    await page.getByTestId('project-page').getByRole('heading', { name: 'Acme audit' }).waitFor();
    await drawer.waitFor({ state: 'detached' });
    assert.equal(await toggle.getAttribute('aria-expanded'), 'false');
    assert.equal(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth), 0, 'sideways scroll at 375 px');

    // Wider than a phone, the sidebar is a column again and the button is gone.
    await page.setViewportSize({ width: 1024, height: 800 });
    await sidebar(page).waitFor();
    assert.equal(await toggle.count(), 0);
  });

  it('asks in a Fluent dialog before deleting a project, and keeps it on Cancel', async () => {
    const page = await pages.open();
    await logIn(page, user);
    await createProject(page, 'Operations', 'Scratch');
    // A native confirm() would show up here; the test fails if the page opens one.
    page.on('dialog', (d) => {
      void d.dismiss();
      assert.fail(`the page opened a native ${d.type()} dialog`);
    });
    await page.getByTestId('project-page').getByRole('button', { name: 'Delete' }).click();
    let dialog = page.getByRole('alertdialog', { name: 'Delete “Scratch”?' });
    await dialog.getByText('The project is deleted with its documents and analyses.').waitFor();
    await screenshot(page, 'project-delete-1280');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'detached' });
    assert.ok(await suite.server.deps.knex('projects').where({ name: 'Scratch' }).first(), 'Cancel deleted the project');

    await page.getByTestId('project-page').getByRole('button', { name: 'Delete' }).click();
    dialog = page.getByRole('alertdialog', { name: 'Delete “Scratch”?' });
    await dialog.getByRole('button', { name: 'Delete project' }).click();
    await page.waitForURL((url) => url.pathname === '/');
    await dialog.waitFor({ state: 'detached' });
    assert.equal(await suite.server.deps.knex('projects').where({ name: 'Scratch' }).first(), undefined);
    assert.equal(await sidebar(page).getByRole('link', { name: 'Scratch' }).count(), 0);
  });

  it('deletes a category after saying what happens to its projects, moving them to another one', async () => {
    const page = await pages.open(PHONE);
    await logIn(page, user);
    await page.getByRole('button', { name: 'Projects', exact: true }).click();
    await sidebar(page).getByRole('button', { name: 'Actions for Clients' }).click();
    await page.getByRole('menuitem', { name: 'Delete…' }).click();
    const dialog = page.getByTestId('delete-category-dialog');
    await dialog.getByText('This category holds 2 projects.').waitFor();
    await screenshot(page, 'sidebar-delete-375');
    await dialog.getByRole('button', { name: 'Move projects and delete' }).click();
    await dialog.waitFor({ state: 'detached' });
    // "Budget 2027" was deleted by the previous test; the two projects of "Clients" are appended.
    const expected: [string, string[]][] = [['Operations', ['Hiring plan', 'Acme audit']]];
    await waitForShown(page, expected);
    assert.deepEqual(await stored(), expected);
    assert.equal(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth), 0, 'sideways scroll at 375 px');
  });
});
