/**
 * The quality bench's own rules, so its figures mean what its header says: which lines and sentences are
 * sampled, how a paraphrase and a fabricated claim are made, and that a Korean question shares no Hangul
 * word form with its sentence. Run by name: `npx mocha bench/quality.test.ts` (the suite's spec is src/).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'mocha';
import { claimCases, fabricateNumber, statesValue, type SourcePassage } from './claim-set.js';
import { koreanCorpus } from './korean-corpus.js';
import { paraphrase, reorderClauses } from './paraphrase.js';
import { boilerplateLines, comparable, pageSentences } from './sentences.js';

const prose = 'The table of contents is written to an auxiliary file, which is read back on the next run of the program.';

describe('quality bench: sentence sampling', () => {
  it('drops running headers, contents lines and code, and keeps prose', () => {
    const body = [prose, 'Fonts are loaded on demand, so a document that never uses them pays nothing at all.', 'Each float waits in a queue until a page has room enough for it and its caption.'];
    const pages = body.map((text, n) => `LaTeX News Issue 23\n${text}\n\\def\\foo#1{\\bar{#1}}\n1.2 Fonts and encodings . . . . . . . 14\nPage ${n + 1}`);
    const boilerplate = boilerplateLines(pages);
    assert.ok(boilerplate.has('LaTeX News Issue #'));
    assert.ok(boilerplate.has('Page #'));
    assert.deepEqual(pageSentences(pages[0], boilerplate), [prose]);
  });

  it('joins a word hyphenated at a line end and refuses fragments, short and abbreviated sentences', () => {
    const page = 'The aux-\niliary file is read back on the next run of the program.\nToo short to be asked.\n\nSee the manual for all the details on fonts, e.g.\n\nWhat can you do for the project and its many users? . . .';
    assert.deepEqual(pageSentences(page, new Set()), ['The auxiliary file is read back on the next run of the program.']);
  });

  it('compares quotations by their words only', () => {
    assert.equal(comparable('The “aux-\niliary”  FILE,\nread.'), 'the auxiliary file read');
  });
});

describe('quality bench: paraphrases', () => {
  it('moves the clauses, drops function words, swaps synonyms and is deterministic', () => {
    assert.equal(reorderClauses('When the option is given, the package shows a warning.'), 'the package shows a warning, when the option is given');
    const p = paraphrase('When the option is given, the package shows a warning.');
    assert.equal(p, 'bundle displays warning, when setting given'); // three swaps at most: "given" stays
    assert.equal(paraphrase('When the option is given, the package shows a warning.'), p);
  });
});

describe('quality bench: claims', () => {
  it('fabricates numbers in the style of the original', () => {
    assert.equal(fabricateNumber('3'), '10');
    assert.equal(fabricateNumber('1,000'), '1,370');
    assert.equal(fabricateNumber('2.50'), '3.43');
  });

  it('counts a value as stated however the passage writes it, to the precision the claim writes', () => {
    assert.equal(statesValue('a rule of 10pt and 1370 items', '10'), true);
    assert.equal(statesValue('a rule of 10pt and 1370 items', '1,370'), true);
    assert.equal(statesValue('the margin is 10.2 wide', '10'), true); // "10" rounds 10.2
    assert.equal(statesValue('the margin is 10.2 wide', '10.0'), false);
    assert.equal(statesValue('100 % compatible, dated 2021/04/18', '4'), true);
    assert.equal(statesValue('100 % compatible, dated 2021/04/18', '11'), false);
  });

  it('never takes a list item’s number as a figure, and never fabricates a value the cited passage states', () => {
    const passages: SourcePassage[] = Array.from({ length: 6 }, (_, i) => ({
      chunkId: `c${i}`, documentId: `d${i}`, documentName: `doc${i}.pdf`, page: 1, location: 'page 1',
      text: `The Perl script writes the objects to a readable file (and optimizes the object structure).\n4. A TeX package reads this file and adds the thumbnail reference.\nThe pool holds ${i === 0 ? '10pt' : `${20 + i}`} slots of 17 or 18 registers in all documents.`,
    }));
    const cases = claimCases(passages, 30).filter((c) => c.kind === 'numeric');
    assert.ok(cases.length >= 6);
    for (const c of cases) {
      const number = /: ([\d.,]+) \[/.exec(c.answer)?.[1] ?? '';
      assert.notEqual(number, '4', c.answer);
      const cited = c.passages.find((p) => p.id === /\[(P\d)\]/.exec(c.answer)?.[1]);
      if (c.fabricated) assert.equal(statesValue(cited?.text ?? '', number), false, c.answer);
    }
  });

  it('makes claims that hold (or not) against the passage they cite', () => {
    const passages: SourcePassage[] = Array.from({ length: 6 }, (_, i) => ({
      chunkId: `c${i}`, documentId: `d${i}`, documentName: `doc${i}.pdf`, page: 1, location: 'page 1',
      text: `The register pool holds ${100 + i * 37} slots in chapter ${i} of this manual for every document.\nEach package that needs more registers asks\nfor them before the pool of slots is used up entirely.`,
    }));
    const cases = claimCases(passages, 4);
    assert.equal(cases.length, 16);
    for (const c of cases) {
      const cited = c.passages.find((p) => p.id === /\[(P\d)\]/.exec(c.answer)?.[1]);
      assert.ok(cited, c.answer);
      if (c.kind === 'numeric') {
        const number = /: ([\d.,]+) \[/.exec(c.answer)?.[1] ?? '';
        assert.equal(new RegExp(`(^|\\D)${number.replace(/[.,]/g, '\\$&')}(\\D|$)`).test(cited.text), !c.fabricated, c.answer);
      } else {
        const quote = /["“](.*)["”]/.exec(c.answer)?.[1] ?? '';
        assert.equal(` ${comparable(cited.text)} `.includes(` ${comparable(quote)} `), !c.fabricated, c.answer);
      }
    }
  });
});

describe('quality bench: Korean set', () => {
  it('asks about one sentence per question without any of its Hangul word forms', async () => {
    const { files, facts } = await koreanCorpus(2, 3, 4);
    assert.equal(files.length, 2);
    assert.equal(facts.length, 24);
    const hangul = (s: string) => (s.match(/[\p{L}\p{N}]+/gu) ?? []).filter((w) => /\p{Script=Hangul}/u.test(w));
    for (const f of facts) {
      const forms = new Set(hangul(f.sentence));
      assert.deepEqual(hangul(f.question).filter((w) => forms.has(w)), [], f.question);
      assert.match(f.sentence, /[억만] 원/);
    }
  });
});
