import { setTimeout as sleep } from 'node:timers/promises';
import Router from '@koa/router';
import { authenticate } from '../auth/authenticate.js';
import type { Config } from '../config.js';
import { validated } from '../http/validate.js';
import { presentResult } from './presenter.js';
import { formulasSchema, workbookCapSchema, workbookParams } from './schema.js';
import { evaluateFormulas, setWorkbookCap, workbookCap } from './service.js';

/** /api/v1/formulas: the =INTELLIO() cell formulas of the Excel and Sheets add-ins. */
export function formulaRoutes(config: Config): Router {
  const router = new Router({ prefix: '/formulas' });
  router.use(authenticate(config));

  // 200 even when items fail: each failure is a short value its cell shows. A Sheets custom function has
  // 30 s and cannot abort a fetch, so it may send `Prefer: wait=N` (RFC 7240): past N seconds the answer is
  // 202 and the work goes on, filling the cache that "Refresh formulas" reads later.
  router.post('/', validated({ body: formulasSchema }, async (ctx, { body }) => {
    const work = evaluateFormulas(ctx.deps, ctx.state.user, body);
    const wait = preferredWaitSeconds(ctx.get('Prefer'));
    const results = wait === null ? await work : await Promise.race([work, sleep(wait * 1000).then(() => null)]);
    if (!results) {
      const { log } = ctx.deps;
      work.catch((err: unknown) => log.warn({ err }, 'formula evaluation failed after its request was answered 202'));
      ctx.status = 202;
      ctx.set('Preference-Applied', `wait=${wait}`);
      ctx.body = { data: { pending: true } };
      return;
    }
    ctx.body = { data: { results: results.map((r) => presentResult(ctx.deps, ctx.state.user.id, r)) } };
  }));

  router.get('/workbooks/:workbookId', validated({ params: workbookParams }, async (ctx, { params }) => {
    ctx.body = { data: await workbookCap(ctx.state.user.id, params.workbookId) };
  }));

  router.put('/workbooks/:workbookId', validated({ params: workbookParams, body: workbookCapSchema }, async (ctx, { params, body }) => {
    ctx.body = { data: await setWorkbookCap(ctx.deps, ctx.state.user.id, params.workbookId, body.monthlyTokenCap) };
  }));

  return router;
}

/** `Prefer: wait=20` → 20 (at most 120 s); absent or malformed → null (wait for the answer). */
export function preferredWaitSeconds(header: string): number | null {
  const match = /(?:^|[,;\s])wait\s*=\s*(\d{1,4})\b/i.exec(header);
  return match ? Math.min(Number(match[1]), 120) : null;
}
