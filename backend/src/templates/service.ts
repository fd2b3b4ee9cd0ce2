import type { Knex } from 'knex';
import type { Deps } from '../deps.js';
import type { User } from '../users/model.js';
import { Template } from './model.js';
import { forbidden } from '../http/errors.js';
import { assertMayPublish, loadOwnedTemplate, loadVisibleTemplate, lockTemplate, visibleTo } from './policy.js';
import type { CreateTemplateInput, UpdateTemplateInput } from './schema.js';
import { addVersion } from './versions.js';

type Actor = Pick<User, 'id' | 'email' | 'role'>;

/**
 * One address a template is shared with; `pending` while no confirmed account uses it: the share reaches a
 * person only once they have signed up and confirmed that address (see policy.ts).
 */
export interface Share {
  email: string;
  pending: boolean;
}

export async function sharesOf(db: Knex | Knex.Transaction, templateIds: string[]): Promise<Map<string, Share[]>> {
  const map = new Map<string, Share[]>();
  if (!templateIds.length) return map;
  // Shares and users.email are both stored lower-cased, so an exact join finds the account.
  const rows = await db('templateShares')
    .leftJoin('users', (j) => j.on('users.email', 'templateShares.email').andOnNotNull('users.emailVerifiedAt'))
    .whereIn('templateShares.templateId', templateIds)
    .orderBy('templateShares.email')
    .select('templateShares.templateId', 'templateShares.email', 'users.id as userId');
  for (const r of rows as Array<{ templateId: string; email: string; userId: string | null }>) {
    map.set(r.templateId, [...(map.get(r.templateId) ?? []), { email: r.email, pending: r.userId == null }]);
  }
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
      monthlyTokenBudget: input.monthlyTokenBudget ?? null,
    });
    await addVersion(trx, t.id, t.prompt, user.id);
    if (input.sharedWith) await replaceShares(trx, t.id, input.sharedWith);
    return t;
  });
}

/**
 * The owner changes a template; a changed prompt is a new version. The budget of a public template is an
 * administrator's to set (they may set it on a public template they do not own, and change nothing else).
 */
export async function updateTemplate(deps: Deps, user: Actor, id: string, input: UpdateTemplateInput): Promise<Template> {
  assertMayPublish(user, input.visibility);
  return deps.knex.transaction(async (trx) => {
    const visible = await loadVisibleTemplate(user, id, trx);
    const { sharedWith, ...patch } = input;
    const budgetOnly = Object.keys(patch).every((k) => k === 'monthlyTokenBudget') && sharedWith === undefined;
    const adminOnPublic = user.role === 'admin' && visible.visibility === 'public' && budgetOnly;
    if (!adminOnPublic) await loadOwnedTemplate(user, id, trx);
    if (patch.monthlyTokenBudget !== undefined && (patch.visibility ?? visible.visibility) === 'public' && user.role !== 'admin') {
      throw forbidden('Only administrators set the budget of a public template.');
    }
    // Locked so two edits of one template number their versions in turn (gone if a delete got there first).
    const t = await lockTemplate(trx, id);
    if (sharedWith) await replaceShares(trx, t.id, sharedWith);
    if (patch.prompt !== undefined && patch.prompt !== t.prompt) await addVersion(trx, t.id, patch.prompt, user.id);
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
    // A copy starts its own history (and has no budget: that was the original's owner's to set).
    const copy = await Template.query(trx).insertAndFetch({
      ownerId: user.id,
      name: `${t.name} (copy)`.slice(0, 120),
      description: t.description,
      prompt: t.prompt,
      visibility: 'private',
    });
    await addVersion(trx, copy.id, copy.prompt, user.id);
    return copy;
  });
}
