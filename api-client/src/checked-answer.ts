/**
 * What both spreadsheet add-ins show of a checked answer, written once: unsupported claims flagged where
 * they stand in the answer, cell citations ([B2], [Sheet2!C4]) that select their cells, passage citations
 * ([P3]) labelled by their own ids, "what was read", and the answer laid out in cells with real links.
 * Old analyses (no claims, no `read`, no `appUrl`) pass through every function unchanged.
 */
import { answerRows, citationHeaders, CITATION_HEADERS, ENGLISH_CITATION_WORDS } from './addin.js';
import type { Claim } from './analysis.js';
import type { AnswerWords } from './words.js';

export type { AnswerWords, CitationWords } from './words.js';

/** The citation fields the add-ins use; `appUrl` is missing on analyses stored before it existed. */
export interface CheckedCitation {
  id: string;
  documentName: string;
  page: number | null;
  quote: string;
  ocr?: boolean;
  url: string;
  appUrl?: string;
}

export interface ReadPassage {
  id: string;
  documentId: string;
  documentName: string;
  page: number | null;
  url: string;
  appUrl?: string;
}

/** The sheet the analysed cells came from and their areas ("A1:B3"): unqualified cell citations refer to it. */
export interface CitedSelection {
  sheet: string;
  ranges: { address: string }[];
}

export const UNSUPPORTED_FLAG = '⚠ Not found in its sources';

/** The link a sheet keeps: the stable app link; the signed download link only for an old analysis without one. */
export function sourceUrl(c: { url: string; appUrl?: string }): string {
  return c.appUrl || c.url;
}

/** "Annual report.pdf, p. 4" (or in the words given: "Annual report.pdf, 4쪽"). */
export function sourceLabel(c: { documentName: string; page: number | null }, words: Pick<AnswerWords, 'source'> = ENGLISH_WORDS): string {
  return c.page ? words.source(c.documentName, c.page) : c.documentName;
}

