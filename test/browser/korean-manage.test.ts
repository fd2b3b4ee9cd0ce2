/**
 * The manage screens in Korean, in Chromium against the real backend (billing in won): with the browser set
 * to ko-KR, templates, billing, usage, account and admin show no English (product and brand names, e-mail
 * addresses, numbers and currency aside) and fit 1280 and 375 px without sideways scrolling. The language
 * chosen on the account page travels with the account: a fresh English browser shows Korean after sign-in,
 * and the header's switcher saves to the account too.
 */
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { seedAnalysis, seedLedger, seedPayment } from '../../backend/test/monitoring-seed.js';
import { screenshot } from '../support/browser.js';
import { visibleText } from '../support/screen-text.js';
import { apiCall, DESKTOP, newUser, PHONE, type TestUser, webappSuite } from '../support/webapp.js';

/**
 * Latin words left in the visible text. Taken out first: e-mail addresses, the names that stay as they are
 * (Intellio, Excel, Google Sheets, Stripe, the authenticator apps the MFA card names, the file formats CSV
 * and PDF, UTC, model ids such as gpt-4o-mini), byte units after a number, and anything inside an element
 * marked lang="en" (the language choice names English in English).
 * The category sidebar is another screen's (test/browser/korean.test.ts).
 */
async function englishLeft(page: Page): Promise<string[]> {
  const text = await visibleText(page, '[data-testid=sidebar], [lang=en], script, style');
  const cleaned = text
    .replace(/[^\s@]+@[^\s@]+\.[^\s@]+/g, ' ')
    .replace(/\b(Intellio|Excel|Google Sheets|Stripe|CSV|PDF|UTC|Google Authenticator|Microsoft Authenticator|1Password)\b/g, ' ')
    .replace(/\bgpt-[\w.-]+/g, ' ')
    .replace(/\d\s?(KB|MB|GB|B)\b/g, ' ');
  return cleaned.match(/[A-Za-z]{2,}/g) ?? [];
}

async function assertKoreanScreen(page: Page, name: string) {
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'ko', `${name}: <html lang>`);
  assert.deepEqual(await englishLeft(page), [], `${name}: English words on the screen`);
  const width = page.viewportSize()?.width ?? 0;
  const wide = await page.evaluate(() =>
    Array.from(document.querySelectorAll('body *'))
      .filter((e) => e.getBoundingClientRect().right > window.innerWidth + 1 && !e.closest('[style*=overflow], table'))
      .slice(0, 3)
      .map((e) => e.getAttribute('data-testid') ?? e.textContent?.slice(0, 40)),
  );
  assert.ok((await page.evaluate(() => document.documentElement.scrollWidth)) <= width, `${name} scrolls sideways at ${width} px: ${wide.join(' | ')}`);
  await screenshot(page, `ko-manage-${name}-${width}`);
}

