import Router from '@koa/router';
import { audit } from '../activity/audit.js';
import type { Context } from 'koa';
import { authenticate } from '../auth/authenticate.js';
import type { Config } from '../config.js';
import { AppError } from '../http/errors.js';
import { messageForCode, requestLanguage, type Language } from '../http/localize.js';
import { openSse } from '../http/sse.js';
import { rateLimit } from '../http/rate-limit.js';
import { uuidParam, validated } from '../http/validate.js';
import { submitFeedback } from './feedback.js';
import type { Analysis } from './model.js';
import { presentAnalysis } from './presenter.js';
import { quoteAnalysis } from './quote.js';
import { createAnalysisSchema, feedbackSchema, listAnalysesQuery } from './schema.js';
import { cancelAnalysis, executeAnalysis, listAnalyses, loadOwnedAnalysis, prepareAnalysis, StopError } from './service.js';

/**
 * Whether Accept lists text/event-stream, as HTTP reads it: media types in any case, and `q=0` meaning
 * "not this one" (a substring test streamed to `text/event-stream;q=0` and not to `TEXT/EVENT-STREAM`).
 */
function wantsStream(accept: string): boolean {
  return accept.split(',').some((range) => {
    const [type, ...params] = range.split(';').map((p) => p.trim().toLowerCase());
    const q = params.find((p) => /^q\s*=/.test(p));
    return type === 'text/event-stream' && !(q && Number(q.slice(q.indexOf('=') + 1).trim()) === 0);
  });
}

/** Why an analysis ended without an answer: the stored code, its message in `language` (the row keeps English). */
function errorOf(a: Analysis, language: Language = 'en') {
  const code = a.errorCode ?? 'failed';
  return { code, message: messageForCode(code, a.error ?? 'The analysis failed.', language) };
}

/** Streams a prepared analysis as SSE: `analysis`, `delta`…, then `done` or `error`. */
function streamAnalysis(ctx: Context, analysis: Analysis): void {
  const { deps } = ctx;
  const language = requestLanguage(ctx);
  const sse = openSse(ctx);
  const gone = new AbortController();
  sse.onClose(() => gone.abort(new StopError('cancelled', 'The client disconnected.')));
  sse.send('analysis', { analysis: presentAnalysis(deps, analysis, language) });
  if (analysis.status === 'succeeded') {
    // A cached answer: same events, one delta.
    sse.send('delta', { text: analysis.answer ?? '' });
    sse.send('done', { analysis: presentAnalysis(deps, analysis, language) });
    sse.close();
    return;
  }
  // Koa only starts sending once the handler returns, so the run continues in the background.
  deps.background.run('analysis.stream', async () => {
    try {
      const final = await executeAnalysis(deps, analysis.id, { onDelta: (text) => sse.send('delta', { text }), signal: gone.signal });
      if (final.status === 'succeeded') sse.send('done', { analysis: presentAnalysis(deps, final, language) });
      else sse.send('error', { error: errorOf(final, language), analysis: presentAnalysis(deps, final, language) });
    } catch (err) {
      // A run that throws (its row deleted with its project) still ends the stream, with the error: left
      // open, the client waited forever.
      const known = err instanceof AppError && err.status < 500;
      sse.send('error', { error: known ? { code: err.code, message: messageForCode(err.code, err.message, language) } : { code: 'internal', message: messageForCode('internal', 'The analysis failed on our side.', language) } });
      if (!known) throw err;
    } finally {
      sse.close();
    }
  });
}

/** /api/v1/analyses */
export function analysisRoutes(config: Config): Router {
  const router = new Router({ prefix: '/analyses' });
  router.use(authenticate(config));
  const perUser = rateLimit((l) => l.analysesPerUser, (ctx) => ctx.state.user.id);

  router.post('/', perUser, validated({ body: createAnalysisSchema(config) }, async (ctx, { body }) => {
    const { analysis, jobId } = await prepareAnalysis(ctx.deps, ctx.state.user, body);
    audit(ctx, 'analysis.create', analysis.id, { source: analysis.source, cached: analysis.cachedFrom !== null });
    if (jobId) {
      ctx.status = 202;
      ctx.body = { data: { analysis: presentAnalysis(ctx.deps, analysis, requestLanguage(ctx)), jobId } };
      return;
    }
    if (wantsStream(ctx.get('accept'))) return streamAnalysis(ctx, analysis);
    const final = analysis.status === 'succeeded' ? analysis : await executeAnalysis(ctx.deps, analysis.id);
    if (final.status !== 'succeeded') {
      const e = errorOf(final);
      throw new AppError(e.code === 'model_timeout' ? 504 : e.code === 'cancelled' ? 409 : 502, e.code, e.message, { analysis: presentAnalysis(ctx.deps, final, requestLanguage(ctx)) });
    }
    ctx.status = 201;
    ctx.body = { data: presentAnalysis(ctx.deps, final, requestLanguage(ctx)) };
  }));

  // What the run would cost: the same body and checks, nothing written or held. Not counted against the
  // analyses limit: clients ask again as the prompt is typed (debounced).
  router.post('/quote', validated({ body: createAnalysisSchema(config) }, async (ctx, { body }) => {
    ctx.body = { data: await quoteAnalysis(ctx.deps, ctx.state.user, body) };
  }));

  router.get('/', validated({ query: listAnalysesQuery }, async (ctx, { query }) => {
    const { rows, nextCursor } = await listAnalyses(ctx.deps, ctx.state.user.id, query);
    ctx.body = { data: rows.map((a) => presentAnalysis(ctx.deps, a, requestLanguage(ctx))), pagination: { limit: query.limit, nextCursor } };
  }));

  router.get('/:id', validated({ params: uuidParam }, async (ctx, { params }) => {
    ctx.body = { data: presentAnalysis(ctx.deps, await loadOwnedAnalysis(ctx.state.user.id, params.id), requestLanguage(ctx)) };
  }));

  router.post('/:id/cancel', validated({ params: uuidParam }, async (ctx, { params }) => {
    ctx.body = { data: presentAnalysis(ctx.deps, await cancelAnalysis(ctx.deps, ctx.state.user.id, params.id), requestLanguage(ctx)) };
    audit(ctx, 'analysis.cancel', params.id);
  }));

  router.post('/:id/feedback', validated({ params: uuidParam, body: feedbackSchema }, async (ctx, { params, body }) => {
    ctx.status = 201;
    ctx.body = { data: await submitFeedback(ctx.deps, ctx.state.user.id, params.id, body) };
  }));

  return router;
}
