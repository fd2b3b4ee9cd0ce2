import Router from '@koa/router';
import { authenticate } from '../auth/authenticate.js';
import { sessionFields } from '../auth/routes.js';
import type { Config } from '../config.js';
import { validated } from '../http/validate.js';
import { presentUser } from './presenter.js';
import { updateMeSchema } from './schema.js';
import { updateMe } from './service.js';

/** /api/v1/me: the signed-in user's profile. */
export function userRoutes(config: Config): Router {
  const router = new Router();
  const auth = authenticate(config);

  router.get('/me', auth, async (ctx) => {
    ctx.body = { data: presentUser(ctx.state.user) };
  });

  router.patch('/me', auth, validated({ body: updateMeSchema }, async (ctx, { body }) => {
    const client = ctx.get('x-intellio-client') === 'addin' ? 'addin' : 'web';
    const { user, session } = await updateMe(ctx.deps, ctx.state.user, body, { ip: ctx.ip, userAgent: ctx.get('user-agent') || null, client });
    ctx.body = {
      data: {
        ...presentUser(user),
        // A password change revokes every session and starts a new one for the caller (new refresh cookie or
        // body token too), so this tab keeps working and survives a reload.
        ...(session ? sessionFields(ctx, session, client) : {}),
      },
    };
  }));

  return router;
}
