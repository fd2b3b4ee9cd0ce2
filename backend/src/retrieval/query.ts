/**
 * What a search query asks for, read once before any SQL runs:
 * - the text, normalised as ingest normalises documents (ligatures, curly quotes, hyphenation: see
 *   lib/normalize-text.ts), so "the “net” revenue" asks for what a PDF's "the "net" revenue" says;
 * - the passages it quotes ("…" as written, or the whole question when it is a long sentence): these must
 *   match as phrases, and a phrase hit ranks first;
 * - the words that must all match, without the question's frame ("which page says", "where does it say",
 *   "find"): those words are about the asking, not about the passage;
 * - its Hangul (and hanja) words as character bigrams (hangulBigrams), matched against `chunks.tsv_hangul`:
 *   Korean attaches particles and endings to its nouns ("매출은", "매출이"), so whole words rarely recur verbatim.
 */
import { normalizeText } from '../lib/normalize-text.js';

export interface ParsedQuery {
  /** The normalised query. */
  text: string;
  /** Passages to match word for word (phraseto_tsquery), longest first. */
  phrases: string[];
  /** The passages the query quotes, in its order. */
  quoted: string[];
  /** Non-Hangul words for the English full-text query (websearch syntax: `or`, `-not` still work). */
  english: string;
  /** The Hangul words' bigrams, in order, de-duplicated. */
  bigrams: string[];
  /** What the embedder sees: the question without its frame or quote marks. */
  embedText: string;
}

/**
 * A run of Hangul syllables (U+AC00–U+D7A3; NFKC composes decomposed jamo into them) and Han characters
 * (hanja, which Korean writes inside its words: "內部統制의"), with the digits written onto it: "2024년",
 * "3분기" keep their figure ("4년", "3분"), which tells one year or quarter from another. A run of digits
 * alone is not one. Migration 035's `hangul_bigrams` reads the same runs.
 */
export const HANGUL_RUN = /[0-9]*[\uAC00-\uD7A3\u3400-\u4DBF\u4E00-\u9FFF\uF900-\uFAFF][0-9\uAC00-\uD7A3\u3400-\u4DBF\u4E00-\u9FFF\uF900-\uFAFF]*/g;

/**
 * A Hangul run's character bigrams, as pg_bigm indexes them: "매출은" → 매출, 출은; a one-syllable run is
 * its own gram. The SQL function `hangul_bigrams` (migrations 018, 035) computes the same for stored chunks,
 * and more (see indexedGrams).
 */
export function hangulBigrams(text: string): string[] {
  const grams: string[] = [];
  for (const [run] of text.matchAll(HANGUL_RUN)) {
    if (run.length === 1) grams.push(run);
    for (let i = 0; i + 2 <= run.length; i++) grams.push(run.slice(i, i + 2));
  }
  return grams;
}

/**
 * Particles after which a two-syllable run's first syllable is also indexed alone ("값은" → 값): a
 * one-syllable question word ("값", searched as itself) then finds the noun with its particle attached.
 * Only stored chunks get these grams, never a question: the question's "회의" must still find "회의는"
 * (bigrams 회의 의는, no 회), which a required 회 would not.
 */
export const PARTICLES = new Set(['은', '는', '이', '가', '을', '를', '의', '에', '도', '로', '와', '과', '으로', '에서']);

/** The grams `hangul_bigrams` stores for a chunk (migration 035): the bigrams, and a syllable before a particle. */
export function indexedGrams(text: string): string[] {
  const grams: string[] = [];
  for (const [run] of text.matchAll(HANGUL_RUN)) {
    if (!/^[0-9]/.test(run) && PARTICLES.has(run.slice(1))) grams.push(run[0]);
    grams.push(...hangulBigrams(run));
  }
  return grams;
}

/**
 * Words that frame a question about where something is said. A leading run of them that starts with a
 * question or request word (FRAME_OPENERS) is not part of what is sought: "Which page says the net margin
 * fell" seeks "net margin fell". Only such a run (or, see TRAILING_FRAME, a trailing one) is dropped, so
 * "State tax on page 3" and "Section 4.2 limits" keep every word.
 */
