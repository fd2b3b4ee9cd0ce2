import type { Deps } from '../deps.js';
import { Document } from '../documents/model.js';
import { AppError, notFound } from '../http/errors.js';
import { sweepDeletedFiles } from '../storage/deletions.js';
import { Project } from './model.js';
import { loadOwnedCategory, loadOwnedProject } from './policy.js';
import { loadTree, lockTree, moveTo, writePositions } from './tree.js';

export { loadOwnedProject };

export const MAX_PROJECTS_PER_CATEGORY = 500;

export async function createProject(deps: Deps, userId: string, input: { categoryId: string; name: string; description?: string | null }): Promise<Project> {
  const project = await deps.knex.transaction(async (trx) => {
    await lockTree(trx, userId);
    await loadOwnedCategory(userId, input.categoryId, trx);
    const count = await Project.query(trx).where({ categoryId: input.categoryId }).resultSize();
    if (count >= MAX_PROJECTS_PER_CATEGORY) throw new AppError(422, 'limit_reached', `A category holds at most ${MAX_PROJECTS_PER_CATEGORY} projects.`);
    return Project.query(trx).insertAndFetch({ userId, categoryId: input.categoryId, name: input.name, description: input.description ?? null, position: count });
  });
  deps.activity.record({ userId, action: 'project.create', target: project.id });
  return project;
}

/** One statement, so a project deleted meanwhile (another tab) is a 404, not a patch of nothing. */
export async function updateProject(deps: Deps, userId: string, id: string, patch: { name?: string; description?: string | null }): Promise<Project> {
  const [project] = await Project.query().patch(patch).where({ id, userId }).returning('*');
  if (!project) throw notFound('Project');
  return project;
}

export async function deleteProject(deps: Deps, userId: string, id: string): Promise<void> {
  const files = await deps.knex.transaction(async (trx) => {
    await lockTree(trx, userId);
    const project = await loadOwnedProject(userId, id, trx);
    const keys = await Document.storageKeysOf(trx, [id]);
    await Project.query(trx).deleteById(id); // documents cascade; their files are queued (migration 013)
    const rest = await Project.query(trx).where({ categoryId: project.categoryId }).orderBy('position');
    await writePositions(trx, 'projects', rest.map((p) => p.id));
    return keys;
  });
  sweepDeletedFiles(deps, files);
  deps.activity.record({ userId, action: 'project.delete', target: id });
}

/**
 * Moves a project to `index` in `categoryId` (its own or another of the user's), in one transaction;
 * both the source and the target category stay dense. Returns the whole tree.
 */
export async function moveProject(deps: Deps, userId: string, input: { projectId: string; categoryId: string; index: number }) {
  return deps.knex.transaction(async (trx) => {
    await lockTree(trx, userId);
    const project = await loadOwnedProject(userId, input.projectId, trx);
    await loadOwnedCategory(userId, input.categoryId, trx);
    const target = (await Project.query(trx).where({ categoryId: input.categoryId }).orderBy('position')).map((p) => p.id);
    if (project.categoryId !== input.categoryId) {
      if (target.length >= MAX_PROJECTS_PER_CATEGORY) throw new AppError(422, 'limit_reached', `A category holds at most ${MAX_PROJECTS_PER_CATEGORY} projects.`);
      const source = (await Project.query(trx).where({ categoryId: project.categoryId }).orderBy('position')).map((p) => p.id);
      await writePositions(trx, 'projects', source.filter((id) => id !== project.id));
    }
    await writePositions(trx, 'projects', moveTo(target, project.id, input.index), { category_id: input.categoryId });
    return loadTree(userId, trx);
  });
}
