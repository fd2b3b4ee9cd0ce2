/**
 * What the model sees: the selected cells (with addresses and headers) and the retrieved passages, each
 * with an id [P1].. it must cite — and nothing else from the workbook.
 */
import { countTokens } from '../lib/token-count.js';
import { questionParts } from '../retrieval/query.js';
import type { Passage } from '../retrieval/search.js';
import { parseA1, cellAddress, columnName } from './a1.js';
import type { Selection } from './schema.js';
import { answerLanguageRule, CITATION_RULE } from '../prompts/rules.js';
import { detectLanguage, type Language } from '../prompts/language.js';

/** A retrieved passage as an analysis keeps it, with the id [P1].. the model cites it by. */
export interface StoredPassage extends Pick<Passage, 'chunkId' | 'documentId' | 'documentName' | 'page' | 'location' | 'text'> {
  id: string;
  /** Read by OCR from a scanned page (absent in analyses stored before OCR was flagged). */
  ocr?: boolean;
  /** The document's format (absent in analyses stored before it was kept). */
  documentKind?: Passage['documentKind'];
}

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

const STOPWORDS = new Set(
  'a an and are as at be by for from has have how i in is it its of on or that the this to was were what which who why will with do does did can could should would me my our your please show tell give about into than then there these those'.split(' '),
);

/** Significant words of a text (lower-case, de-duplicated), for retrieval and quote picking. */
export function keywords(text: string, max = 16): string[] {
  const words = text.toLowerCase().match(/[\p{L}\p{N}]{3,}/gu) ?? [];
  return [...new Set(words.filter((w) => !STOPWORDS.has(w) && !/^\d+$/.test(w)))].slice(0, max);
}

/**
 * What an analysis searches with: the retrieval query (below), and the question as typed less its frame,
 * for the passages that say it word for word (retrieval/verbatim.ts).
 */
export function retrievalSearch(prompt: string, selection: Selection): { query: string; asked: string } {
  const headerText = selection.ranges.flatMap((r) => r.headers ?? r.values[0].filter((v): v is string => typeof v === 'string')).join(' ');
  const { quoted, rest } = questionParts(prompt);
  // A quotation mark inside a passage would end it early; the phrase search ignores punctuation anyway.
  const query = [...quoted.map((q) => `"${q.replaceAll('"', '')}"`), ...searchWords(`${rest} ${headerText}`)].join(' ');
  return { query, asked: rest };
}

/**
 * The retrieval query: the passages the question quotes, word for word in quotation marks (search matches
 * them as phrases and ranks a passage holding one first), then the significant words of the rest of the
 * question, its frame ("which page says", "find") left out, and of the selection's headers.
 */
export function retrievalQuery(prompt: string, selection: Selection): string {
  return retrievalSearch(prompt, selection).query;
}

/**
 * `keywords` for a search query: Hangul words of two syllables count too ("서울", "매출": most Korean nouns
 * are that short, where a Latin word needs three letters to say much), and so do years ("2021" tells one
 * year's figure from another's, where other bare numbers are written too many ways to match) and short
 * codes of letters and digits ("Q3", "H1", "FY24": "Why did EMEA fall in Q3?" is about the page that says Q3),
 * and two-letter acronyms written in capitals ("AI 투자 현황", "HR costs", "EU revenue": "it" and "us" in
 * lower case stay the stopwords they are).
 */
export function searchWords(text: string, max = 16): string[] {
  const words = text.match(/[\p{L}\p{N}]+/gu) ?? [];
  const significant = (word: string) => {
    const w = word.toLowerCase();
    return ((w.length >= 3 || /^[\uAC00-\uD7A3]{2}$/.test(w)) && !STOPWORDS.has(w) && !/^\d+$/.test(w)) ||
      /^(?:19|20)\d\d$/.test(w) ||
      /^(?=.*\p{L})(?=.*\d)[\p{L}\d]{2,}$/u.test(w) ||
      /^[A-Z]{2}$/.test(word);
  };
  return [...new Set(words.filter(significant).map((w) => w.toLowerCase()))].slice(0, max);
}

export function toStoredPassages(passages: Passage[]): StoredPassage[] {
  return passages.map((p, i) => ({
    id: `P${i + 1}`,
    chunkId: p.chunkId,
    documentId: p.documentId,
    documentName: p.documentName,
    documentKind: p.documentKind,
    page: p.page,
    location: p.location,
    text: p.text,
    ocr: p.ocr,
  }));
}

function cellText(v: unknown): string {
  if (v === null || v === undefined || v === '') return '';
  return String(v).replace(/\s+/g, ' ').slice(0, 500);
}

/** The selection as addressed rows: "row 3 | B3=Jan | C3=1200". */
export function renderSelection(selection: Selection): string {
  const out: string[] = [];
  for (const range of selection.ranges) {
    const a1 = parseA1(range.address);
    if (!a1) continue;
    const sheet = a1.sheet ?? selection.sheet;
    const cols = Array.from({ length: range.values[0].length }, (_, c) => columnName(a1.left + c));
    out.push(`Range ${sheet}!${range.address.replace(/^.*!/, '')}${range.headers ? ` — headers: ${cols.map((c, i) => `${c}=${range.headers?.[i]}`).join(', ')}` : ''}`);
    range.values.forEach((row, r) => {
      const cells = row.map((v, c) => `${cellAddress(a1, r, c)}=${cellText(v)}`);
      out.push(`  ${cells.join(' | ')}`);
    });
  }
  return out.join('\n');
}

/** Tells the model a passage's words were recognised from a scan, so it does not lean on a misread number. */
const OCR_NOTE = ' (a scanned page read by OCR; it may hold recognition errors)';

export function renderPassages(passages: StoredPassage[]): string {
  if (!passages.length) return 'No document passages matched; answer from the cells only.';
  return passages.map((p) => `[${p.id}] ${p.documentName}${p.page ? `, page ${p.page}` : ` (${p.location})`}${p.ocr ? OCR_NOTE : ''}:\n${p.text}`).join('\n\n');
}

/**
 * The chat messages of an analysis. The answer's language is the question's: given, or read from the
 * refined prompt, which the rules write in the question's language and which starts with the question.
 */
export function buildMessages(input: { refinedPrompt: string; selection: Selection; passages: StoredPassage[]; examples: string[]; language?: Language }): ChatMessage[] {
  const system = [
    'You are Intellio, a careful analyst of spreadsheet selections.',
    answerLanguageRule(input.language ?? detectLanguage(input.refinedPrompt)),
    CITATION_RULE,
    'Refer to cells by their addresses in square brackets (e.g. [C7]). Do not invent numbers that are not in the cells or the passages; each of your figures and quotes is checked against what the sentence cites.',
    ...input.examples.map((e, i) => `Example ${i + 1} of an answer the user rated helpful:\n"""\n${e.slice(0, 800)}\n"""`),
  ].join('\n');
  const user = [
    input.refinedPrompt,
    '',
    'Selected cells:',
    renderSelection(input.selection),
    '',
    'Document passages:',
    renderPassages(input.passages),
  ].join('\n');
  return [
    { role: 'system', content: system },
    { role: 'user', content: user },
  ];
}

/** Prompt tokens as the chat format counts them (content + a few tokens of framing per message). */
export function countPromptTokens(messages: ChatMessage[]): number {
  return messages.reduce((n, m) => n + countTokens(m.content) + 4, 3);
}
