/**
 * Steps the web app's browser suites share: a page per test with its errors collected, signing up through
 * the real form, and pointer drags slow enough for dnd-kit's sensors to see.
 */
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { Secret, TOTP } from 'otpauth';
import type { Browser, BrowserContext, BrowserContextOptions, Locator, Page } from 'playwright-core';
import { collectPageErrors, ensureWebappBuild, launchBrowser, requireBrowser } from './browser.js';
import { startServer, type TestServer } from './server.js';

export const DESKTOP = { width: 1280, height: 800 };
export const PHONE = { width: 375, height: 812 };

export interface PageOpener {
  /** A page in a context of its own; `options` adds to the context's (e.g. `locale`, `defaultTimeout`). */
  open(viewport?: { width: number; height: number }, options?: BrowserContextOptions & { defaultTimeout?: number }): Promise<Page>;
  /** Closes this test's contexts (call in afterEach). */
  closeAll(): Promise<void>;
  errors: Error[];
}

export function pageOpener(browser: () => Browser, baseURL: () => string): PageOpener {
  const contexts: BrowserContext[] = [];
  const errors: Error[] = [];
  return {
    errors,
    async open(viewport = DESKTOP, { defaultTimeout = 15_000, ...options } = {}) {
      const context = await browser().newContext({ viewport, baseURL: baseURL(), ...options });
      context.setDefaultTimeout(defaultTimeout);
      contexts.push(context);
      const page = await context.newPage();
      errors.push(...collectPageErrors(page));
      return page;
    },
    async closeAll() {
      await Promise.all(contexts.splice(0).map((c) => c.close()));
    },
  };
}

export interface WebappSuite {
  /** The running app (set by the suite's first `before` hook, so read it inside hooks and tests). */
  readonly server: TestServer;
  readonly pages: PageOpener;
}

/**
 * Registers the hooks every web app suite needs: a built web app, a real server (with `env`, or what an
 * async `env()` returns, e.g. after starting a fake it points at) and Chromium
 * before; a page per test closed after each; everything closed and no uncaught page error at the end.
 * Call it at the top of a `describe`; the suite's own `before` hooks run after these.
 */
export function webappSuite(env: Record<string, string> | (() => Promise<Record<string, string>>) = {}): WebappSuite {
  let server: TestServer | undefined;
  let browser: Browser | undefined;
  const pages = pageOpener(() => browser!, () => server!.url);
  before(async function () {
    requireBrowser(this);
    ensureWebappBuild();
    server = await startServer(typeof env === 'function' ? await env() : env);
    activeServer = server;
    browser = await launchBrowser();
  });
  after(async () => {
    if (activeServer === server) activeServer = undefined;
    await browser?.close();
    await server?.close();
  });
  afterEach(() => pages.closeAll());
  after(() => {
    assert.deepEqual(pages.errors.map((e) => e.message), [], 'the app threw uncaught errors');
  });
  return {
    pages,
    get server() {
      if (!server) throw new Error('the web app suite has not started (read `server` inside hooks and tests)');
      return server;
    },
  };
}

export interface TestUser {
  name: string;
  email: string;
  password: string;
}

export function newUser(name: string): TestUser {
  const slug = name.toLowerCase().replace(/\W+/g, '.');
  return { name, email: `${slug}.${Date.now()}.${Math.floor(Math.random() * 1e6)}@example.com`, password: 'a-long-enough-password-1' };
}

/** The server of the web app suite whose hooks ran last (mocha runs suites one after another). */
let activeServer: TestServer | undefined;

/** The newest link mailed to `to` of a kind, read from the outbox the way a user would open it. */
export async function mailedLink(server: TestServer, kind: string, to: string): Promise<string> {
  await server.deps.background.idle();
  const mail = await server.deps.knex('outbox').where({ to: to.toLowerCase(), kind }).orderBy('created_at', 'desc').first();
  const link = mail ? /https?:\/\/\S+/.exec(mail.text as string)?.[0] : undefined;
  if (!link) throw new Error(`no ${kind} link mailed to ${to}`);
  return link;
}

