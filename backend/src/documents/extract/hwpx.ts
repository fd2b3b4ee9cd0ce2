/**
 * HWPX, the Hangul word processor's current format (OWPML, KS X 6101): a ZIP of XML. Paragraphs are
 * `<hp:p>` in Contents/section<N>.xml, their text is in `<hp:t>` runs, and a paragraph that starts a new
 * page says `pageBreak="1"`; every section after the first also starts on a new page (Hangul's 구역 나누기).
 * Pages come from those turns (like DOCX's page breaks); without any, the file is cut at its outline
 * headings ("개요 1" / "Outline 1" styles of Contents/header.xml) and chunks cite the section.
 *
 * Why our own parser (evaluated 2026-12): `@ssabrojs/hwpxjs` 0.2.0 (MIT, one release, jszip +
 * fast-xml-parser) unzips with no bound on the decompressed size, drops page breaks, and its "HWP" reader
 * returns sample text instead of parsing the file. `@ohah/hwpjs` 0.1.0-rc.10 (MIT, Rust via napi-rs) reads
 * HWP 5 only, is a release candidate, ships 44 MB of prebuilt binaries for every platform, and cannot write
 * an HWP file we could test with. LibreOffice's import filter (`soffice --headless --convert-to pdf`)
 * reads both, but libreoffice-writer + core is ~42 MB to download and ~155 MB installed, and a process
 * start per file: too heavy for the server image and CI. OWPML is plain XML, so ~150 lines over a bounded
 * unzip (zip.ts, shared with DOCX/XLSX) is the smaller risk. HWP 5 (an
 * OLE compound file of deflated record streams) is read by hwp.ts, onto pages in the same way.
 */
import fs from 'node:fs/promises';
import { cutCodePoints } from '../../lib/cut-text.js';
import { DocumentReadError } from '../failure.js';
import { DEFAULT_LIMITS, type ExtractOptions, type Extraction, type Unit, type ZipLimits } from './types.js';
import { decodeXml } from './xml.js';
import { unzipBounded } from './zip.js';

/**
 * Most bytes the XML parts we read may unpack to, together, unless the configuration says otherwise
 * (INGEST_MAX_UNZIPPED_MB). A 300-page report's sections are a few MB; a zip bomb declares (or, lying in
 * its directory, simply produces) gigabytes. Entries are inflated as a stream and counted (zip.ts).
 */
export const MAX_UNPACKED_BYTES = 64 * 1024 * 1024;
const MAX_SECTIONS = 1000;

const SECTION = /^Contents\/section(\d+)\.xml$/i;
const HEADER = /^Contents\/header\.xml$/i;

/** The section XML files (in order) and header.xml. */
function unpack(data: Uint8Array, limits: ZipLimits): { sections: string[]; header: string } {
  const files = unzipBounded(data, (n) => SECTION.test(n) || HEADER.test(n), limits, 'HWPX file');
  const decoder = new TextDecoder();
  const names = [...files.keys()].filter((n) => SECTION.test(n));
  if (names.length > MAX_SECTIONS) throw new DocumentReadError('too_many_sections', `The HWPX file has more than ${MAX_SECTIONS} sections, more than any real document holds; it was not read. Save it again from Hangul, or as PDF.`, { max: MAX_SECTIONS });
  names.sort((a, b) => Number(SECTION.exec(a)?.[1]) - Number(SECTION.exec(b)?.[1]));
  const header = [...files.keys()].find((n) => HEADER.test(n));
  return { sections: names.map((n) => decoder.decode(files.get(n))), header: header ? decoder.decode(files.get(header)) : '' };
}

const attr = (attrs: string, name: string) => new RegExp(`\\b${name}="([^"]*)"`).exec(attrs)?.[1];

/** Ids of paragraph styles that are outline headings (개요 1–7, Outline N, 제목, Heading N). */
function headingStyles(header: string): Set<string> {
  const ids = new Set<string>();
  for (const m of header.matchAll(/<hh:style\b([^>]*)\/?>/g)) {
    const name = `${attr(m[1], 'name') ?? ''}|${attr(m[1], 'engName') ?? ''}`;
    const id = attr(m[1], 'id');
    if (id && /개요\s*\d|제목|Outline\s*\d|Heading\s*\d|Title/i.test(name)) ids.add(id);
  }
  return ids;
}

export interface Line {
  text: string;
  /** Page turns before this line (since the line before it): more than one when pages without text fall between. */
  pageTurns: number;
  heading: boolean;
}

/**
 * The page turns of a document, counted in reading order for the next line with text. Two turns with
 * nothing between them (no text, no picture or table, not even a paragraph: each takes a line of its page)
 * are one: a paragraph's page break and the stored layout's turn at its first line (HWP), a section's start
 * and its first paragraph's break, a break on the document's first paragraph. Any other turn is a page,
 * with text or not: a blank page, a page of only a picture or chart, a picture cover. (Turns once passed on
 * as a flag folded those into the next page, and every page after them was cited one too low.)
 */
