/**
 * Passage retrieval for analyses: the project's chunks that best match a query, with the document name
 * and page each came from. Hybrid: pgvector nearest neighbours (HNSW, cosine) over the chunks embedded by
 * the current model, and Postgres full-text search (GIN on tsvector), fused by reciprocal rank fusion
 * (score = Σ 1/(60 + rank), Cormack et al. 2009) in one SQL statement. The same SQL runs on PGlite and
 * PostgreSQL.
 *
 * A query vector is only compared with chunks of the same model and dimension: after a provider change
 * the stale chunks are found by full-text search alone until they are re-embedded, never by a distance
 * between two unrelated vector spaces.
 */
import type { Knex } from 'knex';
import type { Deps } from '../deps.js';
import { vectorLiteral } from './vectors.js';

export interface Passage {
  chunkId: string;
  documentId: string;
  documentName: string;
  /** 1-based page; null where the format has no pages (then `location` says where, e.g. "Sheet1!A1:F40"). */
  page: number | null;
  location: string;
  text: string;
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
/** HNSW search breadth; above CANDIDATES so the index returns enough rows for the filter. */
export const EF_SEARCH = 120;

export interface SearchOptions {
  /**
   * Exact nearest neighbours by sequential scan instead of the HNSW index (the benchmark's reference for
   * recall; too slow for requests on large projects).
   */
  exact?: boolean;
}

export async function searchPassages(deps: SearchDeps, input: SearchInput, options: SearchOptions = {}): Promise<Passage[]> {
  const limit = Math.min(Math.max(input.limit ?? 8, 1), 50);
  const words = queryWords(input.query);
  const vector = deps.embedder && input.query.trim() ? await embedQuery(deps, input) : null;
  if (!words.length && !vector) return [];

  const docFilter = input.documentIds?.length ? 'AND c.document_id = ANY(?::uuid[])' : '';
  const docBinding = input.documentIds?.length ? [input.documentIds] : [];
  const ctes: string[] = [];
  const parts: string[] = [];
  const bindings: unknown[] = [];
  if (words.length) {
    // All words first (precise, served by the GIN index). Only when no passage has them all does an OR of
    // the words run (the NOT EXISTS is a one-time filter), so a question phrased unlike the document still
    // finds its page even when the embedder is a weak one.
    const fullText = (query: string, extra: string) => `SELECT id, row_number() OVER (ORDER BY rank DESC, id) AS r FROM (
        SELECT c.id, ts_rank_cd(c.tsv, q) AS rank FROM chunks c, websearch_to_tsquery('english', ?) q
        WHERE c.project_id = ? AND c.tsv @@ q ${docFilter} ${extra}
        ORDER BY rank DESC LIMIT ${CANDIDATES}) ${query}`;
    ctes.push(`f_all AS (${fullText('fa', '')})`, `f_any AS (${fullText('fo', 'AND NOT EXISTS (SELECT 1 FROM f_all)')})`);
    bindings.push(input.query, input.projectId, ...docBinding);
    bindings.push(anyWords(words), input.projectId, ...docBinding);
    parts.push('SELECT id, r FROM f_all', 'SELECT id, r FROM f_any');
  }
  if (vector) {
    const dim = vector.values.length;
    // The index is on the expression `embedding::vector(dim)`; ordering by the bare column bypasses it.
    const distance = options.exact ? `c.embedding <=> ?::vector` : `c.embedding::vector(${dim}) <=> ?::vector(${dim})`;
    parts.push(`SELECT id, row_number() OVER () AS r FROM (
        SELECT c.id FROM chunks c
        WHERE c.project_id = ? AND c.embedding_dim = ${dim} AND c.embedding_model = ? ${docFilter}
        ORDER BY ${distance}
        LIMIT ${CANDIDATES}) v`);
    bindings.push(input.projectId, vector.model, ...docBinding, vectorLiteral(vector.values));
  }
  const sql = `WITH ${[...ctes, `ranked AS (${parts.join(' UNION ALL ')})`].join(',\n    ')},
    fused AS (SELECT id, sum(1.0 / (${RRF_K} + r))::float8 AS score FROM ranked GROUP BY id)
    SELECT c.id AS chunk_id, c.document_id, d.filename AS document_name, c.page, c.location, c.text,
           c.char_start, c.char_end, f.score
    FROM fused f JOIN chunks c ON c.id = f.id JOIN documents d ON d.id = c.document_id
    WHERE d.user_id = ? AND d.project_id = ? AND d.status = 'ready'
    ORDER BY f.score DESC, c.document_id, c.ordinal
    LIMIT ${limit}`;
  bindings.push(input.userId, input.projectId);

  const rows = await deps.knex.transaction(async (trx) => {
    if (vector && !options.exact) await tuneVectorScan(trx, deps.knex);
    return (await trx.raw(sql, bindings as Knex.RawBinding[])).rows as RawPassage[];
  });
  return rows.map((r) => ({
    chunkId: r.chunk_id,
    documentId: r.document_id,
    documentName: r.document_name,
    page: r.page,
    location: r.location,
    text: r.text,
    charStart: r.char_start,
    charEnd: r.char_end,
    score: Number(r.score),
  }));
}

interface RawPassage {
  chunk_id: string;
  document_id: string;
  document_name: string;
  page: number | null;
  location: string;
  text: string;
  char_start: number;
  char_end: number;
  score: number | string;
}

/**
 * Whether the query has words for full-text search. It runs with websearch semantics (all words, "quoted
 * phrases", or, -not): precise and served by the GIN index. An OR of every word matches a large part of a
 * big project and ranks each match (measured: 140 ms at 10k chunks), so it runs only when the precise query
 * finds nothing.
 */
function queryWords(query: string): string[] {
  return query.match(/[\p{L}\p{N}]+/gu) ?? [];
}

/** The fallback query: any of the (distinct) words, in websearch syntax. */
function anyWords(words: string[]): string {
  return [...new Set(words.map((w) => w.toLowerCase()))].filter((w) => w !== 'or').slice(0, 48).join(' or ');
}

async function embedQuery(deps: SearchDeps, input: SearchInput): Promise<{ values: Float32Array; model: string } | null> {
  const embedder = deps.embedder;
  if (!embedder) return null;
  const { vectors } = await embedder.embed([input.query], {
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

const iterativeScan = new WeakMap<Knex, Promise<boolean>>();

/**
 * Widens the HNSW search for this transaction; on pgvector ≥ 0.8 also lets the index keep scanning when
 * the project filter removes neighbours (otherwise a small project in a big table could get too few).
 */
async function tuneVectorScan(trx: Knex.Transaction, root: Knex): Promise<void> {
  await trx.raw(`SET LOCAL hnsw.ef_search = ${EF_SEARCH}`);
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
