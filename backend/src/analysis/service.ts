/**
 * An analysis from request to stored answer:
 *   prepare  — scope (selected cells + retrieved passages), refined prompt, cache lookup and the quote
 *              (scope.ts, quote.ts), then in ONE transaction: the analysis row with its quote + a token
 *              reservation of the quote's high (402 when short) and, for large selections, the queued job;
 *   execute  — the model (streamed), then in ONE transaction: answer + citations stored and the
 *              reservation settled to the real usage; on failure, timeout or cancel the hold is released.
 */
import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import { release, reserve, settle } from '../billing/ledger.js';
import { costOf, priceOf } from '../billing/service.js';
import type { Deps } from '../deps.js';
import { AppError, notFound } from '../http/errors.js';
import { recordChatCall, recordChatFailure, recordVerificationCall, trackAnalysisGone, trackAnalysisStart } from '../monitoring/trail.js';
import { loadOwnedProject } from '../projects/policy.js';
import { detectLanguage } from '../prompts/language.js';
import { announceCancel, createJob, dispatchJob, markCancelled, ShutdownError } from '../queue/runner.js';
import { assertTemplateBudget } from '../templates/budget.js';
import type { User } from '../users/model.js';
import type { Claim } from '../contract/analysis.js';
import { extractCitations } from './citations.js';
import { checkClaims } from './claims.js';
import { createEngine, EngineError, LOCAL_MODEL, type EngineResult } from './engines.js';
import { ACTIVE_STATUSES, Analysis } from './model.js';
import { localAnalystCost } from './pricing.js';
import { priceRun } from './quote.js';
import type { CreateAnalysisInput } from './schema.js';
import { contextFor, runMessages, scopeAnalysis } from './scope.js';
import { verifyWithModel, type VerificationCall } from './verify-model.js';

export const ANALYSIS_JOB = 'analysis.run';

type Actor = Pick<User, 'id' | 'email' | 'role'>;

/** Stops a run for a reason the row records (cancel, client gone, timeout). */
export class StopError extends Error {
  constructor(
    readonly code: 'cancelled' | 'model_timeout',
    message: string,
  ) {
    super(message);
    this.name = 'StopError';
  }
}

/** Runs of this process (of this app instance), so a cancel can stop the model call at once. */
const runsByApp = new WeakMap<object, Map<string, AbortController>>();
function runsOf(deps: Deps): Map<string, AbortController> {
  let runs = runsByApp.get(deps);
  if (!runs) runsByApp.set(deps, (runs = new Map()));
  return runs;
}

/**
 * A streamed run lives in the web process that holds the client's stream; behind a load balancer the cancel
 * may reach another process. Each run listens on its own channel, and a cancel is published there.
 */
const cancelChannel = (analysisId: string) => `analysis:${analysisId}:cancel`;

export async function loadOwnedAnalysis(userId: string, id: string, trx?: Knex.Transaction, lock = false): Promise<Analysis> {
  const q = Analysis.query(trx).findOne({ id, userId });
  if (lock) q.forUpdate();
  const a = await q;
  if (!a) throw notFound('Analysis');
  return a;
}

export interface Prepared {
  analysis: Analysis;
  jobId: string | null;
}

/**
 * Scope and context as the quote works them out (scope.ts), then in ONE transaction the row, its quote and
 * a hold of the quote's `high` (402 when short) and, for large selections, the queued job.
 */
