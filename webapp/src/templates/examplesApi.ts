/** Typed calls for a template's few-shot examples promoted from rated runs (GET/POST/DELETE …/examples). */
import type { ExampleCandidate, ExampleUse, TemplateExample, TemplateVersion } from '@intellio/api-client';
import { api } from '../api';

export type { ExampleCandidate, ExampleUse, TemplateExample } from '@intellio/api-client';

/** A template version as the curator sees it, with its examples. */
export type ExamplesVersion = TemplateVersion & { examples: TemplateExample[] };


export const getExamples = (templateId: string) => api.http.request<ExamplesVersion>('GET', `/templates/${templateId}/examples`);
export const getExampleCandidates = (templateId: string) => api.http.request<ExampleCandidate[]>('GET', `/templates/${templateId}/example-candidates`);
export const promoteExample = (templateId: string, analysisId: string, use: ExampleUse) =>
  api.http.request<ExamplesVersion>('POST', `/templates/${templateId}/examples`, { analysisId, use });
export const removeExample = (templateId: string, index: number) => api.http.request<ExamplesVersion>('DELETE', `/templates/${templateId}/examples/${index}`);
