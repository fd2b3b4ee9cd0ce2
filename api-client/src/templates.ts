/**
 * Template calls. The response shapes are the backend's contract (backend/src/contract/templates.ts), taken
 * as types only (nothing of the backend is bundled), so a field the server adds is a compile error here.
 */
import type { Template, TemplateAnalytics, TemplateVersion, TemplateVisibility } from '../../backend/src/contract/templates.js';
import type { Http } from './http.js';

export type {
  ExampleCandidate,
  ExampleUse,
  Template,
  TemplateAnalytics,
  TemplateExample,
  TemplateFigures,
  TemplateVersion,
  TemplateVisibility,
} from '../../backend/src/contract/templates.js';

/** Which templates a list shows: everything visible, your own, shared with you by email, or public. */
export type TemplateScope = 'all' | 'mine' | 'shared' | 'public';

export interface TemplateInput {
  name: string;
  description?: string | null;
  prompt: string;
  visibility?: TemplateVisibility;
  sharedWith?: string[];
  monthlyTokenBudget?: number | null;
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

/** The template's own variables that have no value yet (blank counts as none): a run with any is a 400. */
export function missingVariables(variables: readonly string[], values: Readonly<Record<string, string>>): string[] {
  return variables.filter((name) => !values[name]?.trim());
}

/**
 * Text with the template's own `{{name}}` placeholders filled from `values` (trimmed). Built-in placeholders
 * and names without a value stay as written: the server fills the former and refuses the latter. A pane
 * shows a chosen template's prompt in its question box, so the question it sends is filled the same way.
 */
export function fillVariables(text: string, values: Readonly<Record<string, string>>): string {
  // Names as the server reads them (templates/variables.ts): any script's letters, digits and _, at most 64.
  return text.replace(/\{\{\s*([\p{L}\p{N}_]{1,64})\s*\}\}/gu, (m, name: string) => {
    if ((BUILT_IN_TEMPLATE_VARIABLES as readonly string[]).includes(name)) return m;
    const value = values[name]?.trim();
    return value ? value : m;
  });
}

/** The `variables` a run sends: the template's own names with their trimmed values, nothing else. */
export function variablesFor(variables: readonly string[], values: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(variables.map((name) => [name, values[name]?.trim() ?? '']));
}