export async function prepareAnalysis(deps: Deps, user: Actor, input: Omit<CreateAnalysisInput, 'source'> & { source: Analysis['source'] }): Promise<Prepared> {
  const { config } = deps;
  const scope = await scopeAnalysis(deps, user, input);
  const { template, engine, cached } = scope;

  const base = {
    userId: user.id,
    projectId: input.projectId,
    source: input.source,
    selection: input.selection,
    cellCount: scope.cells,
    prompt: scope.typed,
    refinedPrompt: scope.refinedPrompt,
    templateId: template?.id ?? null,
    templateVersionId: scope.templateVersionId,
    intent: scope.intent,
    documentIds: input.documentIds ?? null,
    engine: engine.name,
    model: engine.model,
    cacheKey: scope.cacheKey,
  };
  if (cached) {
    const copy = await Analysis.query().insertAndFetch({
      ...base,
      status: 'succeeded',
      answer: cached.answer,
      passages: cached.passages,
      citations: cached.citations,
      droppedCitations: cached.droppedCitations,
      claims: cached.claims,
      tokensIn: cached.tokensIn,
      tokensOut: cached.tokensOut,
      tokensCharged: 0,
      tokensReserved: 0,
      quoteEstimated: 0,
      quoteLow: 0,
      quoteHigh: 0,
      cachedFrom: cached.cachedFrom ?? cached.id,
      latencyMs: 0,
      modelMs: 0,
      completedAt: new Date(),
    });
    return { analysis: copy, jobId: null };
  }

  const context = await contextFor(deps, user.id, input, scope);
  // The hold is the quote's high: what the run should at most cost, not the prompt plus the most it may write.
  const { range } = await priceRun(deps, user.id, scope, context);
  const large = base.cellCount > config.analysis.queueThresholdCells;
  const id = randomUUID();

  let job: Awaited<ReturnType<typeof createJob>> | null = null;
  const analysis = await deps.knex.transaction(async (trx) => {
    if (template) await assertTemplateBudget(trx, template.id);
    const row = await Analysis.query(trx).insertAndFetch({
      ...base,
      id,
      status: 'queued',
      passages: context.passages,
      tokensReserved: range.high,
      quoteEstimated: range.estimatedTokens,
      quoteLow: range.low,
      quoteHigh: range.high,
    });
    const hold = await reserve(trx, { userId: user.id, amount: range.high, reference: `analysis:${id}`, idempotencyKey: `analysis:${id}`, ttlMs: config.analysis.timeoutMs * 4 + 3_600_000 });
    if (large) job = await createJob(deps, trx, { kind: ANALYSIS_JOB, userId: user.id, payload: { analysisId: id } });
    return row.$query(trx).patchAndFetch({ reservationId: hold.id, jobId: job?.id ?? null });
  });
  if (job) await dispatchJob(deps, job);
  return { analysis, jobId: (job as { id: string } | null)?.id ?? null };
}

/**
 * The row went while its run was in flight (its project was deleted): nothing is stored, and its hold is let
 * go now rather than held until it lapses. The run answers 404 (a stream ends with that error).
 */
async function vanished(deps: Deps, run: Analysis): Promise<never> {
  // Nothing records its end (no chat call, no failure row): the live counter must not show it running.
  await trackAnalysisGone(deps, run);
  // The hold went too when its user did (cascade): then there is nothing to let go.
  if (run.reservationId) await release(deps.knex, run.reservationId).catch((err: unknown) => {
    if (!(err instanceof AppError && err.status === 404)) throw err;
  });
  throw notFound('Analysis');
}

/** Ends an active analysis without an answer and lets go of its hold. No-op if it already ended; null if the row is gone. */
async function stop(deps: Deps, id: string, code: string, message: string): Promise<Analysis | null> {
  return deps.knex.transaction(async (trx) => {
    const a = await Analysis.query(trx).findById(id).forUpdate();
    if (!a) return null;
    if (a.reservationId) await release(trx, a.reservationId);
    if (!ACTIVE_STATUSES.includes(a.status)) return a;
    await recordChatFailure(deps, trx, a, code, message);
    return a.$query(trx).patchAndFetch({
      status: code === 'cancelled' ? 'cancelled' : 'failed',
      errorCode: code,
      error: message,
      latencyMs: Date.now() - new Date(a.createdAt).getTime(),
      completedAt: new Date(),
    });
  });
}

/** The answer's claims, checked: the rules first, then (VERIFY_WITH_MODEL) the model on what they left unchecked. */
interface Checked {
  claims: Claim[];
  /** The verification call, billed and recorded with the answer's; null when none was made. */
  verification: VerificationCall | null;
}

/**
 * Checks what the answer writes against what it cites, with reasons in the question's language (as the
 * answer is). Runs before `finish` because the model's pass is a network call, which must not hold the row
 * lock of finish's transaction; the rules alone are pure.
 */
