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
 * most of the asked terms (rerank.ts): a question restates one sentence. Above all of them go the passages
 * saying a quoted passage (or the question itself) word for word, not only its stems (verbatim.ts).
 *
 * A query vector is only compared with chunks of the same model and dimension: after a provider change
 * the stale chunks are found by full-text search alone until they are re-embedded, never by a distance
 * between two unrelated vector spaces.
 *
 * Cost (issue 30, `npm run bench -- search`): three statements, two on the critical path — the query's
 * words (fulltext.ts: prepareText) and then the full-text ranking (fulltext.ts), beside the vector ranking
 * (nearest.ts), each ranking reading its passages as it ranks them. The HNSW scan is most of the work at 100k
 * chunks, so the vector half of a hybrid search searches at most 200 wide (hybridEfSearchFor). Measured
 * as CPU per query (this process and PostgreSQL's backends, 100 queries, 100k chunks of prose, idle
 * machine): a whole hybrid search 15.7 ms; of it the 60 nearest with their passages 4.9 (3.7 the ranking
 * alone, 2.9 even at ef_search 40), the 300-nearest pool of a confined query 8.7, an unconfined full-text
 * ranking 4.6, prepareText 0.55, an empty round trip 0.25. The nearest-neighbour scan alone nearly uses
 * up the 3.3 ms a query that 600 queries a second on two cores would allow. A confined query's pool was
 * 150 since, and is now the vector half's own 60 (COMMON_POOL). A phrase's holders are listed by their
 * word pairs on PostgreSQL (migration 033), not by rechecking every passage holding its words. On
 * 2026-12-07 (100k chunks, new questions; PostgreSQL 6.3–7.3 ms and this process 2.0–2.9 ms of CPU per
 * hybrid search): the nearest 60, 3.6 ms of PostgreSQL's CPU; full text 1.7; prepareText 0.3; and each
 * statement's socket write about 0.17 ms of this process's. Starting the vector ranking beside prepareText
 * rather than after it took the 1-client median from 6.1 / 6.6 to 5.7 / 6.4 ms in two interleaved pairs.
 */
import type { Knex } from 'knex';
import type { Deps } from '../deps.js';
import { Document, type DocumentKind } from '../documents/model.js';
import { parseQuery } from './query.js';
import { rerankBySentence, rerankTerms } from './rerank.js';
import { COMMON_POOL, fullTextRanking, prepareText, type TextQuery, type TextRanking } from './fulltext.js';
import { CANDIDATES, hybridEfSearchFor, nearestPassages, type Nearest, type QueryVector } from './nearest.js';
import type { RawPassage } from './passage-rows.js';
import { tableStats } from './stats.js';
import { splitVerbatim, verbatimRuns } from './verbatim.js';

export { efSearchFor, hybridEfSearchFor, nearestChunks, type NearestOptions, type QueryVector, type Ranking } from './nearest.js';
export { tableStats, type TableStats } from './stats.js';
export { bestSentence, type TextRanking } from './fulltext.js';

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
  /**
   * The question as the user typed it, less its frame, when `query` is only its significant words (an
   * analysis's retrieval query): the passages saying it word for word go first (verbatim.ts).
   */
  asked?: string;
  /** Only these documents (all ready documents of the project when absent). */
  documentIds?: string[];
  limit?: number;
}

/** `embedder` is optional so full-text-only callers keep working; with it the search is hybrid. */
export type SearchDeps = Pick<Deps, 'knex'> & Partial<Pick<Deps, 'embedder' | 'embeddingUsage' | 'engine'>>;

const RRF_K = 60;
const NO_TEXT: TextRanking = { ranking: [], phraseHits: new Set(), passages: new Map() };
const NO_VECTOR: Nearest = { ranking: [], passages: new Map() };

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
export interface SearchOptions {
  /**
   * Exact nearest neighbours by sequential scan instead of the HNSW index (the benchmark's reference for
   * recall; too slow for requests on large projects).
   */
  exact?: boolean;
  /** HNSW search breadth of the vector half (hybridEfSearchFor the table's size when absent). */
  efSearch?: number;
}

/**
 * The vector and full-text rankings run at the same time on two connections (on PGlite, with its single
 * connection, one after the other), each one statement that also reads its passages, and are fused by RRF
 * here. The nearest passages need only the query's vector, so they are searched while the query's words
 * are read (prepareText), and full text ranks them as soon as that is done.
 * A query whose all-words matches could be too many to rank ranks them among the nearest passages, once
 * those are found (manyMatches, confinedRanking).
 */
