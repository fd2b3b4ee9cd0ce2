/**
 * DOCX: the text of word/document.xml, paragraph by paragraph. Word has no stored page numbers, so pages
 * come from page breaks in the file (explicit breaks and the breaks Word rendered when it last saved);
 * without any, the document is cut at headings and chunks cite the section instead. The location says
 * which ("page 3" or "section “Scope”").
 */
import fs from 'node:fs/promises';
import { cutCodePoints } from '../../lib/cut-text.js';
import { DocumentReadError } from '../failure.js';
import { DEFAULT_LIMITS, type ExtractOptions, type Extraction, type Unit } from './types.js';
import { attr, decodeXml } from './xml.js';
import { unzipBounded } from './zip.js';

interface Paragraph {
  text: string;
  heading: boolean;
  /** Page breaks before this paragraph's text (a break inside it splits it). */
  parts: string[];
  /** What began each part after the first: its page break (see byPages). */
  breaks: PageTurn[];
}

/**
 * A page break: written in the file (`w:br w:type="page"`) or rendered by Word where its layout turned the
 * page (`w:lastRenderedPageBreak`), and whether a picture stood between it and the break before.
 */
interface PageTurn {
  kind: 'written' | 'rendered';
  picture: boolean;
}

const PAGE_BREAK = '\u0000';

/**
 * The tags that carry text or structure, any other tag, text, and a lone "<" (hostile input): every
 * alternative stops at the next "<", so the scan is linear however the markup is broken.
 */
const TOKENS = /<(\/?)(w:p|w:t|w:tab|w:br|w:cr|w:lastRenderedPageBreak|w:pStyle|w:outlineLvl|w:drawing|w:pict|w:object|mc:Fallback)(?=[\s/>])([^<>]*?)(\/?)>|<[^<>]*>|([^<]+)|</g;

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
  let current: { text: string; heading: boolean; breaks: PageTurn[] } | null = null;
  // A picture since the last page break (in any paragraph): a page holding only a picture is still a page.
  let picture = false;
  const pageBreak = (kind: PageTurn['kind']) => {
    if (!current) return;
    current.text += PAGE_BREAK;
    current.breaks.push({ kind, picture });
    picture = false;
  };
  const flush = () => {
    if (current) out.push({ text: current.text, heading: current.heading, parts: current.text.split(PAGE_BREAK), breaks: current.breaks });
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
      current = { text: '', heading: false, breaks: [] };
      if (selfClosing) flush();
      else depth++;
    } else if (tag === 'w:p') {
      flush();
      depth = Math.max(0, depth - 1);
      if (depth > 0) current = { text: '', heading: false, breaks: [] };
    } else if (tag === 'w:drawing' || tag === 'w:pict' || tag === 'w:object') {
      if (!close) picture = true;
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
      if (attr(attrs, 'w:type') === 'page') pageBreak('written');
      else current.text += '\n'; // textWrapping (the default) and column
    } else {
      pageBreak('rendered'); // w:lastRenderedPageBreak
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

/**
 * Pages cut at the page breaks. Word saves a written break and the break it rendered for the same page turn
 * back to back, so a rendered break with nothing (no text, no picture) since the break before is that
 * turn again; so is one rendered in each cell of a table row that goes on to the next page. Any other break
 * turns a page, even one with no text on it: a cover that is only a picture, a blank page (two written
 * breaks), a page holding only a chart. (Each was once folded into the next page, and every page after it
 * cited one too low.)
 */
function byPages(paras: Paragraph[]): Extraction {
  const pages: string[][] = [[]];
  // Whether the current page holds nothing yet but the break that began it (and any turned with it).
  let bare = false;
  for (const p of paras) {
    p.parts.forEach((part, i) => {
      const turn = i > 0 ? p.breaks[i - 1] : undefined;
      if (turn && !(bare && !turn.picture && turn.kind === 'rendered')) {
        pages.push([]);
        bare = true;
      }
      if (part.trim()) {
        pages[pages.length - 1].push(part);
        bare = false;
      }
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
    if (lines.some((l) => l.trim())) units.push({ page: null, location: title ? `section “${cutCodePoints(title, 80)}”` : 'beginning', text: lines.join('\n') });
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
