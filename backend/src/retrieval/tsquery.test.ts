import assert from 'node:assert/strict';
import { testDb } from '../../test/db.js';
import { distinctConjunction, matchShare, PAIRS_ASKED, wordPairs } from './tsquery.js';

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

describe('distinctConjunction: a conjunction of lexemes with each once', () => {
  it('drops repeated lexemes of a plain conjunction, and leaves any other query alone', () => {
    assert.equal(distinctConjunction(`'san' & 'condens' & 'obliqu' & 'san' & 'obliqu'`), `'san' & 'condens' & 'obliqu'`);
    assert.equal(distinctConjunction(`'o''neil' & 'a\\b' & 'o''neil'`), `'o''neil' & 'a\\b'`);
    assert.equal(distinctConjunction(`'file'`), `'file'`);
    assert.equal(distinctConjunction(''), '');
    // Order, alternatives and negation make a repeat mean something: untouched.
    for (const kept of [`'san' <-> 'condens' <-> 'san'`, `'file' | 'name' & 'file'`, `'file' & !'file'`, `( 'file' & 'name' ) & 'file'`, `'file':* & 'file'`]) {
      assert.equal(distinctConjunction(kept), kept);
    }
  });

  it('matches and ranks passages as the query with its repeats does', async () => {
    const { knex } = await testDb();
    const passages = [
      'DejaVu Sans Condensed Oblique, DejaVu Sans Oblique, DejaVu Sans Mono Oblique, DejaVu Serif Condensed.',
      'Sans fonts: Sans Condensed, Sans Condensed Bold, Sans Condensed Oblique, Sans Oblique and Sans Bold Oblique.',
      'The oblique cut of a condensed sans face, and nothing else.',
      'A page with none of these words.',
    ];
    const { rows } = await knex.raw(
      `SELECT websearch_to_tsquery('english', ?)::text AS q`,
      ['Sans Condensed Oblique Sans Oblique'],
    );
    const repeated = String(rows[0].q);
    const once = distinctConjunction(repeated);
    assert.notEqual(once, repeated);
    const ranks = async (q: string) => (await knex.raw(
      `SELECT to_tsvector('english', t) @@ ?::tsquery AS hit, ts_rank_cd(to_tsvector('english', t), ?::tsquery) AS rank, ts_rank_cd(to_tsvector('english', t), ?::tsquery, 32) AS normalised
         FROM unnest(?::text[]) WITH ORDINALITY p(t, n) ORDER BY n`,
      [q, q, q, passages],
    )).rows;
    const withRepeats = await ranks(repeated);
    assert.deepEqual(withRepeats.map((r: { hit: boolean }) => r.hit), [true, true, true, false]);
    assert.deepEqual(await ranks(once), withRepeats);
  });
});

describe('wordPairs: the word pairs a phrase\'s passages hold (migration 033)', () => {
  it('pairs each lexeme with the next, whatever the distance, and an or of phrases branch by branch', () => {
    assert.equal(wordPairs(`'beta' <2> 'might' <-> 'chang'`), `'beta might' & 'might chang'`);
    assert.equal(wordPairs(`( 'permiss' <2> 'chang' ) | ( 'net' <-> 'revenu' <-> 'rose' )`), `('permiss chang') | ('net revenu' & 'revenu rose')`);
    assert.equal(wordPairs(`'san' <-> 'condens' <-> 'san' <-> 'condens'`), `'san condens' & 'condens san'`); // each pair once
    assert.equal(wordPairs(String.raw`'o''neil' <-> 'a\\b'`), String.raw`'o''neil a\\b'`); // quotes and backslashes stay escaped
  });

  it('asks for the rarest PAIRS_ASKED pairs of a longer phrase, in its order, and for every pair the statistics lack', () => {
    const phrase = `'access' <-> 'token' <-> 'file' <-> 'account' <-> 'bill' <-> 'project'`;
    const shares = new Map([['access token', 0.13], ['token file', 0.2], ['file account', 0.12], ['account bill', 0.14], ['bill project', 0.11]]);
    assert.equal(PAIRS_ASKED, 3);
    assert.equal(wordPairs(phrase, shares), `'access token' & 'file account' & 'bill project'`);
    shares.delete('token file');
    assert.equal(wordPairs(phrase, shares), `'token file' & 'file account' & 'bill project'`);
    for (const pair of ['access token', 'file account', 'account bill']) shares.delete(pair);
    assert.equal(wordPairs(phrase, shares), `'access token' & 'token file' & 'file account' & 'account bill'`, 'four rare pairs, none of the common');
    assert.equal(wordPairs(`'net' <-> 'revenu' <-> 'rose'`, shares), `'net revenu' & 'revenu rose'`, 'no more pairs than asked: all of them');
    assert.equal(wordPairs(phrase), `'access token' & 'token file' & 'file account' & 'account bill' & 'bill project'`, 'without statistics: all');
  });

  it('has none for a single word, two words at one position, or what is not an or of phrases', () => {
    for (const q of [`'instal'`, `( 'net' <-> 'revenu' ) | ( 'revenu' )`, `'a' <0> 'b'`, `'a' & 'b'`, `!'a' <-> 'b'`, `'a' <-> ( 'b' | 'c' )`, '']) {
      assert.equal(wordPairs(q), null, q);
    }
  });

  it('asks the index for what every passage saying the phrase holds, and not for one with a word between', async () => {
    const { knex } = await testDb();
    const passages = [
      'You do not have permission to change the file.', // the phrase
      "O'Neil's team said: you do NOT have permission to change the schedule.", // the phrase, another case
      'Permission, group change and owner are listed.', // 'permiss' <2> 'chang' too, but a word stands between
      'To change the permission, ask the owner.', // the words, not in order
    ];
    const phrase = String((await knex.raw(`SELECT phraseto_tsquery('english', ?)::text AS q`, ['not have permission to change the'])).rows[0].q);
    const pairs = wordPairs(phrase);
    assert.equal(pairs, `'permiss chang'`);
    const { rows } = await knex.raw(
      `SELECT to_tsvector('english', t) @@ ?::tsquery AS phrase, tsv_word_pairs(to_tsvector('english', t)) @@ ?::tsquery AS pairs
         FROM unnest(?::text[]) WITH ORDINALITY p(t, n) ORDER BY n`,
      [phrase, pairs, passages],
    );
    assert.deepEqual(rows.map((r: { phrase: boolean; pairs: boolean }) => [r.phrase, r.pairs]), [[true, true], [true, true], [true, false], [false, false]]);
    const quoted = String((await knex.raw(`SELECT phraseto_tsquery('english', ?)::text AS q`, ["O'Neil's team said"])).rows[0].q);
    const found = (await knex.raw(`SELECT tsv_word_pairs(to_tsvector('english', ?)) @@ ?::tsquery AS hit`, [passages[1], wordPairs(quoted)])).rows[0].hit;
    assert.equal(found, true, `${quoted} → ${wordPairs(quoted)}`);
  });
});