export async function searchPassages(deps: SearchDeps, input: SearchInput, options: SearchOptions = {}): Promise<Passage[]> {
  const limit = Math.min(Math.max(input.limit ?? 8, 1), 50);
  const parsed = parseQuery(input.query);
  const hasText = /[\p{L}\p{N}]/u.test(parsed.text);
  const exact = options.exact ?? false;
  const efSearch = options.efSearch ?? hybridEfSearchFor((await tableStats(deps.knex)).rows);
  // The nearest COMMON_POOL passages: all of them bound a confined full-text ranking, the first CANDIDATES
  // are fused (and so read in full).
  const near = (async (): Promise<Nearest | null> => {
    const vector = deps.embedder && parsed.embedText ? await embedQuery(deps, input, parsed.embedText) : null;
    return vector ? nearestPassages(deps.knex, input, vector, { exact, efSearch, limit: COMMON_POOL, passagesFor: { userId: input.userId, first: CANDIDATES } }) : null;
  })();
  // Awaited below; marked as handled so that its failure does not count as unhandled while the words are read.
  near.catch(() => undefined);
  const text = hasText ? await prepareText(deps.knex, input, parsed) : null;
  const [textRanking, pool] = text?.confine && deps.embedder
    ? await confinedRanking(deps.knex, input, text, deps.embedder.model, near)
    : await Promise.all([text ? fullTextRanking(deps.knex, input, text) : NO_TEXT, near]);
  if (!text && !pool) return [];
  const vectorRanking = pool ? { ranking: pool.ranking.slice(0, CANDIDATES), passages: pool.passages } : NO_VECTOR;
  const scores = new Map<string, number>();
  for (const ranking of [textRanking.ranking, vectorRanking.ranking]) {
    for (const { id, rank } of ranking) scores.set(id, (scores.get(id) ?? 0) + 1 / (RRF_K + rank));
  }
  // A passage holding the quoted words in order is what the question points at: above any fused score.
  for (const id of textRanking.phraseHits) scores.set(id, (scores.get(id) ?? 0) + PHRASE_BONUS);
  // Both rankings read their passages as they ranked them (only the user's ready documents' passages).
  const rows: RawPassage[] = [];
  for (const id of scores.keys()) {
    const row = textRanking.passages.get(id) ?? vectorRanking.passages.get(id);
    if (row) rows.push(row);
  }
  const fused = rows
    .map((r) => ({ r, text: r.text, score: scores.get(r.chunk_id) ?? 0 }))
    .sort((a, b) => b.score - a.score || (a.r.document_id < b.r.document_id ? -1 : a.r.document_id > b.r.document_id ? 1 : a.r.ordinal - b.r.ordinal));
  // A phrase hit is the page the question quotes; otherwise the passage whose one sentence holds most of
  // the asked terms is the one meant (rerank.ts). A question of common words only is left in fused order:
  // holding words that most passages hold is no evidence, which is why its full text was confined to the
  // nearest passages in the first place.
  const distinctive = Boolean(text && (text.anyLexemes.length || text.anyBigrams.length));
  // Before all of them, a passage that says the question's words as asked (verbatim.ts).
  const { said, rest } = splitVerbatim(fused, verbatimRuns(parsed, input.asked));
  const ordered = [
    ...said,
    ...(text && distinctive && !textRanking.phraseHits.size
      ? rerankBySentence(rest, rerankTerms(text.lexemes, text.bigrams, text.shares), Math.max(RERANK_POOL, limit))
      : rest),
  ];
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

/**
 * A query of common words only: its all-words matches can be a large share of a big project (24k of 100k
 * chunks of prose for "any of the other arguments"), and ranking them reads every one's tsvector from the
 * heap: 100–700 ms, growing with the project, and a pass over the table that pushes the vector index out
 * of the buffer cache. So the nearest COMMON_POOL chunks are found first, and full text ranks only among
 * them and the chunks of documents embedded by another model (which the vector search cannot see): a
 * bounded cost at any size, and passages that have the words in a tight cover still rise by fusion. A
 * phrase (a quote, or a question of four words or more) is the exception: it is matched over the whole
 * project (see fullTextRanking), as the passage holding it is seldom among the nearest when its words
 * are common, and so beside the nearest-passage search rather than after it. On 100k chunks of prose (57
 * of 200 queries confined, most of them holding their phrase) that took the 1-client p95 from 12.9 /
 * 10.9 / 11.7 to 9.5 / 9.9 / 11.3 ms in three interleaved pairs of runs, 4 clients at 216–234 QPS either
 * way. (Tried before phrases were listed by their word pairs, it cost a third more CPU under load.)
 */
async function confinedRanking(
  knex: Knex, input: SearchInput, query: TextQuery, model: string, near: Promise<Nearest | null>,
): Promise<[TextRanking, Nearest | null]> {
  const [stale, phrase] = await Promise.all([
    Document.embeddedByOtherModel(knex, model).where({ projectId: input.projectId, userId: input.userId }).select('id').then((docs) => docs.map((d) => d.id)),
    // The phrase is looked for over the whole project, so it need not wait for the pool.
    query.phrase ? fullTextRanking(knex, input, query, undefined, 'phrase') : null,
  ]);
  const pool = await near;
  // A phrase hit is the page: the words are ranked only when no passage holds it (as fullTextRanking's tiers do).
  if (phrase?.ranking.length) return [phrase, pool];
  // Without a query vector (a question of no embeddable words) there are no nearest passages to confine to.
  const within = pool ? { chunkIds: pool.ranking.map((p) => p.id), documentIds: stale } : undefined;
  return [await fullTextRanking(knex, input, query, within, 'words'), pool];
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
