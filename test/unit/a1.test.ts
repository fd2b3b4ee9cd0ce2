/** The web app's A1 address parsing, which turns an answer's cell citations into grid selections. */
import assert from 'node:assert/strict';
import { columnIndex, parseA1Range, rangeFits } from '../../webapp/src/grid/a1.js';
import { columnName } from '../../webapp/src/grid/selection.js';

describe('web app: A1 addresses for cell citations', () => {
  it('reads column letters as the inverse of columnName', () => {
    for (const col of [0, 1, 25, 26, 27, 51, 52, 701, 702, 16383]) assert.equal(columnIndex(columnName(col)), col, columnName(col));
    assert.equal(columnIndex('b'), 1);
  });

  it('parses a cell, a range either way round, absolute and sheet-qualified addresses', () => {
    assert.deepEqual(parseA1Range('B2'), { start: { row: 1, col: 1 }, end: { row: 1, col: 1 } });
    assert.deepEqual(parseA1Range('B2:B9'), { start: { row: 1, col: 1 }, end: { row: 8, col: 1 } });
    assert.deepEqual(parseA1Range('C9:A2'), { start: { row: 1, col: 0 }, end: { row: 8, col: 2 } });
    assert.deepEqual(parseA1Range('$C$4'), { start: { row: 3, col: 2 }, end: { row: 3, col: 2 } });
    assert.deepEqual(parseA1Range('Sheet1!C4'), { start: { row: 3, col: 2 }, end: { row: 3, col: 2 } });
    assert.deepEqual(parseA1Range("'Q3 sales!'!aa10"), { start: { row: 9, col: 26 }, end: { row: 9, col: 26 } });
  });

  it('refuses what is not an address', () => {
    for (const text of ['', 'P', '2B', 'B0', 'B2:', 'A1:B2:C3', 'ABCD1', 'B2 C3', 'B-2']) assert.equal(parseA1Range(text), null, JSON.stringify(text));
  });

  it('says whether a range lies inside the table', () => {
    const bounds = { rows: 7, cols: 3 };
    assert.equal(rangeFits(parseA1Range('C7')!, bounds), true);
    assert.equal(rangeFits(parseA1Range('A1:C7')!, bounds), true);
    assert.equal(rangeFits(parseA1Range('D1')!, bounds), false);
    assert.equal(rangeFits(parseA1Range('A8')!, bounds), false);
  });
});
