/**
 * The full-text half of hybrid search: the query's words read by the database's English configuration
 * (prepareText), and the passages ranked in tiers (fullTextRanking), read in full in the same statement.
 */
import type { Knex } from 'knex';
import { CANDIDATES, type Ranking } from './nearest.js';
import { PASSAGE_COLUMNS, PASSAGE_JOIN, type RawPassage } from './passage-rows.js';
import type { ParsedQuery } from './query.js';
import type { SearchInput } from './search.js';
import { tableStats } from './stats.js';
import { distinctConjunction, matchShare, wordPairs } from './tsquery.js';

function documentFilter(input: Pick<SearchInput, 'documentIds'>): { sql: string; bindings: unknown[] } {
  return input.documentIds?.length ? { sql: 'AND c.document_id = ANY(?::uuid[])', bindings: [input.documentIds] } : { sql: '', bindings: [] };
}

/** The full-text side of a search, prepared in one round trip (prepareText). */
export interface TextQuery {
  /** websearch_to_tsquery of the English words ('' when none is a lexeme). */
  all: string;
  /** The quoted passages (or the whole long question) as one tsquery: an `or` of phrases ('' when none). */
  phrase: string;
  /** The word pairs its holders must have, for migration 033's index (see wordPairs; '' when it has none or there is no index). */
  phrasePairs: string;
  /** Every English lexeme (numbers too), and the statistics' share of chunks holding each term, for the rerank. */
  lexemes: string[];
  shares: ReadonlyMap<string, number>;
  /** The English lexemes that are not common, for the any-word fallback. */
  anyLexemes: string[];
  /** The Hangul bigrams: all of them, and the ones that are not common. */
  bigrams: string[];
  anyBigrams: string[];
  /** Of those two, the ones the any-word fallback searches with (see rarest). */
  orTerms: string[];
  /** Whether the all-words matches could be too many to rank one by one (see manyMatches). */
  confine: boolean;
}

export interface TextRanking {
  ranking: Ranking;
  /** The passages that hold a quoted passage word for word. */
  phraseHits: Set<string>;
  /** The ranked passages, read in full (only the user's ready documents' ones), by chunk id. */
  passages: Map<string, RawPassage>;
}

/**
 * Passages holding a phrase ranked at most (see fullTextRanking). 200 until 2026-12-07: ranking them is
 * most of a boilerplate phrase's cost (200 holders of a gcloud flag list, 4–5 ms of cover density), and
 * with 100, in two interleaved pairs of runs (100k chunks of prose, new questions), the 1-client p95 went
 * 9.2 / 9.8 → 8.8 / 9.3 ms, the source in the top 10 (0.955) and the quality bench's pages unchanged.
 */
const PHRASE_SCAN = 100;
/** Lexemes of the any-word fallback at most. */
const ANY_WORDS = 48;
/** Passages of the any-word fallback ranked by their best sentence (see fullTextRanking). */
const ANY_POOL = 100;
/** The any-word fallback's estimated matches at most, and its terms at least (see rarest). */
const ANY_MATCH_BUDGET = 1500;
const ANY_MIN_TERMS = 3;

/**
 * Turns the parsed query into tsqueries (the English configuration decides what a lexeme is, so this asks
 * the database; search_text splits "3.17" and "example.com" into their words, as it did for the stored
 * passages: migration 032) and counts the searched chunks for manyMatches, in one statement.
 */
