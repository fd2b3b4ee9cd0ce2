/** Thin typed calls for prompt templates (contract in the brief); api-client's templates.ts replaces them. */
import { api } from '../api';

export type Visibility = 'private' | 'shared' | 'public';
export type TemplateScope = 'all' | 'mine' | 'shared' | 'public';

export interface Template {
  id: string;
  name: string;
  description: string | null;
  prompt: string;
  visibility: Visibility;
  variables: string[];
  isOwner: boolean;
  /** Emails it is shared with (only shown to its owner). */
  sharedWith: string[];
  createdAt: string;
  updatedAt: string;
}

export interface TemplateInput {
  name: string;
  description?: string | null;
  prompt: string;
  visibility: Visibility;
  sharedWith?: string[];
}

export const listTemplates = (scope: TemplateScope = 'all') => api.http.request<Template[]>('GET', `/templates?scope=${scope}`);
export const createTemplate = (body: TemplateInput) => api.http.request<Template>('POST', '/templates', body);
export const updateTemplate = (id: string, body: Partial<TemplateInput>) => api.http.request<Template>('PATCH', `/templates/${id}`, body);
export const deleteTemplate = (id: string) => api.http.request<void>('DELETE', `/templates/${id}`);
export const duplicateTemplate = (id: string) => api.http.request<Template>('POST', `/templates/${id}/duplicate`);
