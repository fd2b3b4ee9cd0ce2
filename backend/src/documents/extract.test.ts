import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { strToU8, zipSync } from 'fflate';
import { makePdf } from '../../test/documents.js';
import { makeHwpx } from '../../test/hwpx-fixtures.js';
import { makeHiddenSheetXlsx } from '../../test/ingest-fixtures.js';
import { chunkUnits } from './chunk.js';
import { readCsv } from './extract/csv.js';
import { extractDocx } from './extract/docx.js';
import { extractHwpx } from './extract/hwpx.js';
import { extractPdf } from './extract/pdf.js';
import { extractText } from './extract/text.js';
import { DEFAULT_LIMITS } from './extract/types.js';
import { extractXlsx } from './extract/xlsx.js';
import { DocumentReadError } from './failure.js';

describe('PDF extraction and chunking', () => {
  let dir: string;
  before(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'intellio-extract-'))));
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('keeps real page numbers across page ranges of a long PDF, with poppler and with pdf.js', async () => {
    const pages = Array.from({ length: 230 }, (_, i) => [`This is page number ${i + 1} of the long report.`]);
    pages[99].push('Marker hundred: the osprey clause.');
    pages[100].push('Marker hundred and one: the kestrel clause.');
    pages[229].push('Final marker: the condor clause.');
    pages[150] = []; // a page without text keeps the numbering of those after it
    const file = path.join(dir, 'long.pdf');
    fs.writeFileSync(file, await makePdf(pages));
    const seen: number[] = [];
    for (const engine of ['pdftotext', 'pdfjs'] as const) {
      const out = await extractPdf(file, engine, { onProgress: (f) => void seen.push(f) });
      assert.equal(out.pages, 230, engine);
      const page = (word: string) => out.units.find((u) => u.text.includes(word))?.page;
      assert.deepEqual([page('osprey'), page('kestrel'), page('condor')], [100, 101, 230], engine);
      assert.equal(out.units.find((u) => u.page === 152)?.text.includes('page number 152'), true, engine);
      assert.equal(out.units.some((u) => u.page === 151), false, engine);
    }
    assert.equal(seen.at(-1), 1);
  });

  it('chunks by tokens with overlap, never across a page, with offsets that quote the text', () => {
    const long = Array.from({ length: 200 }, (_, i) => `Sentence ${i} talks about item ${i}.`).join(' ');
    const units = [
      { page: 1, location: 'page 1', text: long },
      { page: 2, location: 'page 2', text: 'Short second page.' },
    ];
    const chunks = chunkUnits(units, { maxTokens: 100, overlap: 20 });
    const first = chunks.filter((c) => c.page === 1);
    assert.ok(first.length > 5);
    for (const c of first) {
      assert.equal(long.slice(c.charStart, c.charEnd), c.text);
      assert.ok(c.tokenCount <= 100);
    }
    // Windows overlap, and prefer to end at a sentence end.
    assert.ok(first[1].charStart < first[0].charEnd);
    assert.ok(first.slice(0, -1).every((c) => c.text.endsWith('.')));
    assert.deepEqual(chunks.filter((c) => c.page === 2).map((c) => c.text), ['Short second page.']);
  });
});

/** The failure code an extraction rejects with (a DocumentReadError, never another error). */
async function codeOf(work: Promise<unknown>): Promise<string> {
  const err = await work.then(() => assert.fail('the extraction succeeded'), (e: unknown) => e);
  assert.ok(err instanceof DocumentReadError, `a DocumentReadError, not ${String(err)}`);
  return err.code;
}

const W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"';
const docx = (body: string) => Buffer.from(zipSync({ 'word/document.xml': strToU8(`<?xml version="1.0" encoding="UTF-8"?><w:document ${W}><w:body>${body}</w:body></w:document>`) }));
const run = (text: string) => `<w:r><w:t xml:space="preserve">${text}</w:t></w:r>`;

