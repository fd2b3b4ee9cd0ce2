/**
 * Who may touch a category or project: only its owner. Loading goes through here so a missing and a
 * foreign record are the same 404.
 */
import type { Knex } from 'knex';
import { Category } from '../categories/model.js';
import { notFound } from '../http/errors.js';
import { Project } from './model.js';

export async function loadOwnedCategory(userId: string, categoryId: string, trx?: Knex.Transaction): Promise<Category> {
  const category = await Category.query(trx).findOne({ id: categoryId, userId });
  if (!category) throw notFound('Category');
  return category;
}

export async function loadOwnedProject(userId: string, projectId: string, trx?: Knex.Transaction): Promise<Project> {
  const project = await Project.query(trx).findOne({ id: projectId, userId });
  if (!project) throw notFound('Project');
  return project;
}
