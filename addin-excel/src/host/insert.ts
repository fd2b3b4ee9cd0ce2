/**
 * Writes an answer (and optionally a citations table) into the workbook: at a cell the user names, or on a
 * new sheet. Everything is queued and sent in one Excel.run batch with a single sync.
 */
import { answerRows, citationHeaders, parseCellTarget } from '@intellio/api-client';
import type { InsertRequest, InsertResult } from './types.js';

// Re-exported so the pane and its tests read the layout from the host module they drive.
export { answerRows, CITATION_HEADERS, citationHeaders, OCR_NOTE, parseCellTarget } from '@intellio/api-client';

/** Writes the answer in one batch and returns where it went (for the pane's confirmation). */
export async function insertAnswer(request: InsertRequest): Promise<InsertResult> {
  const rows = answerRows(request.answer, request.citations, request.includeCitations);
  return Excel.run(async (context) => {
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
    if (request.includeCitations && request.citations.length) {
      const header = anchor.getOffsetRange(rows.length - request.citations.length - 1, 0).getResizedRange(0, citationHeaders(request.citations).length - 1);
      header.format.font.bold = true;
    }
    sheet.activate();
    block.select();
    block.load('address');
    sheet.load('name');
    await context.sync();
    return { sheet: sheet.name, address: block.address };
  });
}
