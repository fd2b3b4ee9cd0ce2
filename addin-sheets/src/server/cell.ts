/** One cell's value as the analysis API takes it. */
export type CellValue = string | number | boolean | null;

/**
 * The spreadsheet's time zone: Sheets' Date values are instants of the wall-clock times typed in that zone.
 * The script's zone stands in when the spreadsheet cannot be asked.
 */
export function spreadsheetTimeZone(): string {
  try {
    return SpreadsheetApp.getActiveSpreadsheet().getSpreadsheetTimeZone() || Session.getScriptTimeZone();
  } catch {
    return Session.getScriptTimeZone();
  }
}

/**
 * A value from getValues() or a custom function's argument. Dates become ISO text in the spreadsheet's time
 * zone, the day alone at midnight: in UTC a date typed in Seoul is the day before.
 */
export function cellValue(v: unknown, timeZone: string): CellValue {
  if (v === '' || v === null || v === undefined) return null;
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? null : Utilities.formatDate(v, timeZone, "yyyy-MM-dd'T'HH:mm:ss").replace(/T00:00:00$/, '');
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  return String(v);
}