/** A flag's visible text: what was not found, in one line (the reason is the server's, in its own language). */
export function flagText(claim: Pick<Claim, 'reason'>, words: Pick<AnswerWords, 'flag'> = ENGLISH_WORDS): string {
  return claim.reason ? `${words.flag}: ${claim.reason}` : words.flag;
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/**
 * "7 of 8 statements checked against their sources · 1 not found in its sources", or null when the
 * analysis has no claims (an old analysis, or an answer that states nothing).
 */
export function claimSummary(claims: readonly Claim[] | undefined): string | null {
  if (!claims?.length) return null;
  const count = (v: Claim['verdict']) => claims.filter((c) => c.verdict === v).length;
  const parts = [`${count('supported')} of ${plural(claims.length, 'statement')} checked against their sources`];
  const unsupported = count('unsupported');
  if (unsupported) parts.push(`${unsupported} not found in ${unsupported === 1 ? 'its' : 'their'} sources`);
  const unchecked = count('unchecked');
  if (unchecked) parts.push(`${unchecked} with nothing to check`);
  return parts.join(' · ');
}

/** Every word of the checked answer in English: the default of each function taking `words`. */
export const ENGLISH_WORDS: AnswerWords = {
  ...ENGLISH_CITATION_WORDS,
  flag: UNSUPPORTED_FLAG,
  source: (documentName, page) => `${documentName}, p. ${page}`,
  openSource: (label) => `Open ${label} in Intellio`,
  claimSummary,
};

/** "Read 6 passages from 3 documents and 24 cells"; null for an old analysis that did not record `read`. */
export function readSummary(read: readonly ReadPassage[] | undefined, cellCount: number | undefined): string | null {
  if (!read) return null;
  const cells = cellCount ? plural(cellCount, 'cell') : null;
  if (!read.length) return cells ? `Read ${cells} and no passages` : null;
  const docs = new Set(read.map((p) => p.documentId)).size;
  return `Read ${plural(read.length, 'passage')} from ${plural(docs, 'document')}${cells ? ` and ${cells}` : ''}`;
}

// ---- cell references -------------------------------------------------------------------------------

const CELL = String.raw`\$?[A-Za-z]{1,3}\$?[1-9]\d{0,6}`;
const REF = new RegExp(String.raw`^(?:('(?:[^']|'')+'|[\p{L}\p{N}_.]+)!)?(${CELL}(?::${CELL})?)$`, 'u');

export interface CellRef {
  /** The sheet named in the reference, or null when it is unqualified. */
  sheet: string | null;
  /** "B2" or "B2:B9", without $ signs, upper case. */
  address: string;
}

/** Parses "B2", "B2:B9", "Sheet2!C4", "'Q3 sales'!$C$4"; null when the text is not a cell reference. */
export function parseCellRef(text: string): CellRef | null {
  const m = REF.exec(text.trim());
  if (!m) return null;
  const sheet = m[1] ? m[1].replace(/^'(.*)'$/, '$1').replace(/''/g, "'") : null;
  return { sheet, address: m[2].replace(/\$/g, '').toUpperCase() };
}

interface Box {
  r1: number;
  c1: number;
  r2: number;
  c2: number;
}

/**
 * The bounds of "B2", "B2:D9", and of the whole columns, rows and open ranges a selection can be ("A:A",
 * "3:3", "A5:A"); a missing row or column is unbounded on that side.
 */
function box(address: string): Box | null {
  const corners = address.replace(/\$/g, '').toUpperCase().split(':').map((a) => /^([A-Z]{0,3})(\d*)$/.exec(a));
  if (corners.length > 2 || corners.some((m) => !m || !(m[1] || m[2]))) return null;
  const ends = corners.map((m) => ({ col: m?.[1] ? [...m[1]].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0) : null, row: m?.[2] ? Number(m[2]) : null }));
  if (ends.length === 1 && (ends[0].col === null || ends[0].row === null)) return null;
  const span = (a: number | null, b: number | null) => (a === null && b === null ? [1, Infinity] : a === null || b === null ? [a ?? (b as number), Infinity] : [Math.min(a, b), Math.max(a, b)]);
  const [r1, r2] = span(ends[0].row, ends[ends.length - 1].row);
  const [c1, c2] = span(ends[0].col, ends[ends.length - 1].col);
  return { r1, c1, r2, c2 };
}

/** Whether a reference falls on the analysed cells (a bare "(North, B2)" is a cell only where it is one of them). */
function onSelection(ref: CellRef, selection: CitedSelection | undefined): boolean {
  if (!selection || (ref.sheet !== null && ref.sheet !== selection.sheet)) return false;
  const b = box(ref.address);
  if (!b) return false;
  return selection.ranges.some((r) => {
    const s = box(r.address.slice(r.address.lastIndexOf('!') + 1));
    return Boolean(s && b.r1 <= s.r2 && b.r2 >= s.r1 && b.c1 <= s.c2 && b.c2 >= s.c1);
  });
}

/** A link target's text, or null when it is not valid percent-encoding (an answer may write any href). */
export function decodeHref(encoded: string): string | null {
  try {
    return decodeURIComponent(encoded);
  } catch {
    return null;
  }
}

/** The href the rendered answer gives a cell citation; `cellRefFromHref` reads it back on click. */
export function cellHref(ref: CellRef): string {
  // Parentheses too: one unbalanced in a sheet name ('Q3 (final'!B2) would end the Markdown link early.
  const encoded = encodeURIComponent(ref.sheet === null ? ref.address : `${ref.sheet}!${ref.address}`).replace(/[()]/g, (c) => (c === '(' ? '%28' : '%29'));
  return `#cell=${encoded}`;
}

