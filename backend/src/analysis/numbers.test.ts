import assert from 'node:assert/strict';
import { describe, it } from 'mocha';
import { cellNumber, dayNumber, parseNumbers } from './numbers.js';
import { toNumber } from './stats.js';

/** [text, value, tolerance, percent, unit] of each number read. */
const read = (text: string) => parseNumbers(text).map((n) => [n.text, n.value, n.tolerance, n.percent, n.unit]);

describe('numbers as written', () => {
  it('reads grouping, decimals and the precision written', () => {
    assert.deepEqual(read('1,200 and 1200 and 0.12 and 16,330.5'), [
      ['1,200', 1200, 0.5, false, null],
      ['1200', 1200, 0.5, false, null],
      ['0.12', 0.12, 0.005, false, null],
      ['16,330.5', 16330.5, 0.05, false, null],
    ]);
  });

  it('applies scale words and suffixes to the value and to the precision', () => {
    assert.deepEqual(read('1.2k, $1.25 million, 3 billion, €4bn'), [
      ['1.2k', 1200, 50, false, null],
      ['$1.25 million', 1_250_000, 5000, false, 'USD'],
      ['3 billion', 3e9, 5e8, false, null],
      ['€4bn', 4e9, 5e8, false, 'EUR'],
    ]);
    // A lone "m" or "b" without money is as likely metres or a label: not a scale.
    assert.deepEqual(read('a 5 m wall'), [['5', 5, 0.5, false, null]]);
    assert.deepEqual(read('$3m and 1.2m'), [['$3m', 3e6, 5e5, false, 'USD'], ['1.2m', 1.2e6, 5e4, false, null]]);
  });

  it('tells percentages, basis points and multiples', () => {
    assert.deepEqual(read('12% then 11.2 percent, −3.5 per cent, 50 bps and 7.2×'), [
      ['12%', 12, 0.5, true, null],
      ['11.2 percent', 11.2, 0.05, true, null],
      ['−3.5 per cent', -3.5, 0.05, true, null],
      ['50 bps', 0.5, 0.005, true, null],
      ['7.2×', 7.2, 0.05, false, 'x'],
    ]);
  });

  it('reads Korean number words 만, 억, 조 (compound too) and 원 as a currency', () => {
    assert.deepEqual(read('매출은 4,812억원, 3만, 1조 2,000억, 3천만 원, 5,000원'), [
      ['4,812억원', 481_200_000_000, 5e7, false, 'KRW'],
      ['3만', 30_000, 5000, false, null],
      ['1조 2,000억', 1_200_000_000_000, 5e7, false, null],
      ['3천만 원', 30_000_000, 5e6, false, 'KRW'],
      ['5,000원', 5000, 0.5, false, 'KRW'],
    ]);
  });

  it('reads dates as days, not as three numbers', () => {
    const day = dayNumber(2024, 3, 15);
    for (const text of ['2024-03-15', 'March 15, 2024', '15 March 2024', '3/15/2024', '2024년 3월 15일', '2024/03/15', '2024.03.15']) {
      assert.deepEqual(parseNumbers(`on ${text}.`).map((n) => [n.value, n.unit]), [[day, 'date']], text);
    }
    assert.equal(dayNumber(2024, 2, 30), null);
  });

  it('flags bare years and leaves names glued to letters alone', () => {
    assert.deepEqual(parseNumbers('In 2023 revenue was 2,023').map((n) => [n.text, n.year]), [['2023', true], ['2,023', false]]);
    assert.deepEqual(read('FY2024, v2.0, A1, [B2], P1, COVID-19, 1st, 3D, Sheet2!C4'), []);
  });

  it('gives each number its span in the text', () => {
    const text = 'Revenue: $9,100 (+41.7%)';
    for (const n of parseNumbers(text)) assert.equal(text.slice(n.start, n.end), n.text);
  });

  it('reads a cell: numbers exactly, text only when it is one figure', () => {
    assert.deepEqual([cellNumber(1200)?.value, cellNumber(1200)?.tolerance], [1200, 0]);
    assert.deepEqual([cellNumber('$1,200')?.value, cellNumber('$1,200')?.unit], [1200, 'USD']);
    assert.equal(cellNumber('(40)')?.value, -40);
    assert.deepEqual([cellNumber('12%')?.value, cellNumber('12%')?.percent], [12, true]);
    assert.equal(cellNumber('Order 12'), null);
    assert.equal(cellNumber(true), null);
  });

  it('reads a lone 천/백 as a scale and leaves a longer word alone', () => {
    assert.deepEqual(read('고객은 5천 명, 3.8천, 5천여 명, 5천으로'), [
      ['5천', 5000, 500, false, null],
      ['3.8천', 3800, 50, false, null],
      ['5천', 5000, 500, false, null],
      ['5천', 5000, 500, false, null],
    ]);
    // Not "3" of a 백화점 (department store).
    assert.deepEqual(read('3백화점'), []);
  });

  it('reads percentage points as percentages', () => {
    assert.deepEqual(read('이익률은 12.5%p 올랐다; up 2 pp; 3 percentage points; 1.5%포인트'), [
      ['12.5%p', 12.5, 0.05, true, null],
      ['2 pp', 2, 0.5, true, null],
      ['3 percentage points', 3, 0.5, true, null],
      ['1.5%포인트', 1.5, 0.05, true, null],
    ]);
  });

  it('reads the end of a range, but not the rest of a code or of a span of years', () => {
    assert.deepEqual(read('1,200–9,100 and 1,200-99,999 and 3.5-4.2%').map((n) => n[1]), [1200, 9100, 1200, 99999, 3.5, 4.2]);
    assert.deepEqual(read('010-1234-5678, FY 2023-24, 2023–24').map((n) => n[0]), ['010', '2023', '2023']);
  });

  it('reads a Korean compound figure to its last group, with or without a unit', () => {
    assert.deepEqual(read('3억 481만 4,338이다'), [['3억 481만 4,338', 304814338, 0.5, false, null]]);
    assert.deepEqual(read('3억 481만 4,338명'), [['3억 481만 4,338', 304814338, 0.5, false, null]]);
    // A year after 만 is a year of its own.
    assert.deepEqual(read('5만 2023년').map((n) => n[1]), [50000, 2023]);
  });

  it('reads exponents, a trillion written T, and a currency sign spaced from its figure', () => {
    assert.deepEqual(read('1.2E+08 and 6.8T and $ 1,200'), [
      ['1.2E+08', 120000000, 5000000, false, null],
      ['6.8T', 6.8e12, 5e10, false, null],
      ['$ 1,200', 1200, 0.5, false, 'USD'],
    ]);
    // A sign after the currency sign, as sheets format negatives: "$-179".
    assert.deepEqual(read('$-179 and -$179').map((n) => n[1]), [-179, -179]);
    assert.equal(toNumber('$-179'), -179);
  });

  it('reads a timed cell as the add-ins send it as its day', () => {
    for (const v of ['2024-03-15T10:30:00', '2024-03-15T00:00:00.000Z', '2024-03-15 10:30']) {
      assert.deepEqual([cellNumber(v)?.value, cellNumber(v)?.unit], [dayNumber(2024, 3, 15), 'date'], v);
    }
    assert.equal(cellNumber('2024-02-30T10:30:00'), null);
  });
});
