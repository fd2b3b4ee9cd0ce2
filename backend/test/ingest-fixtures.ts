/**
 * Hostile and huge uploads for the ingest-isolation tests and `npm run bench -- isolation`, written as
 * streams so that making a 300 MB zip bomb or a 10-million-cell workbook never holds it in memory.
 */
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import zlib from 'node:zlib';

interface Packed {
  name: string;
  data: Buffer;
  size: number;
  crc: number;
}

/** Deflates what `write` produces (called with a sink) into one entry, keeping only the packed bytes. */
async function deflated(name: string, produce: (push: (text: string) => Promise<void>) => Promise<void>, level = 9): Promise<Packed> {
  const deflate = zlib.createDeflateRaw({ level });
  const out: Buffer[] = [];
  deflate.on('data', (b: Buffer) => out.push(b));
  let size = 0;
  let crc = 0;
  await produce(async (text) => {
    const bytes = Buffer.from(text);
    size += bytes.length;
    crc = zlib.crc32(bytes, crc);
    if (!deflate.write(bytes)) await once(deflate, 'drain');
  });
  deflate.end();
  await once(deflate, 'end');
  return { name, data: Buffer.concat(out), size, crc };
}

const stored = (name: string, text: string): Promise<Packed> => deflated(name, (push) => push(text));

/**
 * A ZIP archive of already deflated entries (method 8), with honest sizes and CRCs. A `hidden` entry has
 * its local header and data in the file but no central-directory record.
 */
function zip(entries: Array<Packed & { hidden?: boolean }>): Buffer {
  const parts: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(e.crc >>> 0, 14);
    local.writeUInt32LE(e.data.length, 18);
    local.writeUInt32LE(e.size >>> 0, 22);
    local.writeUInt16LE(name.length, 26);
    parts.push(local, name, e.data);
    const dir = Buffer.alloc(46);
    dir.writeUInt32LE(0x02014b50, 0);
    dir.writeUInt16LE(20, 4);
    dir.writeUInt16LE(20, 6);
    dir.writeUInt16LE(8, 10);
    dir.writeUInt32LE(e.crc >>> 0, 16);
    dir.writeUInt32LE(e.data.length, 20);
    dir.writeUInt32LE(e.size >>> 0, 24);
    dir.writeUInt16LE(name.length, 28);
    dir.writeUInt32LE(offset, 42);
    if (!e.hidden) central.push(dir, name);
    offset += local.length + name.length + e.data.length;
  }
  const dirBytes = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  const listed = entries.filter((e) => !e.hidden).length;
  end.writeUInt16LE(listed, 8);
  end.writeUInt16LE(listed, 10);
  end.writeUInt32LE(dirBytes.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...parts, dirBytes, end]);
}

const CONTENT_TYPES_DOCX = '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>';

/** A DOCX whose word/document.xml inflates to about `unpackedBytes` of one paragraph repeated. */
export async function makeDocxBomb(unpackedBytes: number): Promise<Buffer> {
  const paragraph = '<w:p><w:r><w:t>All work and no play makes a dull document.</w:t></w:r></w:p>';
  const block = paragraph.repeat(Math.ceil((1024 * 1024) / paragraph.length));
  const doc = await deflated('word/document.xml', async (push) => {
    await push('<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>');
    for (let n = 0; n < unpackedBytes; n += block.length) await push(block);
    await push('</w:body></w:document>');
  });
  return zip([await stored('[Content_Types].xml', CONTENT_TYPES_DOCX), doc]);
}

const CONTENT_TYPES_XLSX = '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>';
const ROOT_RELS = '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>';
const WORKBOOK = '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Data" sheetId="1" r:id="rId1"/></sheets></workbook>';
const WORKBOOK_RELS = '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>';

/** 1 → A, 27 → AA. */
function column(n: number): string {
  let s = '';
  for (let c = n; c > 0; c = Math.floor((c - 1) / 26)) s = String.fromCharCode(65 + ((c - 1) % 26)) + s;
  return s;
}