/** The sheet and address a clicked cell link selects; unqualified ones are on the analysed sheet. */
export function cellRefFromHref(href: string, defaultSheet: string | null): CellRef | null {
  if (!href.startsWith('#cell=')) return null;
  const text = decodeHref(href.slice('#cell='.length));
  if (text === null) return null;
  const bang = text.lastIndexOf('!');
  const ref = { sheet: bang < 0 ? defaultSheet : text.slice(0, bang), address: text.slice(bang + 1) };
  // A link the answer wrote itself ("#cell=", "#cell=!") is no cell: selecting "" would select the whole sheet.
  return ref.sheet !== '' && parseCellRef(ref.address)?.sheet === null ? ref : null;
}

// ---- claims in the answer ----------------------------------------------------------------------------

const QUOTES: Record<string, string> = { '\u2018': "'", '\u2019': "'", '\u201C': '"', '\u201D': '"', '\u2013': '-', '\u2014': '-', '\u2212': '-' };

/**
 * The answer reduced to what a claim's text keeps, with a map back to positions in the answer: no white
 * space, no Markdown emphasis, no citation brackets ([P1], [B2]), lower case, typographic quotes plain.
 */
function comparable(text: string): { chars: string; at: number[] } {
  let chars = '';
  const at: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '[') {
      const close = text.indexOf(']', i);
      if (close > i && !text.slice(i, close).includes('\n')) {
        i = close;
        continue;
      }
    }
    if (/[\s*_`]/.test(ch)) continue;
    for (const c of (QUOTES[ch] ?? ch).normalize('NFKC').toLowerCase()) {
      chars += c;
      at.push(i);
    }
  }
  return { chars, at };
}

/** Where the sentence of the claim ends: past its closing citations, emphasis marks and punctuation. */
function sentenceEnd(text: string, end: number): number {
  const tail = /^(?:[ \t]*\[[^\]\n]*\](?!\()|[*_`]+|[.,;:!?)]+)/;
  let pos = end;
  for (let m = tail.exec(text.slice(pos)); m && m[0].length; m = tail.exec(text.slice(pos))) pos += m[0].length;
  return pos;
}

export interface PlacedClaim {
  claim: Claim;
  /** Offset in the answer right after the claim's sentence (its citations included); null when not found. */
  end: number | null;
}

/** Finds each claim in the answer by its text, in order (a repeated sentence matches its next occurrence). */
export function placeClaims(answer: string, claims: readonly Claim[]): PlacedClaim[] {
  const hay = comparable(answer);
  let from = 0;
  return claims.map((claim) => {
    const needle = comparable(claim.text).chars;
    if (!needle) return { claim, end: null };
    let idx = hay.chars.indexOf(needle, from);
    if (idx < 0) idx = hay.chars.indexOf(needle);
    if (idx < 0) return { claim, end: null };
    from = idx + needle.length;
    return { claim, end: sentenceEnd(answer, hay.at[idx + needle.length - 1] + 1) };
  });
}