describe('DOCX, HWPX, XLSX, CSV and text extraction of odd and hostile files', function () {
  this.timeout(30_000);
  let dir: string;
  const file = (name: string, bytes: Buffer | string) => {
    const p = path.join(dir, name);
    fs.writeFileSync(p, bytes);
    return p;
  };
  before(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'intellio-odd-'))));
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('reads character references no text may hold as U+FFFD, and &#0; never as a page break', async () => {
    const refs = '<w:p>' + run('A &#x110000; B &#99999999999999999999; C &#0; D &#xD800; E &#x4E2D; &amp;') + '</w:p><w:p>' + run('Next') + '</w:p>';
    const out = await extractDocx(file('refs.docx', docx(refs)));
    assert.equal(out.locationKind, 'section', 'no page break');
    assert.equal(out.units.map((u) => u.text).join('\n'), 'A \uFFFD B \uFFFD C \uFFFD D \uFFFD E 中 &\nNext');
    // makeHwpx writes section0 itself: the hand-written part is the second section.
    const hwpx = makeHwpx([[{ text: 'x' }]], { 'Contents/section1.xml': strToU8('<hs:sec><hp:p><hp:run><hp:t>가 &#x110000; 나 &#99999999999999999999;</hp:t></hp:run></hp:p></hs:sec>') });
    assert.equal((await extractHwpx(file('refs.hwpx', hwpx))).units.at(-1)?.text, '가 \uFFFD 나 \uFFFD');
  });

  it('reads a DOCX text box once, as its own line, and keeps the text after it', async () => {
    const box = '<w:txbxContent><w:p>' + run('BOXTEXT') + '</w:p></w:txbxContent>';
    const body =
      '<w:p>' + run('Before box.') +
      `<w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing>${box}</w:drawing></mc:Choice><mc:Fallback><w:pict>${box}</w:pict></mc:Fallback></mc:AlternateContent></w:r>` +
      run('After box.') + '</w:p><w:p>' + run('Last paragraph.') + '</w:p>';
    const out = await extractDocx(file('box.docx', docx(body)));
    assert.deepEqual(out.units.map((u) => u.text), ['Before box.\nBOXTEXT\nAfter box.\nLast paragraph.']);
  });

  it('reads DOCX line breaks, carriage returns and page breaks whatever their attributes', async () => {
    const body =
      '<w:p><w:pPr><w:tabs><w:tab w:val="left" w:pos="720"/></w:tabs></w:pPr>' + run('one') + '<w:r><w:br w:type="textWrapping"/><w:t>two</w:t><w:cr/><w:t>three</w:t><w:tab/><w:t>tab</w:t></w:r></w:p>' +
      '<w:p><w:r><w:br w:clear="all" w:type="page"/></w:r>' + run('second page') + '</w:p>' +
      '<w:p><w:r><w:br w:type="page" w:clear="all"/></w:r>' + run('third page') + '</w:p>';
    const out = await extractDocx(file('breaks.docx', docx(body)));
    assert.deepEqual(out.units.map((u) => [u.page, u.text]), [[1, 'one\ntwo\nthree\ttab'], [2, 'second page'], [3, 'third page']]);
  });

  it('counts a DOCX page that holds no text: a picture cover, a blank page, a page of only a chart', async () => {
    const written = '<w:r><w:br w:type="page"/></w:r>';
    const rendered = (inner: string) => `<w:r><w:lastRenderedPageBreak/>${inner}</w:r>`;
    const picture = '<w:drawing><wp:inline/></w:drawing>';
    const pages = async (name: string, body: string) => (await extractDocx(file(name, docx(body)))).units.map((u) => [u.page, u.text]);
    // As Word saves them: each written break followed by the one it rendered at the next page's first run.
    assert.deepEqual(await pages('turn.docx', `<w:p>${run('one')}${written}</w:p><w:p>${rendered('<w:t>two</w:t>')}</w:p>`), [[1, 'one'], [2, 'two']]);
    assert.deepEqual(await pages('cover.docx', `<w:p><w:r>${picture}</w:r>${written}</w:p><w:p>${rendered('<w:t>본문</w:t>')}</w:p>`), [[2, '본문']]);
    assert.deepEqual(await pages('bare-cover.docx', `<w:p>${written}</w:p><w:p>${run('본문')}</w:p>`), [[2, '본문']]);
    assert.deepEqual(
      await pages('blank.docx', `<w:p>${run('one')}${written}</w:p><w:p>${rendered('<w:br w:type="page"/>')}</w:p><w:p>${rendered('<w:t>three</w:t>')}</w:p>`),
      [[1, 'one'], [3, 'three']],
    );
    assert.deepEqual(await pages('chart.docx', `<w:p>${run('one')}</w:p><w:p>${rendered(picture)}</w:p><w:p>${rendered('<w:t>three</w:t>')}</w:p>`), [[1, 'one'], [3, 'three']]);
    // A table row going on to the next page: a rendered break in each of its cells is one turn.
    const cell = (inner: string) => `<w:tc><w:p>${inner}</w:p></w:tc>`;
    assert.deepEqual(
      await pages('row.docx', `<w:p>${run('one')}</w:p><w:tbl><w:tr>${cell(rendered(''))}${cell(rendered(''))}${cell(rendered('<w:t>two</w:t>'))}</w:tr></w:tbl>`),
      [[1, 'one'], [2, 'two']],
    );
  });

  it('counts an HWPX page that holds no text: a blank page, a page of only a picture, a picture cover', async () => {
    const read = async (name: string, sections: Parameters<typeof makeHwpx>[0], extra?: Parameters<typeof makeHwpx>[1]) => {
      const out = await extractHwpx(file(name, makeHwpx(sections, extra)));
      return [out.pages, ...out.units.map((u) => [u.page, u.text])];
    };
    // Two Ctrl+Enter: an empty paragraph on a page of its own. (Both turns were once folded into one, and
    // every page after it cited one too low.)
    assert.deepEqual(await read('blank.hwpx', [[{ text: 'one' }, { text: '', pageBreak: true }, { text: 'three', pageBreak: true }]]), [3, [1, 'one'], [3, 'three']]);
    assert.deepEqual(
      await read('picture.hwpx', [[{ text: 'one' }, { text: '', picture: true, pageBreak: true }, { text: 'three', pageBreak: true }]]),
      [3, [1, 'one'], [3, 'three']],
    );
    assert.deepEqual(await read('table.hwpx', [[{ text: 'one' }, { text: '', cells: ['', ''], pageBreak: true }, { text: 'three', pageBreak: true }]]), [3, [1, 'one'], [3, 'three']]);
    assert.deepEqual(await read('cover.hwpx', [[{ text: '', picture: true }, { text: '본문', pageBreak: true }]]), [2, [2, '본문']]);
    assert.deepEqual(await read('last.hwpx', [[{ text: 'one' }, { text: '', picture: true, pageBreak: true }]]), [2, [1, 'one']]);
    // A section's start and its first paragraph's break are one turn; a break on the document's first
    // paragraph turns none; a section whose first page is only a picture.
    assert.deepEqual(
      await read('sections.hwpx', [[{ text: 'one', pageBreak: true }], [{ text: 'two', pageBreak: true }], [{ text: '', picture: true, pageBreak: true }, { text: 'four', pageBreak: true }]]),
      [4, [1, 'one'], [2, 'two'], [4, 'four']],
    );
    // Breaks inside a table's cells (a row going on to the next page) turn no page: only top-level paragraphs do.
    const cell = (text: string) => `<hp:tc><hp:subList><hp:p pageBreak="1"><hp:run><hp:t>${text}</hp:t></hp:run></hp:p></hp:subList></hp:tc>`;
    const rows = `<hs:sec><hp:p pageBreak="1"><hp:run><hp:t>표</hp:t><hp:tbl><hp:tr>${cell('a')}${cell('b')}</hp:tr></hp:tbl></hp:run></hp:p><hp:p><hp:run><hp:t>after</hp:t></hp:run></hp:p></hs:sec>`;
    assert.deepEqual(await read('rows.hwpx', [[{ text: 'one' }]], { 'Contents/section1.xml': strToU8(rows) }), [2, [1, 'one'], [2, '표\na\nb\nafter']]);
  });

  it('cuts a section title at 80 characters without splitting an emoji or a hanja beyond the BMP', async () => {
    const title = `${'가'.repeat(79)}😀 and more`;
    const fromDocx = await extractDocx(file('title.docx', docx(`<w:p><w:pPr><w:pStyle w:val="Heading1"/></w:pPr>${run(title)}</w:p><w:p>${run('body')}</w:p>`)));
    assert.equal(fromDocx.units[0].location, `section “${'가'.repeat(79)}😀”`);
    const hanja = `${'가'.repeat(79)}\u{20000}뒤`; // CJK Extension B, a surrogate pair in UTF-16
    const fromHwpx = await extractHwpx(file('title.hwpx', makeHwpx([[{ text: hanja, heading: true }, { text: '본문' }]])));
    assert.equal(fromHwpx.units[0].location, `section “${'가'.repeat(79)}\u{20000}”`);
  });

  it('reads broken markup in linear time', async () => {
    let started = Date.now();
    await extractDocx(file('p.docx', docx('<w:p >'.repeat(100_000)))).catch(() => undefined);
    assert.ok(Date.now() - started < 3000, `DOCX took ${Date.now() - started} ms`);
    // No ">" after the junk: each "<" was scanned to the end of the section.
    const lonely = '<hs:sec><hp:p><hp:run><hp:t>text</hp:t></hp:run></hp:p>' + '<hp:t 0a'.repeat(60_000);
    started = Date.now();
    await extractHwpx(file('lt.hwpx', makeHwpx([[{ text: 'x' }]], { 'Contents/section1.xml': strToU8(lonely) }))).catch(() => undefined);
    assert.ok(Date.now() - started < 3000, `HWPX took ${Date.now() - started} ms`);
  });

  it('fails an XLSX holding an entry its directory does not list, which exceljs would read', async () => {
    const hidden = file('hidden.xlsx', await makeHiddenSheetXlsx(4 * 1024 * 1024));
    assert.equal(await codeOf(extractXlsx(hidden)), 'damaged');
  });

  it('counts a row as wide as its last value toward the cell limit', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Far');
    for (let r = 1; r <= 200; r++) ws.getCell(`XFD${r}`).value = `far ${r}`;
    const far = file('far.xlsx', Buffer.from(await wb.xlsx.writeBuffer()));
    assert.equal(await codeOf(extractXlsx(far, { limits: { ...DEFAULT_LIMITS, maxCells: 1_000_000 } })), 'too_many_cells');
    const one = await extractXlsx(far, { limits: { ...DEFAULT_LIMITS, maxCells: 20_000 } }).catch(() => undefined);
    assert.equal(one, undefined, 'two rows of 16,384 cells are past 20,000');
  });

  it('reads CP949 (Korean Excel\'s CSV) as Korean, Windows-1252 as Western', async () => {
    // 이름,메모 / 김철수,안녕하세요 똠방각하 / "It’s" (똠 is of CP949's extension to EUC-KR)
    const cp949 = Buffer.from('c0ccb8a72cb8deb8f00ab1e8c3b6bcf62cbec8b3e7c7cfbcbcbfe4208c63b9e6b0a2c7cf0a', 'hex');
    assert.deepEqual(await readCsv(file('korean.csv', cp949)), [['이름', '메모'], ['김철수', '안녕하세요 똠방각하']]);
    assert.equal((await extractText(file('korean.txt', cp949), false)).units[0].text, '이름,메모\n김철수,안녕하세요 똠방각하\n');
    const western = Buffer.from('name,note\nCaf\xe9,It\x92s \x93fine\x94\n\xc4pfel,don\x92t\n', 'latin1');
    assert.deepEqual(await readCsv(file('western.csv', western)), [['name', 'note'], ['Café', 'It’s “fine”'], ['Äpfel', 'don’t']]);
  });

  it('splits a CSV on its one delimiter, and any line ending', async () => {
    assert.deepEqual(await readCsv(file('tabs.csv', 'name\tnote\nKim\tHello, world\n')), [['name', 'note'], ['Kim', 'Hello, world']]);
    assert.deepEqual(await readCsv(file('semi.csv', 'product;price\nApple;1,50\n"Pear; green";2,10\n')), [['product', 'price'], ['Apple', '1,50'], ['Pear; green', '2,10']]);
    assert.deepEqual(await readCsv(file('comma.csv', 'a,b\n1,"x;y"\n')), [['a', 'b'], ['1', 'x;y']]);
    assert.deepEqual(await readCsv(file('mixed.csv', 'a,b\n1,2\r\n3,4\r\n')), [['a', 'b'], ['1', '2'], ['3', '4']]);
  });
});