describe('manage screens in Korean (browser)', function () {
  this.timeout(300_000);
  const suite = webappSuite({ BILLING_CURRENCY: 'krw', PLAN_PRICE_CENTS: 'basic=0,pro=29000,enterprise=99000' });
  let admin: TestUser;
  let member: TestUser;
  let memberId: string;

  const open = (viewport: { width: number; height: number }, locale = 'ko-KR') => suite.pages.open(viewport, { locale, defaultTimeout: 30_000 });

  /** Signs in through the login page, whatever its language (the fields are found by name). */
  async function signIn(page: Page, user: TestUser) {
    await page.goto('/login');
    await page.locator('input[name=email]').fill(user.email);
    await page.locator('input[name=password]').fill(user.password);
    await page.locator('form button[type=submit]').click();
    await page.getByTestId('app-shell').waitFor();
  }

  before(async function () {
    const { server } = suite;
    // The first account on a fresh server is the administrator.
    admin = { ...newUser('Kim Admin'), name: '김관리' };
    member = { ...newUser('Lee Member'), name: '이서연' };
    const adminSession = await apiCall<{ accessToken: string }>(server.url, 'POST', '/auth/signup', { ...admin, client: 'addin' });
    await apiCall(server.url, 'POST', '/auth/signup', { ...member, client: 'addin' });
    const { knex } = server.deps;
    memberId = (await knex('users').where({ email: member.email.toLowerCase() }).first('id')).id as string;
    const category = await apiCall<{ id: string }>(server.url, 'POST', '/categories', { name: '재무' }, adminSession.accessToken);
    const project = await apiCall<{ id: string }>(server.url, 'POST', '/projects', { categoryId: category.id, name: '분기 검토' }, adminSession.accessToken);
    const adminId = (await knex('users').where({ email: admin.email.toLowerCase() }).first('id')).id as string;

    const now = Date.now();
    const iso = (msAgo: number) => new Date(now - msAgo).toISOString();
    await seedLedger(knex, adminId, 'analysis', 1234, iso(60_000));
    await seedLedger(knex, adminId, 'embedding', 566, iso(86_400_000));
    await seedLedger(knex, memberId, 'analysis', 200, iso(2 * 86_400_000));
    for (const [status, latencyMs] of [['succeeded', 1500], ['failed', 300], ['cancelled', 80]] as const) {
      const id = await seedAnalysis(knex, adminId, project.id, { status, at: iso(60_000), latencyMs, tokensIn: 800, tokensOut: 434, tokensCharged: 1234 });
      await knex('analyses').where({ id }).update({ prompt: '서울 지점의 매출을 요약해 주세요' });
    }
    await seedPayment(knex, adminId, { status: 'succeeded', amountCents: 12_000, paidAt: iso(86_400_000) });
    // The seed writes the table's default currency; this server bills in won.
    await knex('payments').where({ userId: adminId }).update({ currency: 'krw' });
    await knex('backups').insert([{ status: 'succeeded', trigger: 'schedule', engine: 'pglite', format: 'pglite-dump', startedAt: iso(86_400_000), finishedAt: iso(86_400_000 - 4000), bytes: 3 * 1024 * 1024, verified: true }]);
    await apiCall(server.url, 'POST', '/templates', { name: '분산 점검', prompt: '예산과 실적을 비교하고 5%가 넘는 차이를 설명하세요.', visibility: 'shared', sharedWith: [member.email, 'newcomer@example.com'] }, adminSession.accessToken);
  });

  for (const viewport of [DESKTOP, PHONE]) {
    it(`shows templates, billing, usage, account and admin in Korean at ${viewport.width} px`, async () => {
      const page = await open(viewport);
      await signIn(page, admin);

      await page.goto('/templates');
      await page.getByTestId('template-card').waitFor();
      await page.getByTestId('template-pending').getByText('newcomer@example.com').waitFor();
      await assertKoreanScreen(page, 'templates');
      await page.getByRole('button', { name: '분산 점검 삭제' }).click();
      await page.getByRole('alertdialog', { name: '이 템플릿을 삭제할까요?' }).waitFor();
      await assertKoreanScreen(page, 'templates-delete');
      await page.getByTestId('confirm-cancel').click();

      await page.goto('/billing');
      await page.getByTestId('plan-basic').getByText('현재 요금제').waitFor();
      await page.getByTestId('ledger-row').first().waitFor();
      await page.getByTestId('payment-row').waitFor();
      // Won have no minor unit: 12000 is ₩12,000, not ₩120.00.
      assert.match(await page.getByTestId('payment-row').innerText(), /₩12,000/);
      assert.match(await page.getByTestId('plan-pro').innerText(), /₩29,000/);
      await page.getByTestId('ledger').getByText('가입 지급 (베이직 요금제)').waitFor();
      await assertKoreanScreen(page, 'billing');

      await page.goto('/usage');
      await page.getByTestId('analyses-table').waitFor();
      await page.locator('[data-testid=tokens-chart] .recharts-wrapper').waitFor();
      await page.getByTestId('activity-list').waitFor();
      assert.match(await page.getByTestId('analyses-table').innerText(), /성공[\s\S]*1\.5초/);
      await assertKoreanScreen(page, 'usage');

      await page.goto('/account');
      await page.getByTestId('language-choice').waitFor();
      await assertKoreanScreen(page, 'account');

      await page.goto('/admin');
      await page.getByTestId('admin-overview').waitFor();
      await page.locator('[data-testid=chart-revenue] .recharts-wrapper').waitFor();
      assert.match(await page.getByTestId('stat-revenue').innerText(), /₩12,000/);
      await assertKoreanScreen(page, 'admin-overview');

      await page.goto('/admin?tab=users');
      await page.getByTestId('users-table').waitFor();
      await assertKoreanScreen(page, 'admin-users');

      await page.goto('/admin?tab=backups');
      await page.getByTestId('backups-table').waitFor();
      await assertKoreanScreen(page, 'admin-backups');

      await page.goto(`/admin/users/${memberId}`);
      await page.getByTestId('admin-user').waitFor();
      await page.getByTestId('ledger-row').first().waitFor();
      await assertKoreanScreen(page, 'admin-user');
      await page.getByTestId('toggle-disabled').click();
      await page.getByRole('alertdialog').waitFor();
      await assertKoreanScreen(page, 'admin-disable');
      await page.getByTestId('confirm-cancel').click();
    });
  }

  it('keeps the language chosen on the account page with the account: a fresh English browser shows Korean after sign-in', async () => {
    const user = newUser('Jordan Lang');
    await apiCall(suite.server.url, 'POST', '/auth/signup', { ...user, client: 'addin' });
    // Confirmed as its mailed link would (an unconfirmed address cannot sign in with its password).
    await suite.server.deps.knex('users').where({ email: user.email.toLowerCase() }).update({ emailVerifiedAt: new Date() });
    const languageOf = async () => (await suite.server.deps.knex('users').where({ email: user.email.toLowerCase() }).first('language')).language as string | null;

    const page = await open(DESKTOP, 'en-US');
    await signIn(page, user);
    const nav = page.getByRole('navigation', { name: 'Main' });
    await nav.getByRole('link', { name: 'Home', exact: true }).waitFor();
    await page.goto('/account');
    const choice = page.getByTestId('language-choice');
    assert.equal(await choice.getByRole('radio', { name: 'Same as this browser' }).isChecked(), true);
    await choice.getByRole('radio', { name: '한국어' }).check();
    await page.getByRole('button', { name: 'Save language' }).click();
    // The screen switches at once, and the account keeps the choice.
    await page.getByTestId('language-saved').getByText('언어를 저장했습니다.').waitFor();
    await page.getByRole('heading', { name: '계정', level: 1 }).waitFor();
    assert.equal(await languageOf(), 'ko');

    // Signed out, this browser keeps showing Korean.
    await page.getByTestId('user-menu').click();
    await page.getByTestId('logout').click();
    await page.waitForURL('**/login');
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'ko');

    // A browser that has never seen this account, set to English: Korean once signed in.
    const fresh = await open(DESKTOP, 'en-US');
    await fresh.goto('/login');
    assert.equal(await fresh.evaluate(() => document.documentElement.lang), 'en');
    await signIn(fresh, user);
    await fresh.getByRole('navigation', { name: '주 메뉴' }).getByRole('link', { name: '홈', exact: true }).waitFor();
    assert.equal(await fresh.evaluate(() => document.documentElement.lang), 'ko');
    await fresh.goto('/account');
    assert.equal(await fresh.getByTestId('language-choice').getByRole('radio', { name: '한국어' }).isChecked(), true);

    // The header's switcher saves to the account as well.
    await fresh.getByTestId('user-menu').click();
    await fresh.getByTestId('language-en').click();
    await fresh.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Home', exact: true }).waitFor();
    await fresh.waitForFunction(() => document.documentElement.lang === 'en');
    for (let i = 0; i < 50 && (await languageOf()) !== 'en'; i += 1) await new Promise((r) => setTimeout(r, 100));
    assert.equal(await languageOf(), 'en');

    // Back to "follow the browser": the account forgets its setting.
    await fresh.goto('/account');
    await fresh.getByTestId('language-choice').getByRole('radio', { name: 'Same as this browser' }).check();
    await fresh.getByRole('button', { name: 'Save language' }).click();
    await fresh.getByTestId('language-saved').waitFor();
    assert.equal(await languageOf(), null);
  });
});
