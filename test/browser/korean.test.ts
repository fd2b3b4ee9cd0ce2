/**
 * The web app in Korean, in Chromium against the real backend: a browser set to ko-KR gets the sign-in and
 * sign-up pages and Home in Korean at desktop and phone widths, with no English left (the product name and
 * e-mail addresses aside) and nothing pushing the page sideways. The language chosen in the user menu wins
 * over the browser's and is remembered.
 */
import assert from 'node:assert/strict';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { collectPageErrors, ensureWebappBuild, launchBrowser, requireBrowser, screenshot } from '../support/browser.js';
import { startServer, type TestServer } from '../support/server.js';
import { DESKTOP, newUser, PHONE } from '../support/webapp.js';

/**
 * The visible words outside the areas later sessions convert (the category sidebar, the token balance),
 * with e-mail addresses and the product name taken out: what is left must hold no Latin word.
 */
async function englishLeft(page: Page): Promise<string[]> {
  const text = await page.evaluate(() => {
    const skip = '[data-testid=sidebar], [data-testid=token-balance]';
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    const parts: string[] = [];
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const parent = node.parentElement;
      if (!parent || parent.closest(skip) || parent.closest('script, style')) continue;
      const style = getComputedStyle(parent);
      if (style.visibility === 'hidden' || style.display === 'none' || parent.getClientRects().length === 0) continue;
      parts.push(node.textContent ?? '');
    }
    return parts.join(' ');
  });
  const cleaned = text.replace(/[^\s@]+@[^\s@]+\.[^\s@]+/g, ' ').replace(/Intellio/g, ' ');
  return cleaned.match(/[A-Za-z]{2,}/g) ?? [];
}

async function sidewaysScroll(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
}

/** Korean, no English, fits the width: what every screen here must show. */
async function assertKoreanScreen(page: Page, name: string) {
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'ko', `${name}: <html lang>`);
  assert.deepEqual(await englishLeft(page), [], `${name}: English words on the screen`);
  assert.equal(await sidewaysScroll(page), 0, `${name} scrolls sideways at ${page.viewportSize()?.width} px`);
  await screenshot(page, `ko-${name}-${page.viewportSize()?.width}`);
}

