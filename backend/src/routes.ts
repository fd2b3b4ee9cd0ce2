/**
 * Every API router under /api/v1, in one list. A new domain adds one line here.
 */
import type Router from '@koa/router';
import { authRoutes } from './auth/routes.js';
import { backupRoutes } from './backups/routes.js';
import { categoryRoutes } from './categories/routes.js';
import type { Config } from './config.js';
import { publicConfigRoutes } from './http/public-config.js';
import { projectRoutes } from './projects/routes.js';
import { userRoutes } from './users/routes.js';

export function apiRouters(config: Config): Router[] {
  return [
    publicConfigRoutes(),
    authRoutes(config),
    userRoutes(config),
    categoryRoutes(config),
    projectRoutes(config),
    backupRoutes(config),
  ];
}
