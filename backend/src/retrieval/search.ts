/**
 * Passage retrieval for analyses: the project's chunks that best match a query, with the document name
 * and page each came from. Hybrid: pgvector nearest neighbours (HNSW, cosine) over the chunks embedded by
 * the current model, and Postgres full-text search (GIN on tsvector), fused by reciprocal rank fusion
 * (score = Σ 1/(60 + rank), Cormack et al. 2009). The same SQL runs on PGlite and PostgreSQL.
 *
 * The query is read first (query.ts): normalised as documents are at ingest, its quoted passages matched
 * as phrases (a phrase hit ranks above every other passage), the question's frame ("which page says")
 * not required, and its Hangul words matched by character bigrams (`tsv_hangul`, migration 018). Unless a
 * passage holds a quoted phrase, the fused candidates are then reordered by the sentence of each holding
 * most of the asked terms (rerank.ts): a question restates one sentence.
 *
 * A query vector is only compared with chunks of the same model and dimension: after a provider change
 * the stale chunks are found by full-text search alone until they are re-embedded, never by a distance
 * between two unrelated vector spaces.
 */
import type { Knex } from 'knex';
import type { Deps } from '../deps.js';
import { Document, type DocumentKind } from '../documents/model.js';
import { parseQuery, type ParsedQuery } from './query.js';
import { rerankBySentence, rerankTerms } from './rerank.js';
import { matchShare } from './tsquery.js';
import { indexPredicate, indexedDistanceSql, vectorLiteral } from './vectors.js';

export interface Passage {
  chunkId: string;
  documentId: string;
  documentName: string;
  documentKind: DocumentKind;
  /** 1-based page; null where the format has no pages (then `location` says where, e.g. "Sheet1!A1:F40"). */
  page: number | null;
  location: string;
  text: string;
  /** The page is a scan whose text was read by OCR: the text may hold recognition errors. */
  ocr: boolean;
  charStart: number;
  charEnd: number;
  score: number;
}

export interface SearchInput {
  userId: string;
  projectId: string;
  query: string;
  /** Only these documents (all ready documents of the project when absent). */
  documentIds?: string[];
  limit?: number;
}

/** `embedder` is optional so full-text-only callers keep working; with it the search is hybrid. */
export type SearchDeps = Pick<Deps, 'knex'> & Partial<Pick<Deps, 'embedder' | 'embeddingUsage' | 'engine'>>;

/** Candidates taken from each ranking before fusion. */
const CANDIDATES = 60;
const RRF_K = 60;
/**
 * Fused candidates reordered by their best sentence (rerank.ts), of the ≤ 2 × CANDIDATES read in full
 * anyway. Before the rerank the right page was among the first 6 for 90% of the bench's paraphrased and
 * 83% of its Korean questions; with a pool of 40 it is first for 95% and 100% (bench/quality.ts). Not tuned
 * further: a larger pool costs only CPU (~50 µs a passage) but lets passages found weakly by one ranking
 * compete on word overlap alone.
 */
const RERANK_POOL = 40;
/** Added to a phrase hit's fused score: more than any fusion of ranks can give (at most 2/61). */
const PHRASE_BONUS = 1;
/**
 * HNSW search breadth, growing with the table: ≈ 2·√rows between 100 and 500. Measured with 100 queries on
 * 100k chunks of real prose (index m=12, ef_construction=64, 13% of the chunks copies of another), recall@10
 * against exact search over every chunk: with the copies left out of the graph (see IndexScope in
 * vectors.ts) 0.961–0.980 at 500 over four builds of the index and 0.962–0.984 at 632, for a quarter more
 * time; with them in it, 0.939–0.970 at 500 over seven builds. The planner prices an index scan by
 * ef_search, and past a point it prefers sorting the whole project by distance (exact, but 100 ms at 10k
 * chunks because every vector is read from TOAST); at 10k it still takes the index at 250.
 */
export function efSearchFor(rows: number): number {
  return Math.min(500, Math.max(100, Math.round(2 * Math.sqrt(Math.max(rows, 0)))));
}

export interface SearchOptions {
  /**
   * Exact nearest neighbours by sequential scan instead of the HNSW index (the benchmark's reference for
   * recall; too slow for requests on large projects).
   */
  exact?: boolean;
}

export type Ranking = Array<{ id: string; rank: number }>;

/**
 * The vector and full-text rankings run at the same time on two connections (on PGlite, with its single
 * connection, one after the other), are fused by RRF here, and only the fused top rows are read in full.
 * A query whose all-words matches could be too many to rank runs them one after the other (manyMatches).
 */
