/**
 * Writes an answer (and optionally its citations table) at a cell or on a new sheet, in one setValues:
 * unsupported claims carry their flag beside their line, and each source is a HYPERLINK formula to its
 * stable app link (the signed download link only for an old analysis without one).
 */
import { answerWords } from '@intellio/addin-excel/checks';
import { parseCellTarget, sheetLayout, type CheckedCitation, type Claim } from '@intellio/api-client';
import { fixedT, t } from './i18n';

export type InsertTarget = { kind: 'cell'; address: string } | { kind: 'sheet'; name: string };

export interface InsertRequest {
  answer: string;
  citations: CheckedCitation[];
  /** The answer's checked statements (missing on an old analysis). */
  claims?: Claim[];
  includeCitations: boolean;
  target: InsertTarget;
}

/** `=HYPERLINK("url", "label")`: a link setValues writes with the rest, where rich text needs a call per cell. */
export function hyperlinkFormula(url: string, label: string): string {
  const q = (s: string) => `"${s.replace(/"/g, '""')}"`;
  return `=HYPERLINK(${q(url)}, ${q(label)})`;
}

export function writeAnswer(req: InsertRequest): { sheet: string; address: string } {
  const spreadsheet = SpreadsheetApp.getActiveSpreadsheet();
  let sheet: GoogleAppsScript.Spreadsheet.Sheet;
  let cellA1 = 'A1';
  if (req.target.kind === 'sheet') {
    const name = req.target.name.trim();
    if (!name) throw new Error(t('pane.insert.nameRequired'));
    if (spreadsheet.getSheetByName(name)) throw new Error(t('pane.insert.sheetExists', { name }));
    sheet = spreadsheet.insertSheet(name);
  } else {
    const { sheet: name, cell } = parseCellTarget(req.target.address);
    const found = name ? spreadsheet.getSheetByName(name) : spreadsheet.getActiveSheet();
    if (!found) throw new Error(t('pane.insert.noSheet', { name }));
    sheet = found;
    cellA1 = cell;
  }
  let anchor: GoogleAppsScript.Spreadsheet.Range;
  try {
    anchor = sheet.getRange(cellA1);
  } catch {
    throw new Error(t('pane.insert.notCell', { address: cellA1 }));
  }
  // Flags, source labels and the table's headers in the user's language, like the sidebar's words.
  const layout = sheetLayout({ ...req, words: answerWords(fixedT()) });
  const rows = layout.rows.map((r) => [...r]);
  for (const link of layout.links) rows[link.row][link.col] = hyperlinkFormula(link.url, link.text);
  // A sheet has the rows and columns it was made with (1,000 × 26 for a new one): grow it to fit the block.
  const lastRow = anchor.getRow() + rows.length - 1;
  const lastColumn = anchor.getColumn() + rows[0].length - 1;
  if (lastRow > sheet.getMaxRows()) sheet.insertRowsAfter(sheet.getMaxRows(), lastRow - sheet.getMaxRows());
  if (lastColumn > sheet.getMaxColumns()) sheet.insertColumnsAfter(sheet.getMaxColumns(), lastColumn - sheet.getMaxColumns());
  const block = sheet.getRange(anchor.getRow(), anchor.getColumn(), rows.length, rows[0].length);
  block.setValues(rows);
  if (layout.header) sheet.getRange(anchor.getRow() + layout.header.row, anchor.getColumn(), 1, layout.header.columns).setFontWeight('bold');
  sheet.activate();
  return { sheet: sheet.getName(), address: block.getA1Notation() };
}
