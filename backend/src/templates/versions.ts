/**
 * Template versions: every change of a template's prompt or examples adds a row to `template_versions`; nothing edits or
 * deletes one, so an analysis's `template_version_id` always shows the exact prompt it ran. A restore adds a
 * new version equal to the old one rather than moving a pointer back, so the history reads in order.
 */
import type { Knex } from 'knex';
import type { Deps } from '../deps.js';
import { notFound } from '../http/errors.js';
import type { User } from '../users/model.js';
import { Template, TemplateVersion, type TemplateExample } from './model.js';
import { loadOwnedTemplate, loadVisibleTemplate, lockTemplate, mayCurate } from './policy.js';

type Actor = Pick<User, 'id' | 'email' | 'role'>;

/**
 * Adds the next version of a template. The caller holds the template row (created in, or locked by, `trx`),
 * so two edits cannot take the same number; the unique (template_id, number) index backs that up. Without
 * `examples` the new version keeps the current one's (a prompt edit does not drop them).
 */
export async function addVersion(trx: Knex.Transaction, templateId: string, prompt: string, createdBy: string, restoredFrom: string | null = null, examples?: TemplateExample[]): Promise<TemplateVersion> {
  const last = await TemplateVersion.query(trx).where({ templateId }).orderBy('number', 'desc').first();
  return TemplateVersion.query(trx).insertAndFetch({ templateId, number: (last?.number ?? 0) + 1, prompt, createdBy, restoredFrom, examples: examples ?? last?.examples ?? [] });
}

/** The version a run uses now: the newest. */
export async function currentVersion(db: Knex | Knex.Transaction, templateId: string): Promise<TemplateVersion | undefined> {
  return TemplateVersion.query(db).where({ templateId }).orderBy('number', 'desc').first();
}

/**
 * `withExamples` for those who curate the template (its owner; an admin for a public one): the examples quote
 * other people's questions and answers, so everyone else sees only how many there are.
 */
export function presentVersion(v: TemplateVersion, currentId: string | undefined, withExamples = false) {
  return {
    id: v.id,
    number: v.number,
    prompt: v.prompt,
    restoredFrom: v.restoredFrom,
    isCurrent: v.id === currentId,
    exampleCount: v.examples?.length ?? 0,
    ...(withExamples ? { examples: (v.examples ?? []).map(presentExample) } : {}),
    createdAt: new Date(v.createdAt).toISOString(),
  };
}

export function presentExample(e: TemplateExample) {
  return { use: e.use, analysisId: e.analysisId, question: e.question, selection: e.selection, answer: e.answer, addedAt: e.addedAt };
}

/** Newest first; anyone who can see the template can see how its prompt got there (curators: its examples too). */
export async function listVersions(user: Actor, templateId: string): Promise<{ versions: TemplateVersion[]; curator: boolean }> {
  const t = await loadVisibleTemplate(user, templateId);
  const versions = await TemplateVersion.query().where({ templateId: t.id }).orderBy('number', 'desc').limit(500);
  return { versions, curator: mayCurate(user, t) };
}

/** The owner brings back an older version: a new one with its prompt and examples, which the template now uses. */
export async function restoreVersion(deps: Deps, user: Actor, templateId: string, versionId: string): Promise<{ template: Template; version: TemplateVersion }> {
  return deps.knex.transaction(async (trx) => {
    await loadOwnedTemplate(user, templateId, trx);
    const t = await lockTemplate(trx, templateId);
    const old = await TemplateVersion.query(trx).findOne({ id: versionId, templateId });
    if (!old) throw notFound('Template version');
    const version = await addVersion(trx, t.id, old.prompt, user.id, old.id, old.examples ?? []);
    const template = await t.$query(trx).patchAndFetch({ prompt: old.prompt });
    return { template, version };
  });
}
