/**
 * The one typed Intellio API client, used by the web app and both add-ins.
 *   const api = createApiClient({ baseUrl: '', client: 'web' });
 *   await api.auth.login({ email, password });
 * Domain modules (auth, documents, analyses, ...) each add one namespace here.
 */
import { authApi } from './auth.js';
import { Http, type HttpOptions } from './http.js';

export * from './addin.js';
export * from './http.js';
export * from './types.js';

export function createApiClient(options: HttpOptions) {
  const http = new Http(options);
  return { http, auth: authApi(http) };
}

export type ApiClient = ReturnType<typeof createApiClient>;
