/**
 * Turns pasted text into rows of cells. Spreadsheets put tab-separated values on the clipboard; CSV is
 * accepted too (quoted fields, doubled quotes, newlines inside quotes). Numbers stay numbers so the
 * analysis sees the same types the sheet had.
 */
export type CellValue = string | number | boolean | null;

function detectDelimiter(text: string): string {
  const firstLine = text.slice(0, text.indexOf('\n') >= 0 ? text.indexOf('\n') : text.length);
  if (firstLine.includes('\t')) return '\t';
  if (firstLine.includes(';') && !firstLine.includes(',')) return ';';
  return ',';
}

// Leading zeros ("007") are codes, not numbers: they stay text.
const NUMBER = /^-?(0|[1-9]\d*|[1-9]\d{0,2}(,\d{3})+)(\.\d+)?([eE][-+]?\d+)?$/;

/** A field as a typed value: "" → null, "1,234.5" → 1234.5, "TRUE" → true; anything else stays text. */
export function typedValue(field: string): CellValue {
  const text = field.trim();
  if (text === '') return null;
  if (NUMBER.test(text)) return Number(text.replace(/,/g, ''));
  if (/^(true|false)$/i.test(text)) return text.toLowerCase() === 'true';
  return field;
}

/** Parses TSV/CSV text into rows; every row is padded to the widest one. */
export function parseCells(text: string): CellValue[][] {
  const delimiter = detectDelimiter(text);
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i += 1;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"' && field === '') quoted = true;
    else if (ch === delimiter) {
      row.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i += 1;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += ch;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  const width = rows.reduce((max, r) => Math.max(max, r.length), 0);
  return rows.map((r) => Array.from({ length: width }, (_, i) => typedValue(r[i] ?? '')));
}
