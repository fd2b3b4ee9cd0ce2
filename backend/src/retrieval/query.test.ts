import assert from 'node:assert/strict';
import { hangulBigrams, indexedGrams, parseQuery, questionParts, websearchDashes } from './query.js';
import { retrievalQuery } from '../analysis/context.js';
import { bestSentence } from './search.js';

describe('search query parsing', () => {
  it('takes a quoted passage as a phrase and leaves the question words out', () => {
    const q = parseQuery('Which page says: “The committee approved the budget.”?');
    assert.deepEqual(q.phrases, ['The committee approved the budget.']);
    assert.equal(q.english, '"The committee approved the budget."');
    assert.equal(q.embedText, 'The committee approved the budget.');
  });

  it('keeps the words outside the quotes that are not the question frame', () => {
    const q = parseQuery('Where does it say "net revenue" rose in Lisbon?');
    assert.deepEqual(q.phrases, ['net revenue']);
    assert.equal(q.english, '"net revenue" rose in Lisbon');
  });

  it('keeps a passage quoted to the end of the question whole, quotation marks inside it included', () => {
    const q = parseQuery('Which page says: “The “draft” option prints a watermark.”?');
    assert.deepEqual(q.phrases, ['The "draft" option prints a watermark.']);
    assert.equal(q.english, '"The  draft  option prints a watermark."');
  });

  it('reads a quotation mark left open as a passage running to the end', () => {
    assert.deepEqual(parseQuery('Which page says "net revenue rose').phrases, ['net revenue rose']);
  });

  it('drops a leading frame only after a question or request word, and a trailing "on which page?"', () => {
    assert.equal(questionParts('Find the passage about the financial outlook').rest, 'financial outlook');
    assert.equal(questionParts('Which document mentions the Lisbon office').rest, 'Lisbon office');
    assert.equal(questionParts('Net revenue rose 12% in 2024, on which page?').rest, 'Net revenue rose 12% in 2024');
    assert.equal(questionParts('net revenue rose, which page is that on?').rest, 'net revenue rose');
    // Not a question frame: every word is sought.
    assert.equal(questionParts('State tax on page 3').rest, 'State tax on page 3');
    assert.equal(questionParts('Section 4.2 limits').rest, 'Section 4.2 limits');
    // Nothing but frame words: they are what is sought.
    assert.equal(questionParts('Which pages?').rest, 'Which pages?');
  });

  it('reads a long run of punctuation between words in linear time', () => {
    // Each of the frame patterns (a trailing "on which page?", the punctuation trimmed off the end) once
    // scanned the whole run from every position in it: 24k characters of " , " took 3.7 s.
    for (const run of [' ,', ' -', ': ', '? ']) {
      const question = `net revenue${run.repeat(20_000)} rose`;
      const started = Date.now();
      assert.equal(questionParts(question).rest.replace(/[^a-z ]/g, '').replace(/\s+/g, ' '), 'net revenue rose');
      assert.ok(Date.now() - started < 1000, `${JSON.stringify(run)}: ${Date.now() - started} ms`);
    }
  });

  it('tries an unquoted question of four words or more as a phrase too (nearly verbatim), a shorter one not', () => {
    assert.deepEqual(parseQuery('Which page says the committee approved the budget before the audit').phrases, ['committee approved the budget before the audit']);
    assert.deepEqual(parseQuery('packages with no binaries').phrases, ['packages with no binaries']);
    assert.deepEqual(parseQuery('committee budget audit').phrases, []);
    assert.deepEqual(parseQuery('Which page says packages with binaries?').phrases, [], 'the frame words do not count');
  });

  it('keeps a lone dash before a word as "not" and makes every other dash outside a word punctuation', () => {
    assert.equal(websearchDashes('budget -draft'), 'budget -draft');
    assert.equal(websearchDashes('-draft budget'), '-draft budget');
    assert.equal(websearchDashes('e-mail 2023-24 foo---bar'), 'e-mail 2023-24 foo---bar');
    assert.equal(websearchDashes('revenue - costs'), 'revenue   costs');
    assert.equal(websearchDashes('revenue --costs'), 'revenue  costs');
    assert.equal(websearchDashes(`KEY Type ${'-'.repeat(60)} Example`), 'KEY Type   Example');
    assert.equal(websearchDashes('a - - - (-b'), 'a       ( b');
    // The English query of an unquoted question, not its quoted passages (a phrase reads no operators).
    assert.equal(parseQuery(`Find the KEY Type ${'-'.repeat(40)} Example table`).english, `KEY Type   Example table`);
  });

  it('normalises the query as ingest normalises documents', () => {
    assert.equal(parseQuery('the ﬁnancial “net” posi\u00ADtion').text, 'the financial "net" position');
  });

  it('splits Hangul runs into bigrams, digits written onto them included, and keeps them out of the English query', () => {
    assert.deepEqual(hangulBigrams('서울 지점의 매출은'), ['서울', '지점', '점의', '매출', '출은']);
    assert.deepEqual(hangulBigrams('2024년 3분기 및 4,812억'), ['20', '02', '24', '4년', '3분', '분기', '및', '81', '12', '2억']);
    assert.deepEqual(hangulBigrams('revenue 4,812 only'), []);
    const q = parseQuery('Atlas 프로젝트의 revenue');
    assert.equal(q.english, 'Atlas revenue');
    assert.deepEqual(q.bigrams, ['프로', '로젝', '젝트', '트의']);
  });

  it('splits hanja runs into bigrams as Hangul ones, and keeps a Latin word\'s digits in the English query', () => {
    assert.deepEqual(hangulBigrams('內部統制의 평가'), ['內部', '部統', '統制', '制의', '평가']);
    const q = parseQuery('Q3의 ESG경영 內部統制 2024년 AI를');
    assert.equal(q.english, 'Q3 ESG AI');
    assert.deepEqual(q.bigrams, ['3의', '경영', '內部', '部統', '統制', '20', '02', '24', '4년', '를']);
  });

  it('indexes a one-syllable noun alone before a particle, as hangul_bigrams stores it, never a question\'s', () => {
    assert.deepEqual(indexedGrams('값은 값으로 책 회의는 3의 稅는'), ['값', '값은', '값', '값으', '으로', '책', '회의', '의는', '3의', '稅', '稅는']);
    assert.deepEqual(hangulBigrams('회의'), ['회의']);
  });

  it('leaves Korean question endings out of what is sought', () => {
    assert.equal(questionParts('서울의 매출이 얼마였나요?').rest, '서울의 매출이');
    assert.equal(questionParts('어느 페이지에 서울 매출이 나와 있나요?').rest, '서울 매출이');
  });

  it('scores a passage by the sentence holding the most of the words, stems and bigrams alike', () => {
    const page = '서울 지점의 2023년 1분기 매출은 10억 원이었다. 부산 지점의 2024년 3분기 인건비는 5억 원이었다.';
    // Every bigram of the question is on the page, but no sentence holds more than six of the eight.
    assert.equal(bestSentence(page, [], hangulBigrams('서울 매출 2024년 3분기')), 6);
    assert.equal(bestSentence('서울 지점의 2024년 3분기 매출은 12억 원이었다.', [], hangulBigrams('서울 매출 2024년 3분기')), 8);
    assert.equal(bestSentence('The studies were approved. Revenues rose.', ['studi', 'approv', 'revenu'], []), 2);
  });

  it('gives analyses a retrieval query that keeps quoted passages whole and short Korean nouns', () => {
    const none = { sheet: 'Sheet1', ranges: [] };
    assert.equal(retrievalQuery('Which page says: “The “draft” option prints a watermark.”?', none), '"The draft option prints a watermark."');
    assert.equal(retrievalQuery('Where does it say that revenue rose in Lisbon?', none), 'revenue rose lisbon');
    assert.equal(retrievalQuery('서울 매출', none), '서울 매출');
    // A year tells one year's figure from another's; other bare numbers are left out.
    assert.equal(retrievalQuery('What was the Lisbon revenue in 2021, item 42?', none), 'lisbon revenue 2021 item');
    // So does a short code of letters and digits: a quarter, a half, a fiscal year.
    assert.equal(retrievalQuery('Why did EMEA fall in Q3?', none), 'emea fall q3');
    assert.equal(retrievalQuery('H1 margin vs FY24 plan', none), 'h1 margin fy24 plan');
    // And a two-letter acronym in capitals, in either language ("it" and "us" in lower case are stopwords).
    assert.equal(retrievalQuery('AI 투자 현황은?', none), 'ai 투자 현황은');
    assert.equal(retrievalQuery('Did HR costs rise in the EU? Tell us about it.', none), 'hr costs rise eu');
  });
});
