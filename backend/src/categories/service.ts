import type { Deps } from '../deps.js';
import { Document } from '../documents/model.js';
import { AppError, notFound } from '../http/errors.js';
import { Project } from '../projects/model.js';
import { MAX_PROJECTS_PER_CATEGORY } from '../projects/service.js';
import { loadOwnedCategory } from '../projects/policy.js';
import { loadTree, lockTree, moveTo, writePositions } from '../projects/tree.js';
import { sweepDeletedFiles } from '../storage/deletions.js';
import { Category } from './model.js';

const MAX_CATEGORIES = 200;

export async function createCategory(deps: Deps, userId: string, name: string): Promise<Category> {
  return deps.knex.transaction(async (trx) => {
    await lockTree(trx, userId);
    const count = await Category.query(trx).where({ userId }).resultSize();
    if (count >= MAX_CATEGORIES) throw new AppError(422, 'limit_reached', `You can have at most ${MAX_CATEGORIES} categories.`);
    return Category.query(trx).insertAndFetch({ userId, name, position: count });
  });
}

/** One statement, so a category deleted meanwhile (another tab) is a 404, not a patch of nothing. */
export async function renameCategory(deps: Deps, userId: string, id: string, name: string): Promise<Category> {
  const [category] = await Category.query().patch({ name }).where({ id, userId }).returning('*');
  if (!category) throw notFound('Category');
  return category;
}

/**
 * Deletes a category. Its projects are deleted with it, or first appended to `moveProjectsTo`.
 * Positions of the remaining categories stay dense.
 */
export async function deleteCategory(deps: Deps, userId: string, id: string, moveProjectsTo?: string): Promise<{ movedProjects: number; deletedProjects: number }> {
  const { files, ...counts } = await deps.knex.transaction(async (trx) => {
    await lockTree(trx, userId);
    await loadOwnedCategory(userId, id, trx);
    const projects = await Project.query(trx).where({ categoryId: id }).orderBy('position');
    let moved = 0;
    if (moveProjectsTo) {
      if (moveProjectsTo === id) throw new AppError(400, 'validation', 'query.moveProjectsTo: must be another category');
      await loadOwnedCategory(userId, moveProjectsTo, trx);
      const target = await Project.query(trx).where({ categoryId: moveProjectsTo }).orderBy('position');
      // The same cap as creating or dragging a project in; nothing is deleted when the move cannot happen.
      if (target.length + projects.length > MAX_PROJECTS_PER_CATEGORY) {
        throw new AppError(422, 'limit_reached', `A category holds at most ${MAX_PROJECTS_PER_CATEGORY} projects: moving these ${projects.length} would make ${target.length + projects.length}.`);
      }
      await writePositions(trx, 'projects', [...target, ...projects].map((p) => p.id), { category_id: moveProjectsTo });
      moved = projects.length;
    }
    // Projects not moved go with the category, and their documents with them (files queued, migration 013).
    const files = moved ? [] : await Document.storageKeysOf(trx, projects.map((p) => p.id));
    await Category.query(trx).deleteById(id);
    const rest = await Category.query(trx).where({ userId }).orderBy('position');
    await writePositions(trx, 'categories', rest.map((c) => c.id));
    return { movedProjects: moved, deletedProjects: projects.length - moved, files };
  });
  sweepDeletedFiles(deps, files);
  return counts;
}

/** Moves one category to `index`; returns the whole tree as it now stands. */
export async function reorderCategories(deps: Deps, userId: string, categoryId: string, index: number) {
  return deps.knex.transaction(async (trx) => {
    await lockTree(trx, userId);
    await loadOwnedCategory(userId, categoryId, trx);
    const ids = (await Category.query(trx).where({ userId }).orderBy('position')).map((c) => c.id);
    await writePositions(trx, 'categories', moveTo(ids, categoryId, index));
    return loadTree(userId, trx);
  });
}
