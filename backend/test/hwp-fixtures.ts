/**
 * HWP 5.0 files built in the test (no Hangul needed), laid out as the HWP 5.0 specification (revision
 * 1.3) describes and Hangul writes them: an OLE compound file with `FileHeader` (256 bytes: signature,
 * version 5.0.3.0, properties), `DocInfo` (DOCUMENT_PROPERTIES, ID_MAPPINGS, the two STYLE records
 * "바탕글" and "개요 1"), `BodyText/Section<N>` (the first paragraph holding the section and column
 * definitions 'secd'/'cold' with PAGE_DEF, FOOTNOTE_SHAPE and PAGE_BORDER_FILL under them; then each
 * paragraph as PARA_HEADER, PARA_TEXT, PARA_CHAR_SHAPE, PARA_LINE_SEG and its controls' CTRL_HEADERs, a
 * table as 'tbl ' + TABLE + a LIST_HEADER and a paragraph per cell), and `PrvText`, the UTF-16 preview.
 * Streams are raw deflate when `compressed` (Hangul's default).
 */
import zlib from 'node:zlib';
import CFB from 'cfb';

export interface HwpParagraph {
  /** "\t" is a tab control, "\n" a line break; `{link}` marks where a hyperlink field starts and ends. */
  text: string;
  /** Starts a new page (쪽 나누기, Ctrl+Enter). */
  pageBreak?: boolean;
  /** The section-break flag (0x01) Hangul sets on a section's first paragraph. */
  sectionBreak?: boolean;
  /** A picture ('gso ' control) before the text. */
  picture?: boolean;
  /** "개요 1" style. */
  heading?: boolean;
  /** A one-row table after the text, each cell a paragraph of its own (with its stored layout, if given). */
  cells?: Array<string | { text: string; lines?: HwpParagraph['lines'] }>;
  /** Text after the table, in the same paragraph. */
  after?: string;
  /**
   * Hangul's stored layout: one line segment per entry, starting at that code unit of the paragraph's
   * text, at that vertical position, flagged as the first line of a page when `firstOfPage`.
   */
  lines?: Array<{ start: number; vertical: number; firstOfPage?: boolean }>;
}

export interface HwpOptions {
  compressed?: boolean;
  /** FileHeader property bits: 0x02 password, 0x04 distribution, 0x10 DRM. */
  flags?: number;
  /** Version DWORD (default 5.0.3.0). */
  version?: number;
  /** Replaces a stream's (compressed) bytes as stored, e.g. to damage it. */
  raw?: Record<string, Buffer>;
  /** Distribution documents keep their text in ViewText instead of BodyText. */
  viewText?: boolean;
}

const TAG = {
  documentProperties: 16,
  idMappings: 17,
  style: 26,
  paraHeader: 66,
  paraText: 67,
  paraCharShape: 68,
  paraLineSeg: 69,
  ctrlHeader: 71,
  listHeader: 72,
  shapeComponent: 76,
  pageDef: 73,
  footnoteShape: 74,
  pageBorderFill: 75,
  table: 77,
  shapeComponentPicture: 85,
} as const;

/** A record: header DWORD (tag, level, size; 0xFFF and a DWORD for 4095 bytes and more), then the body. */
function record(tag: number, level: number, body: Buffer): Buffer {
  if (body.length < 0xfff) {
    const h = Buffer.alloc(4);
    h.writeUInt32LE((tag | (level << 10) | (body.length << 20)) >>> 0);
    return Buffer.concat([h, body]);
  }
  const h = Buffer.alloc(8);
  h.writeUInt32LE((tag | (level << 10) | (0xfff << 20)) >>> 0);
  h.writeUInt32LE(body.length, 4);
  return Buffer.concat([h, body]);
}

const u16 = (...values: number[]) => {
  const b = Buffer.alloc(values.length * 2);
  values.forEach((v, i) => b.writeUInt16LE(v, i * 2));
  return b;
};
const u32 = (...values: number[]) => {
  const b = Buffer.alloc(values.length * 4);
  values.forEach((v, i) => b.writeUInt32LE(v >>> 0, i * 4));
  return b;
};
/** A control id as HWP writes it: MAKE_4CHID(a, b, c, d) = a<<24 | b<<16 | c<<8 | d. */
const chid = (id: string) =>
  ((id.charCodeAt(0) << 24) | (id.charCodeAt(1) << 16) | (id.charCodeAt(2) << 8) | id.charCodeAt(3)) >>> 0;