export async function prepareText(knex: Knex, input: SearchInput, parsed: ParsedQuery): Promise<TextQuery | null> {
  const { common, shares, wordPairs: pairIndex, pairShares } = await tableStats(knex);
  const docs = input.documentIds?.length ? { sql: 'AND id = ANY(?::uuid[])', bindings: [input.documentIds] } : { sql: '', bindings: [] };
  const { rows } = await knex.raw(
    `SELECT websearch_to_tsquery('english', search_text(?))::text AS q,
       ARRAY(SELECT phraseto_tsquery('english', search_text(p))::text FROM unnest(?::text[]) p) AS phrases,
       ARRAY(SELECT l FROM unnest(tsvector_to_array(to_tsvector('english', search_text(?)))) l WHERE strpos(l, chr(92)) = 0) AS lexemes,
       (SELECT coalesce(sum(chunk_count), 0) FROM documents WHERE project_id = ? AND user_id = ? AND status = 'ready' ${docs.sql})::float8 AS n`,
    [parsed.english, parsed.phrases, parsed.english, input.projectId, input.userId, ...docs.bindings] as Knex.RawBinding[],
  );
  const row = rows[0] as { q: string | null; phrases: string[]; lexemes: string[]; n: number | string };
  const all = distinctConjunction(row.q ?? '');
  // A question tried as a phrase (not quoted) whose words are all stop words but one ("If you install
  // the": 'instal') is no phrase: its "hits" would be any passages holding that word, ranked above all.
  const phrase = row.phrases
    .filter((q, i) => q && (parsed.quoted.includes(parsed.phrases[i]) || q.includes('<')))
    .map((q) => `(${q})`).join(' | ');
  const commonSet = new Set(common);
  const n = Number(row.n);
  const anyLexemes = row.lexemes.filter((l) => !commonSet.has(l)).slice(0, ANY_WORDS);
  const anyBigrams = parsed.bigrams.filter((b) => !commonSet.has(b)).slice(0, ANY_WORDS);
  if (!all && !phrase && !anyLexemes.length && !parsed.bigrams.length) return null;
  return {
    all, phrase, phrasePairs: (pairIndex && phrase && wordPairs(phrase, pairShares)) || '', lexemes: row.lexemes, shares, anyLexemes, bigrams: parsed.bigrams, anyBigrams,
    orTerms: rarest([...anyLexemes, ...anyBigrams], n, shares),
    confine: manyMatches(n, all, parsed.bigrams, shares),
  };
}

/**
 * The terms the any-word fallback searches with: the rarest first, while their estimated matches stay
 * within ANY_MATCH_BUDGET (at least ANY_MIN_TERMS of them). Ranking an OR reads every match's tsvector,
 * ~20 µs each, and a question of mid-frequency words (each in 0.5–2% of 100k chunks, under the common
 * cutoff) matched 4,500 chunks: 95 ms. The rarest words also say best which passage is meant; the others
 * still count when the candidates are ordered by their best sentence.
 */
function rarest(terms: string[], n: number, shares: ReadonlyMap<string, number>): string[] {
  // A term the statistics do not keep is rarer than every one they keep: at most the least share kept.
  let floor = Infinity;
  for (const f of shares.values()) floor = Math.min(floor, f);
  const share = (t: string) => shares.get(t) ?? (Number.isFinite(floor) ? floor : 0);
  // Of equal shares, the longer word first: it is the rarer one more often than not.
  const sorted = [...terms].sort((a, b) => share(a) - share(b) || b.length - a.length);
  const out: string[] = [];
  let matches = 0;
  for (const t of sorted) {
    matches += n * share(t);
    if (out.length >= ANY_MIN_TERMS && matches > ANY_MATCH_BUDGET) break;
    out.push(t);
  }
  return out;
}

/**
 * How many of the query's lexemes and Hangul bigrams the passage's best sentence holds. A lexeme is an
 * English stem ("revenu", "happi"), so a word holds it when it starts with it (a final "i" standing for
 * "y": "studi" in "study"); a bigram is a plain substring. Exact enough to order a hundred candidates,
 * at a fraction of the cost of parsing each sentence with to_tsvector in SQL (1 ms a passage).
 */
export function bestSentence(passage: string, lexemes: readonly string[], bigrams: readonly string[]): number {
  let best = 0;
  for (const sentence of passage.split(/[.!?;]\s+|\n\s*\n/)) {
    const words = sentence.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
    let n = 0;
    for (const l of lexemes) {
      const stem = l.endsWith('i') ? l.slice(0, -1) : l;
      if (words.some((w) => w.startsWith(stem))) n++;
    }
    for (const b of bigrams) if (sentence.includes(b)) n++;
    best = Math.max(best, n);
  }
  return best;
}

/** A tsquery of lexemes joined by `op` ('' for none); lexemes are quoted, a quote doubled. */
function lexemeQuery(lexemes: string[], op: '&' | '|'): string {
  return lexemes.map((l) => `'${l.replaceAll("'", "''")}'`).join(` ${op} `);
}

