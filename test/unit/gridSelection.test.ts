/** The web app's table selection model and paste parser (pure modules, no browser needed). */
import assert from 'node:assert/strict';
import { createI18n } from '@intellio/i18n';
import { parseCells } from '../../webapp/src/grid/parseCells.js';
import {
  addCell,
  cellCount,
  columnName,
  extendTo,
  isSelected,
  moveFocus,
  rangeAddress,
  rangesText,
  selectCell,
} from '../../webapp/src/grid/selection.js';

describe('web app: grid selection model', () => {
  const bounds = { rows: 10, cols: 5 };

  it('names columns like a spreadsheet', () => {
    assert.deepEqual([0, 1, 25, 26, 27, 51, 52, 701, 702].map(columnName), ['A', 'B', 'Z', 'AA', 'AB', 'AZ', 'BA', 'ZZ', 'AAA']);
  });

  it('drags (or shift-clicks) a range in any direction and reports it top-left first', () => {
    const dragged = extendTo(selectCell({ row: 3, col: 2 }), { row: 0, col: 0 });
    assert.equal(rangeAddress(dragged.ranges[0]), 'A1:C4');
    assert.equal(cellCount(dragged), 12);
    assert.equal(isSelected(dragged, { row: 2, col: 1 }), true);
    assert.equal(isSelected(dragged, { row: 4, col: 1 }), false);
  });

  it('adds non-contiguous ranges with ctrl/cmd-click and extends only the newest', () => {
    let s = extendTo(selectCell({ row: 0, col: 0 }), { row: 1, col: 1 });
    s = addCell(s, { row: 4, col: 3 });
    s = extendTo(s, { row: 6, col: 3 });
    assert.deepEqual(s.ranges.map(rangeAddress), ['A1:B2', 'D5:D7']);
    assert.equal(rangesText(s), 'A1:B2, D5:D7');
    assert.equal(cellCount(s), 7);
    // A plain click starts over.
    assert.equal(rangesText(selectCell({ row: 9, col: 4 })), 'E10');
    assert.equal(cellCount(selectCell({ row: 9, col: 4 })), 1);
  });

  it('words a selection as the screens do (useSelectionText), in English and Korean', async () => {
    let s = extendTo(selectCell({ row: 0, col: 0 }), { row: 1, col: 1 });
    s = extendTo(addCell(s, { row: 4, col: 3 }), { row: 6, col: 3 });
    const i18n = createI18n('ko');
    const words = (sel: typeof s) => i18n.t('grid.selection', { ranges: rangesText(sel), count: cellCount(sel) });
    try {
      assert.equal(words(s), 'A1:B2, D5:D7 · 셀 7개');
      await i18n.changeLanguage('en');
      assert.equal(words(s), 'A1:B2, D5:D7 · 7 cells');
      assert.equal(words(selectCell({ row: 9, col: 4 })), 'E10 · 1 cell');
    } finally {
      await i18n.changeLanguage('en');
    }
  });

  it('moves with the arrows, grows with shift+arrows from the anchor, and stays inside the grid', () => {
    let s = selectCell({ row: 1, col: 1 });
    s = moveFocus(s, 1, 0, bounds, true);
    s = moveFocus(s, 0, 1, bounds, true);
    assert.deepEqual(s.ranges.map(rangeAddress), ['B2:C3']);
    s = moveFocus(s, -5, -5, bounds, true);
    assert.deepEqual(s.ranges.map(rangeAddress), ['A1:B2']);
    s = moveFocus(s, 100, 100, bounds, false);
    assert.deepEqual(s.ranges.map(rangeAddress), ['E10']);
  });
});

describe('web app: pasted cells', () => {
  it('reads tab-separated clipboard text with types', () => {
    assert.deepEqual(parseCells('Region\tSales\tActive\nNorth\t1,200.5\tTRUE\nSouth\t\tfalse\n'), [
      ['Region', 'Sales', 'Active'],
      ['North', 1200.5, true],
      ['South', null, false],
    ]);
  });

  it('reads CSV with quotes, doubled quotes, newlines inside quotes and ragged rows', () => {
    assert.deepEqual(parseCells('name,note\r\n"Smith, J","said ""hi""\nthen left"\nsolo'), [
      ['name', 'note'],
      ['Smith, J', 'said "hi"\nthen left'],
      ['solo', null],
    ]);
  });

  it('keeps codes with leading zeros and dates as text', () => {
    assert.deepEqual(parseCells('007,2026-01-31,-3e2'), [['007', '2026-01-31', -300]]);
  });
});
