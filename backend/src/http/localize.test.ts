import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { en, ko } from '@intellio/i18n';
import { startTestApp, type TestApp } from '../../test/app.js';
import { analysisBody, buildProject } from '../../test/analysis-fixtures.js';
import { buildUser, lastMail } from '../../test/builders.js';
import { raiseAlert } from '../backups/alerts.js';
import { notificationMail } from '../billing/notifications.js';
import { issueMessage } from './issue-messages.js';

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
    for (const known of ['validation', 'invalid_credentials', 'backup_running', 'not_found', 'rate_limited', 'link_expired']) assert.ok(codes.has(known), `the scan missed ${known}`);
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
    assert.equal(english.body.error.message, 'Wrong email or password. If you have just signed up, open the link we emailed you first.');
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
    assert.equal(plain.body.error.message, 'Wrong email or password. If you have just signed up, open the link we emailed you first.');
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

  it('words each zod issue in Korean from its code and parameters, keeping path and code', async () => {
    const v = ko.serverValidation;
    const korean = { headers: { 'Accept-Language': 'ko-KR' } };
    const email = await app.request('POST', '/api/v1/auth/signup', { email: 'not-an-email', password: 'long enough password', name: '김' }, korean);
    assert.equal(email.status, 400);
    assert.deepEqual(email.body.error.details, [{ path: 'body.email', code: 'invalid_format', message: v.format.email }]);
    assert.equal(email.body.error.message, `body.email: ${v.format.email}`);
    // The same request in English keeps the schema's own words.
    const english = await app.request('POST', '/api/v1/auth/signup', { email: 'not-an-email', password: 'long enough password', name: 'Ada' });
    assert.deepEqual(english.body.error.details, [{ path: 'body.email', code: 'invalid_format', message: 'must be an email address' }]);

    const user = await buildUser(app);
    await app.request('PATCH', '/api/v1/me', { language: 'ko' }, { token: user.accessToken });
    const patch = (body: unknown) => app.request('PATCH', '/api/v1/me', body, { token: user.accessToken });
    const empty = await patch({});
    assert.deepEqual(empty.body.error.details, [{ path: 'body', code: 'custom', message: v.custom.nothingToUpdate }]);
    const sneaky = await patch({ name: 'x', role: 'admin' });
    assert.deepEqual(sneaky.body.error.details, [{ path: 'body', code: 'unrecognized_keys', message: '허용되지 않는 필드가 있습니다: role' }]);
    const long = await patch({ name: 'x'.repeat(101) });
    assert.deepEqual(long.body.error.details, [{ path: 'body.name', code: 'too_big', message: '100자 이하여야 합니다.' }]);
    const blank = await patch({ name: '   ' });
    assert.equal(blank.body.error.details[0].message, v.tooSmall.notEmpty);
    const french = await patch({ language: 'fr' });
    assert.deepEqual(french.body.error.details, [{ path: 'body.language', code: 'invalid_value', message: 'en 또는 ko 중 하나여야 합니다.' }]);
    const typed = await patch({ name: 42 });
    assert.equal(typed.body.error.details[0].message, v.type.string);
    const noCurrent = await patch({ newPassword: 'another long pass' });
    assert.deepEqual(noCurrent.body.error.details, [{ path: 'body.currentPassword', code: 'custom', message: v.custom.currentPasswordRequired }]);
    // Text the database cannot store, and a query string's id.
    const nul = await patch({ name: 'a\u0000b' });
    assert.deepEqual(nul.body.error.details, [{ path: 'body.name', code: 'invalid_text', message: v.text.nul }]);
    const id = await app.request('GET', '/api/v1/projects/not-a-uuid', undefined, { token: user.accessToken });
    assert.deepEqual(id.body.error.details, [{ path: 'params.id', code: 'invalid_format', message: v.format.uuid }]);
    assert.equal(id.body.error.message, `params.id: ${v.format.uuid}`);
    // Nothing of the input (a password, say) is echoed back.
    assert.doesNotMatch(JSON.stringify(noCurrent.body), /another long pass/);
  });

  it('has a Korean sentence for each common issue shape, and an English one where a schema gave none', () => {
    const cases: Array<[Parameters<typeof issueMessage>[0], string]> = [
      [{ code: 'invalid_type', expected: 'string' }, '필수 항목입니다.'],
      [{ code: 'invalid_type', expected: 'int', input: 1.5 }, '정수여야 합니다.'],
      [{ code: 'invalid_type', expected: 'boolean', input: 'yes' }, 'true 또는 false여야 합니다.'],
      [{ code: 'too_small', origin: 'string', minimum: 12, inclusive: true, input: 'short' }, '12자 이상이어야 합니다.'],
      [{ code: 'too_small', origin: 'string', minimum: 6, inclusive: true, exact: true, input: '123' }, '정확히 6자여야 합니다.'],
      [{ code: 'too_small', origin: 'array', minimum: 1, inclusive: true, input: [] }, '항목이 1개 이상이어야 합니다.'],
      [{ code: 'too_small', origin: 'number', minimum: 0, inclusive: false, input: 0 }, '0보다 커야 합니다.'],
      [{ code: 'too_big', origin: 'number', maximum: 1_000_000_000_000, inclusive: true, input: 2e12 }, '1,000,000,000,000 이하여야 합니다.'],
      [{ code: 'too_big', origin: 'array', maximum: 50, inclusive: true, input: [] }, '항목이 50개 이하여야 합니다.'],
      [{ code: 'invalid_format', format: 'datetime', input: 'x' }, '올바른 날짜와 시각(ISO 8601)이 아닙니다.'],
      [{ code: 'invalid_format', format: 'regex', input: 'x' }, '형식이 올바르지 않습니다.'],
      [{ code: 'invalid_value', values: ['private', 'shared', 'public'], input: 'x' }, 'private, shared 또는 public 중 하나여야 합니다.'],
      [{ code: 'invalid_value', values: ['only'], input: 'x' }, 'only만 허용됩니다.'],
      [{ code: 'custom', params: { i18n: 'no-such-key' } }, '값이 올바르지 않습니다.'],
      [{ code: 'invalid_union' }, '값이 올바르지 않습니다.'],
    ];
    for (const [issue, message] of cases) assert.equal(issueMessage(issue, 'ko'), message, JSON.stringify(issue));
    assert.equal(issueMessage({ code: 'invalid_value', values: ['en', 'ko'], input: 'fr' }, 'en'), 'must be one of en or ko');
    assert.equal(issueMessage({ code: 'too_big', origin: 'string', maximum: 100, inclusive: true, input: '' }, 'en'), 'must be at most 100 characters');
  });

  it('shows a stored analysis failure in the reader\'s language and keeps its code', async () => {
    const user = await buildUser(app);
    const projectId = await buildProject(app, user, '분석');
    const created = await app.request('POST', '/api/v1/analyses', analysisBody(projectId), { token: user.accessToken });
    assert.equal(created.status, 201, created.text);
    const id = created.body.data.id as string;
    const stored = 'The model did not answer within 60 seconds.';
    await app.deps.knex('analyses').where({ id }).update({ status: 'failed', errorCode: 'model_timeout', error: stored });
    const read = (language: string) => app.request('GET', `/api/v1/analyses/${id}`, undefined, { token: user.accessToken, headers: { 'Accept-Language': language } });
    assert.deepEqual((await read('ko')).body.data.error, { code: 'model_timeout', message: ko.serverErrors.model_timeout });
    assert.deepEqual((await read('en')).body.data.error, { code: 'model_timeout', message: stored });
    const list = await app.request('GET', '/api/v1/analyses', undefined, { token: user.accessToken, headers: { 'Accept-Language': 'ko' } });
    assert.equal(list.body.data.find((a: { id: string }) => a.id === id).error.message, ko.serverErrors.model_timeout);
    // The row itself keeps the code and the English words.
    assert.equal((await app.deps.knex('analyses').where({ id }).first()).error, stored);
  });

  it('mails a backup alert to each admin in that admin\'s language', async () => {
    const korean = await buildUser(app, { name: '박관리' });
    const english = await buildUser(app, { name: 'Grace' });
    await app.deps.knex('users').whereIn('id', [korean.id, english.id]).update({ role: 'admin' });
    await app.deps.knex('users').where({ id: korean.id }).update({ language: 'ko' });
    const result = await raiseAlert(app.deps, {
      kind: 'backup_storage',
      dedupeKey: `backup_storage:${korean.id}`,
      severity: 'warning',
      subject: 'Backup storage is over its threshold',
      text: 'Backups use 2048 bytes in 3 objects, over the 1024-byte threshold (BACKUP_STORAGE_ALERT_BYTES).',
      details: { bytes: 2048, objects: 3, threshold: 1024 },
    });
    assert.equal(result.sent, true);
    const mailTo = (to: string) => app.deps.knex('outbox').where({ to, kind: 'alert_backup_storage' }).orderBy('created_at', 'desc').first();
    const ko1 = await mailTo(korean.email);
    assert.equal(ko1.subject, `[Intellio ${ko.serverMail.alert.severity.warning}] ${ko.serverMail.alert.backup_storage.subject}`);
    assert.match(ko1.text, /^박관리님, 안녕하세요\.\n백업 3개가 2,048바이트를 사용해 기준인 1,024바이트\(BACKUP_STORAGE_ALERT_BYTES\)를 넘었습니다\.\n/);
    assert.match(ko1.html, /lang="ko"/);
    const en1 = await mailTo(english.email);
    assert.equal(en1.subject, '[Intellio warning] Backup storage is over its threshold');
    assert.match(en1.text, /^Hi Grace,\nBackups use 2048 bytes in 3 objects/);
  });
});