/**
 * Full-text ranking, in tiers: passages holding a quoted passage word for word (phrase); when none does,
 * those with all the words (precise, served by the GIN index; Hangul words by all their bigrams). Only
 * when no passage has them all does an OR of the words run (the NOT EXISTS is a one-time filter), so a question
 * phrased unlike the document still finds its page even when the embedder is a weak one. The OR is ranked
 * by ts_rank, which scores each matched word once whatever its count (cover density would favour a
 * passage repeating one word over one holding several of them).
 *
 * Words that occur in a large share of a large table (from the planner's lexeme statistics) are left out
 * of the OR, like the cutoff frequency of a "common terms" query: they would match most of the project
 * (50–650 ms to rank on 100k chunks of prose) and drown the rare words that say which passage is meant.
 * The all-words query keeps them; when it has nothing else, it ranks only the chunks in `within`.
 */
export async function fullTextRanking(knex: Knex, input: SearchInput, text: TextQuery, within?: Within, run: Tiers = 'every'): Promise<TextRanking> {
  const docs = documentFilter(input);
  // Confined: the chunks are read by primary key (and document) once, for every tier (MATERIALIZED also
  // keeps the planner from starting at the GIN index instead, whose estimate for a phrase query is one row
  // while it matches 15k).
  const source = within ? 'f_src' : 'chunks';
  const sourceCte = within
    ? `f_src AS MATERIALIZED (SELECT id, project_id, document_id, tsv, tsv_hangul FROM chunks WHERE id = ANY(?::uuid[])${within.documentIds.length ? ' OR document_id = ANY(?::uuid[])' : ''}),\n`
    : '';
  const sourceBindings = within ? [within.chunkIds, ...(within.documentIds.length ? [within.documentIds] : [])] : [];
  const tiers: Array<{ name: string; sql: string; bindings: unknown[] }> = [];
  /** Chunks matching all (`&`) or any (`|`) of `match`, scored by `rank` summed over the columns. */
  const matching = (match: Array<[column: string, query: string]>, op: 'AND' | 'OR', rank: 'ts_rank' | 'ts_rank_cd', limit: number, extra = '') => ({
    sql: `SELECT c.id, ${match.map(([column]) => `coalesce(${rank}(c.${column}, ?::tsquery), 0)`).join(' + ')} AS rank FROM ${source} c
      WHERE c.project_id = ? AND (${match.map(([column]) => `c.${column} @@ ?::tsquery`).join(` ${op} `)}) ${docs.sql} ${extra}
      ORDER BY rank DESC LIMIT ${limit}`,
    bindings: [...match.map(([, q]) => q), input.projectId, ...match.map(([, q]) => q), ...docs.bindings],
  });
  const ranked = (name: string, m: { sql: string; bindings: unknown[] }) =>
    tiers.push({ name, sql: `SELECT id, row_number() OVER (ORDER BY rank DESC, id) AS r FROM (${m.sql}) t`, bindings: m.bindings });
  // A phrase is searched over the whole project even when the other tiers are confined: the passage that
  // holds the words in order is the one asked for, and it is rarely among the nearest when the words are
  // common (their vector is mostly stop words). Only the first PHRASE_SCAN passages holding it (in table
  // order) are ranked: a boilerplate sentence can be in thousands, each as right as the others, and ranking
  // them all read every one (360 ms for one of common words on a loaded machine; 30 ms for a font list of
  // rarer ones, "Sans Condensed Sans Condensed Bold Sans", held by 1.4k of 100k chunks of prose, whose
  // many repeats of each word make each cover-density rank ~20 µs). A phrase held by fewer is ranked whole.
  // On PostgreSQL its holders are listed by their word pairs (migration 033): through the index on `tsv`
  // alone, a phrase of common words had every passage holding its words read to check their order (6.7k of
  // 100k chunks of prose for "not have permission to change the": 15–100 ms; 9 hold its pair). The order
  // is then checked by ts_match_vq, `@@` written as a function so that the planner does not also list the
  // phrase's words from the index on `tsv` (3–6 ms for common ones). PGlite has no pair index.
  if (text.phrase && run !== 'words') {
    const holding = text.phrasePairs
      ? { sql: 'tsv_word_pairs(c.tsv) @@ ?::tsquery AND ts_match_vq(c.tsv, ?::tsquery)', bindings: [text.phrasePairs, text.phrase] }
      : { sql: 'c.tsv @@ ?::tsquery', bindings: [text.phrase] };
    tiers.push({
      name: 'f_phrase',
      sql: `SELECT id, row_number() OVER (ORDER BY rank DESC, id) AS r FROM (
        SELECT c.id, ts_rank_cd(c.tsv, ?::tsquery) AS rank FROM (
          SELECT c.id, c.tsv FROM chunks c WHERE c.project_id = ? AND ${holding.sql} ${docs.sql} LIMIT ${PHRASE_SCAN}) c
        ORDER BY rank DESC LIMIT ${CANDIDATES}) t`,
      bindings: [text.phrase, input.projectId, ...holding.bindings, ...docs.bindings],
    });
  }
  const all: Array<[string, string]> = [];
  if (text.all) all.push(['tsv', text.all]);
  if (text.bigrams.length) all.push(['tsv_hangul', lexemeQuery([...new Set(text.bigrams)], '&')]); // each once (distinctConjunction)
  // Each tier runs only when those before it found nothing (one-time filters): a phrase hit is the page.
  const before = () => tiers.map((t) => `AND NOT EXISTS (SELECT 1 FROM ${t.name})`).join(' ');
  if (all.length && run !== 'phrase') ranked('f_all', matching(all, 'AND', 'ts_rank_cd', CANDIDATES, before()));
  const any: Array<[string, string]> = [];
  const orLexemes = text.anyLexemes.filter((l) => text.orTerms.includes(l));
  const orBigrams = text.anyBigrams.filter((b) => text.orTerms.includes(b));
  if (orLexemes.length) any.push(['tsv', lexemeQuery(orLexemes, '|')]);
  if (orBigrams.length) any.push(['tsv_hangul', lexemeQuery(orBigrams, '|')]);
  if (any.length && run !== 'phrase') ranked('f_any', matching(any, 'OR', 'ts_rank', ANY_POOL, before()));
  if (!tiers.length) return { ranking: [], phraseHits: new Set(), passages: new Map() };

  // The tiers' chunks are read in full here, joined to their documents (passage-rows.ts).
  const sql = `WITH ${sourceCte}${tiers.map((t) => `${t.name} AS (${t.sql})`).join(',\n')},
    hits AS (${tiers.map((t, i) => `SELECT id, r, ${i} AS tier FROM ${t.name}`).join(' UNION ALL ')})
    SELECT hits.id, hits.r, hits.tier, ${PASSAGE_COLUMNS} FROM hits JOIN ${PASSAGE_JOIN} ON c.id = hits.id
    ORDER BY hits.tier, hits.r`;
  const { rows } = await knex.raw(sql, [...sourceBindings, ...tiers.flatMap((t) => t.bindings), input.userId, input.projectId] as Knex.RawBinding[]);
  const hits = rows as Array<RawPassage & { id: string; r: string | number; tier: number }>;
  // A question restates one sentence: of the any-word matches, the passage whose best sentence holds the
  // most of the words is the one meant, not one that has them scattered over unrelated sentences (a page
  // of report lines names every city and year somewhere). ts_rank picked them, and breaks ties.
  const anyTier = tiers.findIndex((t) => t.name === 'f_any');
  const phraseTier = tiers.findIndex((t) => t.name === 'f_phrase');
  const best = new Map(hits.filter((h) => Number(h.tier) === anyTier).map((h) => [h.id, bestSentence(h.text, text.anyLexemes, text.anyBigrams)]));
  const ordered = [
    ...hits.filter((h) => Number(h.tier) !== anyTier),
    ...hits.filter((h) => Number(h.tier) === anyTier).sort((a, b) => (best.get(b.id) ?? 0) - (best.get(a.id) ?? 0) || Number(a.r) - Number(b.r)).slice(0, CANDIDATES),
  ];
  const ranking: Ranking = [];
  const phraseHits = new Set<string>();
  const passages = new Map<string, RawPassage>();
  for (const row of ordered) {
    if (Number(row.tier) === phraseTier) phraseHits.add(row.id);
    if (passages.has(row.id)) continue;
    passages.set(row.id, row);
    ranking.push({ id: row.id, rank: ranking.length + 1 });
  }
  return { ranking, phraseHits, passages };
}

