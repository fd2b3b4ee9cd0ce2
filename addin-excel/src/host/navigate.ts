/**
 * Click-to-cell: selects the cells an answer cites, on their sheet, in one Excel.run batch.
 */
import type { CellRef } from '@intellio/api-client';
import { excelRun } from './guard.js';

/**
 * Activates the cited sheet and selects the address on it. A reference without a sheet is on the sheet
 * the analysed selection came from (`ref.sheet` is that name when the caller knows it); with neither, the
 * active sheet. Excel's own error ("The requested resource doesn't exist.") reaches the caller.
 */
export async function selectCells(ref: CellRef): Promise<{ sheet: string; address: string }> {
  return excelRun(async (context) => {
    const sheets = context.workbook.worksheets;
    const sheet = ref.sheet ? sheets.getItem(ref.sheet) : sheets.getActiveWorksheet();
    sheet.activate();
    const range = sheet.getRange(ref.address);
    range.select();
    sheet.load('name');
    await context.sync();
    return { sheet: sheet.name, address: ref.address };
  });
}