const FRAME_WORDS = new Set(
  ('which what where whose on in at from does do did is are was were it they this that these those there page pages ' +
   'document documents file files section sections passage passages sentence sentences paragraph line lines part place ' +
   'say says said state states stated mention mentions mentioned contain contains write writes written read reads ' +
   'appear appears discuss discusses describe describes explain explains explained cover covers talk talks about find ' +
   'locate show shows me quote cite search look ' +
   'for up the a an following text exact exactly words wording phrase please can could you tell give where\'s')
    .split(' '),
);

const FRAME_OPENERS = new Set('which what where whose on in at from find locate show quote cite search look please can could tell give where\'s'.split(' '));

/**
 * "…, on which page?", "… — in which document is this stated?", "… which page is that on?" (not at the start).
 * A match starts only where a run of separators does (the lookbehind): the leftmost match did anyway, and
 * without it a long run (" , , , …") was rescanned from each of its positions, quadratic in its length.
 */
const TRAILING_FRAME = /(?<![\s,;:-])[\s,;:-]*\b(?:(?:is|are|was|were)\s+(?:this|that|it)\s+)?(?:(?:stated|said|written|mentioned|found)\s+)?(?:(?:on|in|at)\s+)?(?:which|what)\s+(?:page|document|file|section|sheet|slide)s?(?:\s+(?:is|was|are)\s+(?:this|that|it)(?:\s+(?:stated|said|written|mentioned|found))?(?:\s+(?:on|in|at))?)?[\s?.!]*$/i;

/** Korean frames: "어느 페이지에", "…라고 나와 있나요?", "…는 어디에 있나요?" */
const KOREAN_FRAME = /얼마(?:였|이었|인|입니|일)(?:나요|까요|니까|습니까|나|니)|(?:어느|어떤|몇)\s*(?:페이지|쪽|문서|부분|곳)\S*|(?:라고|이라고)?\s*(?:나와|적혀|쓰여|언급되어|기재되어|되어)\s*(?:있나요|있습니까|있어요|있는가|있니)|어디에\s*(?:있나요|있습니까|나오나요|나옵니까)?|찾아\s*(?:줘|주세요)/g;