async function checkAnswer(deps: Deps, a: Analysis, result: EngineResult, signal: AbortSignal): Promise<Checked> {
  const { answer } = extractCitations(result.text, a.passages, a.prompt);
  const language = detectLanguage(a.prompt);
  const claims = checkClaims({ answer, passages: a.passages, selection: a.selection, language });
  if (!deps.config.analysis.verifyWithModel || a.engine !== 'openai') return { claims, verification: null };
  const checked = await verifyWithModel(deps.config, {
    claims,
    passages: a.passages,
    selection: a.selection,
    language,
    signal,
    onError: (err) => deps.log.warn({ err, analysisId: a.id }, 'claim verification by the model failed; its claims stay unchecked'),
  });
  return { claims: checked.claims, verification: checked.call };
}

/** Stores the answer and settles the hold to the real usage, atomically; a cancelled row is only released. Null if the row is gone. */
async function finish(deps: Deps, id: string, result: EngineResult, modelMs: number, checked: Checked): Promise<Analysis | null> {
  return deps.knex.transaction(async (trx) => {
    const a = await Analysis.query(trx).findById(id).forUpdate();
    if (!a) return null;
    if (!ACTIVE_STATUSES.includes(a.status)) {
      if (a.reservationId) await release(trx, a.reservationId);
      return a;
    }
    const { answer, citations, dropped } = extractCitations(result.text, a.passages, a.prompt);
    const price = priceOf(deps.config, a.model);
    const answerCost = a.model === LOCAL_MODEL ? localAnalystCost(deps.config, a.cellCount) : costOf(price, result.tokensIn, result.tokensOut);
    const { verification } = checked;
    // The verification is part of the analysis: settled from the same hold, in one ledger entry.
    const verifyCost = verification ? costOf(price, verification.tokensIn, verification.tokensOut) : 0;
    const metadata = { model: a.model, tokensIn: result.tokensIn, tokensOut: result.tokensOut, ...(verification ? { verifyTokensIn: verification.tokensIn, verifyTokensOut: verification.tokensOut } : {}) };
    const settled = a.reservationId
      ? await settle(trx, { reservationId: a.reservationId, amount: answerCost + verifyCost, reference: `analysis:${a.id}`, metadata })
      : null;
    // Each call's part of what was taken: the answer's first, so the trail sums to the ledger entry.
    const answerCharged = Math.min(settled?.charged ?? 0, answerCost);
    await recordChatCall(deps, trx, a, result, settled, modelMs, answerCharged);
    if (verification) await recordVerificationCall(deps, trx, a, verification, settled, (settled?.charged ?? 0) - answerCharged);
    return a.$query(trx).patchAndFetch({
      status: 'succeeded',
      answer,
      citations,
      droppedCitations: dropped,
      claims: checked.claims,
      tokensIn: result.tokensIn,
      tokensOut: result.tokensOut,
      tokensCharged: settled?.charged ?? 0,
      modelMs,
      latencyMs: Date.now() - new Date(a.createdAt).getTime(),
      completedAt: new Date(),
    });
  });
}

/**
 * Runs the model for a prepared analysis and stores the outcome. Never throws for model failures: the
 * returned row says failed/cancelled with the reason.
 */
