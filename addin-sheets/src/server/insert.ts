/** Writes an answer (and optionally its citations table) at a cell or on a new sheet, in one setValues. */
import { answerRows, citationHeaders, parseCellTarget, type AnswerCitation } from '@intellio/api-client';

export type InsertTarget = { kind: 'cell'; address: string } | { kind: 'sheet'; name: string };

export interface InsertRequest {
  answer: string;
  citations: AnswerCitation[];
  includeCitations: boolean;
  target: InsertTarget;
}

export function writeAnswer(req: InsertRequest): { sheet: string; address: string } {
  const spreadsheet = SpreadsheetApp.getActiveSpreadsheet();
  let sheet: GoogleAppsScript.Spreadsheet.Sheet;
  let cellA1 = 'A1';
  if (req.target.kind === 'sheet') {
    const name = req.target.name.trim();
    if (!name) throw new Error('Give the new sheet a name.');
    if (spreadsheet.getSheetByName(name)) throw new Error(`A sheet named "${name}" already exists. Pick another name.`);
    sheet = spreadsheet.insertSheet(name);
  } else {
    const { sheet: name, cell } = parseCellTarget(req.target.address);
    const found = name ? spreadsheet.getSheetByName(name) : spreadsheet.getActiveSheet();
    if (!found) throw new Error(`There is no sheet named "${name}".`);
    sheet = found;
    cellA1 = cell;
  }
  let anchor: GoogleAppsScript.Spreadsheet.Range;
  try {
    anchor = sheet.getRange(cellA1);
  } catch {
    throw new Error(`"${cellA1}" is not a cell address (try H2).`);
  }
  const rows = answerRows(req.answer, req.citations, req.includeCitations);
  const block = sheet.getRange(anchor.getRow(), anchor.getColumn(), rows.length, rows[0].length);
  block.setValues(rows);
  if (req.includeCitations && req.citations.length) {
    sheet.getRange(anchor.getRow() + rows.length - req.citations.length - 1, anchor.getColumn(), 1, citationHeaders(req.citations).length).setFontWeight('bold');
  }
  sheet.activate();
  return { sheet: sheet.getName(), address: block.getA1Notation() };
}
