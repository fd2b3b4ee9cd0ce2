/**
 * Writes an answer (and optionally a citations table) into the workbook: at a cell the user names, or on a
 * new sheet. Unsupported claims carry their flag in the column right of their line, and each source cell
 * of the citations table is a real hyperlink to the stable app link. Everything is queued and sent in one
 * Excel.run batch with a single sync.
 */
import { FORMULA_START, parseCellTarget, sheetLayout } from '@intellio/api-client';
import type { InsertRequest, InsertResult } from './types.js';
import { excelRun } from './guard.js';

// Re-exported so the pane and its tests read the layout from the host module they drive.
export { answerRows, CITATION_HEADERS, citationHeaders, OCR_NOTE, parseCellTarget, sheetLayout } from '@intellio/api-client';

/** Writes the answer in one batch and returns where it went (for the pane's confirmation). */
export async function insertAnswer(request: InsertRequest): Promise<InsertResult> {
  const layout = sheetLayout(request);
  const { rows } = layout;
  return excelRun(async (context) => {
    const sheets = context.workbook.worksheets;
    let sheet: Excel.Worksheet;
    let anchor: Excel.Range;
    if (request.target.kind === 'sheet') {
      sheet = sheets.add(request.target.name);
      anchor = sheet.getRange('A1');
    } else {
      const { sheet: name, cell } = parseCellTarget(request.target.address);
      sheet = name ? sheets.getItem(name) : sheets.getActiveWorksheet();
      anchor = sheet.getRange(cell).getCell(0, 0);
    }
    const block = anchor.getResizedRange(rows.length - 1, rows[0].length - 1);
    block.values = rows;
    if (layout.header) {
      const header = anchor.getOffsetRange(layout.header.row, 0).getResizedRange(0, layout.header.columns - 1);
      header.format.font.bold = true;
    }
    // Queued with the values: setting a hyperlink needs no read, so the batch still syncs once.
    for (const link of layout.links) {
      // The text shown replaces the cell's value: it must not start a formula either (a document named "=cmd|…").
      block.getCell(link.row, link.col).hyperlink = { address: link.url, textToDisplay: link.text.replace(FORMULA_START, (m) => `'${m}`), screenTip: link.tip };
    }
    sheet.activate();
    block.select();
    block.load('address');
    sheet.load('name');
    await context.sync();
    return { sheet: sheet.name, address: block.address };
  });
}