export async function executeAnalysis(deps: Deps, id: string, opts: { onDelta?: (text: string) => void; onProgress?: (percent: number) => void; signal?: AbortSignal } = {}): Promise<Analysis> {
  const { config } = deps;
  const a = await Analysis.query(deps.knex).findById(id);
  if (!a) throw notFound('Analysis');
  if (!ACTIVE_STATUSES.includes(a.status)) return a;
  await Analysis.query(deps.knex).patch({ status: 'running', startedAt: new Date() }).where({ id }).whereIn('status', ACTIVE_STATUSES);
  await trackAnalysisStart(deps, a);

  const controller = new AbortController();
  runsOf(deps).set(id, controller);
  const seconds = config.analysis.timeoutMs / 1000;
  const timer = setTimeout(() => controller.abort(new StopError('model_timeout', `The model did not answer within ${seconds} seconds.`)), config.analysis.timeoutMs);
  const onOuterAbort = () => controller.abort(opts.signal?.reason ?? new StopError('cancelled', 'Cancelled.'));
  opts.signal?.addEventListener('abort', onOuterAbort, { once: true });
  let unsubscribe: (() => void) | null = null;
  let done: Analysis | null;
  try {
    unsubscribe = await deps.events.subscribe(cancelChannel(id), () => controller.abort(new StopError('cancelled', 'Cancelled by the user.')));
    // The same messages the quote counted (scope.ts), with the few-shot examples as they are now.
    const messages = await runMessages(deps, a);
    // Progress in percent: 10 once started, the engine's own progress over 10–85, 90 once the claims are checked.
    opts.onProgress?.(10);
    const engine = createEngine(config);
    const started = Date.now();
    const result = await engine.run({
      messages,
      passages: a.passages,
      selection: a.selection,
      question: a.prompt,
      intent: a.intent,
      maxOutputTokens: config.analysis.maxOutputTokens,
      signal: controller.signal,
      onDelta: (text) => opts.onDelta?.(text),
      onProgress: (done) => opts.onProgress?.(10 + 75 * done),
    });
    if (controller.signal.aborted) throw controller.signal.reason;
    const modelMs = Date.now() - started;
    // The answer is in: the time limit was the model's. A verification call has its client's own timeout
    // and, failing, leaves claims unchecked rather than failing an answered analysis; a cancel still stops it.
    clearTimeout(timer);
    const checked = await checkAnswer(deps, a, result, controller.signal);
    if (controller.signal.aborted) throw controller.signal.reason;
    opts.onProgress?.(90);
    done = await finish(deps, id, result, modelMs, checked);
  } catch (err) {
    const reason = controller.signal.aborted ? controller.signal.reason : err;
    // A stopping worker hands the job back: the row stays active with its hold, and the next run settles it once.
    if (reason instanceof ShutdownError) throw reason;
    if (reason instanceof StopError || reason instanceof EngineError) return (await stop(deps, id, reason.code, reason.message)) ?? vanished(deps, a);
    if (!(await Analysis.query(deps.knex).findById(id))) return vanished(deps, a);
    deps.log.error({ err, analysisId: id }, 'analysis failed');
    return (await stop(deps, id, 'internal', 'The analysis failed on our side. Your tokens were not charged.')) ?? vanished(deps, a);
  } finally {
    clearTimeout(timer);
    opts.signal?.removeEventListener('abort', onOuterAbort);
    unsubscribe?.();
    runsOf(deps).delete(id);
  }
  return done ?? vanished(deps, a);
}

/** Cancels a queued or running analysis: the row, its job and its hold, then stops the work wherever it runs. */
export async function cancelAnalysis(deps: Deps, userId: string, id: string): Promise<Analysis> {
  await loadOwnedAnalysis(userId, id);
  const analysis = await stop(deps, id, 'cancelled', 'Cancelled by the user.');
  if (!analysis) throw notFound('Analysis');
  if (analysis.jobId) {
    const cancelled = await deps.knex.transaction((trx) => markCancelled(trx, analysis.jobId as string, 'Cancelled by the user.'));
    if (cancelled) await announceCancel(deps, { id: analysis.jobId, kind: ANALYSIS_JOB });
  }
  const local = runsOf(deps).get(id);
  if (local) local.abort(new StopError('cancelled', 'Cancelled by the user.'));
  else await deps.events.publish(cancelChannel(id), { type: 'analysis.cancel', id });
  return analysis;
}

/** Newest first; `cursor` is the id of the last analysis of the previous page. */
export async function listAnalyses(deps: Deps, userId: string, opts: { projectId?: string; cursor?: string; limit: number }): Promise<{ rows: Analysis[]; nextCursor: string | null }> {
  if (opts.projectId) await loadOwnedProject(userId, opts.projectId);
  const q = Analysis.query().where({ userId }).orderBy([{ column: 'createdAt', order: 'desc' }, { column: 'id', order: 'desc' }]).limit(opts.limit + 1);
  if (opts.projectId) q.where({ projectId: opts.projectId });
  if (opts.cursor) {
    // The schema (listAnalysesQuery) let only a UUID through.
    q.whereRaw('(created_at, id) < (SELECT created_at, id FROM analyses WHERE id = ? AND user_id = ?)', [opts.cursor, userId]);
  }
  const rows = await q;
  const page = rows.slice(0, opts.limit);
  return { rows: page, nextCursor: rows.length > opts.limit ? page[page.length - 1].id : null };
}
