/**
 * HWP 5.0, the Hangul word processor's binary format (still what most Korean offices send): an OLE
 * compound file holding a `FileHeader` stream (signature, version, flags), `DocInfo` (styles, among the
 * shared tables) and one `BodyText/Section<N>` stream per section. Streams are raw deflate when the header
 * says "compressed", and each is a run of records (a 32-bit header: tag 10 bits, level 10 bits, size 12
 * bits, 0xFFF meaning a 32-bit size follows). A paragraph is PARA_HEADER with its text in PARA_TEXT
 * (UTF-16LE with control characters); a table's cells, text boxes, footnotes and headers are paragraphs
 * nested one level under the control (CTRL_HEADER) that owns them, so record order is reading order.
 *
 * Pages: Hangul stores no page numbers, but it does store the layout it last computed (PARA_LINE_SEG: a
 * flag on the first line of each page, and each line's vertical position), and a paragraph's explicit
 * page and section breaks (PARA_HEADER). Both become page turns, as DOCX's rendered breaks do (a break and
 * the layout's turn at the same paragraph's start are one: PageTurns, hwpx.ts); every section after the
 * first starts a page (Hangul's 구역 나누기). Without any, the document is cut at its
 * outline headings like HWPX (hwpx.ts), and chunks cite the section.
 *
 * Why our own reader (evaluated 2026-12, see hwpx.ts for the HWPX side): `@ohah/hwpjs` reads HWP 5 but is
 * a release candidate with 44 MB of native binaries and no size bounds; LibreOffice's filter is a 155 MB
 * install and a process per file. The container is read by SheetJS `cfb` (Apache-2.0, maintained); the
 * records and the container take ~500 lines (this file and hwp-container.ts), with the same size bounds as
 * the ZIP formats (types.ts limits).
 * Password-protected, DRM and distribution (배포용) documents have their body encrypted and are refused.
 */
import fs from 'node:fs/promises';
import { DocumentReadError } from '../failure.js';
import {
  damaged,
  MAX_UNPACKED_BYTES,
  openContainer,
  parseHeader,
  protectedError,
  protectionOf,
  sectionPaths,
  stream,
  Unpacker,
  type Container,
} from './hwp-container.js';
import { byPages, bySections, PageTurns, type Line } from './hwpx.js';
import { DEFAULT_LIMITS, type ExtractOptions, type Extraction } from './types.js';

export { MAX_UNPACKED_BYTES } from './hwp-container.js';

const MAX_SECTIONS = 1000;

/** Record tags (HWPTAG_BEGIN = 16). */
const TAG = {
  style: 16 + 10,
  paraHeader: 16 + 50,
  paraText: 16 + 51,
  paraLineSeg: 16 + 53,
  ctrlHeader: 16 + 55,
} as const;

/** A control id as CTRL_HEADER stores it, MAKE_4CHID(a, b, c, d). */
const chid = (id: string) =>
  ((id.charCodeAt(0) << 24) | (id.charCodeAt(1) << 16) | (id.charCodeAt(2) << 8) | id.charCodeAt(3)) >>> 0;
/**
 * Controls that are something on the page: a table, a drawing object ('gso ': pictures, shapes, charts,
 * OLE, video), an equation, a form object. A page holding only one of them is a page.
 */
const OBJECTS = new Set(['tbl ', 'gso ', 'eqed', 'form'].map(chid));

interface HwpRecord {
  tag: number;
  level: number;
  body: Buffer;
}

/** The records of a stream, in order; a record running past the end is damage. */
function* records(data: Buffer, name: string): Generator<HwpRecord> {
  let at = 0;
  while (at < data.length) {
    if (at + 4 > data.length) throw damaged(`${name} ends inside a record header`);
    const header = data.readUInt32LE(at);
    at += 4;
    let size = header >>> 20;
    if (size === 0xfff) {
      if (at + 4 > data.length) throw damaged(`${name} ends inside a record header`);
      size = data.readUInt32LE(at);
      at += 4;
    }
    if (at + size > data.length) throw damaged(`a record of ${name} runs past its end`);
    yield { tag: header & 0x3ff, level: (header >>> 10) & 0x3ff, body: data.subarray(at, at + size) };
    at += size;
  }
}

const HEADING = /개요\s*\d|제목|Outline\s*\d|Heading\s*\d|Title/i;

/** Ids (their order in DocInfo) of the paragraph styles that are outline headings. */
function headingStyles(docInfo: Buffer | undefined): Set<number> {
  const ids = new Set<number>();
  if (!docInfo) return ids;
  let id = 0;
  for (const r of records(docInfo, 'DocInfo')) {
    if (r.tag !== TAG.style) continue;
    const names: string[] = [];
    let at = 0;
    for (let k = 0; k < 2 && at + 2 <= r.body.length; k++) {
      const length = r.body.readUInt16LE(at);
      names.push(r.body.toString('utf16le', at + 2, Math.min(r.body.length, at + 2 + length * 2)));
      at += 2 + length * 2;
    }
    if (HEADING.test(names.join('|'))) ids.add(id);
    id++;
  }
  return ids;
}

