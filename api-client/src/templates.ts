import type { Http } from './http.js';

export type TemplateVisibility = 'private' | 'shared' | 'public';
/** Which templates a list shows: everything visible, your own, shared with you by email, or public. */
export type TemplateScope = 'all' | 'mine' | 'shared' | 'public';

export interface Template {
  id: string;
  name: string;
  description: string | null;
  /** May use {{selection}}, {{sheet}}, {{headers}}, {{workbook}}, {{ranges}} (filled when run) and {{name}}s of its own. */
  prompt: string;
  visibility: TemplateVisibility;
  /** The placeholders a run must fill: send `variables: { name: value }` with the analysis. */
  variables: string[];
  /** The built-in placeholders the prompt uses (filled from the selection). */
  builtInVariables: string[];
  /** Tokens all runs may charge per calendar month (UTC); null: no cap. Over it a run is a 402 `template_budget_exhausted`. */
  monthlyTokenBudget: number | null;
  isOwner: boolean;
  /** Only filled for the owner. */
  sharedWith: string[];
  /** The shared addresses no confirmed account uses yet: the share waits for them to sign up (owner only). */
  pendingShares: string[];
  createdAt: string;
  updatedAt: string;
}

export interface TemplateInput {
  name: string;
  description?: string | null;
  prompt: string;
  visibility?: TemplateVisibility;
  sharedWith?: string[];
  monthlyTokenBudget?: number | null;
}

export interface TemplateVersion {
  id: string;
  number: number;
  prompt: string;
  /** The version this one restored, if it is a restore. */
  restoredFrom: string | null;
  isCurrent: boolean;
  createdAt: string;
}

/** How a template (or one version) does; `averageCost` is tokens per answered run. */
export interface TemplateFigures {
  runs: number;
  users: number;
  tokens: number;
  averageCost: number | null;
  up: number;
  down: number;
  /** up / (up + down); null while nobody rated. */
  satisfaction: number | null;
  /** The most frequent thumbs-down comments, most frequent first. */
  complaints: Array<{ comment: string; count: number }>;
}

export interface TemplateAnalytics extends TemplateFigures {
  templateId: string;
  /** Newest version first. */
  versions: Array<TemplateFigures & { versionId: string; number: number }>;
}

/** The built-in variables, filled from the selection when a template runs. */
export const BUILT_IN_TEMPLATE_VARIABLES = ['selection', 'sheet', 'headers', 'workbook', 'ranges'] as const;

/** Prompt templates: own, shared with you by email, and public (published by admins). */
export function templatesApi(http: Http) {
  return {
    list: (scope: TemplateScope = 'all') => http.request<Template[]>('GET', `/templates?scope=${scope}`),
    get: (id: string) => http.request<Template>('GET', `/templates/${id}`),
    create: (body: TemplateInput) => http.request<Template>('POST', '/templates', body),
    update: (id: string, body: Partial<TemplateInput>) => http.request<Template>('PATCH', `/templates/${id}`, body),
    remove: (id: string) => http.request<void>('DELETE', `/templates/${id}`),
    duplicate: (id: string) => http.request<Template>('POST', `/templates/${id}/duplicate`),
    versions: (id: string) => http.request<TemplateVersion[]>('GET', `/templates/${id}/versions`),
    /** Owner only: a new version equal to the old one, which the template now uses. */
    restoreVersion: (id: string, versionId: string) => http.request<{ template: Template; version: TemplateVersion }>('POST', `/templates/${id}/versions/${versionId}/restore`),
    /** The owner's own templates; administrators any. */
    analytics: (id: string) => http.request<TemplateAnalytics>('GET', `/templates/${id}/analytics`),
  };
}
