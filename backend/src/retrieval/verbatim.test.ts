import assert from 'node:assert/strict';
import { parseQuery } from './query.js';
import { saysRun, splitVerbatim, verbatimRuns, wordRun } from './verbatim.js';

describe('verbatim: passages saying the question as asked', () => {
  it('compares words only, case folded, whatever stands between them', () => {
    assert.equal(wordRun('This variant is also available:\n\n$ gcloud alpha'), 'this variant is also available gcloud alpha');
    assert.ok(saysRun('This variant is also available:\n$ gcloud alpha move', ['variant is also available gcloud alpha']));
  });

  it('needs every word as written: not another form, not part of a word', () => {
    const runs = ['variant is also available'];
    assert.equal(saysRun('These variants are also available.', runs), false);
    assert.equal(saysRun('The covariant is also available.', runs), false);
    assert.equal(saysRun('A variant is also available.', runs), true);
    // Every word present, the longest among them, but not in the asked order.
    assert.equal(saysRun('Also available: a variant. It is new.', runs), false);
    assert.equal(saysRun('variant is also\navailable', runs), true, 'at the very start and end of a text');
    assert.equal(saysRun('Any text at all.', ['', ' leading space']), false, 'a run with no first word says nothing (and ends)');
  });

  it('folds case beyond ASCII and reads Hangul words as words', () => {
    assert.ok(saysRun('ÉTÉ 2024 — Über Straße NR. 5', [wordRun('été 2024 über straße')]));
    assert.ok(saysRun('표 3: 2024년 매출은 전년 대비 12% 늘었다.', [wordRun('매출은 전년 대비 12')]));
    assert.equal(saysRun('표 3: 2024년 매출은 전년보다 대비 12% 늘었다.', [wordRun('매출은 전년 대비 12')]), false);
    // Letters outside the Basic Multilingual Plane are two UTF-16 units: whole words all the same.
    assert.ok(saysRun('a 𝒜𝒷, b c d e', ['𝒜𝒷 b c d']));
    assert.equal(saysRun('𝒵𝒜𝒷 b c d', ['𝒜𝒷 b c d']), false);
    assert.equal(saysRun('𝒜𝒷 b c d𝒵', ['𝒜𝒷 b c d']), false);
  });

  it('finds any one of several quoted passages', () => {
    const runs = ['net revenue rose sharply', 'costs fell in the third quarter'];
    assert.ok(saysRun('Costs fell in the third quarter, as planned.', runs));
    assert.ok(saysRun('Net revenue rose sharply.', runs));
    assert.equal(saysRun('Revenue rose; costs fell.', runs), false);
  });

  it('looks for each quoted passage, or the question less its frame, of four words or more', () => {
    assert.deepEqual(verbatimRuns(parseQuery('"net revenue rose sharply" against "costs"')), ['net revenue rose sharply']);
    assert.deepEqual(verbatimRuns(parseQuery('Which page says packages with no binaries?')), ['packages with no binaries']);
    assert.deepEqual(verbatimRuns(parseQuery('one of its backends')), ['one of its backends']);
    assert.deepEqual(verbatimRuns(parseQuery('net revenue rose')), [], 'three words in order say little');
    // An analysis searches the significant words; the question as typed says what to look for.
    assert.deepEqual(verbatimRuns(parseQuery('packages binaries'), 'packages with no binaries'), ['packages with no binaries']);
    assert.deepEqual(verbatimRuns(parseQuery('"no binaries at all" packages'), 'packages with "no binaries at all"'), ['no binaries at all'], 'a quoted passage still decides');
  });

  it('splits candidates into those saying it and the rest, each in its order', () => {
    const candidates = [
      { id: 'a', text: 'Packages that ship binaries.' },
      { id: 'b', text: 'Source packages with no binaries are skipped.' },
      { id: 'c', text: 'Nothing here.' },
      { id: 'd', text: 'PACKAGES WITH NO BINARIES' },
    ];
    const { said, rest } = splitVerbatim(candidates, ['packages with no binaries']);
    assert.deepEqual(said.map((c) => c.id), ['b', 'd']);
    assert.deepEqual(rest.map((c) => c.id), ['a', 'c']);
    assert.deepEqual(splitVerbatim(candidates, []).rest, candidates);
  });
});
