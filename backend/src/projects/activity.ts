import type { Knex } from 'knex';
import { Project } from './model.js';

/**
 * When each project was last worked in: its latest document upload or analysis, else its creation. Not
 * `updated_at`, which a drag in the sidebar rewrites for every project of a category.
 */
export async function lastActivity(userId: string, projects: Project[], trx?: Knex.Transaction): Promise<Map<string, Date>> {
  const out = new Map(projects.map((p) => [p.id, new Date(p.createdAt)]));
  if (!projects.length) return out;
  const knex = trx ?? Project.knex();
  const ids = projects.map((p) => p.id);
  const latest = (table: 'documents' | 'analyses') =>
    knex(table).where({ userId }).whereIn('projectId', ids).groupBy('projectId').select('projectId').max({ at: 'createdAt' }) as Promise<Array<{ projectId: string; at: Date | string | null }>>;
  for (const row of [...(await latest('documents')), ...(await latest('analyses'))]) {
    const at = row.at ? new Date(row.at) : null;
    const known = out.get(row.projectId);
    if (at && known && at > known) out.set(row.projectId, at);
  }
  return out;
}
