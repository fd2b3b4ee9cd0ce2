import type { Deps } from '../deps.js';
import type { FeedbackInput } from './schema.js';
import { loadOwnedAnalysis } from './service.js';

/** One rating per analysis; rating again replaces it. */
export async function submitFeedback(deps: Deps, userId: string, analysisId: string, input: FeedbackInput) {
  const a = await loadOwnedAnalysis(userId, analysisId);
  const [row] = await deps
    .knex('analysisFeedback')
    .insert({ analysisId: a.id, userId, rating: input.rating, comment: input.comment ?? null, correctedAnswer: input.correctedAnswer ?? null, intent: a.intent, templateId: a.templateId })
    .onConflict('analysisId')
    .merge(['rating', 'comment', 'correctedAnswer', 'updatedAt'])
    .returning(['id', 'rating', 'comment', 'correctedAnswer', 'createdAt', 'updatedAt']);
  return {
    id: row.id as string,
    analysisId: a.id,
    rating: row.rating as 'up' | 'down',
    comment: row.comment as string | null,
    correctedAnswer: row.correctedAnswer as string | null,
    createdAt: new Date(row.createdAt).toISOString(),
    updatedAt: new Date(row.updatedAt).toISOString(),
  };
}