/** An extended or inline control in PARA_TEXT: the code, 4 bytes of control id, 8 spare bytes, the code. */
const control = (code: number, id: string) =>
  Buffer.concat([u16(code), u32(chid(id)), Buffer.alloc(8), u16(code)]);
/** A length-prefixed UTF-16 string (WCHAR array). */
const wstr = (s: string) => Buffer.concat([u16(s.length), Buffer.from(s, 'utf16le')]);

/** Text with its tabs (inline control 9, 8 units) and `{link}` fields (3 … 4) as HWP codes. */
function encodeText(text: string): Buffer {
  const parts: Buffer[] = [];
  let open = false;
  for (const piece of text.split(/(\t|\{link\})/)) {
    if (piece === '\t') parts.push(control(9, '\0\0\0\0'));
    else if (piece === '{link}') {
      parts.push(open ? control(4, '%hlk') : control(3, '%hlk'));
      open = !open;
    } else if (piece) parts.push(Buffer.from(piece, 'utf16le')); // "\n" is code 10, a line break
  }
  return Buffer.concat(parts);
}

interface Para {
  text: Buffer;
  style: number;
  breaks: number;
  level: number;
  last: boolean;
  lines: Array<{ start: number; vertical: number; firstOfPage?: boolean }>;
  /** CTRL_HEADER subtrees (already at their levels), in the order of their codes in the text. */
  controls: Buffer[];
}

function paragraph(p: Para): Buffer {
  const text = Buffer.concat([p.text, u16(13)]);
  const units = text.length / 2;
  const header = Buffer.concat([
    u32(p.last ? (units | 0x80000000) >>> 0 : units),
    u32(p.controls.length ? 1 << 11 : 0), // control mask
    u16(0), // paragraph shape
    Buffer.from([p.style, p.breaks]),
    u16(1), // char shapes
    u16(0), // range tags
    u16(p.lines.length || 1), // line segments
    u32(0), // instance id
    u16(0), // change-tracking merge
  ]);
  const lines = (p.lines.length ? p.lines : [{ start: 0, vertical: 0 }]).map((l) =>
    Buffer.concat([
      u32(l.start, l.vertical, 1000, 1000, 850, 600, 0, 42520),
      u32((l.firstOfPage ? 1 : 0) | (1 << 17) | (1 << 18)),
    ]),
  );
  return Buffer.concat([
    record(TAG.paraHeader, p.level, header),
    record(TAG.paraText, p.level + 1, text),
    record(TAG.paraCharShape, p.level + 1, u32(0, 0)),
    record(TAG.paraLineSeg, p.level + 1, Buffer.concat(lines)),
    ...p.controls,
  ]);
}

/** 'secd' and 'cold', as Hangul writes them into a section's first paragraph. */
function sectionDefinition(level: number): { text: Buffer; controls: Buffer[] } {
  const secd = Buffer.concat([
    record(
      TAG.ctrlHeader,
      level,
      Buffer.concat([u32(chid('secd')), u32(0), u16(1134, 0, 0, 0, 0, 0, 0, 0), u32(0), u16(0), u16(0)]),
    ),
    // A4 portrait, margins in HWPUNIT (1/7200 inch).
    record(TAG.pageDef, level + 1, u32(59528, 84188, 8504, 8504, 5668, 4252, 4252, 4252, 0, 0)),
    record(TAG.footnoteShape, level + 1, Buffer.alloc(26)),
    record(TAG.footnoteShape, level + 1, Buffer.alloc(26)),
    ...[1, 2, 3].map(() => record(TAG.pageBorderFill, level + 1, Buffer.alloc(14))),
  ]);
  const cold = record(TAG.ctrlHeader, level, Buffer.concat([u32(chid('cold')), u16(0x1004), u16(0), u16(0)]));
  return { text: Buffer.concat([control(2, 'secd'), control(2, 'cold')]), controls: [secd, cold] };
}

/** An object control's common properties (CTRL_HEADER body): its id, attributes, size and z-order, no offsets or margins. */
function objectCommon(id: string, attributes: number, width: number, height: number, zOrder: number): Buffer {
  return Buffer.concat([
    u32(chid(id)),
    u32(attributes),
    u32(0, 0, width, height),
    u32(0),
    u16(0, 0, 0, 0),
    u32(zOrder),
    u32(0),
    u16(0),
  ]);
}

