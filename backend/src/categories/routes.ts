import Router from '@koa/router';
import { authenticate } from '../auth/authenticate.js';
import type { Config } from '../config.js';
import { uuidParam, validated } from '../http/validate.js';
import { loadTree } from '../projects/tree.js';
import { createCategorySchema, deleteCategoryQuery, orderCategoriesSchema, updateCategorySchema } from './schema.js';
import { createCategory, deleteCategory, renameCategory, reorderCategories } from './service.js';

/** /api/v1/categories: the sidebar's categories (each listed with its projects). */
export function categoryRoutes(config: Config): Router {
  const router = new Router({ prefix: '/categories' });
  router.use(authenticate(config));

  router.get('/', async (ctx) => {
    ctx.body = { data: await loadTree(ctx.state.user.id) };
  });

  router.post('/', validated({ body: createCategorySchema }, async (ctx, { body }) => {
    const category = await createCategory(ctx.deps, ctx.state.user.id, body.name);
    ctx.status = 201;
    ctx.body = { data: { id: category.id, name: category.name, position: category.position, projects: [] } };
  }));

  // Registered before '/:id' so "order" is never read as an id.
  router.patch('/order', validated({ body: orderCategoriesSchema }, async (ctx, { body }) => {
    ctx.body = { data: await reorderCategories(ctx.deps, ctx.state.user.id, body.categoryId, body.index) };
  }));

  router.patch('/:id', validated({ params: uuidParam, body: updateCategorySchema }, async (ctx, { params, body }) => {
    const category = await renameCategory(ctx.deps, ctx.state.user.id, params.id, body.name);
    ctx.body = { data: { id: category.id, name: category.name, position: category.position } };
  }));

  router.delete('/:id', validated({ params: uuidParam, query: deleteCategoryQuery }, async (ctx, { params, query }) => {
    ctx.body = { data: await deleteCategory(ctx.deps, ctx.state.user.id, params.id, query.moveProjectsTo) };
  }));

  return router;
}
