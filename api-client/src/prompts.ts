import type { FeedbackSummary } from '../../backend/src/contract/feedback.js';
import type { Http } from './http.js';
import type { Intent, Selection } from './analysis.js';

/** The admin feedback aggregate: the backend's contract (backend/src/contract/feedback.ts), as types only. */
export type { FeedbackGroup, FeedbackSummary } from '../../backend/src/contract/feedback.js';

export interface RefinedPrompt {
  refinedPrompt: string;
  intent: Intent;
  selectionSummary: string;
  engine: 'rules' | 'openai';
}

export interface ExamplePrompt {
  intent: Intent;
  prompt: string;
  source: 'builtin' | 'yours';
}

/** Prompt refinement (shown for editing before sending), examples, and the admin feedback aggregate. */
export function promptsApi(http: Http) {
  return {
    refine: (body: { projectId: string; selection: Selection; prompt: string; templateId?: string }) => http.request<RefinedPrompt>('POST', '/prompts/refine', body),
    examples: () => http.request<ExamplePrompt[]>('GET', '/prompts/examples'),
    feedbackSummary: () => http.request<FeedbackSummary>('GET', '/prompts/feedback-summary'),
  };
}