/** A picture: 'gso ' with the object's common properties, its SHAPE_COMPONENT ('$pic') and the picture record. */
function picture(level: number): Buffer {
  return Buffer.concat([
    record(TAG.ctrlHeader, level, objectCommon('gso ', 0x042a0211, 14000, 10000, 2)),
    record(
      TAG.shapeComponent,
      level + 1,
      Buffer.concat([u32(chid('$pic'), chid('$pic')), Buffer.alloc(188)]),
    ),
    record(TAG.shapeComponentPicture, level + 2, Buffer.alloc(78)),
  ]);
}

/** A one-row table: 'tbl ' with TABLE, then per cell a LIST_HEADER and its paragraph. */
function table(cells: NonNullable<HwpParagraph['cells']>, level: number): Buffer {
  const common = objectCommon('tbl ', 0x082a2311, 42520, 2000, 1);
  const tableBody = Buffer.concat([
    u32(0x04000006),
    u16(1, cells.length, 0),
    u16(510, 510, 141, 141),
    u16(cells.length),
    u16(1),
  ]);
  return Buffer.concat([
    record(TAG.ctrlHeader, level, common),
    record(TAG.table, level + 1, tableBody),
    ...cells.flatMap((c, i) => [
      record(
        TAG.listHeader,
        level + 1,
        Buffer.concat([
          u16(1),
          u32(0),
          u16(i, 0, 1, 1),
          u32(Math.floor(42520 / cells.length), 2000),
          u16(510, 510, 141, 141),
          u16(1),
          Buffer.alloc(4),
        ]),
      ),
      paragraph({
        text: encodeText(typeof c === 'string' ? c : c.text),
        style: 0,
        breaks: 0,
        level: level + 1,
        last: true,
        lines: (typeof c === 'string' ? undefined : c.lines) ?? [],
        controls: [],
      }),
    ]),
  ]);
}

function section(paragraphs: HwpParagraph[]): Buffer {
  const out: Buffer[] = [];
  paragraphs.forEach((p, i) => {
    const parts: Buffer[] = [];
    const controls: Buffer[] = [];
    if (i === 0) {
      const def = sectionDefinition(1);
      parts.push(def.text);
      controls.push(...def.controls);
    }
    if (p.picture) {
      parts.push(control(11, 'gso '));
      controls.push(picture(1));
    }
    parts.push(encodeText(p.text));
    // A hyperlink field owns a CTRL_HEADER of its own, in text order.
    const links = (p.text.match(/\{link\}/g) ?? []).length / 2;
    for (let k = 0; k < links; k++)
      controls.push(
        record(
          TAG.ctrlHeader,
          1,
          Buffer.concat([u32(chid('%hlk')), u32(0), Buffer.from([0]), wstr('https://example.com/'), u32(k)]),
        ),
      );
    if (p.cells) {
      parts.push(control(11, 'tbl '));
      controls.push(table(p.cells, 1));
    }
    if (p.after) parts.push(encodeText(p.after));
    out.push(
      paragraph({
        text: Buffer.concat(parts),
        style: p.heading ? 1 : 0,
        breaks: (p.pageBreak ? 0x04 : 0) | (p.sectionBreak ? 0x01 : 0),
        level: 0,
        last: i === paragraphs.length - 1,
        lines: p.lines ?? [],
        controls,
      }),
    );
  });
  return Buffer.concat(out);
}

function docInfo(sections: number): Buffer {
  const counts = new Array<number>(18).fill(0);
  counts[15] = 2; // styles
  return Buffer.concat([
    record(TAG.documentProperties, 0, Buffer.concat([u16(sections, 1, 1, 1, 1, 1, 1), u32(0, 0, 0)])),
    record(TAG.idMappings, 0, u32(...counts)),
    record(
      TAG.style,
      1,
      Buffer.concat([wstr('바탕글'), wstr('Normal'), Buffer.from([0, 0]), u16(0x0412, 0, 0), u16(0)]),
    ),
    record(
      TAG.style,
      1,
      Buffer.concat([wstr('개요 1'), wstr('Outline 1'), Buffer.from([0, 1]), u16(0x0412, 0, 0), u16(0)]),
    ),
  ]);
}

