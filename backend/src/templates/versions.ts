/**
 * Template versions: every change of a template's prompt adds a row to `template_versions`; nothing edits or
 * deletes one, so an analysis's `template_version_id` always shows the exact prompt it ran. A restore adds a
 * new version equal to the old one rather than moving a pointer back, so the history reads in order.
 */
import type { Knex } from 'knex';
import type { Deps } from '../deps.js';
import { notFound } from '../http/errors.js';
import type { User } from '../users/model.js';
import { Template, TemplateVersion } from './model.js';
import { loadOwnedTemplate, loadVisibleTemplate } from './policy.js';

type Actor = Pick<User, 'id' | 'email' | 'role'>;

/**
 * Adds the next version of a template. The caller holds the template row (created in, or locked by, `trx`),
 * so two edits cannot take the same number; the unique (template_id, number) index backs that up.
 */
export async function addVersion(trx: Knex.Transaction, templateId: string, prompt: string, createdBy: string, restoredFrom: string | null = null): Promise<TemplateVersion> {
  const last = await TemplateVersion.query(trx).where({ templateId }).max('number as n').first();
  const n = Number((last as unknown as { n: number | null } | undefined)?.n ?? 0);
  return TemplateVersion.query(trx).insertAndFetch({ templateId, number: n + 1, prompt, createdBy, restoredFrom });
}

/** The version a run uses now: the newest. */
export async function currentVersion(db: Knex | Knex.Transaction, templateId: string): Promise<TemplateVersion | undefined> {
  return TemplateVersion.query(db).where({ templateId }).orderBy('number', 'desc').first();
}

export function presentVersion(v: TemplateVersion, currentId: string | undefined) {
  return {
    id: v.id,
    number: v.number,
    prompt: v.prompt,
    restoredFrom: v.restoredFrom,
    isCurrent: v.id === currentId,
    createdAt: new Date(v.createdAt).toISOString(),
  };
}

/** Newest first; anyone who can see the template can see how its prompt got there. */
export async function listVersions(user: Actor, templateId: string): Promise<TemplateVersion[]> {
  const t = await loadVisibleTemplate(user, templateId);
  return TemplateVersion.query().where({ templateId: t.id }).orderBy('number', 'desc').limit(500);
}

/** The owner brings back an older prompt: a new version with that prompt, which the template now uses. */
export async function restoreVersion(deps: Deps, user: Actor, templateId: string, versionId: string): Promise<{ template: Template; version: TemplateVersion }> {
  return deps.knex.transaction(async (trx) => {
    await loadOwnedTemplate(user, templateId, trx);
    const t = (await Template.query(trx).findById(templateId).forUpdate()) as Template;
    const old = await TemplateVersion.query(trx).findOne({ id: versionId, templateId });
    if (!old) throw notFound('Template version');
    const version = await addVersion(trx, t.id, old.prompt, user.id, old.id);
    const template = await t.$query(trx).patchAndFetch({ prompt: old.prompt });
    return { template, version };
  });
}