/**
 * Signs `user` up through /signup and waits for the app shell. The first account of a server is signed in
 * at once; any other sees "Check your email" and opens the mailed link, which asks for the password chosen at
 * sign-up, then confirms and signs in.
 */
export async function signUp(page: Page, user: TestUser): Promise<void> {
  await page.goto('/signup');
  await page.locator('input[name=name]').fill(user.name);
  await page.locator('input[name=email]').fill(user.email);
  await page.locator('input[name=password]').fill(user.password);
  await page.getByRole('button', { name: 'Create account' }).click();
  const shell = page.getByTestId('app-shell');
  await shell.or(page.getByTestId('signup-check-email')).waitFor();
  if (await shell.count()) return;
  if (!activeServer) throw new Error('signUp needs the server of a webappSuite() to read the mailed link');
  const link = new URL(await mailedLink(activeServer, 'verify_email', user.email));
  await page.goto(`${link.pathname}${link.search}`);
  await confirmWithPassword(page, user.password);
  await shell.waitFor();
}

/** On an opened confirmation link: types the password chosen at sign-up and confirms (in any language). */
export async function confirmWithPassword(page: Page, password: string): Promise<void> {
  const form = page.getByTestId('verify-password');
  await form.locator('input[name=password]').fill(password);
  await form.locator('button[type=submit]').click();
}

/**
 * Signs `user` up and in through the API (setup that is not what the test is about). Apart from a server's
 * first account a sign-up only answers "verification sent": the address is confirmed, then the password signs in.
 */
export async function apiSignUp(baseUrl: string, user: TestUser, server: TestServer | undefined = activeServer): Promise<{ accessToken: string; refreshToken?: string }> {
  const signup = await apiCall<{ accessToken?: string; refreshToken?: string; status?: string }>(baseUrl, 'POST', '/auth/signup', { ...user, client: 'addin' });
  if (signup.accessToken) return { accessToken: signup.accessToken, refreshToken: signup.refreshToken };
  // An unconfirmed address cannot sign in with its password (issue 26 L2): confirm it as its mailed link would,
  // leaving the link itself in the outbox for tests about it, then sign in.
  if (!server) throw new Error('apiSignUp needs the server (a webappSuite()\'s by default) to confirm the address');
  await server.deps.knex('users').where({ email: user.email.toLowerCase() }).update({ emailVerifiedAt: new Date() });
  return apiCall<{ accessToken: string; refreshToken?: string }>(baseUrl, 'POST', '/auth/login', { email: user.email, password: user.password, client: 'addin' });
}

