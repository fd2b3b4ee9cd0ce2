/**
 * Issue 31: the password policy's refusals at sign-up are worded in the reader's language, each with its
 * own sentence (common password, contains the email, the name, the service's name), not a generic one.
 */
import assert from 'node:assert/strict';
import { ko } from '@intellio/i18n';
import { startTestApp, type TestApp } from '../../test/app.js';
import { buildUser, uniqueEmail } from '../../test/builders.js';
import { PASSWORD_PROBLEM_KEYS } from './password-policy.js';

describe('auth: password policy refusals in Korean', () => {
  let app: TestApp;
  before(async () => {
    app = await startTestApp();
  });
  after(() => app.close());

  const signup = (body: Record<string, string>) => app.request('POST', '/api/v1/auth/signup', body, { headers: { 'Accept-Language': 'ko-KR,ko;q=0.9' } });
  const custom = ko.serverValidation.custom as Record<string, string>;

  it('has a Korean sentence for every problem the policy names', () => {
    for (const key of Object.values(PASSWORD_PROBLEM_KEYS)) assert.match(custom[key] ?? '', /[\uAC00-\uD7A3]/, key);
  });

  it('names the problem in Korean at sign-up', async () => {
    const email = uniqueEmail('marguerite');
    const cases: Array<[Record<string, string>, string]> = [
      [{ email: uniqueEmail(), password: 'password123', name: '박민지' }, custom.commonPassword],
      [{ email, password: `my ${email.split('@')[0]} secret`, name: '박민지' }, custom.passwordContainsEmail],
      [{ email: uniqueEmail(), password: 'Josephine Baker rocks', name: 'Josephine Baker' }, custom.passwordContainsName],
      [{ email: uniqueEmail(), password: 'my intellio passphrase', name: '박민지' }, custom.passwordContainsService],
    ];
    for (const [body, sentence] of cases) {
      const res = await signup(body);
      assert.equal(res.status, 400, body.password);
      assert.equal(res.body.error.code, 'validation');
      assert.equal(res.body.error.details[0].path, 'body.password');
      assert.equal(res.body.error.details[0].message, sentence, body.password);
      assert.equal(res.body.error.message, `body.password: ${sentence}`);
    }
  });

  it('names the problem in Korean when a signed-in user picks a new password, with no wording hint left in the details', async () => {
    const user = await buildUser(app, { name: 'Josephine Baker' });
    const change = (language: string) =>
      app.request('PATCH', '/api/v1/me', { currentPassword: user.password, newPassword: 'Josephine Baker rocks' }, { token: user.accessToken, headers: { 'Accept-Language': language } });
    const ko = await change('ko-KR');
    assert.equal(ko.status, 400, ko.text);
    assert.deepEqual(ko.body.error.details, [{ path: 'body.newPassword', message: custom.passwordContainsName }]);
    const en = await change('en');
    assert.deepEqual(en.body.error.details, [{ path: 'body.newPassword', message: 'must not contain your name' }]);
  });
});
