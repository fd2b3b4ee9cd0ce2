import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { en, ko } from '@intellio/i18n';
import { startTestApp, type TestApp } from '../../test/app.js';
import { buildUser, lastMail } from '../../test/builders.js';
import { notificationMail } from '../billing/notifications.js';

const SRC = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const HANGUL = /[\uAC00-\uD7A3]/;

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return sources(full);
    return e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') ? [full] : [];
  });
}

/** Every error code the backend throws, written as a literal: AppError, conflict() and unauthorized(…, code). */
function thrownCodes(): Map<string, string> {
  const codes = new Map<string, string>();
  const patterns = [/new AppError\(\s*[^,()]+,\s*'([a-z_]+)'/g, /\bconflict\(\s*'([a-z_]+)'/g, /\bunauthorized\([^;]*?,\s*'([a-z_]+)'\s*\)/g, /\?\s*'([a-z_]+)'\s*:\s*'([a-z_]+)'\s*,\s*check\.reason/g];
  for (const file of sources(SRC)) {
    const text = fs.readFileSync(file, 'utf8');
    for (const re of patterns) for (const m of text.matchAll(re)) for (const code of m.slice(1)) if (code) codes.set(code, path.relative(SRC, file));
  }
  return codes;
}

describe('API errors and mail in the reader\'s language', () => {
  let app: TestApp;
  before(async () => {
    app = await startTestApp();
  });
  after(() => app.close());

  it('has a Korean message for every error code the backend throws', () => {
    const codes = thrownCodes();
    // The scan itself: it must see the codes thrown through each helper form.
    for (const known of ['validation', 'invalid_credentials', 'email_taken', 'not_found', 'rate_limited', 'link_expired']) assert.ok(codes.has(known), `the scan missed ${known}`);
    const missing = [...codes].filter(([code]) => typeof (ko.serverErrors as Record<string, string>)[code] !== 'string').map(([code, file]) => `${code} (${file})`);
    assert.deepEqual(missing, [], 'error codes without a Korean message in i18n/src/messages/server.ko.ts');
    for (const code of Object.keys(ko.serverErrors)) assert.ok(code in en.serverErrors);
  });

  it('answers the same bad request with the same code, in Korean when the request asks for it', async () => {
    const user = await buildUser(app);
    const body = { email: user.email, password: 'not the password', client: 'addin' };
    const english = await app.request('POST', '/api/v1/auth/login', body, { headers: { 'Accept-Language': 'en-US,en;q=0.9' } });
    const korean = await app.request('POST', '/api/v1/auth/login', body, { headers: { 'Accept-Language': 'ko-KR,ko;q=0.9,en;q=0.8' } });
    assert.equal(english.status, 401);
    assert.equal(korean.status, 401);
    assert.equal(korean.body.error.code, english.body.error.code);
    assert.equal(english.body.error.message, 'Email or password is incorrect.');
    assert.equal(korean.body.error.message, ko.serverErrors.invalid_credentials);
    assert.equal(korean.headers.get('content-language'), 'ko');
    assert.match(korean.headers.get('vary') ?? '', /Accept-Language/);

    // A validation error keeps the field's path, so a form can still put it beside the field.
    const invalid = await app.request('POST', '/api/v1/auth/signup', { email: 'not-an-email', password: 'long enough password', name: 'x' }, { headers: { 'Accept-Language': 'ko' } });
    assert.equal(invalid.status, 400);
    assert.equal(invalid.body.error.code, 'validation');
    assert.match(invalid.body.error.message, /^body\.email: /);
    assert.match(invalid.body.error.message, HANGUL);
    // No Accept-Language at all: English.
    const plain = await app.request('POST', '/api/v1/auth/login', body);
    assert.equal(plain.body.error.message, 'Email or password is incorrect.');
  });

  it('uses the signed-in user\'s own setting before the browser\'s language', async () => {
    const user = await buildUser(app);
    const set = await app.request('PATCH', '/api/v1/me', { language: 'ko' }, { token: user.accessToken });
    assert.equal(set.status, 200, set.text);
    const missing = await app.request('GET', '/api/v1/projects/00000000-0000-4000-8000-000000000000', undefined, { token: user.accessToken, headers: { 'Accept-Language': 'en-US' } });
    assert.equal(missing.status, 404);
    assert.equal(missing.body.error.code, 'not_found');
    assert.equal(missing.body.error.message, ko.serverErrors.not_found);
  });

  it('writes a Korean user\'s reset mail in Korean and an English user\'s in English', async () => {
    const korean = await buildUser(app, { name: '김민지' });
    await app.request('PATCH', '/api/v1/me', { language: 'ko' }, { token: korean.accessToken });
    const english = await buildUser(app, { name: 'Ada' });
    for (const u of [korean, english]) assert.equal((await app.request('POST', '/api/v1/auth/forgot', { email: u.email })).status, 202);
    const ko1 = await lastMail(app, korean.email, 'password_reset');
    const row = await app.deps.knex('outbox').where({ to: korean.email, kind: 'password_reset' }).orderBy('created_at', 'desc').first();
    assert.equal(row.subject, ko.serverMail.reset.subject);
    assert.match(ko1.text, /^김민지님, 안녕하세요\.\n/);
    assert.ok(ko1.text.includes(ko.serverMail.reset.body));
    assert.match(ko1.text, new RegExp(`${ko.serverMail.reset.action}: https?://\\S+/reset-password\\?token=`));
    assert.match(row.html, /lang="ko"/);
    const en1 = await lastMail(app, english.email, 'password_reset');
    assert.match(en1.text, /^Hi Ada,\nSomeone \(hopefully you\) asked to reset your password\./);
    const enRow = await app.deps.knex('outbox').where({ to: english.email, kind: 'password_reset' }).first();
    assert.equal(enRow.subject, 'Reset your Intellio password');
  });

  it('writes billing mail in the recipient\'s language, money and numbers by its locale', () => {
    const mail = { kind: 'auto_pay_failed' as const, subject: 'Your Intellio automatic top-up failed', text: 'in-app text' };
    const failed = { key: 'autoPayFailed' as const, amountMinor: 12000, currency: 'krw', tokens: 250000, reason: 'card_declined' };
    const korean = notificationMail({ ...mail, mail: failed }, { email: 'k@example.test', name: '김민지', language: 'ko' });
    assert.equal(korean.subject, ko.serverMail.autoPayFailed.subject);
    assert.match(korean.text, /토큰 250,000개에 대한 ₩12,000 결제에 실패했습니다: card_declined/);
    const english = notificationMail({ ...mail, mail: failed }, { email: 'a@example.test', name: 'Ada', language: null });
    assert.match(english.text, /^Hi Ada,\nWe could not charge ₩12,000 for 250,000 tokens: card_declined\nNo tokens were added\./);
    // A notification without mail facts (an older caller) still goes out, in its own English words.
    const plain = notificationMail({ kind: 'low_balance', subject: 'Low', text: 'Line one\nLine two' }, { email: 'k@example.test', name: '김민지', language: 'ko' });
    assert.equal(plain.text, '김민지님, 안녕하세요.\nLine one\nLine two');
  });
});