/** An XLSX of one sheet, `rows` × `columns` cells of pseudo-random digits (10 million of them pack to ~30 MB). */
export async function makeNumericXlsx(rows: number, columns: number): Promise<Buffer> {
  const letters = Array.from({ length: columns }, (_, i) => column(i + 1));
  let seed = 7;
  const sheet = await deflated('xl/worksheets/sheet1.xml', async (push) => {
    await push('<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>');
    let buffer = '';
    for (let r = 1; r <= rows; r++) {
      buffer += `<row r="${r}">`;
      for (let c = 0; c < columns; c++) {
        seed = (seed * 1103515245 + 12345) & 0x7fffffff;
        buffer += `<c r="${letters[c]}${r}"><v>${seed % 10}</v></c>`;
      }
      buffer += '</row>';
      if (buffer.length > 1 << 20) {
        await push(buffer);
        buffer = '';
      }
    }
    await push(`${buffer}</sheetData></worksheet>`);
  });
  return zip([
    await stored('[Content_Types].xml', CONTENT_TYPES_XLSX),
    await stored('_rels/.rels', ROOT_RELS),
    await stored('xl/workbook.xml', WORKBOOK),
    await stored('xl/_rels/workbook.xml.rels', WORKBOOK_RELS),
    sheet,
  ]);
}

/** A CSV of about `bytes` bytes: a header and rows of an order ledger, written to `file`. Returns its rows (header included). */
export async function writeLedgerCsv(file: string, bytes: number): Promise<number> {
  const out = createWriteStream(file);
  const regions = ['North', 'South', 'East', 'West', 'Central'];
  const items = ['brake pads', 'oil filter', 'tyre', 'wiper blade', 'battery', 'spark plug', 'headlamp', 'mirror'];
  let written = 0;
  let rows = 0;
  const write = async (line: string) => {
    written += Buffer.byteLength(line);
    rows++;
    if (!out.write(line)) await once(out, 'drain');
  };
  await write('order,date,region,item,quantity,unit price,note\n');
  for (let i = 1; written < bytes; i++) {
    const day = String((i % 28) + 1).padStart(2, '0');
    await write(`${100000 + i},2026-${String((i % 12) + 1).padStart(2, '0')}-${day},${regions[i % 5]},${items[i % 8]},${(i * 7) % 40 + 1},${((i * 13) % 9000) / 100},"Order ${i} for depot ${i % 97}, shipped by route ${i % 31}"\n`);
  }
  out.end();
  await once(out, 'finish');
  return rows;
}

/**
 * An XLSX whose central directory lists a small sheet, while a second `xl/worksheets/sheet1.xml`, before it
 * in the file and missing from the directory, holds a cell "Hidden marker" and `padding` bytes of spaces
 * (deflated about 1,000 to 1). A reader that follows local headers (exceljs) meets the hidden one.
 */
export async function makeHiddenSheetXlsx(padding: number): Promise<Buffer> {
  const sheet = (text: string) => `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>${text}</t></is></c></row></sheetData></worksheet>`;
  const hidden = await deflated('xl/worksheets/sheet1.xml', async (push) => {
    const [head, tail] = sheet('Hidden marker').split('<sheetData>');
    await push(`${head}<sheetData>`);
    const block = ' '.repeat(1024 * 1024);
    for (let n = 0; n < padding; n += block.length) await push(block);
    await push(tail);
  });
  return zip([
    { ...hidden, hidden: true },
    await stored('[Content_Types].xml', CONTENT_TYPES_XLSX),
    await stored('_rels/.rels', ROOT_RELS),
    await stored('xl/workbook.xml', WORKBOOK),
    await stored('xl/_rels/workbook.xml.rels', WORKBOOK_RELS),
    await stored('xl/worksheets/sheet1.xml', sheet('Listed cell')),
  ]);
}