/** The 256-byte FileHeader. */
export function fileHeader(flags: number, version = 0x05000300): Buffer {
  const b = Buffer.alloc(256);
  b.write('HWP Document File', 0, 'latin1');
  b.writeUInt32LE(version >>> 0, 32);
  b.writeUInt32LE(flags >>> 0, 36);
  b.writeUInt32LE(4, 44); // encryption version: 4 (Hangul 7.0 and later)
  return b;
}

/** An .hwp file of one or more sections (each section after the first starts a new page). */
export function makeHwp(sections: HwpParagraph[][], options: HwpOptions = {}): Buffer {
  const compressed = options.compressed ?? true;
  const pack = (b: Buffer) => (compressed ? zlib.deflateRawSync(b) : b);
  const container = CFB.utils.cfb_new();
  const add = (name: string, content: Buffer) =>
    CFB.utils.cfb_add(container, `/${name}`, options.raw?.[name] ?? content);
  add('FileHeader', fileHeader((compressed ? 1 : 0) | (options.flags ?? 0), options.version));
  add('DocInfo', pack(docInfo(sections.length)));
  sections.forEach((s, i) =>
    add(`${options.viewText ? 'ViewText' : 'BodyText'}/Section${i}`, pack(section(s))),
  );
  const preview = sections
    .flat()
    .map((p) => p.text.replace(/\{link\}/g, ''))
    .join('\r\n')
    .slice(0, 1024);
  add('PrvText', Buffer.from(preview, 'utf16le'));
  // cfb_new adds a placeholder stream of SheetJS's own; Hangul's files have none.
  CFB.utils.cfb_del(container, '/\u0001Sh33tJ5');
  return Buffer.from(CFB.write(container, { type: 'buffer' }) as Uint8Array);
}

/** An .hwp whose one section inflates to `bytes` of zeros from a few KB: a decompression bomb. */
export function makeHwpBomb(bytes: number): Buffer {
  return makeHwp([[{ text: '폭탄' }]], {
    raw: { 'BodyText/Section0': zlib.deflateRawSync(Buffer.alloc(bytes), { level: 9 }) },
  });
}

/**
 * A compound file whose FileHeader stream (8 KB, so read through the FAT) starts on a FAT chain that loops,
 * 2 → 3 → 2: SheetJS cfb follows it without end until V8 aborts the process.
 */
export function makeFatLoop(): Buffer {
  const sector = 512;
  const file = Buffer.alloc(sector * 5);
  Buffer.from('d0cf11e0a1b11ae1', 'hex').copy(file, 0);
  file.writeUInt16LE(0x3e, 24); // minor version
  file.writeUInt16LE(3, 26); // major version: 512-byte sectors
  file.writeUInt16LE(0xfffe, 28); // byte order
  file.writeUInt16LE(9, 30); // sector shift
  file.writeUInt16LE(6, 32); // mini sector shift
  file.writeUInt32LE(1, 44); // FAT sectors
  file.writeInt32LE(0, 48); // directory start
  file.writeUInt32LE(4096, 56); // mini stream cutoff
  file.writeInt32LE(-2, 60); // mini FAT start: none
  file.writeInt32LE(-2, 68); // DIFAT start: none
  file.fill(0xff, 76, 512);
  file.writeInt32LE(1, 76); // the FAT is sector 1
  const entry = (i: number, name: string, type: number, child: number, start: number, size: number) => {
    const at = sector + i * 128;
    file.write(name, at, 'utf16le');
    file.writeUInt16LE((name.length + 1) * 2, at + 64);
    file.writeUInt8(type, at + 66);
    file.writeInt32LE(-1, at + 68);
    file.writeInt32LE(-1, at + 72);
    file.writeInt32LE(child, at + 76);
    file.writeInt32LE(start, at + 116);
    file.writeInt32LE(size, at + 120);
  };
  entry(0, 'Root Entry', 5, 1, -2, 0);
  entry(1, 'FileHeader', 2, -1, 3, 8192);
  for (const i of [2, 3]) {
    file.writeInt32LE(-1, sector + i * 128 + 116);
    file.writeInt32LE(-1, sector + i * 128 + 120);
  }
  const fat = sector * 2;
  file.fill(0xff, fat, fat + sector);
  [-2, -3, 3, 2].forEach((v, i) => file.writeInt32LE(v, fat + i * 4));
  file.fill('x', sector * 3, sector * 5); // the stream's bytes: anything
  return file;
}