const PASSAGE_ID = /^P\d+$/;
const escapeMd = (s: string) => s.replace(/[\\[\]*_`<>|#]/g, (c) => `\\${c}`);

interface Edit {
  start: number;
  end: number;
  text: string;
}

/**
 * The answer's Markdown with its checks made visible and its citations made links, for a pane to render:
 * - `[B2]`, `[B2:B9, C4]`, `[Sheet2!C4]` link each address to `#cell=…` (see `cellRefFromHref`); so does a
 *   bare address in parentheses, "(North, B2)", when it lies on the analysed cells;
 * - `[P3]` links to `#source=P3` when P3 is one of the citations;
 * - after each unsupported claim's sentence, a link `#flag=<index>` whose text is the flag and its reason.
 * `unplaced` lists the unsupported claims the text could not be matched to: show them beside the answer.
 */
export function linkAnswer(
  answer: string,
  options: { claims?: readonly Claim[]; citationIds?: readonly string[]; selection?: CitedSelection; words?: Pick<AnswerWords, 'flag'> },
): { markdown: string; unplaced: Claim[] } {
  const edits: Edit[] = [];
  const ids = new Set(options.citationIds ?? []);
  for (const m of answer.matchAll(/(?<![\\!\]])\[([^[\]\n]+)\](?![(:[])/g)) {
    const parts = m[1].split(',').map((p) => p.trim());
    // [P9] is a passage id by the citation protocol, never cell P9; one that is not a citation stays text.
    const links = parts.map((p) => {
      if (ids.has(p)) return `[${p}](#source=${encodeURIComponent(p)})`;
      if (PASSAGE_ID.test(p)) return p;
      const ref = parseCellRef(p);
      return ref ? `[${escapeMd(p)}](${cellHref(ref)})` : null;
    });
    if (links.every((l) => l !== null) && links.some((l, i) => l !== parts[i])) edits.push({ start: m.index, end: m.index + m[0].length, text: `\\[${links.join(', ')}\\]` });
  }
  for (const m of answer.matchAll(/\(([^()[\]\n]+)\)/g)) {
    let offset = m.index + 1;
    for (const part of m[1].split(',')) {
      const lead = part.length - part.trimStart().length;
      const ref = parseCellRef(part);
      if (ref && !PASSAGE_ID.test(part.trim()) && onSelection(ref, options.selection)) edits.push({ start: offset + lead, end: offset + lead + part.trim().length, text: `[${escapeMd(part.trim())}](${cellHref(ref)})` });
      offset += part.length + 1;
    }
  }
  const unplaced: Claim[] = [];
  placeClaims(answer, options.claims ?? []).forEach(({ claim, end }, i) => {
    if (claim.verdict !== 'unsupported') return;
    if (end === null) unplaced.push(claim);
    else edits.push({ start: end, end, text: ` [${escapeMd(flagText(claim, options.words))}](#flag=${i})` });
  });
  // Applied back to front; at one offset an inserted flag goes before a replaced citation.
  edits.sort((a, b) => b.start - a.start || b.end - a.end);
  let markdown = answer;
  for (const e of edits) markdown = markdown.slice(0, e.start) + e.text + markdown.slice(e.end);
  return { markdown, unplaced };
}

// ---- the answer in cells -----------------------------------------------------------------------------

export interface SheetLink {
  row: number;
  col: number;
  url: string;
  text: string;
  tip: string;
}

export interface SheetLayout {
  /** A rectangle of values to write in one call. */
  rows: (string | number)[][];
  /** Cells that link to their source (the Link column of the citations table). */
  links: SheetLink[];
  /** The citations table's header row and its width (to make bold), or null without the table. */
  header: { row: number; columns: number } | null;
  /** Cells that hold an unsupported claim's flag. */
  flags: { row: number; col: number }[];
}

/**
 * What a host reads as the start of a formula in typed-in text: "=", and "+", "-", "@" (Excel makes "+A1" and
 * "-2+3" formulas, "@SUM(" is "=SUM("), after a tab or a carriage return too. An answer, a quote or a document
 * name never means one: a passage saying "+WEBSERVICE(…&A1)" must not send the sheet's cells anywhere.
 */
export const FORMULA_START = /^[\t\r]*[=+\-@]/;
/**
 * Digits a host would turn into a number that is not what was written: "00123" loses its zeros, and past
 * 15 digits an account number is rounded. Like a formula, such text is written behind an apostrophe.
 */
const LOSSY_NUMBER = /^(?:0\d+|\d{16,})(?:\.\d+)?$/;
const asText = (v: string | number) => (typeof v === 'string' && (FORMULA_START.test(v) || LOSSY_NUMBER.test(v)) ? `'${v}` : v);

/** Characters one Excel cell holds (Sheets holds 50,000): a longer value fails the whole write. */
export const CELL_TEXT_LIMIT = 32_767;

/** Cuts `text` into pieces of at most `size` characters without splitting a surrogate pair. */
function pieces(text: string, size: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < text.length; ) {
    let end = Math.min(text.length, i + size);
    if (end < text.length && /[\uD800-\uDBFF]/.test(text[end - 1])) end--;
    out.push(text.slice(i, end));
    i = end;
  }
  return out;
}

/** A value as a cell takes it: never a formula, and clipped (with "…") to what a cell holds. */
function cellText(v: string | number): string | number {
  const text = asText(v);
  return typeof text === 'string' && text.length > CELL_TEXT_LIMIT ? `${pieces(text, CELL_TEXT_LIMIT - 1)[0]}…` : text;
}

/**
 * The answer in cells: one row per line (see `answerRows`), each unsupported claim's flag in a column to
 * the right of its line, the summary of the checks, then the citations table labelled by citation id with
 * each source's link (stable `appUrl`, else `url`) in the Link column.
 */
export function sheetLayout(req: { answer: string; citations: readonly CheckedCitation[]; claims?: readonly Claim[]; includeCitations: boolean; words?: AnswerWords }): SheetLayout {
  const words = req.words ?? ENGLISH_WORDS;
  const answer = req.answer.replace(/\r\n/g, '\n');
  const lines = answer.split('\n');
  while (lines.length > 1 && lines[lines.length - 1].trim() === '') lines.pop();
  const rows: (string | number)[][] = [];
  const rowOfLine = lines.map((line) => {
    const row = answerRows(line, [], false)[0];
    if (!row) return rows.length - 1; // a table's rule line belongs to the row above it
    // A line longer than a cell holds goes on in the rows below rather than failing the write.
    if (row.length === 1 && typeof row[0] === 'string' && row[0].length > CELL_TEXT_LIMIT) rows.push(...pieces(row[0], CELL_TEXT_LIMIT - 1).map((p) => [p]));
    else rows.push(row);
    return rows.length - 1;
  });
  // An answer that is only a rule line ("---") still writes one (blank) row: a host cannot write none.
  if (!rows.length) rows.push(['']);

  const flagged = new Map<number, string[]>();
  const addFlag = (row: number, text: string) => flagged.set(row, [...(flagged.get(row) ?? []), text]);
  for (const { claim, end } of placeClaims(answer, req.claims ?? [])) {
    if (claim.verdict !== 'unsupported') continue;
    if (end !== null) addFlag(Math.max(0, rowOfLine[Math.min(lines.length - 1, answer.slice(0, Math.max(0, end - 1)).split('\n').length - 1)]), flagText(claim, words));
    else {
      rows.push([`“${claim.text}”`]);
      addFlag(rows.length - 1, flagText(claim, words));
    }
  }
  const flagCol = Math.max(...rows.map((r) => r.length), 1);
  const flags = [...flagged].map(([row, texts]) => {
    rows[row] = [...rows[row], ...Array<string>(flagCol - rows[row].length).fill(''), texts.join('; ')];
    return { row, col: flagCol };
  });

  const summary = words.claimSummary(req.claims);
  if (summary) rows.push([], [summary]);

  const links: SheetLink[] = [];
  let header: SheetLayout['header'] = null;
  if (req.includeCitations && req.citations.length) {
    const headers = citationHeaders([...req.citations], words);
    rows.push([]);
    header = { row: rows.length, columns: headers.length };
    rows.push(headers);
    for (const c of req.citations) {
      const label = sourceLabel(c, words);
      links.push({ row: rows.length, col: CITATION_HEADERS.length - 1, url: sourceUrl(c), text: label, tip: words.openSource(label) });
      rows.push([`[${c.id}]`, c.documentName, c.page ?? '', c.quote, label, ...(headers.length > CITATION_HEADERS.length ? [c.ocr ? words.ocrNote : ''] : [])]);
    }
  }
  const width = Math.max(...rows.map((r) => r.length), 1);
  return { rows: rows.map((r) => [...r, ...Array<string>(width - r.length).fill('')].map(cellText)), links, header, flags };
}
