import type Router from '@koa/router';
import type { Context, Middleware } from 'koa';
import { validated } from '../http/validate.js';
import { presentUser } from '../users/presenter.js';
import { disableMfa, enableMfa, startMfaSetup, verifyMfa } from './mfa.js';
import type { ClientKind } from './model.js';
import type { RequestMeta, Session } from './session.js';
import { mfaDisableSchema, mfaEnableSchema, mfaVerifySchema } from './schema.js';

/**
 * /api/v1/auth/mfa/*: setup → enable (signed in, password + code), verify (the second step of sign-in, no session yet),
 * disable (signed in, password + code). `respond` is the sign-in responder of auth/routes.ts, so the
 * second step answers exactly like a one-step sign-in (cookie for the web, tokens in the body for add-ins).
 */
export function addMfaRoutes(
  router: Router,
  auth: Middleware,
  limited: Middleware,
  meta: (ctx: Context, client?: ClientKind) => RequestMeta,
  respond: (ctx: Context, session: Session, client: ClientKind) => void,
): void {
  router.post('/mfa/setup', limited, auth, async (ctx) => {
    ctx.body = { data: await startMfaSetup(ctx.deps, ctx.state.user) };
  });

  router.post('/mfa/enable', limited, auth, validated({ body: mfaEnableSchema }, async (ctx, { body }) => {
    // authenticate() admits only tokens that name their session (`sid`); that one stays signed in.
    const recoveryCodes = await enableMfa(ctx.deps, ctx.state.user, body, String(ctx.state.jwt?.sid), meta(ctx));
    ctx.body = { data: { recoveryCodes } };
  }));

  router.post('/mfa/verify', limited, validated({ body: mfaVerifySchema }, async (ctx, { body }) => {
    respond(ctx, await verifyMfa(ctx.deps, body, meta(ctx, body.client)), body.client);
  }));

  router.post('/mfa/disable', limited, auth, validated({ body: mfaDisableSchema }, async (ctx, { body }) => {
    const user = await disableMfa(ctx.deps, ctx.state.user, body, meta(ctx));
    ctx.body = { data: { message: 'Two-step sign-in is off.', user: presentUser(user) } };
  }));
}
