/**
 * The shared message catalogues (i18n/): every language has exactly the keys English has, with the same
 * placeholders and markup, and the language choice and Intl formatting follow the rules the front ends rely on.
 */
import assert from 'node:assert/strict';
import { catalogues, createI18n, detectLanguage, en, intlLocale, ko, LANGUAGES } from '@intellio/i18n';
import { formatDate, formatMoney, formatNumber, formatPercent, formatPeriod } from '../../webapp/src/usage/format.js';

/** "login.title" → "Sign in to Intellio", for every leaf of a catalogue. */
function flatten(tree: object, prefix = ''): Map<string, unknown> {
  const out = new Map<string, unknown>();
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (value && typeof value === 'object') for (const [k, v] of flatten(value, path)) out.set(k, v);
    else out.set(path, value);
  }
  return out;
}

/** Keys of `reference` that `candidate` lacks. */
const missing = (reference: object, candidate: object) => {
  const keys = flatten(candidate);
  return [...flatten(reference).keys()].filter((k) => !keys.has(k));
};

const tokens = (text: string) => [...text.matchAll(/\{\{[^}]+\}\}|<\/?\w+>/g)].map((m) => m[0]).sort();

describe('i18n catalogues', () => {
  const reference = flatten(en);

  for (const language of LANGUAGES) {
    it(`${language} has every English key and no other`, () => {
      assert.deepEqual(missing(en, catalogues[language]), [], `missing in ${language}`);
      assert.deepEqual(missing(catalogues[language], en), [], `only in ${language}`);
    });

    it(`${language}: every message is a non-empty string with the same placeholders and tags as English`, () => {
      for (const [key, value] of flatten(catalogues[language])) {
        assert.equal(typeof value, 'string', key);
        assert.ok((value as string).trim(), `${language}.${key} is empty`);
        assert.deepEqual(tokens(value as string), tokens(reference.get(key) as string), `${language}.${key}`);
      }
    });
  }

  it('finds a missing key (the check above can fail)', () => {
    const broken = structuredClone(ko) as { login: Partial<typeof ko.login> };
    delete broken.login.title;
    assert.deepEqual(missing(en, broken), ['login.title']);
    assert.deepEqual(missing(broken, en), []);
  });

  it('the Korean screens are written in Korean', () => {
    for (const [key, value] of flatten(ko)) {
      // Language-neutral strings (the product name with a particle, an example address) still carry Hangul.
      assert.match(value as string, /[\uAC00-\uD7A3]/, `ko.${key} has no Hangul: ${String(value)}`);
    }
  });
});

describe('language choice', () => {
  it('takes the user setting first, then the browser, then English; any ko-* is Korean', () => {
    assert.equal(detectLanguage({ setting: 'ko', preferred: ['en-US'] }), 'ko');
    assert.equal(detectLanguage({ setting: 'en', preferred: ['ko-KR'] }), 'en');
    assert.equal(detectLanguage({ setting: null, preferred: ['ko-KR', 'en-US'] }), 'ko');
    assert.equal(detectLanguage({ preferred: ['fr-FR', 'ko_kr'] }), 'ko');
    assert.equal(detectLanguage({ setting: 'xx', preferred: ['de-DE', 'fr'] }), 'en');
    assert.equal(detectLanguage({}), 'en');
  });

  it('translates and formats through i18next in the chosen language, and moves Intl with it', async () => {
    const i18n = createI18n('ko');
    try {
      assert.equal(i18n.t('login.submit'), '로그인');
      assert.equal(i18n.t('home.projects.documents', { count: 1234 }), '문서 1,234개');
      assert.equal(intlLocale(), 'ko-KR');
      await i18n.changeLanguage('en');
      assert.equal(i18n.t('home.projects.documents', { count: 1 }), '1 document');
      assert.equal(i18n.t('home.projects.documents', { count: 1234 }), '1,234 documents');
      assert.equal(intlLocale(), 'en-US');
    } finally {
      await i18n.changeLanguage('en');
    }
  });
});

describe('web app formatting follows the locale', () => {
  it('formats numbers, money and dates for ko-KR when asked, and keeps en-US by default', () => {
    assert.equal(formatNumber(481200000000), '481,200,000,000');
    assert.equal(formatMoney(12000, 'krw', 'ko-KR'), '₩12,000');
    assert.equal(formatMoney(900, 'usd', 'ko-KR'), 'US$9.00');
    assert.equal(formatPercent(0.123, 'ko-KR'), '12.3%');
    assert.equal(formatPeriod('2026-03-04', 'ko-KR'), '3월 4일');
    assert.equal(formatPeriod('2026-03-04'), 'Mar 4');
    // A chart's tick index in the locale's place means "the active locale", not a crash.
    assert.equal(formatPeriod('2026-03-04', 3), 'Mar 4');
    assert.match(formatDate('2026-03-04T12:00:00Z', 'ko-KR'), /^2026년 3월 4일$/);
  });

  it('uses the active language when none is given', async () => {
    const i18n = createI18n('ko');
    try {
      assert.equal(formatPeriod('2026-03-04'), '3월 4일');
      assert.equal(formatMoney(12000, 'krw'), '₩12,000');
    } finally {
      await i18n.changeLanguage('en');
    }
  });
});
