/**
 * Examples from feedback: the curator of a template (its owner; an administrator for a public one) promotes a
 * run of the template that someone rated helpful, or corrected, to the template's few-shot examples. Each
 * promotion or removal is a new template version (versions.ts), so a run's version names the examples it was
 * shown. A run belongs to the curator's view only through the template: runs of other templates, or of none,
 * are a 404 whoever made them, and of another person's run only the question, a selection summary (sheet,
 * ranges, cell count: no values), the answer and the feedback leave the server.
 */
import type { Knex } from 'knex';
import type { Selection } from '../analysis/schema.js';
import type { Deps } from '../deps.js';
import { conflict, notFound } from '../http/errors.js';
import type { User } from '../users/model.js';
import { Template, TemplateVersion, type TemplateExample } from './model.js';
import { loadCuratedTemplate, lockTemplate } from './policy.js';
import { addVersion, currentVersion } from './versions.js';

type Actor = Pick<User, 'id' | 'email' | 'role'>;
type Db = Knex | Knex.Transaction;

/** The most examples one version holds: each costs prompt tokens on every run. */
export const MAX_EXAMPLES = 5;
const MAX_CANDIDATES = 100;

/** "Sales: A1:C7 (21 cells)": where an answer came from, without the cells' values. */
export function selectionSummary(s: Pick<Selection, 'workbook' | 'sheet' | 'ranges'>): string {
  const cells = s.ranges.reduce((n, r) => n + r.values.length * (r.values[0]?.length ?? 0), 0);
  const where = [s.workbook, s.sheet].filter(Boolean).join(' · ');
  return `${where}: ${s.ranges.map((r) => r.address).join(', ')} (${cells} cells)`;
}

interface RunRow {
  id: string;
  prompt: string;
  selection: Selection | string;
  answer: string | null;
  createdAt: Date;
  versionNumber: number | null;
  rating: 'up' | 'down';
  comment: string | null;
  correctedAnswer: string | null;
}

const hasText = (s: string | null | undefined): s is string => typeof s === 'string' && s.trim() !== '';
const parsed = (s: Selection | string): Selection => (typeof s === 'string' ? (JSON.parse(s) as Selection) : s);

/** Answered runs of the template that were rated up or corrected, optionally one of them. */
function ratedRuns(db: Db, templateId: string) {
  return db('analyses as a')
    .join('analysisFeedback as f', 'f.analysisId', 'a.id')
    .leftJoin('templateVersions as v', 'v.id', 'a.templateVersionId')
    .where({ 'a.templateId': templateId, 'a.status': 'succeeded' })
    .where((q) => q.where('f.rating', 'up').orWhereRaw("btrim(coalesce(f.corrected_answer, '')) <> ''"))
    .select('a.id', 'a.prompt', 'a.selection', 'a.answer', 'a.createdAt', 'v.number as versionNumber', 'f.rating', 'f.comment', 'f.correctedAnswer');
}

/** Runs the curator may promote, newest rating first, each with what the current version already uses. */
export async function exampleCandidates(deps: Deps, user: Actor, templateId: string) {
  const t = await loadCuratedTemplate(user, templateId);
  const [rows, current] = await Promise.all([
    ratedRuns(deps.knex, t.id).orderBy('f.updatedAt', 'desc').orderBy('a.id').limit(MAX_CANDIDATES) as Promise<RunRow[]>,
    currentVersion(deps.knex, t.id),
  ]);
  const used = current?.examples ?? [];
  return rows.map((r) => ({
    analysisId: r.id,
    question: r.prompt,
    selection: selectionSummary(parsed(r.selection)),
    answer: r.answer ?? '',
    rating: r.rating,
    comment: r.comment,
    correctedAnswer: hasText(r.correctedAnswer) ? r.correctedAnswer : null,
    versionNumber: r.versionNumber,
    createdAt: new Date(r.createdAt).toISOString(),
    /** The uses of this run the current version already has as examples. */
    promoted: used.filter((e) => e.analysisId === r.id).map((e) => e.use),
  }));
}

/** The current version's examples, for the curator. */
export async function currentExamples(deps: Deps, user: Actor, templateId: string): Promise<TemplateVersion> {
  const t = await loadCuratedTemplate(user, templateId);
  const v = await currentVersion(deps.knex, t.id);
  if (!v) throw notFound('Template version');
  return v;
}

/** Locks the curated template and reads its current version, so changes of one template take turns. */
async function lockCurrent(trx: Knex.Transaction, user: Actor, templateId: string): Promise<{ template: Template; version: TemplateVersion }> {
  await loadCuratedTemplate(user, templateId, trx);
  const template = await lockTemplate(trx, templateId);
  const version = await currentVersion(trx, template.id);
  if (!version) throw notFound('Template version');
  return { template, version };
}

/**
 * Adds a rated run to the examples: its answer (`use: 'answer'`, the run was rated up) or its corrected answer
 * (`use: 'correction'`). A run of another template, of none, or one not rated so is refused.
 */
export async function promoteExample(deps: Deps, user: Actor, templateId: string, input: { analysisId: string; use: 'answer' | 'correction' }): Promise<TemplateVersion> {
  return deps.knex.transaction(async (trx) => {
    const { template, version } = await lockCurrent(trx, user, templateId);
    const run = (await ratedRuns(trx, template.id).where('a.id', input.analysisId).first()) as RunRow | undefined;
    if (!run) throw notFound('Rated run of this template');
    const answer = input.use === 'correction' ? run.correctedAnswer : run.rating === 'up' ? run.answer : null;
    if (!hasText(answer)) {
      throw conflict('example_not_eligible', input.use === 'correction' ? 'This run has no corrected answer.' : 'Only an answer rated helpful can become an example as it is.');
    }
    const examples = version.examples ?? [];
    if (examples.some((e) => e.analysisId === run.id && e.use === input.use)) throw conflict('example_exists', 'This answer is already one of the template’s examples.');
    if (examples.length >= MAX_EXAMPLES) throw conflict('template_examples_full', `A template holds at most ${MAX_EXAMPLES} examples. Remove one first.`);
    const example: TemplateExample = {
      use: input.use,
      analysisId: run.id,
      question: run.prompt.slice(0, 2000),
      selection: selectionSummary(parsed(run.selection)),
      answer: answer.slice(0, 20_000),
      addedAt: new Date().toISOString(),
    };
    return addVersion(trx, template.id, version.prompt, user.id, null, [...examples, example]);
  });
}

/** Removes the example at `index` (0-based, in the current version's order): a new version without it. */
export async function removeExample(deps: Deps, user: Actor, templateId: string, index: number): Promise<TemplateVersion> {
  return deps.knex.transaction(async (trx) => {
    const { template, version } = await lockCurrent(trx, user, templateId);
    const examples = version.examples ?? [];
    if (index >= examples.length) throw notFound('Example');
    return addVersion(trx, template.id, version.prompt, user.id, null, examples.filter((_, i) => i !== index));
  });
}

/**
 * The examples a run of this version shows the model, each as the question, the cells it was about and the
 * answer (buildMessages trims each to its example length).
 */
export async function versionExamples(db: Db, versionId: string | null): Promise<string[]> {
  if (!versionId) return [];
  const v = await TemplateVersion.query(db).findById(versionId);
  return (v?.examples ?? []).map((e) => `Question: ${e.question.slice(0, 200)}\nCells: ${e.selection}\nAnswer: ${e.answer}`);
}
