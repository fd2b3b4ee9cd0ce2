import Router from '@koa/router';
import { authenticate, requireAdmin } from '../auth/authenticate.js';
import type { Config } from '../config.js';
import { rateLimit } from '../http/rate-limit.js';
import { validated } from '../http/validate.js';
import { examplePrompts } from './examples.js';
import { feedbackSummary } from './feedback.js';
import { languageOf } from './language.js';
import { examplesQuery, refineSchema } from './schema.js';
import { refinePrompt } from './service.js';

/** /api/v1/prompts */
export function promptRoutes(config: Config): Router {
  const router = new Router({ prefix: '/prompts' });
  router.use(authenticate(config));
  const perUser = rateLimit((l) => l.analysesPerUser, (ctx) => ctx.state.user.id);

  router.post('/refine', perUser, validated({ body: refineSchema(config) }, async (ctx, { body }) => {
    ctx.body = { data: await refinePrompt(ctx.deps, ctx.state.user, body) };
  }));

  router.get('/examples', validated({ query: examplesQuery }, async (ctx, { query }) => {
    const language = query.lang ?? languageOf(ctx.get('Accept-Language'));
    ctx.body = { data: await examplePrompts(ctx.deps.knex, ctx.state.user.id, language) };
  }));

  router.get('/feedback-summary', requireAdmin(), async (ctx) => {
    ctx.set('Cache-Control', 'no-store');
    ctx.body = { data: await feedbackSummary(ctx.deps.knex) };
  });

  return router;
}