export async function searchPassages(deps: SearchDeps, input: SearchInput, options: SearchOptions = {}): Promise<Passage[]> {
  const limit = Math.min(Math.max(input.limit ?? 8, 1), 50);
  const parsed = parseQuery(input.query);
  const hasText = /[\p{L}\p{N}]/u.test(parsed.text);
  const [vector, text] = await Promise.all([
    deps.embedder && parsed.embedText ? embedQuery(deps, input, parsed.embedText) : null,
    hasText ? prepareText(deps.knex, input, parsed) : null,
  ]);
  if (!text && !vector) return [];

  const exact = options.exact ?? false;
  const [textRanking, vectorRanking] = vector && text?.confine
    ? await confinedRankings(deps.knex, input, text, vector, exact)
    : await Promise.all([
      text ? fullTextRanking(deps.knex, input, text) : { ranking: [], phraseHits: new Set<string>() },
      vector ? nearestChunks(deps.knex, input, vector, { exact }) : [],
    ]);
  const scores = new Map<string, number>();
  for (const ranking of [textRanking.ranking, vectorRanking]) {
    for (const { id, rank } of ranking) scores.set(id, (scores.get(id) ?? 0) + 1 / (RRF_K + rank));
  }
  // A passage holding the quoted words in order is what the question points at: above any fused score.
  for (const id of textRanking.phraseHits) scores.set(id, (scores.get(id) ?? 0) + PHRASE_BONUS);
  if (!scores.size) return [];
  const rows = (await deps.knex.raw(
    `SELECT c.id AS chunk_id, c.document_id, d.filename AS document_name, d.kind AS document_kind, c.page, c.location, c.text,
            c.char_start, c.char_end, c.ordinal, COALESCE(c.page = ANY(d.ocr_page_numbers), false) AS ocr
     FROM chunks c JOIN documents d ON d.id = c.document_id
     WHERE c.id = ANY(?::uuid[]) AND d.user_id = ? AND d.project_id = ? AND d.status = 'ready'`,
    [[...scores.keys()], input.userId, input.projectId],
  )).rows as RawPassage[];
  const fused = rows
    .map((r) => ({ r, text: r.text, score: scores.get(r.chunk_id) ?? 0 }))
    .sort((a, b) => b.score - a.score || (a.r.document_id < b.r.document_id ? -1 : a.r.document_id > b.r.document_id ? 1 : a.r.ordinal - b.r.ordinal));
  // A phrase hit is the page the question quotes; otherwise the passage whose one sentence holds most of
  // the asked terms is the one meant (rerank.ts). A question of common words only is left in fused order:
  // holding words that most passages hold is no evidence, which is why its full text was confined to the
  // nearest passages in the first place.
  const distinctive = Boolean(text && (text.anyLexemes.length || text.anyBigrams.length));
  const ordered = text && distinctive && !textRanking.phraseHits.size
    ? rerankBySentence(fused, rerankTerms(text.lexemes, text.bigrams, text.shares), Math.max(RERANK_POOL, limit))
    : fused;
  return ordered
    .slice(0, limit)
    .map(({ r, score }) => ({
      chunkId: r.chunk_id,
      documentId: r.document_id,
      documentName: r.document_name,
      documentKind: r.document_kind,
      page: r.page,
      location: r.location,
      text: r.text,
      ocr: r.ocr,
      charStart: r.char_start,
      charEnd: r.char_end,
      score,
    }));
}

function documentFilter(input: Pick<SearchInput, 'documentIds'>): { sql: string; bindings: unknown[] } {
  return input.documentIds?.length ? { sql: 'AND c.document_id = ANY(?::uuid[])', bindings: [input.documentIds] } : { sql: '', bindings: [] };
}

/** The full-text side of a search, prepared in one round trip (prepareText). */
interface TextQuery {
  /** websearch_to_tsquery of the English words ('' when none is a lexeme). */
  all: string;
  /** The quoted passages (or the whole long question) as one tsquery: an `or` of phrases ('' when none). */
  phrase: string;
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
}

/** Lexemes of the any-word fallback at most. */
const ANY_WORDS = 48;
/** Passages of the any-word fallback ranked by their best sentence (see fullTextRanking). */
const ANY_POOL = 100;
/** The any-word fallback's estimated matches at most, and its terms at least (see rarest). */
const ANY_MATCH_BUDGET = 1500;
const ANY_MIN_TERMS = 3;