describe('web app in Korean (browser)', function () {
  this.timeout(120_000);
  let server: TestServer;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const errors: Error[] = [];

  async function open(viewport: { width: number; height: number }): Promise<Page> {
    const context = await browser.newContext({ viewport, baseURL: server.url, locale: 'ko-KR' });
    context.setDefaultTimeout(15_000);
    contexts.push(context);
    const page = await context.newPage();
    errors.push(...collectPageErrors(page));
    return page;
  }

  before(async function () {
    requireBrowser(this);
    ensureWebappBuild();
    server = await startServer();
    browser = await launchBrowser();
  });
  afterEach(async () => {
    await Promise.all(contexts.splice(0).map((c) => c.close()));
  });
  after(async () => {
    await browser?.close();
    await server?.close();
    assert.deepEqual(errors.map((e) => e.message), [], 'the app threw uncaught errors');
  });

  for (const viewport of [DESKTOP, PHONE]) {
    it(`signs in, signs up and shows Home in Korean at ${viewport.width} px`, async () => {
      const page = await open(viewport);
      const user = { ...newUser('Hana Kim'), name: '김하나' };

      await page.goto('/login');
      await page.getByRole('heading', { name: 'Intellio 로그인' }).waitFor();
      await page.getByRole('button', { name: '로그인', exact: true }).waitFor();
      await assertKoreanScreen(page, 'login');
      // Korean validation, before any request.
      await page.getByRole('button', { name: '로그인', exact: true }).click();
      await page.getByText('이메일 주소를 입력하세요.').waitFor();
      await page.getByText('비밀번호를 입력하세요.').waitFor();

      await page.getByRole('link', { name: '계정 만들기' }).click();
      await page.getByRole('heading', { name: '계정 만들기' }).waitFor();
      await assertKoreanScreen(page, 'signup');
      await page.getByLabel('이름').fill(user.name);
      await page.getByLabel('업무용 이메일').fill(user.email);
      await page.locator('input[name=password]').fill('short');
      await page.getByRole('button', { name: '계정 만들기' }).click();
      await page.getByText('10자 이상 입력하세요.').waitFor();
      await page.locator('input[name=password]').fill(user.password);
      await page.getByRole('button', { name: '계정 만들기' }).click();

      // Home for a new account, with the unconfirmed-email banner above it.
      const empty = page.getByTestId('home-empty');
      await empty.getByRole('heading', { name: '첫 카테고리와 프로젝트를 만들어 보세요' }).waitFor();
      await empty.getByText('김하나님, 환영합니다.', { exact: false }).waitFor();
      await page.getByTestId('verify-banner').getByText('이메일 주소를 인증해 주세요').waitFor();
      assert.equal(await page.title(), '홈 · Intellio');
      await assertKoreanScreen(page, 'home-new');

      // The first category and project from Home's own buttons; back on Home the project is listed.
      await empty.getByRole('button', { name: '카테고리 만들기' }).click();
      await empty.getByRole('textbox', { name: '카테고리 이름' }).fill('서울 지점');
      await page.keyboard.press('Enter');
      await page.locator('[data-testid=home-step-category][data-done=true]').getByText('‘서울 지점’ 카테고리가 준비되었습니다.').waitFor();
      await empty.getByRole('button', { name: '프로젝트 추가' }).click();
      await empty.getByRole('textbox', { name: '프로젝트 이름' }).fill('3분기 실적');
      await page.keyboard.press('Enter');
      await page.waitForURL(/\/projects\//);
      await page.goto('/');
      const projects = page.getByTestId('home-projects');
      await projects.getByRole('heading', { name: '김하나님, 다시 오신 것을 환영합니다' }).waitFor();
      assert.match(await page.getByTestId('home-project').innerText(), /^3분기 실적\s+서울 지점 · 아직 문서 없음 · 최근 활동 \d{4}년 \d{1,2}월 \d{1,2}일$/);
      await assertKoreanScreen(page, 'home-projects');

      // Signing out lands on the Korean sign-in page; signing in again goes through its Korean form.
      await page.getByTestId('user-menu').click();
      await page.getByRole('menuitem', { name: '로그아웃' }).click();
      await page.getByRole('heading', { name: 'Intellio 로그인' }).waitFor();
      await page.getByLabel('이메일').fill(user.email);
      await page.locator('input[name=password]').fill(user.password);
      await page.getByRole('button', { name: '로그인', exact: true }).click();
      await page.getByTestId('home-projects').waitFor();
    });
  }

  it('switches to English from the user menu, remembers it, and <html lang> follows', async () => {
    const page = await open(DESKTOP);
    const user = { ...newUser('Min Park'), name: '박민' };
    await page.goto('/signup');
    await page.getByLabel('이름').fill(user.name);
    await page.getByLabel('업무용 이메일').fill(user.email);
    await page.locator('input[name=password]').fill(user.password);
    await page.getByRole('button', { name: '계정 만들기' }).click();
    const nav = page.getByRole('navigation', { name: '주 메뉴' });
    await nav.getByRole('link', { name: '템플릿' }).waitFor();

    await page.getByTestId('user-menu').click();
    assert.equal(await page.getByTestId('language-ko').getAttribute('aria-checked'), 'true');
    await page.getByTestId('language-en').click();
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Templates' }).waitFor();
    await page.getByTestId('home-empty').getByRole('heading', { name: 'Create your first category and project' }).waitFor();
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'en');
    // The English check above would catch what it has to: here it sees the English screen.
    assert.ok((await englishLeft(page)).includes('Templates'));

    // The choice outlives a reload although the browser still prefers Korean.
    await page.reload();
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Templates' }).waitFor();
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'en');
    await page.getByTestId('user-menu').click();
    await page.getByTestId('language-ko').click();
    await page.getByRole('navigation', { name: '주 메뉴' }).getByRole('link', { name: '템플릿' }).waitFor();
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'ko');
  });
});