/** Controls that take 8 code units (the code, 6 of data, the code again); the rest take one. */
const WIDE = (c: number) => (c >= 1 && c <= 9) || (c >= 11 && c <= 23);
/** Wide controls with a CTRL_HEADER record of their own (table, footnote, header, section definition…). */
const EXTENDED = (c: number) => WIDE(c) && !(c >= 4 && c <= 9) && c !== 19 && c !== 20;

/** A paragraph's text cut where controls and page turns fall. */
type Token = { text: string } | { control: true } | { pageTurn: true };

/**
 * PARA_TEXT as text and markers: a tab is "\t", a line break "\n", the hyphen and the two kinds of fixed
 * space are themselves, other controls leave nothing but a marker where they own a CTRL_HEADER. `turns`
 * are the code-unit positions where a new page starts.
 */
function tokens(body: Buffer, turns: number[]): Token[] {
  const out: Token[] = [];
  const units = body.length >> 1;
  let runStart = 0;
  let turn = 0;
  const flush = (end: number) => {
    if (end > runStart) out.push({ text: body.toString('utf16le', runStart * 2, end * 2) });
  };
  for (let i = 0; i < units;) {
    while (turn < turns.length && turns[turn] <= i) {
      if (turns[turn] === i) {
        flush(i);
        runStart = i;
        out.push({ pageTurn: true });
      }
      turn++;
    }
    const c = body.readUInt16LE(i * 2);
    if (c >= 32) {
      i++;
      continue;
    }
    flush(i);
    if (c === 9) out.push({ text: '\t' });
    else if (c === 10) out.push({ text: '\n' });
    else if (c === 24) out.push({ text: '-' });
    else if (c === 30 || c === 31) out.push({ text: ' ' });
    else if (EXTENDED(c)) out.push({ control: true });
    i += WIDE(c) ? 8 : 1;
    runStart = Math.min(i, units);
  }
  flush(units);
  return out;
}

/** One open paragraph while its section streams by. */
interface Paragraph {
  level: number;
  top: boolean;
  /** The line being read: the paragraph's text since its start, its last control or its last page turn. */
  line: { text: string; heading: boolean };
  text: Buffer | null;
  /** Code-unit positions where the stored layout starts a page. */
  turns: number[];
  tokens: Token[] | null;
  cursor: number;
  /** CTRL_HEADER records seen so far, and control markers passed in the text. */
  controls: number;
  passed: number;
}

/** Where the pages of a section start, by Hangul's stored layout. */
interface Layout {
  /** A line flagged "first line of a page" was seen: the stored layout can be trusted. */
  known: boolean;
  lastVertical: number | null;
}

const FIRST_LINE_OF_PAGE = 1 << 0;
const FIRST_LINE_OF_COLUMN = 1 << 1;

/**
 * The code-unit positions in a top-level paragraph where Hangul's layout starts a page: a line flagged as
 * the first of its page, or one placed higher than the line before it that does not start a column.
 */
function layoutTurns(body: Buffer, layout: Layout): number[] {
  const turns: number[] = [];
  for (let at = 0; at + 36 <= body.length; at += 36) {
    const start = body.readUInt32LE(at);
    const vertical = body.readInt32LE(at + 4);
    const flags = body.readUInt32LE(at + 32);
    if (flags & FIRST_LINE_OF_PAGE) layout.known = true;
    const higher =
      layout.lastVertical !== null && vertical < layout.lastVertical && !(flags & FIRST_LINE_OF_COLUMN);
    if (layout.known && (flags & FIRST_LINE_OF_PAGE || higher)) turns.push(start);
    layout.lastVertical = vertical;
  }
  return turns;
}

/**
 * The lines of one section in reading order: each paragraph's text, with the paragraphs nested under its
 * controls (table cells, text boxes, notes) as lines of their own where the control stands.
 */
