/**
 * The per-call token trail: one `model_calls` row per chat completion and per embedding request, written in
 * the same transaction as the ledger entry it produced, so the sum of `charged_tokens` per user always
 * equals the usage debits (kinds analysis + embedding) in the ledger. The analysis and embedding paths call
 * in here with one line each; metrics, live counters and the statistics cache follow after the commit.
 */
import type { Knex } from 'knex';
import { LOCAL_MODEL } from '../analysis/engines.js';
import type { Analysis } from '../analysis/model.js';
import { localAnalystCost } from '../analysis/pricing.js';
import type { LedgerEntry, SettleResult } from '../billing/ledger.js';
import { costOf, priceOf } from '../billing/service.js';
import type { Deps } from '../deps.js';
import type { EmbeddingUsage } from '../llm/usage.js';
import { addUsage, markAnalysisEnded, markAnalysisRunning } from './live.js';
import { analysesFailed, analysesStarted, analysisDuration, tokensConsumed } from './metrics.js';

type TrailDeps = Pick<Deps, 'config' | 'knex' | 'redis' | 'log'>;
type Db = Knex | Knex.Transaction;

/** Runs `fn` once `db`'s transaction has committed (at once outside a transaction); never throws. */
function afterCommit(deps: TrailDeps, db: Db, fn: () => Promise<void> | void): void {
  const run = async () => {
    try {
      await fn();
    } catch (err) {
      deps.log.warn({ err }, 'monitoring side effect failed');
    }
  };
  if (db.isTransaction) (db as Knex.Transaction).executionPromise.then(run, () => {});
  else void run();
}

/** An analysis started running its model (live counter + metric). */
export async function trackAnalysisStart(deps: TrailDeps, a: Pick<Analysis, 'id' | 'source'>): Promise<void> {
  analysesStarted.inc({ source: a.source });
  await markAnalysisRunning(deps, a.id).catch((err) => deps.log.warn({ err }, 'live counter failed'));
}

/** An analysis whose row went while it ran (its project was deleted): it no longer counts as running. */
export async function trackAnalysisGone(deps: TrailDeps, a: Pick<Analysis, 'id'>): Promise<void> {
  await markAnalysisEnded(deps, a.id).catch((err) => deps.log.warn({ err }, 'live counter failed'));
}

/** The chat completion of a succeeded analysis and the ledger entry its settlement wrote. */
export async function recordChatCall(
  deps: TrailDeps,
  trx: Knex.Transaction,
  a: Analysis,
  usage: { tokensIn: number; tokensOut: number },
  settled: SettleResult | null,
  modelMs: number,
  /** This call's part of the settlement when the analysis also paid for other calls (a claim verification). */
  charged = settled?.charged ?? 0,
): Promise<void> {
  await trx('model_calls').insert({
    userId: a.userId,
    kind: 'chat',
    provider: a.engine,
    model: a.model,
    tokensIn: usage.tokensIn,
    tokensOut: usage.tokensOut,
    // The local analyst is priced by the cells it read, not by tokens (analysis/pricing.ts).
    costTokens: a.model === LOCAL_MODEL ? localAnalystCost(deps.config, a.cellCount) : costOf(priceOf(deps.config, a.model), usage.tokensIn, usage.tokensOut),
    chargedTokens: charged,
    latencyMs: modelMs,
    analysisId: a.id,
    ledgerEntryId: settled?.entry?.id ?? null,
    status: 'ok',
  });
  afterCommit(deps, trx, async () => {
    tokensConsumed.inc({ kind: 'analysis', model: a.model }, charged);
    analysisDuration.observe({ engine: a.engine }, (Date.now() - new Date(a.createdAt).getTime()) / 1000);
    await markAnalysisEnded(deps, a.id);
    await addUsage(deps, charged);
  });
}

/**
 * The claim-verification call of a succeeded analysis (VERIFY_WITH_MODEL): settled with the analysis, so
 * it shares its ledger entry; `charged` is its part of that entry (the answer's call records the rest).
 */
