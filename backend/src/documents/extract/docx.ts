/**
 * DOCX: the text of word/document.xml, paragraph by paragraph. Word has no stored page numbers, so pages
 * come from page breaks in the file (explicit breaks and the breaks Word rendered when it last saved);
 * without any, the document is cut at headings and chunks cite the section instead. The location says
 * which ("page 3" or "section “Scope”").
 */
import fs from 'node:fs/promises';
import { DocumentReadError } from '../failure.js';
import { DEFAULT_LIMITS, type ExtractOptions, type Extraction, type Unit } from './types.js';
import { attr, decodeXml } from './xml.js';
import { unzipBounded } from './zip.js';

interface Paragraph {
  text: string;
  heading: boolean;
  /** Page breaks before this paragraph's text (a break inside it splits it). */
  parts: string[];
}

const PAGE_BREAK = '\u0000';

/**
 * The tags that carry text or structure, any other tag, text, and a lone "<" (hostile input): every
 * alternative stops at the next "<", so the scan is linear however the markup is broken.
 */
const TOKENS = /<(\/?)(w:p|w:t|w:tab|w:br|w:cr|w:lastRenderedPageBreak|w:pStyle|w:outlineLvl|mc:Fallback)(?=[\s/>])([^<>]*?)(\/?)>|<[^<>]*>|([^<]+)|</g;

/**
 * Paragraph texts with page breaks marked by NUL (never in decoded text). A paragraph nested in another
 * (a text box's w:txbxContent sits inside a run) is a line of its own where it stands, and the text of the
 * outer paragraph after it another; mc:Fallback repeats what mc:Choice holds (the same text box, for older
 * readers), so it is skipped.
 */
function paragraphs(xml: string): Paragraph[] {
  const out: Paragraph[] = [];
  const body = xml.slice(Math.max(0, xml.indexOf('<w:body')));
  let depth = 0;
  let fallback = 0;
  let inText = false;
  let current: { text: string; heading: boolean } | null = null;
  const flush = () => {
    if (current) out.push({ text: current.text, heading: current.heading, parts: current.text.split(PAGE_BREAK) });
    current = null;
  };
  for (const m of body.matchAll(TOKENS)) {
    const [, close, tag, attrs, selfClosing, text] = m;
    if (tag === 'mc:Fallback') {
      if (!selfClosing) fallback = Math.max(0, fallback + (close ? -1 : 1));
      continue;
    }
    if (fallback) continue;
    if (text !== undefined) {
      if (inText && current) current.text += decodeXml(text);
    } else if (!tag) {
      continue;
    } else if (tag === 'w:p' && !close) {
      flush();
      current = { text: '', heading: false };
      if (selfClosing) flush();
      else depth++;
    } else if (tag === 'w:p') {
      flush();
      depth = Math.max(0, depth - 1);
      if (depth > 0) current = { text: '', heading: false };
    } else if (!current || close) {
      if (tag === 'w:t' && close) inText = false;
    } else if (tag === 'w:t') {
      inText = !selfClosing;
    } else if (tag === 'w:pStyle') {
      if (/^(Heading\d|Title)$/i.test(attr(attrs, 'w:val') ?? '')) current.heading = true;
    } else if (tag === 'w:outlineLvl') {
      current.heading = true;
    } else if (tag === 'w:tab') {
      if (!attrs.trim()) current.text += '\t'; // a tab in a run; one with attributes is a tab stop of the paragraph's properties
    } else if (tag === 'w:cr') {
      current.text += '\n';
    } else if (tag === 'w:br') {
      current.text += attr(attrs, 'w:type') === 'page' ? PAGE_BREAK : '\n'; // textWrapping (the default) and column
    } else {
      current.text += PAGE_BREAK; // w:lastRenderedPageBreak
    }
  }
  flush();
  return out;
}

export async function extractDocx(filePath: string, options: ExtractOptions = {}): Promise<Extraction> {
  const files = unzipBounded(new Uint8Array(await fs.readFile(filePath)), (name) => name === 'word/document.xml', options.limits ?? DEFAULT_LIMITS, 'Word file');
  const doc = files.get('word/document.xml');
  if (!doc) throw new DocumentReadError('damaged', 'The Word file is damaged and could not be read (word/document.xml is missing).');
  const xml = new TextDecoder().decode(doc);
  const paras = paragraphs(xml);
  if (paras.some((p) => p.parts.length > 1)) return byPages(paras);
  return bySections(paras);
}

function byPages(paras: Paragraph[]): Extraction {
  const pages: string[][] = [[]];
  for (const p of paras) {
    p.parts.forEach((part, i) => {
      // Word saves an explicit break and the break it rendered for the same page turn back to back: two
      // breaks with nothing between them are one turn.
      if (i > 0 && pages[pages.length - 1].length) pages.push([]);
      if (part.trim()) pages[pages.length - 1].push(part);
    });
  }
  const units: Unit[] = pages.map((lines, i) => ({ page: i + 1, location: `page ${i + 1}`, text: lines.join('\n') }));
  return { units: units.filter((u) => u.text.trim()), pages: pages.length, locationKind: 'page-break' };
}

function bySections(paras: Paragraph[]): Extraction {
  const units: Unit[] = [];
  let title = '';
  let lines: string[] = [];
  const flush = () => {
    if (lines.some((l) => l.trim())) units.push({ page: null, location: title ? `section “${title.slice(0, 80)}”` : 'beginning', text: lines.join('\n') });
    lines = [];
  };
  for (const p of paras) {
    if (p.heading && p.text.trim()) {
      flush();
      title = p.text.trim();
    }
    if (p.text.trim()) lines.push(p.text);
  }
  flush();
  return { units, pages: null, locationKind: 'section' };
}