/**
 * Which of fullTextRanking's tiers run: all of them, each only when those before it found nothing; the
 * phrase alone; or the words alone (all words, then any word), for a caller that has looked for the phrase.
 */
export type Tiers = 'every' | 'phrase' | 'words';

/** Chunks a full-text ranking is confined to: these, and every chunk of these documents. */
export interface Within {
  chunkIds: string[];
  documentIds: string[];
}

/**
 * Nearest chunks full text ranks among when every query word is common. Measured with 300 queries on 100k
 * chunks of prose, as the share of queries whose source passage is in the top 10: 0.80 with 300 or 500,
 * 0.83 with 1000, 0.83 with 2000 (hybrid p95 45, 55, 78, 129 ms); ranking every match gave 0.84 at 187 ms.
 * Issue 30: since a phrase is searched over the whole project (fullTextRanking), a pool of 300 finds the
 * source of 29 of the bench's 30 confined queries (1000 found 26 without that), and finding 1000 nearest
 * cost 120–160 ms against 40–50 ms for 300 (an HNSW scan that must go on past ef_search; load 14).
 * With the words inside versions and addresses indexed too (migration 032), 200 queries on 100k chunks of
 * prose, 60 of them confined: the source in the top 10 for 0.93 of all queries with a pool of 100, 150,
 * 200 or 300 alike, and hybrid p95 17.4, 18.3, 21.5 and 27.8 ms (CPU per query 9.7, 10.2, 10.5, 15.0 ms).
 * Within the vector half's search breadth (200, hybridEfSearchFor) the scan need not go on past it.
 * Since phrases are listed by their word pairs (migration 033) and a question said word for word goes
 * first (verbatim.ts), the pool is the vector half's own candidates: in two interleaved pairs of runs
 * against 150 (57 of the 200 queries confined), the source in the top 10 stayed 0.955 and the quality
 * bench's pages the same, while hybrid p95 went 17.7 / 16.9 → 13.6 / 15.0 ms, CPU per query 11.7 / 11.6 →
 * 10.1 / 10.8 ms and 4 clients 175 / 162 → 203 / 183 QPS: a confined query's nearest-passage statement is
 * then the one an unconfined query runs.
 */
