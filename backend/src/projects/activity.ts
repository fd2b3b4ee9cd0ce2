import type { Knex } from 'knex';
import { Project } from './model.js';

export interface ProjectFigures {
  /** The latest document upload or analysis, else the project's creation. */
  lastActivityAt: Date;
  documentCount: number;
}

/**
 * Each project's documents and when it was last worked in. Not `updated_at`, which a drag in the sidebar
 * rewrites for every project of a category. Two grouped queries for the whole tree.
 */
export async function projectFigures(userId: string, projects: Project[], trx?: Knex.Transaction): Promise<Map<string, ProjectFigures>> {
  const out = new Map(projects.map((p): [string, ProjectFigures] => [p.id, { lastActivityAt: new Date(p.createdAt), documentCount: 0 }]));
  if (!projects.length) return out;
  const knex = trx ?? Project.knex();
  const ids = projects.map((p) => p.id);
  const latest = (table: 'documents' | 'analyses') =>
    knex(table).where({ userId }).whereIn('projectId', ids).groupBy('projectId').select('projectId').max({ at: 'createdAt' }).count({ n: '*' }) as Promise<
      Array<{ projectId: string; at: Date | string | null; n: number | string }>
    >;
  const [documents, analyses] = [await latest('documents'), await latest('analyses')];
  for (const row of documents) {
    const figures = out.get(row.projectId);
    if (figures) figures.documentCount = Number(row.n);
  }
  for (const row of [...documents, ...analyses]) {
    const at = row.at ? new Date(row.at) : null;
    const figures = out.get(row.projectId);
    if (at && figures && at > figures.lastActivityAt) figures.lastActivityAt = at;
  }
  return out;
}
