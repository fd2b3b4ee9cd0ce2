import Router from '@koa/router';
import { addinsInfo } from '../addins/service.js';

/** GET /api/v1/config: what the web app and add-ins need before sign-in (logo link, where to get the add-ins). */
export function publicConfigRoutes(): Router {
  const router = new Router();
  router.get('/config', async (ctx) => {
    const { config } = ctx.deps;
    ctx.set('Cache-Control', 'public, max-age=60');
    ctx.body = { data: { companyUrl: config.companyUrl, publicUrl: config.publicUrl, addins: addinsInfo(config) } };
  });
  return router;
}
