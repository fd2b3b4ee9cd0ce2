import Router from '@koa/router';
import { addinsInfo } from '../addins/service.js';
import type { Config } from '../config.js';
import type { Deps } from '../deps.js';

/**
 * The start-up line that says which address mail and citation links will use. Without PUBLIC_URL they are
 * built from http://localhost:PORT, which only works on the server itself: said as a warning, with the fix.
 */
export function linkAddressNotice(config: Pick<Config, 'publicUrl' | 'publicUrlSource'>): { level: 'info' | 'warn'; message: string } {
  if (config.publicUrlSource === 'PUBLIC_URL') return { level: 'info', message: `Links in mails and citations use PUBLIC_URL: ${config.publicUrl}` };
  return {
    level: 'warn',
    message: `Links in mails and citations use ${config.publicUrl} because PUBLIC_URL is not set; they only work on this machine. Set PUBLIC_URL to the address users reach the app at.`,
  };
}

/** True while the server has no account: the first visitor creates the administrator (the first account is admin). */
async function setupRequired(deps: Pick<Deps, 'knex'>): Promise<boolean> {
  return !(await deps.knex('users').first('id'));
}

/**
 * GET /api/v1/config: what the web app and add-ins need before sign-in (logo link, support address, where to
 * get the add-ins, whether the server still needs its first account, what the local analyst costs).
 */
export function publicConfigRoutes(): Router {
  const router = new Router();
  router.get('/config', async (ctx) => {
    const { config } = ctx.deps;
    const setup = await setupRequired(ctx.deps);
    // The bootstrap state ends with the first sign-up and must not outlive it in a cache.
    ctx.set('Cache-Control', setup ? 'no-store' : 'public, max-age=60');
    ctx.body = {
      data: {
        companyUrl: config.companyUrl,
        publicUrl: config.publicUrl,
        publicUrlSource: config.publicUrlSource,
        supportEmail: config.supportEmail ?? null,
        setupRequired: setup,
        // REQUIRE_ADMIN_MFA: the web app sends an admin without MFA straight to its setup.
        requireAdminMfa: config.auth.requireAdminMfa,
        // Null when analyses run on a language model (billed by its tokens, not known in advance).
        localAnalystPrice: config.analysis.provider === 'local' ? config.analysis.localPrice : null,
        addins: addinsInfo(config),
      },
    };
  });
  return router;
}
