/**
 * The one typed Intellio API client, used by the web app and both add-ins.
 *   const api = createApiClient({ baseUrl: '', client: 'web' });
 *   await api.auth.login({ email, password });
 * Domain modules (auth, documents, analyses, ...) each add one namespace here.
 */
import { analysisApi } from './analysis.js';
import { authApi } from './auth.js';
import { billingApi } from './billing.js';
import { documentsApi } from './documents.js';
import { formulasApi } from './formulas.js';
import { promptsApi } from './prompts.js';
import { templatesApi } from './templates.js';
import { categoriesApi } from './categories.js';
import { Http, type HttpOptions } from './http.js';
import { projectsApi } from './projects.js';

export * from './addin.js';
export * from './checked-answer.js';
export * from './http.js';
export type * from './categories.js';
export type * from './projects.js';
export * from './types.js';
export type * from './documents.js';
export * from './analysis.js';
export * from './prompts.js';
export * from './templates.js';
export * from './billing.js';
export type * from './formulas.js';
export type * from './usage.js';

export function createApiClient(options: HttpOptions) {
  const http = new Http(options);
  return {
    http,
    auth: authApi(http),
    documents: documentsApi(http),
    analyses: analysisApi(http),
    prompts: promptsApi(http),
    templates: templatesApi(http),
    billing: billingApi(http),
    categories: categoriesApi(http),
    projects: projectsApi(http),
    formulas: formulasApi(http),
  };
}

export type ApiClient = ReturnType<typeof createApiClient>;