function sectionLines(data: Buffer, name: string, headings: Set<number>, turns: PageTurns): Line[] {
  const out: Line[] = [];
  const stack: Paragraph[] = [];
  const layout: Layout = { known: false, lastVertical: null };
  turns.turn(); // every section starts a page (Hangul's 구역 나누기)

  // A line without text (a table's anchor, an empty line) leaves its turns to the next line.
  const emit = (p: Paragraph) => {
    if (p.line.text.trim()) out.push({ text: p.line.text, pageTurns: turns.take(), heading: p.line.heading });
    p.line = { text: '', heading: false };
  };
  /** A paragraph ends: it took at least a line of its page. */
  const close = (p: Paragraph) => {
    advance(p);
    emit(p);
    turns.content();
  };
  /** Takes the paragraph's text up to and with its `controls`-th control (to its end when undefined). */
  const advance = (p: Paragraph, controls?: number) => {
    p.tokens ??= p.text ? tokens(p.text, p.turns) : [];
    while (p.cursor < p.tokens.length && (controls === undefined || p.passed < controls)) {
      const t = p.tokens[p.cursor++];
      if ('control' in t) {
        p.passed++;
      } else if ('text' in t) {
        p.line.text += t.text;
        turns.content();
      } else {
        if (p.line.text.trim()) emit(p);
        turns.turn();
      }
    }
  };

  for (const r of records(data, name)) {
    while (stack.length && r.level <= stack[stack.length - 1].level) close(stack.pop() as Paragraph);
    const parent = stack.at(-1);
    if (r.tag === TAG.paraHeader) {
      if (r.body.length < 12) throw damaged(`a paragraph header of ${name} is too short`);
      if (parent) {
        // The text before the control that holds this paragraph comes first; what follows it is a line of its own.
        advance(parent, parent.controls);
        emit(parent);
      }
      const breaks = r.body.readUInt8(11); // 0x01 section break, 0x04 page break (0x02, 0x08: columns)
      if (!parent && (breaks & 0x05) !== 0) turns.turn();
      stack.push({
        level: r.level,
        top: !parent,
        line: { text: '', heading: !parent && headings.has(r.body.readUInt8(10)) },
        text: null,
        turns: [],
        tokens: null,
        cursor: 0,
        controls: 0,
        passed: 0,
      });
    } else if (parent && r.level === parent.level + 1) {
      if (r.tag === TAG.paraText) parent.text = r.body;
      else if (r.tag === TAG.paraLineSeg && parent.top) parent.turns = layoutTurns(r.body, layout);
      else if (r.tag === TAG.ctrlHeader) {
        advance(parent, ++parent.controls);
        // After the text before it: a turn later in the paragraph is a page after the object's.
        if (r.body.length >= 4 && OBJECTS.has(r.body.readUInt32LE(0))) turns.content();
      }
    }
  }
  while (stack.length) close(stack.pop() as Paragraph);
  return out;
}

/**
 * Reads an HWP 5 file's text onto pages (Hangul's stored layout and explicit breaks) or, without any,
 * onto its outline sections. Protected, damaged and oversized files fail with a reason for their owner.
 */
export async function extractHwp(filePath: string, options: ExtractOptions = {}): Promise<Extraction> {
  const { maxUnzippedBytes, maxRatio } = options.limits ?? DEFAULT_LIMITS;
  const data = await fs.readFile(filePath);
  let container: Container;
  try {
    container = openContainer(data);
  } catch (err) {
    throw damaged(`its compound-file structure is broken: ${(err as Error).message}`);
  }
  const header = parseHeader(stream(container, 'FileHeader'));
  if (!header)
    throw new DocumentReadError(
      'hwp_not_hwp',
      'The file is not an HWP document (it has no HWP FileHeader). Save it again from Hangul as HWP, HWPX or PDF.',
    );
  if (header.major !== 5)
    throw new DocumentReadError(
      'hwp_old_version',
      `The file is HWP version ${header.version}; only HWP 5 (Hangul 2002 and later) is read. Save it again from Hangul as HWPX or PDF.`,
      { version: header.version },
    );
  const protection = protectionOf(header, container);
  if (protection) throw protectedError(protection);

  const sections = sectionPaths(container, 'BodyText');
  if (!sections.length) throw damaged('it has no BodyText/Section0 stream');
  if (sections.length > MAX_SECTIONS)
    throw new DocumentReadError(
      'too_many_sections',
      `The HWP file has more than ${MAX_SECTIONS} sections, more than any real document holds; it was not read. Save it again from Hangul, or as PDF.`,
      { max: MAX_SECTIONS },
    );
  const unpacker = new Unpacker(
    { maxUnzippedBytes: Math.min(maxUnzippedBytes, MAX_UNPACKED_BYTES), maxRatio },
    header.compressed,
  );
  const docInfo = stream(container, 'DocInfo');
  const headings = headingStyles(docInfo && unpacker.unpack(docInfo, 'DocInfo'));

  const all: Line[] = [];
  const turns = new PageTurns();
  for (const [i, path] of sections.entries()) {
    options.signal?.throwIfAborted();
    const body = unpacker.unpack(stream(container, path) ?? new Uint8Array(0), path);
    for (const line of sectionLines(body, path, headings, turns)) all.push(line); // no spread: sections may hold 100k+ lines
    await options.onProgress?.((i + 1) / sections.length);
  }
  if (!all.length)
    throw new DocumentReadError(
      'hwp_no_text',
      'No text could be found in this HWP file: its pages hold no text (only pictures or empty pages). Save it as PDF to have scanned pages read.',
    );
  all.push(...turns.rest());
  if (all.some((l) => l.pageTurns > 0)) return byPages(all);
  return bySections(all);
}
