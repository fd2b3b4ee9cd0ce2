import Router from '@koa/router';
import { authenticate } from '../auth/authenticate.js';
import type { Config } from '../config.js';
import { uuidParam, validated } from '../http/validate.js';
import { projectFigures } from './activity.js';
import type { Project } from './model.js';
import { loadOwnedProject } from './policy.js';
import { presentDocument } from '../documents/presenter.js';
import { presentProject } from './presenter.js';
import { addSampleToProject } from './sample.js';
import { createProjectSchema, orderProjectsSchema, updateProjectSchema } from './schema.js';
import { createProject, deleteProject, moveProject, updateProject } from './service.js';

async function presentWithFigures(userId: string, project: Project) {
  return presentProject(project, (await projectFigures(userId, [project])).get(project.id));
}

/** /api/v1/projects */
export function projectRoutes(config: Config): Router {
  const router = new Router({ prefix: '/projects' });
  router.use(authenticate(config));

  router.post('/', validated({ body: createProjectSchema }, async (ctx, { body }) => {
    ctx.status = 201;
    ctx.body = { data: presentProject(await createProject(ctx.deps, ctx.state.user.id, body)) };
  }));

  router.patch('/order', validated({ body: orderProjectsSchema }, async (ctx, { body }) => {
    ctx.body = { data: await moveProject(ctx.deps, ctx.state.user.id, body) };
  }));

  router.get('/:id', validated({ params: uuidParam }, async (ctx, { params }) => {
    ctx.body = { data: await presentWithFigures(ctx.state.user.id, await loadOwnedProject(ctx.state.user.id, params.id)) };
  }));

  router.patch('/:id', validated({ params: uuidParam, body: updateProjectSchema }, async (ctx, { params, body }) => {
    ctx.body = { data: await presentWithFigures(ctx.state.user.id, await updateProject(ctx.deps, ctx.state.user.id, params.id, body)) };
  }));

  // "Try it with an example": the sample table and report, as documents of the project.
  router.post('/:id/sample', validated({ params: uuidParam }, async (ctx, { params }) => {
    const { documents, created } = await addSampleToProject(ctx.deps, ctx.state.user.id, params.id);
    ctx.status = created ? 201 : 200;
    ctx.body = { data: { documents: documents.map(presentDocument) } };
  }));

  router.delete('/:id', validated({ params: uuidParam }, async (ctx, { params }) => {
    await deleteProject(ctx.deps, ctx.state.user.id, params.id);
    ctx.status = 204;
  }));

  return router;
}
