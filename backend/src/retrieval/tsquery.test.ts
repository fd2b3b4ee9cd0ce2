import assert from 'node:assert/strict';
import { testDb } from '../../test/db.js';
import { matchShare } from './tsquery.js';

describe('matchShare: how many passages a query could match', () => {
  const shares = new Map([['templat', 0.12], ['argument', 0.24], ['file', 0.05], ["o'neil", 0.03], ['a\\b', 0.04]]);

  /** What PostgreSQL makes of a search box's text, as search runs it. */
  async function websearch(text: string): Promise<string> {
    const { knex } = await testDb();
    const { rows } = await knex.raw(`SELECT websearch_to_tsquery('english', ?)::text AS q`, [text]);
    return String(rows[0].q);
  }

  const cases: Array<[string, number]> = [
    ['any of the other arguments', 0.24],
    ['template arguments', 0.12], // both words must be there: the rarer decides
    ['template arguments zanzibar', 0], // an uncommon word keeps the matches few
    ['the template or fully qualified identifier', 0.12], // an or matches what either branch does
    ['zanzibar or arguments', 0.24],
    ['template or arguments', 0.36],
    ['zanzibar or fully-qualified', 0],
    ['"template arguments" file', 0.05], // a phrase needs all its words
    ['-zanzibar', 1], // not: almost every passage
    ['-arguments', 0.76],
    ['template -arguments', 0.12],
    ['template or zanzibar -file', 0.12], // 'templat' | 'zanzibar' & !'file'
    ['the of and', 0], // stop words only: PostgreSQL makes an empty query
    ["O'Neil or files", 0.05], // 'o' <-> 'neil' | 'file'
    ['a\\b or file', 0.05],
    ["'quoted' \"unclosed", 0],
  ];
  for (const [text, expected] of cases) {
    it(`${text} → ${expected}`, async () => {
      const tsquery = await websearch(text);
      assert.equal(Math.round(matchShare(tsquery, shares) * 100) / 100, expected, tsquery);
    });
  }

  it('reads the operators and escapes of the text form', () => {
    assert.equal(matchShare(`!( 'templat' <2> 'argument' ) | 'file':AB`, shares), 0.93);
    assert.equal(matchShare(`'argument' | 'templat' | !'file'`, shares), 1);
    assert.equal(matchShare(`'o''neil' & 'a\\\\b'`, shares), 0.03);
    assert.equal(matchShare(`'templat':*`, shares), 0.12);
  });

  it('refuses text that is not a tsquery', () => {
    for (const bad of [`'templat`, `'templat' &`, `( 'templat'`, `'templat' <- 'file'`, `templat`]) {
      assert.throws(() => matchShare(bad, shares), /malformed tsquery/, bad);
    }
  });
});
