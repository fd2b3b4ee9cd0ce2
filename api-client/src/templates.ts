import type { Http } from './http.js';

export type TemplateVisibility = 'private' | 'shared' | 'public';
/** Which templates a list shows: everything visible, your own, shared with you by email, or public. */
export type TemplateScope = 'all' | 'mine' | 'shared' | 'public';

export interface Template {
  id: string;
  name: string;
  description: string | null;
  /** May use {{selection}}, {{sheet}}, {{headers}}, {{workbook}}, {{ranges}} (filled when run). */
  prompt: string;
  visibility: TemplateVisibility;
  variables: string[];
  isOwner: boolean;
  /** Only filled for the owner. */
  sharedWith: string[];
  createdAt: string;
  updatedAt: string;
}

export interface TemplateInput {
  name: string;
  description?: string | null;
  prompt: string;
  visibility?: TemplateVisibility;
  sharedWith?: string[];
}

/** Prompt templates: own, shared with you by email, and public (published by admins). */
export function templatesApi(http: Http) {
  return {
    list: (scope: TemplateScope = 'all') => http.request<Template[]>('GET', `/templates?scope=${scope}`),
    get: (id: string) => http.request<Template>('GET', `/templates/${id}`),
    create: (body: TemplateInput) => http.request<Template>('POST', '/templates', body),
    update: (id: string, body: Partial<TemplateInput>) => http.request<Template>('PATCH', `/templates/${id}`, body),
    remove: (id: string) => http.request<void>('DELETE', `/templates/${id}`),
    duplicate: (id: string) => http.request<Template>('POST', `/templates/${id}/duplicate`),
  };
}
