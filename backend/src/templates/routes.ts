import Router from '@koa/router';
import { audit } from '../activity/audit.js';
import { authenticate } from '../auth/authenticate.js';
import type { Config } from '../config.js';
import { uuidParam, validated } from '../http/validate.js';
import { loadVisibleTemplate } from './policy.js';
import { presentTemplate } from './presenter.js';
import { createTemplateSchema, listTemplatesQuery, updateTemplateSchema } from './schema.js';
import { createTemplate, deleteTemplate, duplicateTemplate, listTemplates, sharesOf, updateTemplate } from './service.js';

/** /api/v1/templates */
export function templateRoutes(config: Config): Router {
  const router = new Router({ prefix: '/templates' });
  router.use(authenticate(config));

  router.get('/', validated({ query: listTemplatesQuery }, async (ctx, { query }) => {
    const user = ctx.state.user;
    const rows = await listTemplates(user, query.scope);
    const shares = await sharesOf(ctx.deps.knex, rows.filter((t) => t.ownerId === user.id).map((t) => t.id));
    ctx.body = { data: rows.map((t) => presentTemplate(t, user.id, shares.get(t.id) ?? [])) };
  }));

  router.post('/', validated({ body: createTemplateSchema }, async (ctx, { body }) => {
    const t = await createTemplate(ctx.deps, ctx.state.user, body);
    audit(ctx, 'template.create', t.id);
    ctx.status = 201;
    ctx.body = { data: presentTemplate(t, ctx.state.user.id, (await sharesOf(ctx.deps.knex, [t.id])).get(t.id) ?? []) };
  }));

  router.get('/:id', validated({ params: uuidParam }, async (ctx, { params }) => {
    const t = await loadVisibleTemplate(ctx.state.user, params.id);
    ctx.body = { data: presentTemplate(t, ctx.state.user.id, (await sharesOf(ctx.deps.knex, [t.id])).get(t.id) ?? []) };
  }));

  router.patch('/:id', validated({ params: uuidParam, body: updateTemplateSchema }, async (ctx, { params, body }) => {
    const t = await updateTemplate(ctx.deps, ctx.state.user, params.id, body);
    audit(ctx, 'template.update', t.id);
    ctx.body = { data: presentTemplate(t, ctx.state.user.id, (await sharesOf(ctx.deps.knex, [t.id])).get(t.id) ?? []) };
  }));

  router.delete('/:id', validated({ params: uuidParam }, async (ctx, { params }) => {
    await deleteTemplate(ctx.deps, ctx.state.user, params.id);
    audit(ctx, 'template.delete', params.id);
    ctx.status = 204;
  }));

  router.post('/:id/duplicate', validated({ params: uuidParam }, async (ctx, { params }) => {
    const t = await duplicateTemplate(ctx.deps, ctx.state.user, params.id);
    audit(ctx, 'template.create', t.id, { duplicateOf: params.id });
    ctx.status = 201;
    ctx.body = { data: presentTemplate(t, ctx.state.user.id, []) };
  }));

  return router;
}
