import Router from '@koa/router';
import { audit } from '../activity/audit.js';
import { authenticate } from '../auth/authenticate.js';
import type { Config } from '../config.js';
import { uuidParam, validated } from '../http/validate.js';
import { loadVisibleTemplate } from './policy.js';
import { presentTemplate } from './presenter.js';
import { templateAnalytics } from './analytics.js';
import { createTemplateSchema, exampleParams, listTemplatesQuery, promoteExampleSchema, updateTemplateSchema, versionParams } from './schema.js';
import { currentExamples, exampleCandidates, promoteExample, removeExample } from './examples.js';
import { createTemplate, deleteTemplate, duplicateTemplate, listTemplates, sharesOf, updateTemplate } from './service.js';
import { currentVersion, listVersions, presentVersion, restoreVersion } from './versions.js';

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

  router.get('/:id/versions', validated({ params: uuidParam }, async (ctx, { params }) => {
    const { versions, curator } = await listVersions(ctx.state.user, params.id);
    ctx.body = { data: versions.map((v) => presentVersion(v, versions[0]?.id, curator)) };
  }));

  router.post('/:id/versions/:vid/restore', validated({ params: versionParams }, async (ctx, { params }) => {
    const { template, version } = await restoreVersion(ctx.deps, ctx.state.user, params.id, params.vid);
    audit(ctx, 'template.update', template.id, { restoredVersion: params.vid });
    ctx.status = 201;
    ctx.body = { data: { template: presentTemplate(template, ctx.state.user.id, (await sharesOf(ctx.deps.knex, [template.id])).get(template.id) ?? []), version: presentVersion(version, (await currentVersion(ctx.deps.knex, template.id))?.id, true) } };
  }));

  router.get('/:id/examples', validated({ params: uuidParam }, async (ctx, { params }) => {
    const version = await currentExamples(ctx.deps, ctx.state.user, params.id);
    ctx.body = { data: presentVersion(version, version.id, true) };
  }));

  router.get('/:id/example-candidates', validated({ params: uuidParam }, async (ctx, { params }) => {
    ctx.body = { data: await exampleCandidates(ctx.deps, ctx.state.user, params.id) };
  }));

  router.post('/:id/examples', validated({ params: uuidParam, body: promoteExampleSchema }, async (ctx, { params, body }) => {
    const version = await promoteExample(ctx.deps, ctx.state.user, params.id, body);
    audit(ctx, 'template.update', params.id, { exampleAdded: body.analysisId, use: body.use, version: version.number });
    ctx.status = 201;
    ctx.body = { data: presentVersion(version, version.id, true) };
  }));

  router.delete('/:id/examples/:index', validated({ params: exampleParams }, async (ctx, { params }) => {
    const version = await removeExample(ctx.deps, ctx.state.user, params.id, params.index);
    audit(ctx, 'template.update', params.id, { exampleRemoved: params.index, version: version.number });
    ctx.body = { data: presentVersion(version, version.id, true) };
  }));

  router.get('/:id/analytics', validated({ params: uuidParam }, async (ctx, { params }) => {
    ctx.body = { data: await templateAnalytics(ctx.deps.knex, ctx.state.user, params.id) };
  }));

  return router;
}
