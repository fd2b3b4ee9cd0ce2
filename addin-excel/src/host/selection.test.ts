/**
 * The selection reader against office-addin-mock's Excel object model: the mock enforces load-before-read
 * and sync, so these tests also check that every property the reader uses is loaded in its batch.
 */
import assert from 'node:assert/strict';
import { OfficeMockObject } from 'office-addin-mock';
import { selectionSchema } from '../../../backend/src/analysis/schema.js';
import type { Config } from '../../../backend/src/config.js';
import { cellValue, readSelection, toApiSelection } from './selection.js';

interface AreaData {
  address: string;
  values: unknown[][];
  numberFormat: string[][];
  /** Where the area starts (0-based), for areas whose address does not say it ("3:3"); else read from the address. */
  rowIndex?: number;
  columnIndex?: number;
}

function area(data: AreaData) {
  const corner = /^([A-Z]+)(\d+)/.exec(data.address);
  const rowIndex = data.rowIndex ?? Number(corner?.[2]) - 1;
  const columnIndex = data.columnIndex ?? [...(corner?.[1] ?? '')].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0) - 1;
  return { ...data, rowIndex, columnIndex, rowCount: data.values.length, columnCount: data.values[0]?.length ?? 0 };
}

/** A workbook whose selection is the given areas on Sheet "Q3 Sales". */
function excelWith(areas: AreaData[], cellCount = areas.reduce((n, a) => n + a.values.length * a.values[0].length, 0)) {
  const areaMocks = Object.fromEntries(areas.map((a, i) => [`area${i}`, area(a)]));
  const mock = new OfficeMockObject({
    context: {
      workbook: {
        name: 'Forecast.xlsx',
        selected: {
          address: areas.map((a) => `'Q3 Sales'!${a.address}`).join(','),
          areaCount: areas.length,
          cellCount,
          worksheet: { name: 'Q3 Sales' },
          areas: {
            ...areaMocks,
            getItemAt(this: Record<string, unknown>, i: number) {
              return this[`area${i}`];
            },
          },
        },
        getSelectedRanges(this: { selected: unknown }) {
          return this.selected;
        },
      },
    },
    run(this: { context: unknown }, batch: (context: unknown) => Promise<unknown>) {
      return batch(this.context);
    },
  });
  (globalThis as { Excel?: unknown }).Excel = mock;
  return mock;
}

const REGIONS: AreaData = {
  address: 'A1:B3',
  values: [
    ['Region', 'Revenue'],
    ['North', 1200.5],
    ['South', ''],
  ],
  numberFormat: [
    ['General', 'General'],
    ['General', '#,##0.00'],
    ['General', '#,##0.00'],
  ],
};
const DATES: AreaData = {
  address: 'D1:D3',
  values: [['Closed on'], [45292], [45323.5]],
  numberFormat: [['General'], ['yyyy-mm-dd'], ['dd/mm/yyyy hh:mm']],
};