/**
 * Turns the parsed query into tsqueries (the English configuration decides what a lexeme is, so this asks
 * the database) and counts the searched chunks for manyMatches, in one statement.
 */
async function prepareText(knex: Knex, input: SearchInput, parsed: ParsedQuery): Promise<TextQuery | null> {
  const { common, shares } = await tableStats(knex);
  const docs = input.documentIds?.length ? { sql: 'AND id = ANY(?::uuid[])', bindings: [input.documentIds] } : { sql: '', bindings: [] };
  const { rows } = await knex.raw(
    `SELECT websearch_to_tsquery('english', ?)::text AS q,
       ARRAY(SELECT phraseto_tsquery('english', p)::text FROM unnest(?::text[]) p) AS phrases,
       ARRAY(SELECT l FROM unnest(tsvector_to_array(to_tsvector('english', ?))) l WHERE strpos(l, chr(92)) = 0) AS lexemes,
       (SELECT coalesce(sum(chunk_count), 0) FROM documents WHERE project_id = ? AND user_id = ? AND status = 'ready' ${docs.sql})::float8 AS n`,
    [parsed.english, parsed.phrases, parsed.english, input.projectId, input.userId, ...docs.bindings] as Knex.RawBinding[],
  );
  const row = rows[0] as { q: string | null; phrases: string[]; lexemes: string[]; n: number | string };
  const all = row.q ?? '';
  const phrase = row.phrases.filter(Boolean).map((q) => `(${q})`).join(' | ');
  const commonSet = new Set(common);
  const n = Number(row.n);
  const anyLexemes = row.lexemes.filter((l) => !commonSet.has(l)).slice(0, ANY_WORDS);
  const anyBigrams = parsed.bigrams.filter((b) => !commonSet.has(b)).slice(0, ANY_WORDS);
  if (!all && !phrase && !anyLexemes.length && !parsed.bigrams.length) return null;
  return {
    all, phrase, lexemes: row.lexemes, shares, anyLexemes, bigrams: parsed.bigrams, anyBigrams,
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
async function fullTextRanking(knex: Knex, input: SearchInput, text: TextQuery, within?: Within): Promise<TextRanking> {
  const docs = documentFilter(input);
  // Confined: the chunks are read by primary key (and document) first; OFFSET 0 keeps the planner from
  // starting at the GIN index instead, whose estimate for a phrase query is one row while it matches 15k.
  const source = within
    ? `(SELECT id, project_id, document_id, text, tsv, tsv_hangul FROM chunks WHERE id = ANY(?::uuid[])${within.documentIds.length ? ' OR document_id = ANY(?::uuid[])' : ''} OFFSET 0)`
    : 'chunks';
  const sourceBindings = within ? [within.chunkIds, ...(within.documentIds.length ? [within.documentIds] : [])] : [];
  const tiers: Array<{ name: string; sql: string; bindings: unknown[] }> = [];
  /** Chunks matching all (`&`) or any (`|`) of `match`, scored by `rank` summed over the columns. */
  const matching = (match: Array<[column: string, query: string]>, op: 'AND' | 'OR', rank: 'ts_rank' | 'ts_rank_cd', limit: number, extra = '') => ({
    sql: `SELECT c.id, ${op === 'OR' ? 'c.text, ' : ''}${match.map(([column]) => `coalesce(${rank}(c.${column}, ?::tsquery), 0)`).join(' + ')} AS rank FROM ${source} c
      WHERE c.project_id = ? AND (${match.map(([column]) => `c.${column} @@ ?::tsquery`).join(` ${op} `)}) ${docs.sql} ${extra}
      ORDER BY rank DESC LIMIT ${limit}`,
    bindings: [...match.map(([, q]) => q), ...sourceBindings, input.projectId, ...match.map(([, q]) => q), ...docs.bindings],
  });
  const ranked = (name: string, m: { sql: string; bindings: unknown[] }) =>
    tiers.push({ name, sql: `SELECT id, row_number() OVER (ORDER BY rank DESC, id) AS r FROM (${m.sql}) t`, bindings: m.bindings });
  if (text.phrase) ranked('f_phrase', matching([['tsv', text.phrase]], 'AND', 'ts_rank_cd', CANDIDATES));
  const all: Array<[string, string]> = [];
  if (text.all) all.push(['tsv', text.all]);
  if (text.bigrams.length) all.push(['tsv_hangul', lexemeQuery(text.bigrams, '&')]);
  // Each tier runs only when those before it found nothing (one-time filters): a phrase hit is the page.
  const before = () => tiers.map((t) => `AND NOT EXISTS (SELECT 1 FROM ${t.name})`).join(' ');
  if (all.length) ranked('f_all', matching(all, 'AND', 'ts_rank_cd', CANDIDATES, before()));
  const any: Array<[string, string]> = [];
  const orLexemes = text.anyLexemes.filter((l) => text.orTerms.includes(l));
  const orBigrams = text.anyBigrams.filter((b) => text.orTerms.includes(b));
  if (orLexemes.length) any.push(['tsv', lexemeQuery(orLexemes, '|')]);
  if (orBigrams.length) any.push(['tsv_hangul', lexemeQuery(orBigrams, '|')]);
  if (any.length) {
    const m = matching(any, 'OR', 'ts_rank', ANY_POOL, before());
    tiers.push({ name: 'f_any', sql: `SELECT id, row_number() OVER (ORDER BY rank DESC, id) AS r, text FROM (${m.sql}) t`, bindings: m.bindings });
  }
  if (!tiers.length) return { ranking: [], phraseHits: new Set() };

  const sql = `WITH ${tiers.map((t) => `${t.name} AS (${t.sql})`).join(',\n')}
    ${tiers.map((t, i) => `SELECT id, r, ${i} AS tier, ${t.name === 'f_any' ? 'text' : 'NULL::text AS text'} FROM ${t.name}`).join(' UNION ALL ')}
    ORDER BY tier, r`;
  const { rows } = await knex.raw(sql, tiers.flatMap((t) => t.bindings) as Knex.RawBinding[]);
  const hits = rows as Array<{ id: string; r: string | number; tier: number; text: string | null }>;
  // A question restates one sentence: of the any-word matches, the passage whose best sentence holds the
  // most of the words is the one meant, not one that has them scattered over unrelated sentences (a page
  // of report lines names every city and year somewhere). ts_rank picked them, and breaks ties.
  const anyTier = tiers.findIndex((t) => t.name === 'f_any');
  const best = new Map(hits.filter((h) => Number(h.tier) === anyTier).map((h) => [h.id, bestSentence(h.text ?? '', text.anyLexemes, text.anyBigrams)]));
  const ordered = [
    ...hits.filter((h) => Number(h.tier) !== anyTier),
    ...hits.filter((h) => Number(h.tier) === anyTier).sort((a, b) => (best.get(b.id) ?? 0) - (best.get(a.id) ?? 0) || Number(a.r) - Number(b.r)).slice(0, CANDIDATES),
  ];
  const ranking: Ranking = [];
  const phraseHits = new Set<string>();
  const seen = new Set<string>();
  for (const row of ordered) {
    if (text.phrase && Number(row.tier) === 0) phraseHits.add(row.id);
    if (seen.has(row.id)) continue;
    seen.add(row.id);
    ranking.push({ id: row.id, rank: ranking.length + 1 });
  }
  return { ranking, phraseHits };
}

export interface NearestOptions {
  /** Sequential scan instead of the HNSW index (see SearchOptions). */
  exact?: boolean;
  limit?: number;
  /** HNSW search breadth (efSearchFor the table's size when absent). */
  efSearch?: number;
}

/**
 * Nearest chunks by cosine distance, over the chunks embedded by the query's model only. The index holds
 * the first chunk of each run of identical texts in a document (see IndexScope in vectors.ts); each one's
 * copies follow it at its rank, as they are just as near.
 */
export async function nearestChunks(
  knex: Knex, scope: Pick<SearchInput, 'projectId' | 'documentIds'>, vector: QueryVector, options: NearestOptions = {},
): Promise<Ranking> {
  const dim = vector.values.length;
  const limit = options.limit ?? CANDIDATES;
  const docs = documentFilter(scope);
  const distance = options.exact ? `c.embedding <=> ?::vector` : await indexedDistanceSql(knex, dim);
  // row_number() OVER () numbers the rows in the order the index scan returns them.
  const sql = `SELECT n.id, n.r, x.id AS copy_id FROM (
      SELECT s.id, s.document_id, s.ordinal, row_number() OVER () AS r FROM (
        SELECT c.id, c.document_id, c.ordinal FROM chunks c
        WHERE c.project_id = ? AND ${indexPredicate(dim, 'canonical', 'c')} AND c.embedding_model = ? ${docs.sql}
        ORDER BY ${distance} LIMIT ${limit}) s) n
    LEFT JOIN LATERAL (
      SELECT x.id, x.ordinal FROM chunks x WHERE x.document_id = n.document_id AND x.copy_of_ordinal = n.ordinal
      ORDER BY x.ordinal LIMIT ${limit}) x ON true
    ORDER BY n.r, x.ordinal LIMIT ${limit}`; // every row adds a chunk to the ranking
  // Read before the transaction: on PGlite that holds the only connection.
  const efSearch = options.efSearch ?? efSearchFor((await tableStats(knex)).rows);
  const rows = await knex.transaction(async (trx) => {
    if (!options.exact) await tuneVectorScan(trx, knex, efSearch);
    return (await trx.raw(sql, [scope.projectId, vector.model, ...docs.bindings, vectorLiteral(vector.values)] as Knex.RawBinding[])).rows as Array<{ id: string; r: string | number; copy_id: string | null }>;
  });
  const ranking: Ranking = [];
  let last: string | null = null;
  for (const row of rows) {
    if (ranking.length >= limit) break;
    const rank = Number(row.r);
    if (row.id !== last) ranking.push({ id: (last = row.id), rank });
    if (row.copy_id && ranking.length < limit) ranking.push({ id: row.copy_id, rank });
  }
  return ranking;
}

export type QueryVector = { values: Float32Array; model: string };

/** Chunks a full-text ranking is confined to: these, and every chunk of these documents. */
interface Within {
  chunkIds: string[];
  documentIds: string[];
}

/**
 * Nearest chunks full text ranks among when every query word is common. Measured with 300 queries on 100k
 * chunks of prose, as the share of queries whose source passage is in the top 10: 0.80 with 300 or 500,
 * 0.83 with 1000, 0.83 with 2000 (hybrid p95 45, 55, 78, 129 ms); ranking every match gave 0.84 at 187 ms.
 */
const COMMON_POOL = 1000;

/** Confine when the all-words matches could number this many: four times the pool. */
const CONFINE_MIN_MATCHES = 4 * COMMON_POOL;

/**
 * Whether the query's all-words matches could be too many to rank one by one: their estimated share of the
 * searched chunks (`n`, the project's or the chosen documents'; see matchShare) comes to CONFINE_MIN_MATCHES
 * or more: frequent words only, or an `or` with a branch of them ("the template or fully qualified
 * identifier" matches 12.6k of 100k chunks of prose), and in a project of a million chunks also a word in
 * 0.5% of them. Below that, ranking them all costs less than finding the pool. Hangul bigrams are all
 * required, so the rarest of them bounds the matches as a rare English word does.
 */
function manyMatches(n: number, all: string, bigrams: string[], shares: ReadonlyMap<string, number>): boolean {
  if (!shares.size || (!all && !bigrams.length)) return false;
  const english = all ? matchShare(all, shares) : 1;
  const hangul = bigrams.length ? Math.min(...bigrams.map((b) => shares.get(b) ?? 0)) : 1;
  return n * Math.min(english, hangul) >= CONFINE_MIN_MATCHES;
}

/**
 * A query of common words only: its all-words matches can be a large share of a big project (24k of 100k
 * chunks of prose for "any of the other arguments"), and ranking them reads every one's tsvector from the
 * heap: 100–700 ms, growing with the project, and a pass over the table that pushes the vector index out
 * of the buffer cache. So the nearest COMMON_POOL chunks are found first, and full text ranks only among
 * them and the chunks of documents embedded by another model (which the vector search cannot see): a
 * bounded cost at any size, and passages that have the words in a tight cover still rise by fusion.
 */
async function confinedRankings(knex: Knex, input: SearchInput, query: TextQuery, vector: QueryVector, exact: boolean): Promise<[TextRanking, Ranking]> {
  const [pool, stale] = await Promise.all([
    nearestChunks(knex, input, vector, { exact, limit: COMMON_POOL }),
    Document.embeddedByOtherModel(knex, vector.model).where({ projectId: input.projectId, userId: input.userId }).select('id').then((docs) => docs.map((d) => d.id)),
  ]);
  const text = await fullTextRanking(knex, input, query, { chunkIds: pool.map((p) => p.id), documentIds: stale });
  return [text, pool.slice(0, CANDIDATES)];
}

interface RawPassage {
  chunk_id: string;
  document_id: string;
  document_name: string;
  document_kind: DocumentKind;
  page: number | null;
  location: string;
  text: string;
  char_start: number;
  char_end: number;
  ordinal: number;
  ocr: boolean;
}

/** The vector of the sought words (the question's frame and quote marks left out, see parseQuery). */
async function embedQuery(deps: SearchDeps, input: SearchInput, text: string): Promise<QueryVector | null> {
  const embedder = deps.embedder;
  if (!embedder) return null;
  const { vectors } = await embedder.embed([text], {
    onCall: async (call) => {
      await deps.embeddingUsage?.record({
        userId: input.userId, projectId: input.projectId, documentId: null, purpose: 'query',
        provider: embedder.provider, model: embedder.model, inputs: call.inputs, tokens: call.tokens, latencyMs: call.latencyMs,
      });
    },
  });
  const values = vectors[0];
  // A query without a single word hashes to the zero vector, which has no cosine distance.
  if (!values || !values.some((x) => x !== 0)) return null;
  return { values, model: embedder.model };
}

/** Lexemes in at least this share of the passages, and in at least COMMON_MIN_ROWS of them, are common. */
const COMMON_SHARE = 0.02;
const COMMON_MIN_ROWS = 1000;
const STATS_TTL_MS = 10 * 60_000;

export interface TableStats {
  /** Estimated rows of `chunks` (0 before the first ANALYZE). */
  rows: number;
  /** The common lexemes of `chunks.tsv` and Hangul bigrams of `chunks.tsv_hangul`. */
  common: string[];
  /**
   * The share of the rows of each lexeme the statistics keep: the ~1,000 most frequent (down to about
   * 0.1% of a large table), the common ones among them. A lexeme not here is rarer than all of these.
   */
  shares: Map<string, number>;
}

const statsCache = new WeakMap<Knex, { at: number; stats: Promise<TableStats> }>();

/**
 * What the statistics ANALYZE (autovacuum) keeps say about `chunks`: its size, and the lexemes found in a
 * large share of a sample of the whole table, with their frequencies. Cached per database for ten minutes. Before the first
 * ANALYZE (PGlite has no autovacuum) and in a small table there are no common lexemes, so nothing is ever
 * left out there.
 */
export function tableStats(knex: Knex, options: { refresh?: boolean } = {}): Promise<TableStats> {
  const cached = statsCache.get(knex);
  if (cached && !options.refresh && Date.now() - cached.at < STATS_TTL_MS) return cached.stats;
  const stats = Promise.all([
    knex.raw(`SELECT greatest(reltuples, 0)::float8 AS n FROM pg_class WHERE oid = 'chunks'::regclass`),
    knex.raw(
      `SELECT u.e, u.f::float8 AS f FROM pg_stats s,
         unnest(s.most_common_elems::text::text[], s.most_common_elem_freqs::text::float4[]) AS u(e, f)
       WHERE s.schemaname = current_schema() AND s.tablename = 'chunks' AND s.attname IN ('tsv', 'tsv_hangul') AND u.e IS NOT NULL`,
    ),
  ])
    .then(([size, elements]: Array<{ rows: Array<Record<string, unknown>> }>) => {
      const rows = Number(size.rows[0]?.n ?? 0);
      const shares = new Map(elements.rows.map((row) => [String(row.e), Number(row.f)]));
      const common = [...shares].filter(([, f]) => f >= COMMON_SHARE && f * rows >= COMMON_MIN_ROWS).map(([e]) => e);
      return { rows, common, shares };
    })
    .catch(() => ({ rows: 0, common: [], shares: new Map<string, number>() }));
  statsCache.set(knex, { at: Date.now(), stats });
  return stats;
}

const iterativeScan = new WeakMap<Knex, Promise<boolean>>();

/**
 * Widens the HNSW search for this transaction; on pgvector ≥ 0.8 also lets the index keep scanning when
 * the project filter removes neighbours (otherwise a small project in a big table could get too few).
 */
async function tuneVectorScan(trx: Knex.Transaction, root: Knex, efSearch: number): Promise<void> {
  await trx.raw(`SET LOCAL hnsw.ef_search = ${efSearch}`);
  let supported = iterativeScan.get(root);
  if (!supported) {
    supported = trx
      .raw(`SELECT extversion FROM pg_extension WHERE extname = 'vector'`)
      .then((r: { rows: Array<{ extversion: string }> }) => {
        const [major, minor] = (r.rows[0]?.extversion ?? '0.0').split('.').map(Number);
        return major > 0 || minor >= 8;
      });
    iterativeScan.set(root, supported);
  }
  if (await supported) await trx.raw(`SET LOCAL hnsw.iterative_scan = strict_order`);
}
