import Router from '@koa/router';

/** GET /api/v1/config: what the web app and add-ins need before sign-in (logo link, features). */
export function publicConfigRoutes(): Router {
  const router = new Router();
  router.get('/config', async (ctx) => {
    const { config } = ctx.deps;
    ctx.set('Cache-Control', 'public, max-age=60');
    ctx.body = { data: { companyUrl: config.companyUrl, publicUrl: config.publicUrl } };
  });
  return router;
}
