/**
 * DOCX: the text of word/document.xml, paragraph by paragraph. Word has no stored page numbers, so pages
 * come from page breaks in the file (explicit breaks and the breaks Word rendered when it last saved);
 * without any, the document is cut at headings and chunks cite the section instead. The location says
 * which ("page 3" or "section “Scope”").
 */
import fs from 'node:fs/promises';
import { DocumentReadError } from '../failure.js';
import { DEFAULT_LIMITS, type ExtractOptions, type Extraction, type Unit } from './types.js';
import { unzipBounded } from './zip.js';

interface Paragraph {
  text: string;
  heading: boolean;
  /** Page breaks before this paragraph's text (a break inside it splits it). */
  parts: string[];
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decodeXml(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#\d+|amp|lt|gt|quot|apos);/gi, (_, e: string) => {
    if (e[0] === '#') return String.fromCodePoint(e[1].toLowerCase() === 'x' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10));
    return ENTITIES[e.toLowerCase()] ?? '';
  });
}

const PAGE_BREAK = '\u0000';

/** Paragraph texts with page breaks marked by NUL (never in document text). */
function paragraphs(xml: string): Paragraph[] {
  const out: Paragraph[] = [];
  const body = xml.slice(xml.indexOf('<w:body'));
  for (const m of body.matchAll(/<w:p[ >][\s\S]*?<\/w:p>|<w:p\/>/g)) {
    const p = m[0];
    const heading = /<w:pStyle w:val="(Heading\d|Title)"/i.test(p) || /<w:outlineLvl /.test(p);
    let text = '';
    for (const t of p.matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>|<w:tab\/>|<w:br w:type="page"\/>|<w:lastRenderedPageBreak\/>|<w:br\/>/g)) {
      if (t[1] !== undefined) text += decodeXml(t[1]);
      else if (t[0] === '<w:tab/>') text += '\t';
      else if (t[0] === '<w:br/>') text += '\n';
      else text += PAGE_BREAK;
    }
    out.push({ text, heading, parts: text.split(PAGE_BREAK) });
  }
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
