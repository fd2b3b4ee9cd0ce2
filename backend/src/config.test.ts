import assert from 'node:assert/strict';
import { ConfigError, loadConfig } from './config.js';

describe('config', () => {
  it('runs with no environment at all (embedded defaults)', () => {
    const c = loadConfig({ DATA_DIR: '/tmp/intellio-config-test' });
    assert.equal(c.port, 3000);
    assert.equal(c.database.url, undefined);
    assert.match(c.database.pgliteDir, /pglite$/);
    assert.equal(c.redis.url, undefined);
    assert.ok(c.auth.jwtSecret.length >= 32);
    assert.equal(loadConfig({ DATA_DIR: '/tmp/intellio-config-test' }).auth.jwtSecret, c.auth.jwtSecret, 'the local secret persists');
  });

  it('names each bad variable', () => {
    assert.throws(() => loadConfig({ PORT: 'eighty', DATABASE_URL: 'not a url', BCRYPT_COST: '8' }), (err: Error) => {
      assert.ok(err instanceof ConfigError);
      assert.match(err.message, /PORT/);
      assert.match(err.message, /DATABASE_URL/);
      assert.match(err.message, /BCRYPT_COST: must be at least 12/);
      return true;
    });
  });

  it('reads the OCR and storage reconcile settings, refusing a language list Tesseract could not take', () => {
    const c = loadConfig({ DATA_DIR: '/tmp/intellio-config-test', OCR: 'off', OCR_LANGUAGES: 'eng+deu', OCR_MAX_PAGES: '40', STORAGE_RECONCILE_HOURS: '0' });
    assert.deepEqual(c.documents.ocr, { enabled: false, languages: 'eng+deu', maxPages: 40 });
    assert.equal(c.storage.reconcileHours, 0);
    assert.deepEqual(loadConfig({ DATA_DIR: '/tmp/intellio-config-test' }).documents.ocr, { enabled: true, languages: 'eng', maxPages: 300 });
    assert.throws(() => loadConfig({ OCR_LANGUAGES: 'eng; rm -rf /' }), /OCR_LANGUAGES: Tesseract languages joined by \+/);
    assert.throws(() => loadConfig({ OCR: 'sometimes' }), /OCR/);
  });

  it('trusts no proxy unless TRUST_PROXY_HOPS says how many, and reads the reset-mail limit', () => {
    const c = loadConfig({ DATA_DIR: '/tmp/intellio-config-test' });
    assert.equal(c.http.trustProxyHops, 0);
    assert.equal(c.auth.resetMailsPerHour, 3);
    assert.equal(loadConfig({ DATA_DIR: '/tmp/intellio-config-test', TRUST_PROXY_HOPS: '2' }).http.trustProxyHops, 2);
    assert.throws(() => loadConfig({ TRUST_PROXY_HOPS: '-1' }), /TRUST_PROXY_HOPS/);
    assert.throws(() => loadConfig({ TRUST_PROXY_HOPS: 'yes' }), /TRUST_PROXY_HOPS/);
  });

  it('requires JWT_SECRET in production', () => {
    assert.throws(() => loadConfig({ NODE_ENV: 'production' }), /JWT_SECRET: required in production/);
    assert.throws(() => loadConfig({ JWT_SECRET: 'short' }), /JWT_SECRET: must be at least 32 characters/);
  });

  it('turns on the model check of claims only with VERIFY_WITH_MODEL and an OpenAI-compatible model', () => {
    assert.equal(loadConfig({}).analysis.verifyWithModel, false);
    assert.equal(loadConfig({ VERIFY_WITH_MODEL: 'true' }).analysis.verifyWithModel, false); // local analyst: no model to ask
    assert.equal(loadConfig({ VERIFY_WITH_MODEL: 'true', OPENAI_BASE_URL: 'http://127.0.0.1:9/v1' }).analysis.verifyWithModel, true);
    assert.equal(loadConfig({ VERIFY_WITH_MODEL: 'true', OPENAI_BASE_URL: 'http://127.0.0.1:9/v1', CHAT_PROVIDER: 'local' }).analysis.verifyWithModel, false);
    assert.equal(loadConfig({ OPENAI_BASE_URL: 'http://127.0.0.1:9/v1' }).analysis.verifyWithModel, false);
    assert.throws(() => loadConfig({ VERIFY_WITH_MODEL: 'sometimes' }), /VERIFY_WITH_MODEL/);
  });

  it('derives the public URL from PORT when PUBLIC_URL is unset', () => {
    assert.equal(loadConfig({ PORT: '3999' }).publicUrl, 'http://localhost:3999');
    assert.ok(loadConfig({ PORT: '3999' }).http.corsOrigins.includes('http://localhost:3999'));
    assert.equal(loadConfig({}).publicUrl, 'http://localhost:3000');
  });

  it('adds the public origin and CORS_ORIGINS to the allow-list', () => {
    const c = loadConfig({ PUBLIC_URL: 'https://app.intellio.ai/', CORS_ORIGINS: 'https://a.test, https://b.test', DATA_DIR: '/tmp/intellio-config-test' });
    assert.equal(c.publicUrl, 'https://app.intellio.ai');
    assert.ok(c.http.corsOrigins.includes('https://app.intellio.ai'));
    assert.ok(c.http.corsOrigins.includes('https://b.test'));
  });
});