describe('Excel host: readSelection (office-addin-mock)', () => {
  afterEach(() => delete (globalThis as { Excel?: unknown }).Excel);

  it('reads every area of a multi-area selection with addresses, values and number formats', async () => {
    excelWith([REGIONS, DATES]);
    const result = await readSelection({ firstRowIsHeaders: false });
    assert.equal(result.status, 'ok');
    if (result.status !== 'ok') return;
    const { selection } = result;
    assert.equal(selection.workbook, 'Forecast.xlsx');
    assert.equal(selection.sheet, 'Q3 Sales');
    assert.equal(selection.cellCount, 9);
    assert.deepEqual(
      selection.areas.map((a) => [a.address, a.rowCount, a.columnCount]),
      [
        ['A1:B3', 3, 2],
        ['D1:D3', 3, 1],
      ],
    );
    // Empty cells become null; serial dates become ISO text because their number format says "date".
    assert.deepEqual(selection.areas[0].values, [
      ['Region', 'Revenue'],
      ['North', 1200.5],
      ['South', null],
    ]);
    assert.deepEqual(selection.areas[1].values, [['Closed on'], ['2024-01-01'], ['2024-02-01T12:00:00']]);
    assert.deepEqual(selection.areas[0].numberFormat[1], ['General', '#,##0.00']);
    assert.equal(selection.areas[0].headers, undefined);
  });

  it('splits off the header row of each area when "first row is headers" is ticked', async () => {
    excelWith([REGIONS, DATES]);
    const result = await readSelection({ firstRowIsHeaders: true });
    assert.equal(result.status, 'ok');
    if (result.status !== 'ok') return;
    assert.deepEqual(toApiSelection(result.selection), {
      workbook: 'Forecast.xlsx',
      sheet: 'Q3 Sales',
      ranges: [
        { address: 'A1:B3', headers: ['Region', 'Revenue'], values: [['North', 1200.5], ['South', null]] },
        { address: 'D1:D3', headers: ['Closed on'], values: [['2024-01-01'], ['2024-02-01T12:00:00']] },
      ],
    });
    // The contract: the backend's own schema takes it, and names the values from row 2 on.
    const parsed = selectionSchema({ analysis: { maxCells: 50_000 } } as Config).safeParse(toApiSelection(result.selection));
    assert.ok(parsed.success, JSON.stringify(parsed.error?.issues));
    assert.deepEqual(parsed.data.ranges.map((r) => r.address), ['A2:B3', 'D2:D3']);
  });

  it('names blank header cells instead of sending empty column names', async () => {
    excelWith([{ address: 'A1:B2', values: [['', 'Units'], [1, 2]], numberFormat: [['General', 'General'], ['0', '0']] }]);
    const result = await readSelection({ firstRowIsHeaders: true });
    assert.ok(result.status === 'ok');
    assert.deepEqual(result.selection.areas[0].headers, ['Column 1', 'Units']);
  });

  it('refuses a selection above the cell limit without loading its values', async () => {
    const mock = excelWith([REGIONS], 250_000);
    const result = await readSelection({ firstRowIsHeaders: false, maxCells: 50_000 });
    assert.deepEqual(result, { status: 'too_large', address: "'Q3 Sales'!A1:B3", cellCount: 250_000, limit: 50_000 });
    // The area's values were never requested from Excel (the mock still reports them as not loaded).
    const values = (mock as unknown as { context: { workbook: { selected: { areas: { area0: { values: unknown } } } } } }).context.workbook.selected.areas.area0.values;
    assert.notDeepEqual(values, REGIONS.values);
  });

  it('refuses the whole sheet, whose cell count Excel gives as -1, and counts it from the areas without loading values', async () => {
    const mock = excelWith([{ ...REGIONS, address: '1:1048576' }], -1);
    const areas = (mock as unknown as { context: { workbook: { selected: { areas: { area0: Record<string, unknown> } } } } }).context.workbook.selected.areas;
    Object.assign(areas.area0, { rowCount: 1_048_576, columnCount: 16_384 });
    const result = await readSelection({ firstRowIsHeaders: false, maxCells: 50_000 });
    assert.deepEqual(result, { status: 'too_large', address: "'Q3 Sales'!1:1048576", cellCount: 17_179_869_184, limit: 50_000 });
    assert.notDeepEqual(areas.area0.values, REGIONS.values);
  });

  it('sends a whole row by its cells\' corners, which the analysis API takes, not as "3:3"', async () => {
    const row = Array.from({ length: 16_384 }, (_, i) => (i < 2 ? i + 1 : ''));
    excelWith([{ address: '3:3', rowIndex: 2, columnIndex: 0, values: [row], numberFormat: [row.map(() => 'General')] }]);
    const result = await readSelection({ firstRowIsHeaders: false });
    assert.ok(result.status === 'ok');
    const api = toApiSelection(result.selection);
    assert.equal(api.ranges[0].address, 'A3:XFD3');
    const parsed = selectionSchema({ analysis: { maxCells: 50_000 } } as Config).safeParse(api);
    assert.ok(parsed.success, JSON.stringify(parsed.error?.issues));
  });

  it('reports an empty selection', async () => {
    excelWith([], 0);
    assert.deepEqual(await readSelection({ firstRowIsHeaders: false }), { status: 'empty' });
  });
});

describe('Excel host: cell conversions', () => {
  it('keeps numbers whose format is not a date, and ignores colours and locales in brackets', () => {
    assert.equal(cellValue(0.25, '0.00%'), 0.25);
    assert.equal(cellValue(1234, '[Red]#,##0'), 1234);
    assert.equal(cellValue(45292, '[$-409]d-mmm-yy'), '2024-01-01');
    assert.equal(cellValue(true, 'General'), true);
    assert.equal(cellValue(undefined, 'General'), null);
  });

  it('keeps a number in a date format that is no date Excel has (it shows #####) instead of throwing', () => {
    assert.equal(cellValue(1e10, 'yyyy-mm-dd'), 1e10);
    assert.equal(cellValue(-1, 'yyyy-mm-dd'), -1);
    assert.equal(cellValue(2_958_465, 'yyyy-mm-dd'), '9999-12-31');
  });
});