/** Signs in through /login and waits for the app shell. */
export async function logIn(page: Page, user: TestUser): Promise<void> {
  await page.goto('/login');
  await page.locator('input[name=email]').fill(user.email);
  await page.locator('input[name=password]').fill(user.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByTestId('app-shell').waitFor();
}

/**
 * The code an authenticator app would show for `secret`, `stepOffset` 30-second steps from now (the server
 * accepts -1, 0 and +1, each step once). Within 3 s of a step's end it first waits for the next step, so the
 * server judges the code against the step the test meant.
 */
export async function totpCode(secret: string, stepOffset = 0): Promise<string> {
  const totp = new TOTP({ secret: Secret.fromBase32(secret), digits: 6, period: 30, algorithm: 'SHA1' });
  const remaining = totp.remaining();
  if (remaining < 3_000) await sleep(remaining + 50);
  return totp.generate({ timestamp: Date.now() + stepOffset * 30_000 });
}

async function box(locator: Locator) {
  const b = await locator.boundingBox();
  if (!b) throw new Error(`not visible: ${locator}`);
  return b;
}

/**
 * Drags `handle` with real mouse events to the point at (`xFraction`, `yFraction`) of `target`'s box. The
 * moves come in small steps: dnd-kit starts a drag only after the pointer has travelled a few pixels, and
 * computes collisions on every move.
 */
export async function mouseDrag(page: Page, handle: Locator, target: Locator, yFraction = 0.5, xFraction = 0.5, options: { over?: RegExp } = {}): Promise<void> {
  const from = await box(handle);
  const to = await box(target);
  const start = { x: from.x + from.width / 2, y: from.y + from.height / 2 };
  await page.mouse.move(start.x, start.y);
  // Press only where the page itself finds the handle (asking it also brings its hit testing up to date
  // after a re-render: without this, a press right after a drop in the phone drawer never started a drag).
  await page.waitForFunction(([el, x, y]) => (el as Element).contains(document.elementFromPoint(x as number, y as number)), [await handle.elementHandle(), start.x, start.y] as const);
  await page.mouse.down();
  await page.mouse.move(start.x, start.y + 8, { steps: 4 });
  await page.mouse.move(to.x + to.width * xFraction, to.y + to.height * yFraction, { steps: 25 });
  // Drop only while a drag is on (dnd-kit presses the handle), and once it is over the target, which dnd-kit
  // announces in its live region, when the caller names it: on a busy page a drop released on a guessed
  // pause could land where the drag began, and nothing was sent.
  await handle.and(page.locator('[aria-pressed=true]')).waitFor();
  if (options.over) {
    const over = options.over;
    await page.waitForFunction((source) => new RegExp(source).test(document.querySelector('[id^=DndLiveRegion]')?.textContent ?? ''), over.source);
  } else {
    await page.waitForTimeout(150);
  }
  await page.mouse.move(to.x + to.width * xFraction, to.y + to.height * yFraction + 1, { steps: 2 });
  await page.mouse.up();
}

/** Calls the API as `token` from the test process (setup that is not what the test is about). */
export async function apiCall<T>(baseUrl: string, method: string, path: string, body?: unknown, token?: string): Promise<T> {
  const res = await fetch(`${baseUrl}/api/v1${path}`, {
    method,
    headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = (await res.json().catch(() => ({}))) as { data: T };
  if (!res.ok) throw new Error(`${method} ${path} → ${res.status} ${JSON.stringify(json)}`);
  return json.data;
}

/** A user with one category holding one project, made through the API; returns the ids and the token. */
export async function userWithProject(baseUrl: string, name: string) {
  const user = newUser(name);
  const session = await apiSignUp(baseUrl, user);
  const category = await apiCall<{ id: string }>(baseUrl, 'POST', '/categories', { name: 'Work' }, session.accessToken);
  const project = await apiCall<{ id: string }>(baseUrl, 'POST', '/projects', { categoryId: category.id, name: 'Quarterly review' }, session.accessToken);
  return { user, token: session.accessToken, categoryId: category.id, projectId: project.id };
}

/** Uploads a file into a project through the API and waits until the server has processed it. */
export async function uploadReady(baseUrl: string, token: string, projectId: string, filename: string, bytes: Buffer, mime: string): Promise<{ id: string }> {
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(bytes)], { type: mime }), filename);
  const res = await fetch(`${baseUrl}/api/v1/projects/${projectId}/documents`, { method: 'POST', headers: { Authorization: `Bearer ${token}` }, body: form });
  const doc = ((await res.json()) as { data: { id: string } }).data;
  if (!res.ok) throw new Error(`upload ${filename} → ${res.status}`);
  for (let i = 0; i < 300; i += 1) {
    const current = await apiCall<{ status: string; error: string | null }>(baseUrl, 'GET', `/documents/${doc.id}`, undefined, token);
    if (current.status === 'ready') return doc;
    if (current.status === 'failed') throw new Error(`${filename} failed: ${current.error}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${filename} was not processed in time`);
}
