/**
 * Reads the user's selection with office-js. Several areas (Ctrl+click) come from getSelectedRanges().
 * Two syncs on purpose: the first loads only the size, so a huge selection is refused before Excel ships
 * megabytes of values (Excel on the web caps a response at ~5 MB); the second loads every area at once.
 */
import { rangeAddress, SELECTION_CELL_LIMIT } from '@intellio/api-client';
import type { CellValue, SelectionArea, SelectionResult, SheetSelection } from './types.js';
import { documentEvents, excelRun } from './guard.js';

export interface ReadOptions {
  firstRowIsHeaders: boolean;
  maxCells?: number;
  /** The name of an unnamed header cell, in the pane's language ("Column 3"). */
  columnName?: (n: number) => string;
}

/** Reads the current selection (all areas) into plain data. */
export async function readSelection(options: ReadOptions): Promise<SelectionResult> {
  const limit = options.maxCells ?? SELECTION_CELL_LIMIT;
  return excelRun(async (context) => {
    const ranges = context.workbook.getSelectedRanges();
    ranges.load('address, areaCount, cellCount, worksheet/name');
    context.workbook.load('name');
    await context.sync();
    if (!ranges.areaCount || !ranges.cellCount) return { status: 'empty' } as const;
    // Excel says -1 above 2^31-1 cells (the whole sheet): too large, counted from the areas' sizes alone.
    if (ranges.cellCount < 0) return { status: 'too_large', address: ranges.address, cellCount: await countCells(ranges, context), limit } as const;
    if (ranges.cellCount > limit) return { status: 'too_large', address: ranges.address, cellCount: ranges.cellCount, limit } as const;

    const areas: Excel.Range[] = [];
    for (let i = 0; i < ranges.areaCount; i++) {
      const area = ranges.areas.getItemAt(i);
      area.load('address, rowIndex, columnIndex, rowCount, columnCount, values, numberFormat');
      areas.push(area);
    }
    await context.sync();

    const selection: SheetSelection = {
      workbook: context.workbook.name || undefined,
      sheet: ranges.worksheet.name,
      address: ranges.address,
      cellCount: ranges.cellCount,
      areas: areas.map((a) => toArea(a, options.firstRowIsHeaders, options.columnName)),
    };
    return { status: 'ok', selection } as const;
  });
}

async function countCells(ranges: Excel.RangeAreas, context: Excel.RequestContext): Promise<number> {
  const areas: Excel.Range[] = [];
  for (let i = 0; i < ranges.areaCount; i++) areas.push(ranges.areas.getItemAt(i).load('rowCount, columnCount'));
  await context.sync();
  return areas.reduce((n, a) => n + a.rowCount * a.columnCount, 0);
}

function toArea(range: Excel.Range, firstRowIsHeaders: boolean, columnName = (n: number) => `Column ${n}`): SelectionArea {
  const values = (range.values as unknown[][]).map((row, r) => row.map((v, c) => cellValue(v, range.numberFormat[r]?.[c])));
  const numberFormat = range.numberFormat.map((row) => row.map(String));
  // Whole rows come as "3:3", which the analysis API refuses: it takes the cells' own corners ("A3:XFD3").
  const address = rangeAddress(range.rowIndex + 1, range.columnIndex + 1, range.rowCount, range.columnCount);
  const area: SelectionArea = { address, rowCount: range.rowCount, columnCount: range.columnCount, values, numberFormat };
  if (firstRowIsHeaders && values.length > 1) {
    area.headers = values[0].map((h, i) => (h === null || h === '' ? columnName(i + 1) : String(h)));
    area.values = values.slice(1);
    area.numberFormat = numberFormat.slice(1);
  }
  return area;
}

// Date formats contain d, m or y once quoted text and brackets ("[Red]", "[$-409]") are removed; "0.00" does not.
const DATE_FORMAT = /[dmy]/i;

/**
 * Excel stores dates as serial day numbers; sent raw, "45292" means nothing to the analyst. Number formats
 * tell the two apart, so dated cells go out as ISO text.
 */
export function cellValue(value: unknown, format: unknown): CellValue {
  if (value === '' || value === undefined || value === null) return null;
  if (typeof value === 'number' && typeof format === 'string' && format !== 'General' && DATE_FORMAT.test(format.replace(/"[^"]*"|\[[^\]]*\]/g, ''))) {
    const date = new Date(Math.round((value - 25569) * 86_400_000));
    // Outside Excel's dates (0 to 9999-12-31) the cell shows ##### and is a number: toISOString would throw.
    if (value >= 0 && value < 2_958_466 && !Number.isNaN(date.getTime())) {
      const iso = date.toISOString();
      return /h|s/i.test(format) ? iso.slice(0, 19) : iso.slice(0, 10);
    }
  }
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  return String(value);
}

/** The selection as the analysis API takes it (contract: selection.ranges[].{address, values, headers}). */
export function toApiSelection(selection: SheetSelection) {
  return {
    workbook: selection.workbook,
    sheet: selection.sheet,
    ranges: selection.areas.map((a) => ({ address: a.address, values: a.values, ...(a.headers ? { headers: a.headers } : {}) })),
  };
}

/**
 * Calls `onChange` whenever the user selects other cells; returns a function that stops listening.
 * Uses the common API event so it needs no Excel.run and fires for every area change.
 */
export function watchSelection(onChange: () => void): () => void {
  const doc = documentEvents();
  doc.addHandlerAsync(Office.EventType.DocumentSelectionChanged, onChange);
  return () => doc.removeHandlerAsync(Office.EventType.DocumentSelectionChanged, { handler: onChange });
}
