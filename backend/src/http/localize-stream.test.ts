/**
 * A streamed analysis that fails tells a Korean reader why in Korean: the SSE `error` event and the analysis
 * it carries, while the code (and the row's stored English text) stay as they are.
 */
import assert from 'node:assert/strict';
import { ko } from '@intellio/i18n';
import { after, before, describe, it } from 'mocha';
import { analysisBody, buildProject, postStream } from '../../test/analysis-fixtures.js';
import { startTestApp, type TestApp } from '../../test/app.js';
import { buildUser } from '../../test/builders.js';
import { startFakeOpenAI, type FakeOpenAI } from '../../test/fake-openai.js';

describe('a streamed analysis error in the reader\'s language', () => {
  let fake: FakeOpenAI;
  let app: TestApp;

  before(async () => {
    fake = await startFakeOpenAI();
    app = await startTestApp({ OPENAI_BASE_URL: fake.baseUrl, EMBEDDING_PROVIDER: 'local', CHAT_MODEL: 'gpt-4o-mini', CHAT_MAX_RETRIES: '0', ANALYSIS_TIMEOUT_SECONDS: '1', ANALYSIS_MAX_OUTPUT_TOKENS: '100' });
  });
  after(async () => {
    await app.close();
    await fake.close();
  });

  it('sends the SSE error event in Korean for a Korean user, and English for an English one', async () => {
    const korean = await buildUser(app, { name: '김민지' });
    await app.request('PATCH', '/api/v1/me', { language: 'ko' }, { token: korean.accessToken });
    const english = await buildUser(app);
    for (const [user, message] of [
      [korean, ko.serverErrors.model_timeout],
      [english, 'The model did not answer within 1 seconds.'],
    ] as const) {
      fake.queue({ delayMs: 3000, text: 'too late' });
      const projectId = await buildProject(app, user);
      const { status, events } = await postStream(app, '/api/v1/analyses', analysisBody(projectId, { prompt: '매출 추세를 요약해 주세요' }), user.accessToken);
      assert.equal(status, 200);
      const error = events.find((e) => e.event === 'error');
      assert.ok(error, JSON.stringify(events.map((e) => e.event)));
      const data = error.data as { error: { code: string; message: string }; analysis: { error: { code: string; message: string } } };
      assert.deepEqual(data.error, { code: 'model_timeout', message });
      assert.deepEqual(data.analysis.error, { code: 'model_timeout', message });
    }
    const row = await app.deps.knex('analyses').where({ userId: korean.id }).first();
    assert.equal(row.errorCode, 'model_timeout');
    assert.match(row.error, /^The model did not answer/);
  });
});
