/** Click-to-cell: the sidebar asks to select the cells an answer cites. */
import { parseCellRef } from '@intellio/api-client';
import { t } from './i18n';

/**
 * Activates `sheetName` (the analysed sheet for an unqualified citation; the active sheet when unknown)
 * and makes `address` its active range.
 */
export function selectRange(sheetName: string | null, address: string): { sheet: string; address: string } {
  const ref = parseCellRef(address);
  if (!ref || ref.sheet !== null) throw new Error(t('pane.insert.notRange', { address }));
  const spreadsheet = SpreadsheetApp.getActiveSpreadsheet();
  const sheet = sheetName ? spreadsheet.getSheetByName(sheetName) : spreadsheet.getActiveSheet();
  if (!sheet) throw new Error(t('pane.insert.noSheet', { name: sheetName }));
  const range = sheet.getRange(ref.address);
  // setActiveRange works on the active sheet: a citation on another sheet needs that sheet shown first.
  sheet.activate();
  sheet.setActiveRange(range);
  return { sheet: sheet.getName(), address: range.getA1Notation() };
}
