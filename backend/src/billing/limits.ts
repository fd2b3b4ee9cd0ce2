/**
 * Plan limits, checked where the work starts (one call each from the analysis and upload paths): cells per
 * analysis, models, documents per project. A refusal is a 403 `plan_limit` naming the limit and the plan,
 * so clients can offer the upgrade.
 */
import type { Knex } from 'knex';
import type { Deps } from '../deps.js';
import { AppError } from '../http/errors.js';
import type { Tier } from '../users/model.js';
import type { PlanConfig } from './config.js';
import { planOf } from './plans.js';

async function planOfUser(deps: Pick<Deps, 'config' | 'knex'>, userId: string, db: Knex | Knex.Transaction = deps.knex): Promise<PlanConfig> {
  const user = await db('users').where({ id: userId }).first('tier');
  return planOf(deps.config, ((user?.tier as Tier | undefined) ?? 'basic'));
}

function refuse(plan: PlanConfig, limit: string, message: string, details: Record<string, unknown>): never {
  throw new AppError(403, 'plan_limit', `${message} Upgrade your plan on the billing page for more.`, { limit, plan: plan.id, ...details });
}

export async function assertAnalysisWithinPlan(deps: Pick<Deps, 'config' | 'knex'>, userId: string, input: { cells: number; model: string }): Promise<void> {
  const plan = await planOfUser(deps, userId);
  if (input.cells > plan.maxCells) {
    refuse(plan, 'maxCells', `The ${plan.name} plan analyses up to ${plan.maxCells.toLocaleString('en-US')} cells at a time; this selection has ${input.cells.toLocaleString('en-US')}.`, { max: plan.maxCells, requested: input.cells });
  }
  if (!plan.allowedModels.includes('*') && !plan.allowedModels.includes(input.model)) {
    refuse(plan, 'model', `The model "${input.model}" is not included in the ${plan.name} plan.`, { model: input.model, allowed: plan.allowedModels });
  }
}

/**
 * With `trx`, the project's row is locked first (held to its commit), so concurrent uploads to one project
 * count one after another: counted outside a transaction, each saw the same free slot and all were stored.
 */
export async function assertDocumentWithinPlan(deps: Pick<Deps, 'config' | 'knex'>, userId: string, projectId: string, trx?: Knex.Transaction): Promise<void> {
  const db = trx ?? deps.knex;
  if (trx) await trx('projects').where({ id: projectId }).forUpdate().first('id');
  const plan = await planOfUser(deps, userId, db);
  const [{ count }] = await db('documents').where({ projectId }).count({ count: '*' });
  if (Number(count) >= plan.documentsPerProject) {
    refuse(plan, 'documentsPerProject', `The ${plan.name} plan holds up to ${plan.documentsPerProject.toLocaleString('en-US')} documents per project.`, { max: plan.documentsPerProject });
  }
}