export async function recordVerificationCall(
  deps: TrailDeps,
  trx: Knex.Transaction,
  a: Analysis,
  call: { model: string; tokensIn: number; tokensOut: number; latencyMs: number },
  settled: SettleResult | null,
  charged: number,
): Promise<void> {
  await trx('model_calls').insert({
    userId: a.userId,
    kind: 'chat',
    purpose: 'claim-verification',
    provider: 'openai',
    model: call.model,
    tokensIn: call.tokensIn,
    tokensOut: call.tokensOut,
    costTokens: costOf(priceOf(deps.config, call.model), call.tokensIn, call.tokensOut),
    chargedTokens: charged,
    latencyMs: call.latencyMs,
    analysisId: a.id,
    ledgerEntryId: settled?.entry?.id ?? null,
    status: 'ok',
  });
  afterCommit(deps, trx, async () => {
    tokensConsumed.inc({ kind: 'analysis', model: call.model }, charged);
    await addUsage(deps, charged);
  });
}

/**
 * An analysis that ended without an answer (failed, timed out, cancelled). Its hold was released, so the
 * ledger has no entry; a model call that was under way is still on the trail, with nothing charged.
 */
export async function recordChatFailure(deps: TrailDeps, trx: Knex.Transaction, a: Analysis, code: string, message: string): Promise<void> {
  if (a.status === 'running') {
    await trx('model_calls').insert({
      userId: a.userId,
      kind: 'chat',
      provider: a.engine,
      model: a.model,
      latencyMs: a.startedAt ? Date.now() - new Date(a.startedAt).getTime() : null,
      analysisId: a.id,
      status: 'failed',
      error: `${code}: ${message}`.slice(0, 1000),
    });
  }
  afterCommit(deps, trx, async () => {
    analysesFailed.inc({ reason: code });
    await markAnalysisEnded(deps, a.id);
    await addUsage(deps, 0);
  });
}

/** The chat completion that rewrote a prompt (prompts/service.ts) and the debit it produced, if any. */
export async function recordRefineCall(
  deps: TrailDeps,
  trx: Knex.Transaction,
  call: { userId: string; model: string; tokensIn: number; tokensOut: number; latencyMs: number },
  entry: LedgerEntry | null,
): Promise<void> {
  const charged = entry ? Math.abs(entry.delta) : 0;
  await trx('model_calls').insert({
    ...call,
    kind: 'chat',
    provider: 'openai',
    costTokens: costOf(priceOf(deps.config, call.model), call.tokensIn, call.tokensOut),
    chargedTokens: charged,
    ledgerEntryId: entry?.id ?? null,
    status: 'ok',
  });
  afterCommit(deps, trx, async () => {
    tokensConsumed.inc({ kind: 'analysis', model: call.model }, charged);
    await addUsage(deps, charged);
  });
}

/** One embedding request and the debit it produced (`entry`, null when it cost nothing). Idempotent per usage row. */
export async function recordEmbeddingCall(deps: TrailDeps, trx: Knex.Transaction, usage: EmbeddingUsage, entry: LedgerEntry | null): Promise<void> {
  const charged = entry ? Math.abs(entry.delta) : 0;
  const inserted = await trx('model_calls')
    .insert({
      userId: usage.userId,
      kind: 'embedding',
      provider: usage.provider,
      model: usage.model,
      tokensIn: usage.tokens,
      costTokens: costOf(priceOf(deps.config, usage.model), usage.tokens, 0),
      chargedTokens: charged,
      latencyMs: usage.latencyMs ?? null,
      documentId: usage.documentId,
      embeddingUsageId: usage.id,
      ledgerEntryId: entry?.id ?? null,
      status: 'ok',
    })
    .onConflict('embedding_usage_id')
    .ignore()
    .returning('id');
  if (!inserted.length) return;
  afterCommit(deps, trx, async () => {
    tokensConsumed.inc({ kind: 'embedding', model: usage.model }, charged);
    await addUsage(deps, charged);
  });
}
