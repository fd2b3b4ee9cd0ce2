/**
 * Writes an answer (and optionally a citations table) into the workbook: at a cell the user names, or on a
 * new sheet. Everything is queued and sent in one Excel.run batch with a single sync.
 */
import type { Citation, InsertRequest, InsertResult } from './types.js';

export const CITATION_HEADERS = ['#', 'Document', 'Page', 'Quote', 'Link'];

/** The cells to write, as rows: answer paragraphs first, then a blank row and the citations table. */
export function answerRows(answer: string, citations: Citation[], includeCitations: boolean): (string | number)[][] {
  const lines = answer.replace(/\r\n/g, '\n').split('\n').map((l) => l.trimEnd());
  while (lines.length > 1 && lines[lines.length - 1] === '') lines.pop();
  const rows: (string | number)[][] = lines.map((l) => [l]);
  if (includeCitations && citations.length) {
    rows.push([], CITATION_HEADERS);
    citations.forEach((c, i) => rows.push([i + 1, c.documentName, c.page ?? '', c.quote, c.url]));
  }
  // Excel wants a rectangle: pad every row to the widest one.
  const width = Math.max(...rows.map((r) => r.length), 1);
  return rows.map((r) => [...r, ...Array<string>(width - r.length).fill('')]);
}

/** Splits "Sheet 1!B2" / "'My Sheet'!B2" / "B2" into sheet (or null = active sheet) and cell. */
export function parseTarget(address: string): { sheet: string | null; cell: string } {
  const bang = address.lastIndexOf('!');
  if (bang < 0) return { sheet: null, cell: address.trim() };
  return { sheet: address.slice(0, bang).trim().replace(/^'(.*)'$/, '$1').replace(/''/g, "'"), cell: address.slice(bang + 1).trim() };
}

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
      const { sheet: name, cell } = parseTarget(request.target.address);
      sheet = name ? sheets.getItem(name) : sheets.getActiveWorksheet();
      anchor = sheet.getRange(cell).getCell(0, 0);
    }
    const block = anchor.getResizedRange(rows.length - 1, rows[0].length - 1);
    block.values = rows;
    if (request.includeCitations && request.citations.length) {
      const header = anchor.getOffsetRange(rows.length - request.citations.length - 1, 0).getResizedRange(0, CITATION_HEADERS.length - 1);
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
