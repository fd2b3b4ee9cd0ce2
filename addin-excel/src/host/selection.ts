/**
 * Reads the user's selection with office-js. Several areas (Ctrl+click) come from getSelectedRanges().
 * Two syncs on purpose: the first loads only the size, so a huge selection is refused before Excel ships
 * megabytes of values (Excel on the web caps a response at ~5 MB); the second loads every area at once.
 */
import { SELECTION_CELL_LIMIT } from '@intellio/api-client';
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
    if (ranges.cellCount > limit) return { status: 'too_large', address: ranges.address, cellCount: ranges.cellCount, limit } as const;

    const areas: Excel.Range[] = [];
    for (let i = 0; i < ranges.areaCount; i++) {
      const area = ranges.areas.getItemAt(i);
      area.load('address, rowCount, columnCount, values, numberFormat');
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

function toArea(range: Excel.Range, firstRowIsHeaders: boolean, columnName = (n: number) => `Column ${n}`): SelectionArea {
  const values = (range.values as unknown[][]).map((row, r) => row.map((v, c) => cellValue(v, range.numberFormat[r]?.[c])));
  const numberFormat = range.numberFormat.map((row) => row.map(String));
  const area: SelectionArea = { address: localAddress(range.address), rowCount: range.rowCount, columnCount: range.columnCount, values, numberFormat };
  if (firstRowIsHeaders && values.length > 1) {
    area.headers = values[0].map((h, i) => (h === null || h === '' ? columnName(i + 1) : String(h)));
    area.values = values.slice(1);
    area.numberFormat = numberFormat.slice(1);
  }
  return area;
}

/** "'My Sheet'!B2:C4" → "B2:C4"; the sheet travels separately. */
export function localAddress(address: string): string {
  const bang = address.lastIndexOf('!');
  return bang >= 0 ? address.slice(bang + 1) : address;
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
    const ms = Math.round((value - 25569) * 86_400_000);
    const iso = new Date(ms).toISOString();
    return /h|s/i.test(format) ? iso.slice(0, 19) : iso.slice(0, 10);
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