/** Text, a colon or a verb of saying, then a passage in quotation marks running to the question's end. */
const QUOTED_TO_END = /^([^"]*(?::|\b(?:says?|said|states?|reads?|mentions?|writes?|contains?)))\s*"(.*)"[\s?.!]*$/i;

/**
 * Unquoted questions this long (in words, frame left out) are also tried as a phrase: nearly verbatim.
 * Issue 30: with verbatim.ts, 4 instead of 6 raised the share of the search bench's 200 queries whose
 * source passage is in the top 10 from 0.93 to 0.955. A question of four or five words was otherwise
 * ranked word by word among hundreds of passages holding them apart ("packages with no binaries": the one
 * saying it 122nd by cover density). The quality bench's pages stayed the same; the p95 stayed within the
 * day's spread.
 */
const PHRASE_MIN_WORDS = 4;

/** A question's quoted passages, and the rest of it without its frame (see stripFrame), normalised. */
export function questionParts(query: string): { text: string; quoted: string[]; rest: string } {
  const text = normalizeText(query).replace(/\s+/g, ' ').trim();
  // `Which page says: "The "draft" option prints …"?`: a passage quoted after "says:" and closing the
  // question is one passage, whatever quotation marks it holds itself (curly ones are straight by now).
  const whole = QUOTED_TO_END.exec(text);
  if (whole && (whole[2].match(/"/g)?.length ?? 0) > 0) {
    const rest = stripFrame(whole[1]);
    return { text, quoted: [whole[2].trim()], rest };
  }
  // An odd quote mark opens a passage that runs to the end: `Which page says: "net revenue rose`.
  const marks = text.match(/"/g)?.length ?? 0;
  const closed = marks % 2 ? text.slice(0, text.lastIndexOf('"')) : text;
  const tail = marks % 2 ? text.slice(text.lastIndexOf('"') + 1) : '';
  const quoted = [...closed.matchAll(/"([^"]*)"/g), ['', tail]].map((m) => m[1].trim()).filter((p) => /[\p{L}\p{N}]/u.test(p));
  const unquoted = closed.replace(/"[^"]*"/g, ' ').replace(/\s+/g, ' ').trim();
  // A query of frame words only ("which pages?") is what is sought, unless it quotes a passage:
  // `Which page says: "…"?` seeks the passage alone.
  return { text, quoted, rest: stripFrame(unquoted) || (quoted.length ? '' : unquoted) };
}

export function parseQuery(query: string): ParsedQuery {
  const { text, quoted, rest: outside } = questionParts(query);
  const sought = [...quoted, outside].filter(Boolean).join(' ');
  const phrases = [...quoted];
  if (!phrases.length && wordCount(outside) >= PHRASE_MIN_WORDS) phrases.push(outside);
  phrases.sort((a, b) => b.length - a.length);
  // websearch syntax: the quoted passages stay phrases, the other words are required one by one.
  const english = [...quoted.map((p) => `"${withoutHangul(p).replaceAll('"', ' ')}"`), websearchDashes(withoutHangul(outside))]
    .filter((part) => /[\p{L}\p{N}]/u.test(part))
    .join(' ');
  return {
    text,
    phrases,
    quoted,
    english,
    bigrams: [...new Set(hangulBigrams(sought))],
    embedText: sought,
  };
}

function wordCount(text: string): number {
  return text.match(/[\p{L}\p{N}]+/gu)?.length ?? 0;
}

/**
 * websearch_to_tsquery reads a dash before a word as "not", and a run of them ("a ----", "- - - b", a
 * table rule pasted into the question) as nested "not"s: past 32 it fails ("tsquery stack too small", an
 * error where an empty match was meant). Only a lone dash right before a word stays an operator ("-draft");
 * one inside a word is the word's ("e-mail", "2023-24"); any other is punctuation.
 */
export function websearchDashes(text: string): string {
  return text.replace(/-+/g, (run, at: number) => {
    const before = at === 0 ? ' ' : text[at - 1];
    if (/[\p{L}\p{N}]/u.test(before)) return run;
    const after = text[at + run.length] ?? ' ';
    return run.length === 1 && /\s/.test(before) && /[\p{L}\p{N}"]/u.test(after) ? run : ' ';
  });
}

/**
 * The question less its Hangul and Han runs. Digits that end a Latin word stay its ("Q3의" → "Q3", as
 * search_text splits it in stored text, migration 035); those of a run alone ("2024년") go with it.
 */
function withoutHangul(text: string): string {
  return text
    .replace(HANGUL_RUN, (run: string, at: number) => (at > 0 && /[A-Za-z\u00C0-\u024F]/.test(text[at - 1]) ? `${/^[0-9]*/.exec(run)?.[0]} ` : ' '))
    .replace(/\s+/g, ' ')
    .trim();
}

/** The question without its frame: a leading run of FRAME_WORDS, a trailing "on which page?", Korean frames. */
function stripFrame(text: string): string {
  let rest = text.replace(KOREAN_FRAME, ' ');
  const trailing = TRAILING_FRAME.exec(rest);
  if (trailing && trailing.index > 0) rest = rest.slice(0, trailing.index);
  const words = [...rest.matchAll(/[\p{L}\p{N}']+/gu)];
  let at = 0;
  if (words.length && FRAME_OPENERS.has(words[0][0].toLowerCase())) while (at < words.length && FRAME_WORDS.has(words[at][0].toLowerCase())) at++;
  rest = at < words.length ? rest.slice(words[at].index) : '';
  // The trailing run is matched from its start only, for the same reason as TRAILING_FRAME's lookbehind.
  return rest.replace(/\s+/g, ' ').replace(/^[\s,;:.?!-]+|(?<![\s,;:?!-])[\s,;:?!-]+$/g, '').trim();
}
