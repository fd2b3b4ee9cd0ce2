import type { Knex } from 'knex';
import type { Deps } from '../deps.js';
import type { User } from '../users/model.js';
import { Template } from './model.js';
import { assertMayPublish, loadOwnedTemplate, loadVisibleTemplate, visibleTo } from './policy.js';
import type { CreateTemplateInput, UpdateTemplateInput } from './schema.js';

type Actor = Pick<User, 'id' | 'email' | 'role'>;

export async function sharesOf(db: Knex | Knex.Transaction, templateIds: string[]): Promise<Map<string, string[]>> {
  const map = new Map<string, string[]>();
  if (!templateIds.length) return map;
  const rows = await db('templateShares').whereIn('templateId', templateIds).orderBy('email');
  for (const r of rows as Array<{ templateId: string; email: string }>) map.set(r.templateId, [...(map.get(r.templateId) ?? []), r.email]);
  return map;
}

async function replaceShares(trx: Knex.Transaction, templateId: string, emails: string[]): Promise<void> {
  await trx('templateShares').where({ templateId }).delete();
  const unique = [...new Set(emails)];
  if (unique.length) await trx('templateShares').insert(unique.map((email) => ({ templateId, email })));
}

export async function listTemplates(user: Actor, scope: 'all' | 'mine' | 'shared' | 'public'): Promise<Template[]> {
  const q = visibleTo(Template.query(), user).orderBy('templates.name').orderBy('templates.id').limit(500);
  if (scope === 'mine') q.where('templates.ownerId', user.id);
  if (scope === 'shared') q.where('templates.visibility', 'shared').whereNot('templates.ownerId', user.id);
  if (scope === 'public') q.where('templates.visibility', 'public');
  return q;
}

export async function createTemplate(deps: Deps, user: Actor, input: CreateTemplateInput): Promise<Template> {
  assertMayPublish(user, input.visibility);
  return deps.knex.transaction(async (trx) => {
    const t = await Template.query(trx).insertAndFetch({
      ownerId: user.id,
      name: input.name,
      description: input.description ?? null,
      prompt: input.prompt,
      visibility: input.visibility,
    });
    if (input.sharedWith) await replaceShares(trx, t.id, input.sharedWith);
    return t;
  });
}

export async function updateTemplate(deps: Deps, user: Actor, id: string, input: UpdateTemplateInput): Promise<Template> {
  assertMayPublish(user, input.visibility);
  return deps.knex.transaction(async (trx) => {
    const t = await loadOwnedTemplate(user, id, trx);
    const { sharedWith, ...patch } = input;
    if (sharedWith) await replaceShares(trx, t.id, sharedWith);
    return Object.keys(patch).length ? t.$query(trx).patchAndFetch(patch) : t;
  });
}

export async function deleteTemplate(deps: Deps, user: Actor, id: string): Promise<void> {
  await deps.knex.transaction(async (trx) => {
    const t = await loadOwnedTemplate(user, id, trx);
    await Template.query(trx).deleteById(t.id);
  });
}

/** A private copy for the caller, of any template they can see. */
export async function duplicateTemplate(deps: Deps, user: Actor, id: string): Promise<Template> {
  return deps.knex.transaction(async (trx) => {
    const t = await loadVisibleTemplate(user, id, trx);
    return Template.query(trx).insertAndFetch({
      ownerId: user.id,
      name: `${t.name} (copy)`.slice(0, 120),
      description: t.description,
      prompt: t.prompt,
      visibility: 'private',
    });
  });
}
