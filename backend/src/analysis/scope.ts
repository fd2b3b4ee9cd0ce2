/**
 * What a run would read and send, worked out once for both the run (service.ts prepareAnalysis) and its
 * quote (quote.ts): the project and template checks, the prompt as typed and refined, the engine and its
 * price, the plan's limits, the cache, and — when no cached answer stands in — the retrieved passages and
 * the messages the model would get, counted with the real tokenizer. Nothing here writes or reserves.
 */
import { createHash } from 'node:crypto';
import { assertAnalysisWithinPlan } from '../billing/limits.js';
import { priceOf } from '../billing/service.js';
import type { ModelPrice } from '../config.js';
import type { Deps } from '../deps.js';
import { notFound } from '../http/errors.js';
import { loadOwnedProject } from '../projects/policy.js';
import { fewShotExamples, pastComplaints } from '../prompts/feedback.js';
import { versionExamples } from '../templates/examples.js';
import { detectLanguage } from '../prompts/language.js';
import { detectIntent, refineByRules, type Intent } from '../prompts/rules.js';
import { searchPassages } from '../retrieval/search.js';
import type { Template } from '../templates/model.js';
import { loadVisibleTemplate } from '../templates/policy.js';
import { fillTemplate } from '../templates/variables.js';
import { currentVersion } from '../templates/versions.js';
import type { User } from '../users/model.js';
import { buildMessages, countPromptTokens, retrievalSearch, toStoredPassages, type ChatMessage, type StoredPassage } from './context.js';
import { createEngine, LOCAL_MODEL, type Engine } from './engines.js';
import { Analysis } from './model.js';
import { countCells, type CreateAnalysisInput, type Selection } from './schema.js';

type Actor = Pick<User, 'id' | 'email' | 'role'>;
export type ScopeInput = Omit<CreateAnalysisInput, 'source'>;

export interface AnalysisScope {
  template: Template | null;
  templateVersionId: string | null;
  /** The template's prompt (filled) and the user's, as the row records them. */
  typed: string;
  refinedPrompt: string;
  intent: Intent;
  engine: Engine;
  local: boolean;
  price: ModelPrice;
  cells: number;
  cacheKey: string;
  /** A succeeded run of the same request over the same document versions: repeated for free. */
  cached: Analysis | undefined;
}

/** Checks that every requested document is one of the project's (a foreign id is a 404, as elsewhere). */
async function checkDocuments(deps: Deps, userId: string, projectId: string, ids: string[] | undefined): Promise<void> {
  if (!ids?.length) return;
  const found = await deps.knex('documents').whereIn('id', ids).where({ userId, projectId }).count<{ n: string }[]>('id as n');
  if (Number(found[0].n) !== new Set(ids).size) throw notFound('Document');
}

/** Ready documents in scope with their versions: a change to any of them changes the cache key. */
async function documentVersions(deps: Deps, userId: string, projectId: string, ids: string[] | undefined): Promise<string[]> {
  const q = deps.knex('documents').where({ userId, projectId, status: 'ready' }).orderBy('id').select('id', 'updatedAt', 'chunkCount');
  if (ids?.length) q.whereIn('id', ids);
  return (await q).map((d: { id: string; updatedAt: Date; chunkCount: number }) => `${d.id}@${new Date(d.updatedAt).toISOString()}#${d.chunkCount}`);
}

/**
 * Everything a run decides before it reads passages: ownership (404s), the template version and its
 * variables (400), the refined prompt, the engine and its price (503 when unpriced), the plan (402/403) and
 * the cache.
 */
export async function scopeAnalysis(deps: Deps, user: Actor, input: ScopeInput): Promise<AnalysisScope> {
  // Independent reads side by side (they overlap on PostgreSQL; PGlite runs them in turn).
  const [, , template, versions] = await Promise.all([
    loadOwnedProject(user.id, input.projectId),
    checkDocuments(deps, user.id, input.projectId, input.documentIds),
    input.templateId ? loadVisibleTemplate(user, input.templateId) : null,
    documentVersions(deps, user.id, input.projectId, input.documentIds),
  ]);
  // The run records the version it used and fills that version's prompt, so the two always agree.
  const templateVersion = template ? await currentVersion(deps.knex, template.id) : undefined;
  const typed = [template ? fillTemplate(templateVersion?.prompt ?? template.prompt, input.selection, input.variables ?? {}) : '', input.prompt].filter(Boolean).join('\n\n');
  const intent = detectIntent(input.refinedPrompt ?? typed);
  const refinedPrompt =
    input.refinedPrompt ??
    refineByRules({ prompt: typed, selection: input.selection, complaints: await pastComplaints(deps.knex, user.id, detectIntent(typed)) }).refinedPrompt;

  const engine = createEngine(deps.config);
  const price = priceOf(deps.config, engine.model); // an unpriced model fails closed, before anything is held
  const cells = countCells(input.selection.ranges);
  await assertAnalysisWithinPlan(deps, user.id, { cells, model: engine.model });
  // The template version is part of the key: a promoted example changes what the model is shown.
  const cacheKey = createHash('sha256')
    .update(JSON.stringify([input.projectId, input.selection, refinedPrompt, input.documentIds ?? null, versions, engine.model, templateVersion?.id ?? null]))
    .digest('hex');
  const cached = await Analysis.query().where({ userId: user.id, cacheKey, status: 'succeeded' }).orderBy('createdAt', 'desc').first();
  return {
    template,
    templateVersionId: templateVersion?.id ?? null,
    typed,
    refinedPrompt,
    intent,
    engine,
    local: engine.model === LOCAL_MODEL,
    price,
    cells,
    cacheKey,
    cached,
  };
}

/** The passages a run would read (ids P1.. in rank order). */
export async function retrieveFor(deps: Deps, userId: string, input: ScopeInput, typed: string): Promise<StoredPassage[]> {
  const { config } = deps;
  const { query, asked } = retrievalSearch(typed, input.selection);
  if (!config.analysis.passages || !query) return [];
  return toStoredPassages(await searchPassages(deps, { userId, projectId: input.projectId, query, asked, documentIds: input.documentIds, limit: config.analysis.passages }));
}

/**
 * The messages sent to the model: the run builds them with this when it starts (executeAnalysis), and the
 * quote counts them with this, so the two count the same selection, passages and few-shot examples.
 */
export async function runMessages(
  deps: Pick<Deps, 'knex'>,
  run: { userId: string; intent: Intent; refinedPrompt: string; selection: Selection; passages: StoredPassage[]; prompt: string; templateVersionId?: string | null },
): Promise<ChatMessage[]> {
  const examples = [...(await versionExamples(deps.knex, run.templateVersionId ?? null)), ...(await fewShotExamples(deps.knex, run.userId, run.intent))];
  return buildMessages({ refinedPrompt: run.refinedPrompt, selection: run.selection, passages: run.passages, examples, language: detectLanguage(run.prompt) });
}

export interface RunContext {
  passages: StoredPassage[];
  /** Prompt tokens of the messages, counted with the model's tokenizer (gpt-tokenizer). */
  promptTokens: number;
}

/** The passages a run would read and the prompt tokens of what it would send. */
export async function contextFor(deps: Deps, userId: string, input: ScopeInput, scope: AnalysisScope): Promise<RunContext> {
  const passages = await retrieveFor(deps, userId, input, scope.typed);
  const messages = await runMessages(deps, { userId, intent: scope.intent, refinedPrompt: scope.refinedPrompt, selection: input.selection, passages, prompt: scope.typed, templateVersionId: scope.templateVersionId });
  return { passages, promptTokens: countPromptTokens(messages) };
}