export class PageTurns {
  private turns = 0;
  /** Nothing since the last turn, or since the document's start. */
  private bare = true;

  turn(): void {
    if (this.bare) return;
    this.turns++;
    this.bare = true;
  }

  content(): void {
    this.bare = false;
  }

  /** The turns not yet given to a line. */
  take(): number {
    const turns = this.turns;
    this.turns = 0;
    return turns;
  }

  /** The turns after the last line with text (pages of pictures at the end), as a line without text. */
  rest(): Line[] {
    const turns = this.take();
    return turns ? [{ text: '', pageTurns: turns, heading: false }] : [];
  }
}

/**
 * Top-level paragraphs and the paragraphs of table cells and text boxes (nested `<hp:p>`), each one line,
 * in reading order. Only a top-level paragraph starts a page or a heading. A turn is only ever at a
 * paragraph's start, so the paragraphs before it (whatever they hold) are the page before.
 */
function lines(section: string, headings: Set<string>, turns: PageTurns): Line[] {
  const out: Line[] = [];
  let depth = 0;
  let inText = 0;
  let current: { text: string; heading: boolean } | null = null;
  turns.turn(); // every section starts a page (Hangul's 구역 나누기)
  const flush = () => {
    if (current?.text.trim()) out.push({ text: current.text, pageTurns: turns.take(), heading: current.heading });
    current = null;
  };
  // Every alternative stops at the next "<" (a lone one is skipped): linear on markup however broken.
  const tokens = /<(\/?)hp:(p|t|tab|lineBreak|fwSpace|nbSpace)(?=[\s/>])([^<>]*?)(\/?)>|<[^<>]*>|([^<]+)|</g;
  for (const m of section.matchAll(tokens)) {
    const [, close, tag, attrs, selfClosing, text] = m;
    if (text !== undefined) {
      if (inText && current) current.text += decodeXml(text);
    } else if (!tag) {
      continue; // runs, tables, layout: structure, not text
    } else if (tag === 'p' && !close) {
      flush();
      const top = depth === 0;
      if (top && attr(attrs, 'pageBreak') === '1') turns.turn();
      current = { text: '', heading: top && headings.has(attr(attrs, 'styleIDRef') ?? '') };
      if (selfClosing) {
        flush();
        turns.content();
      } else depth++;
    } else if (tag === 'p') {
      flush();
      turns.content();
      depth = Math.max(0, depth - 1);
      // The enclosing paragraph may go on after its table: that text is a line of its own.
      if (depth > 0) current = { text: '', heading: false };
    } else if (tag === 't') {
      if (!selfClosing) inText = Math.max(0, inText + (close ? -1 : 1));
    } else if (current && !close) {
      current.text += tag === 'lineBreak' ? '\n' : tag === 'tab' ? '\t' : ' ';
    }
  }
  flush();
  if (depth > 0) turns.content(); // a paragraph left open (broken markup) still held the page
  return out;
}

export async function extractHwpx(filePath: string, options: ExtractOptions = {}): Promise<Extraction> {
  const { maxUnzippedBytes, maxRatio } = options.limits ?? DEFAULT_LIMITS;
  const limits = { maxUnzippedBytes: Math.min(maxUnzippedBytes, MAX_UNPACKED_BYTES), maxRatio };
  const parts = unpack(new Uint8Array(await fs.readFile(filePath)), limits);
  if (!parts.sections.length) throw new DocumentReadError('hwpx_no_body', 'The HWPX file has no document body (Contents/section0.xml is missing). Save it again from Hangul, or as PDF.');
  const headings = headingStyles(parts.header);
  const turns = new PageTurns();
  const all = parts.sections.flatMap((xml) => lines(xml, headings, turns));
  all.push(...turns.rest());
  if (all.some((l) => l.pageTurns > 0)) return byPages(all);
  return bySections(all);
}

export function byPages(all: Line[]): Extraction {
  const units: Unit[] = [];
  let page = 1;
  let texts: string[] = [];
  const flush = () => {
    if (texts.length) units.push({ page, location: `page ${page}`, text: texts.join('\n') });
    texts = [];
  };
  for (const l of all) {
    if (l.pageTurns > 0) {
      flush();
      page += l.pageTurns;
    }
    if (l.text.trim()) texts.push(l.text);
  }
  flush();
  return { units, pages: page, locationKind: 'page-break' };
}

export function bySections(all: Line[]): Extraction {
  const units: Unit[] = [];
  let title = '';
  let texts: string[] = [];
  const flush = () => {
    if (texts.length) units.push({ page: null, location: title ? `section “${cutCodePoints(title, 80)}”` : 'beginning', text: texts.join('\n') });
    texts = [];
  };
  for (const l of all) {
    if (l.heading) {
      flush();
      title = l.text.trim();
    }
    texts.push(l.text);
  }
  flush();
  return { units, pages: null, locationKind: 'section' };
}
