/**
 * Passage retrieval for analyses: the project's chunks that best match a query, with the document name
 * and page each came from. This first version ranks by Postgres full-text search only; the Documents work
 * (issue #3) fuses it with pgvector similarity (reciprocal rank fusion) behind this same signature.
 */
import type { Deps } from '../deps.js';

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

export async function searchPassages(deps: Pick<Deps, 'knex'>, input: SearchInput): Promise<Passage[]> {
  const limit = Math.min(Math.max(input.limit ?? 8, 1), 50);
  const q = deps.knex('chunks as c')
    .join('documents as d', 'd.id', 'c.document_id')
    .where('d.user_id', input.userId)
    .andWhere('c.project_id', input.projectId)
    .andWhere('d.status', 'ready')
    .whereRaw(`c.tsv @@ websearch_to_tsquery('english', ?)`, [input.query])
    .select(
      // knexSnakeCaseMappers: camelCase here is snake_case in SQL and comes back camelCase.
      'c.id as chunkId', 'c.documentId', 'd.filename as documentName', 'c.page', 'c.location', 'c.text', 'c.charStart', 'c.charEnd',
      deps.knex.raw(`ts_rank_cd(c.tsv, websearch_to_tsquery('english', ?))::float8 as score`, [input.query]),
    )
    .orderBy('score', 'desc')
    .orderBy('c.ordinal', 'asc')
    .limit(limit);
  if (input.documentIds?.length) q.whereIn('c.document_id', input.documentIds);
  const rows = (await q) as unknown as Passage[];
  return rows.map((r) => ({ ...r, score: Number(r.score) }));
}
