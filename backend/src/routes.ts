/**
 * Every API router under /api/v1, in one list. A new domain adds one line here.
 */
import type Router from '@koa/router';
import { addinRoutes } from './addins/routes.js';
import { adminRoutes } from './admin/routes.js';
import { analysisRoutes } from './analysis/routes.js';
import { authRoutes } from './auth/routes.js';
import { adminBillingRoutes } from './billing/admin-routes.js';
import { billingStreamRoutes } from './billing/payment-routes.js';
import { billingRoutes } from './billing/routes.js';
import { backupRoutes } from './backups/routes.js';
import { categoryRoutes } from './categories/routes.js';
import type { Config } from './config.js';
import { documentRoutes } from './documents/routes.js';
import { formulaRoutes } from './formulas/routes.js';
import { publicConfigRoutes } from './http/public-config.js';
import { jobRoutes } from './jobs/routes.js';
import { usageRoutes } from './monitoring/routes.js';
import { projectRoutes } from './projects/routes.js';
import { promptRoutes } from './prompts/routes.js';
import { templateRoutes } from './templates/routes.js';
import { userRoutes } from './users/routes.js';

export function apiRouters(config: Config): Router[] {
  return [
    publicConfigRoutes(),
    addinRoutes(),
    authRoutes(config),
    userRoutes(config),
    categoryRoutes(config),
    // Before projectRoutes, whose router-wide authenticate() would refuse the events stream's ?access_token.
    documentRoutes(config),
    projectRoutes(config),
    billingStreamRoutes(config),
    billingRoutes(config),
    adminBillingRoutes(config),
    analysisRoutes(config),
    formulaRoutes(config),
    promptRoutes(config),
    templateRoutes(config),
    backupRoutes(config),
    jobRoutes(config),
    usageRoutes(config),
    adminRoutes(config),
  ];
}