export const COMMON_POOL = CANDIDATES;

/**
 * Confine when the all-words matches could number this many. 4,000 until 2026-12-07: an all-words query
 * just under it ranked all its matches (9–15 ms for "the if then effect" on 100k chunks of prose). Once a
 * confined query's phrase was looked for beside its nearest passages, 2,000 kept the source in the top 10
 * (0.955) and the quality bench's pages, and in two interleaved pairs of runs took hybrid p99 from 15.5 /
 * 17.2 to 13.0 / 11.6 ms, p95 from 10.0 / 11.4 to 9.9 / 9.3 ms and 4 clients from 220 / 209 to 237 / 236
 * QPS. 1,000 did no better in one run (p95 10.3 ms, 231 QPS).
 */
const CONFINE_MIN_MATCHES = 2000;

/**
 * Whether the query's all-words matches could be too many to rank one by one: their estimated share of the
 * searched chunks (`n`, the project's or the chosen documents'; see matchShare) comes to CONFINE_MIN_MATCHES
 * or more: frequent words only, or an `or` with a branch of them ("the template or fully qualified
 * identifier" matches 12.6k of 100k chunks of prose), and in a project of a million chunks also a word in
 * 0.2% of them. Below that, ranking them all costs less than finding the pool. Hangul bigrams are all
 * required, so the rarest of them bounds the matches as a rare English word does.
 */
function manyMatches(n: number, all: string, bigrams: string[], shares: ReadonlyMap<string, number>): boolean {
  if (!shares.size || (!all && !bigrams.length)) return false;
  const english = all ? matchShare(all, shares) : 1;
  const hangul = bigrams.length ? Math.min(...bigrams.map((b) => shares.get(b) ?? 0)) : 1;
  return n * Math.min(english, hangul) >= CONFINE_MIN_MATCHES;
}
