/**
 * A user's sidebar: categories in order, each with its projects in order. Every change to positions takes
 * the user's tree lock first, so concurrent moves apply one after the other to the latest state, and
 * positions are rewritten densely (0..n-1) in the same transaction.
 */
import type { Knex } from 'knex';
import { Category } from '../categories/model.js';
import { Project } from './model.js';
import { projectFigures } from './activity.js';
import { presentCategory } from './presenter.js';

/** Serialises position changes for one user (transaction-scoped advisory lock). */
export async function lockTree(trx: Knex.Transaction, userId: string): Promise<void> {
  await trx.raw("SELECT pg_advisory_xact_lock(hashtext('intellio:tree:' || ?))", [userId]);
}

export async function loadTree(userId: string, trx?: Knex.Transaction) {
  const [categories, projects] = [
    await Category.query(trx).where({ userId }).orderBy('position'),
    await Project.query(trx).where({ userId }).orderBy('position'),
  ];
  const figures = await projectFigures(userId, projects, trx);
  return categories.map((c) => presentCategory(c, projects, figures));
}

/** Writes positions 0..n-1 in the given order with one statement. */
export async function writePositions(trx: Knex.Transaction, table: 'categories' | 'projects', ids: string[], extra: Record<string, string> = {}): Promise<void> {
  if (!ids.length) return;
  const values = ids.map(() => '(?::uuid, ?::int)').join(', ');
  const bindings = ids.flatMap((id, i) => [id, i]);
  const setExtra = Object.keys(extra).map((col) => `, ${col} = ?`).join('');
  await trx.raw(
    `UPDATE ${table} AS t SET position = v.pos, updated_at = now()${setExtra} FROM (VALUES ${values}) AS v(id, pos) WHERE t.id = v.id`,
    [...Object.values(extra), ...bindings],
  );
}

/** Moves `id` within `ids` to `index` (clamped), returning the new order. */
export function moveTo(ids: string[], id: string, index: number): string[] {
  const rest = ids.filter((x) => x !== id);
  const at = Math.max(0, Math.min(index, rest.length));
  return [...rest.slice(0, at), id, ...rest.slice(at)];
}
