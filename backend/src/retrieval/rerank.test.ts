import assert from 'node:assert/strict';
import { hangulBigrams } from './query.js';
import { rerankBySentence, rerankTerms, sentenceCoverage } from './rerank.js';

describe('sentence rerank', () => {
  const none = new Map<string, number>();

  it('scores a passage by its best sentence, not by the terms it holds over all of them', () => {
    const terms = rerankTerms(['lisbon', 'revenu', 'quarter', '2021'], [], none);
    const scattered = 'The Lisbon office opened. Revenue rose in Madrid. The third quarter closed sites. In 2021 the board met.';
    const gathered = 'Filler text here. In the third quarter of 2021 the Lisbon office reported revenues of 4.2 million.';
    assert.equal(sentenceCoverage(scattered, terms), 0.25);
    assert.equal(sentenceCoverage(gathered, terms), 1);
  });

  it('matches a lexeme by its forms only: a stem with a short ending, a final "i" standing for "y"', () => {
    const terms = rerankTerms(['studi', 'use'], [], none);
    assert.equal(sentenceCoverage('The study was used.', terms), 1);
    assert.equal(sentenceCoverage('The studies of usernames.', terms), 0.5, '"usernames" is not a form of "use"');
  });

  it('matches Hangul by bigrams, across particles', () => {
    const terms = rerankTerms([], hangulBigrams('부산 투자액 3분기'), none);
    assert.equal(sentenceCoverage('2021년 3분기에 부산 지점은 투자액이 3,323억 원을 기록했다.', terms), 1);
    assert.ok(sentenceCoverage('2021년 3분기에 울산 지점은 투자액이 10억 원을 기록했다. 부산 지점은 광고비가 늘었다.', terms) < 1);
  });

  it('matches hanja by bigrams, and a one-syllable word with its particle attached', () => {
    assert.equal(sentenceCoverage('內部統制의 평가를 마쳤다.', rerankTerms([], hangulBigrams('內部統制'), none)), 1);
    assert.equal(sentenceCoverage('값은 1,200이다.', rerankTerms([], hangulBigrams('값'), none)), 1);
    assert.equal(sentenceCoverage('값비싼 물건이다.', rerankTerms([], hangulBigrams('값'), none)), 0);
  });

  it('scores text without sentence punctuation by windows of words, not as one sentence', () => {
    const terms = rerankTerms(['defin', 'file'], [], none);
    const listing = ['\\def\\x defined here', ...Array.from({ length: 60 }, (_, i) => `${130 + i} \\input{omx.fd}`), 'read the file'].join('\n');
    assert.equal(sentenceCoverage(listing, terms), 0.5);
    assert.equal(sentenceCoverage(`${listing}. They must be defined by this file.`, terms), 1);
  });

  it('weighs a term by how rare the statistics say it is', () => {
    const shares = new Map([['offic', 0.2], ['board', 0.01]]);
    const terms = rerankTerms(['offic', 'lisbon'], [], shares);
    const weight = Object.fromEntries(terms.map((t) => [t.term, t.weight]));
    // Unknown to the statistics: rarer than the rarest they keep.
    assert.ok(weight.lisbon > Math.log(1 / 0.01));
    assert.ok(weight.offic < weight.lisbon);
    assert.ok(sentenceCoverage('Lisbon is a city.', terms) > sentenceCoverage('The office is open.', terms));
  });

  it('reorders the first candidates by fused score and coverage, dropping the rest', () => {
    const terms = rerankTerms(['lisbon', 'revenu'], [], none);
    const candidates = [
      { id: 'a', text: 'Lisbon is far. Revenue rose.', score: 0.03 },
      { id: 'b', text: 'Lisbon revenue rose.', score: 0.02 },
      { id: 'c', text: 'Nothing relevant.', score: 0.019 },
      { id: 'd', text: 'Lisbon revenue rose.', score: 0.01 },
    ];
    const out = rerankBySentence(candidates, terms, 3);
    assert.deepEqual(out.map((c) => c.id), ['b', 'a', 'c']);
    assert.ok(out.every((c) => c.score < 1));
    assert.deepEqual(rerankBySentence(candidates, [], 2).map((c) => c.id), ['a', 'b'], 'no terms: fused order');
  });
});
