import type { Http } from './http.js';
import type { Intent, Selection } from './analysis.js';

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

export interface FeedbackGroup {
  intent?: Intent;
  templateId?: string | null;
  templateName?: string | null;
  total: number;
  up: number;
  down: number;
  satisfactionRate: number;
  commonComplaints: Array<{ term: string; count: number }>;
}

/** Prompt refinement (shown for editing before sending), examples, and the admin feedback aggregate. */
export function promptsApi(http: Http) {
  return {
    refine: (body: { projectId: string; selection: Selection; prompt: string; templateId?: string }) => http.request<RefinedPrompt>('POST', '/prompts/refine', body),
    examples: () => http.request<ExamplePrompt[]>('GET', '/prompts/examples'),
    feedbackSummary: () => http.request<{ byIntent: FeedbackGroup[]; byTemplate: FeedbackGroup[] }>('GET', '/prompts/feedback-summary'),
  };
}
