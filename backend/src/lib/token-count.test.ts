import assert from 'node:assert/strict';
import { countTokens as bpeCount } from 'gpt-tokenizer';
import { countTokens } from './token-count.js';

describe('countTokens', () => {
  it('counts ordinary text exactly as the tokenizer does', () => {
    for (const text of [
      '',
      'Revenue rose 12.5% from 1,200 to 1,350 in Q3.',
      '매출액은 1,234,567원이며 전년 대비 12.5% 증가했다. 영업이익은 감소했다.',
      '| Region | Revenue |\n|---|---|\n| North | 1200 |\n',
      `${'word '.repeat(500)}https://example.com/a/b?x=1`,
      'x'.repeat(63),
    ]) assert.equal(countTokens(text), bpeCount(text), JSON.stringify(text.slice(0, 40)));
  });

  it('counts runs without spaces in pieces: close to the tokenizer, emoji kept whole', () => {
    for (const text of ['가나다라'.repeat(500), 'x'.repeat(3000), `cell:${'7'.repeat(2000)};`, '😀'.repeat(700), `a ${'매출'.repeat(300)} b`]) {
      const exact = bpeCount(text);
      const n = countTokens(text);
      assert.ok(n >= exact && n <= exact * 1.05 + 2, `${n} against ${exact} for ${JSON.stringify(text.slice(0, 12))}`);
    }
  });

  it('counts a megabyte-long word (a hostile cell) without stalling: the tokenizer alone is quadratic in it', () => {
    // 40k Hangul without a space took the tokenizer 17 s; this is 25 times longer. The suite's timeout guards it.
    const hostile = '가나다라'.repeat(250_000);
    const n = countTokens(hostile);
    assert.ok(n >= hostile.length / 2, String(n));
  });
});
