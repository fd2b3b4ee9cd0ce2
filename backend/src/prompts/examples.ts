/** Example prompts per intent, shown under the prompt box; the user's own helpful prompts come first. */
import type { Knex } from 'knex';
import type { Intent } from './rules.js';

export const EXAMPLE_PROMPTS: Array<{ intent: Intent; prompt: string }> = [
  { intent: 'summarise', prompt: 'Summarise the key figures in this selection.' },
  { intent: 'compare', prompt: 'Compare the columns and tell me which performs best and by how much.' },
  { intent: 'trend', prompt: 'What is the trend over these periods, and where does it change direction?' },
  { intent: 'anomaly', prompt: 'Are there any unusual values or outliers here? Explain them if the documents do.' },
  { intent: 'explain', prompt: 'Explain what these numbers mean for the business.' },
  { intent: 'verify', prompt: 'Verify these figures against the uploaded reports and cite the pages.' },
  { intent: 'forecast', prompt: 'Forecast the next period from this trend and state the method.' },
];

export async function examplePrompts(db: Knex, userId: string): Promise<Array<{ intent: string; prompt: string; source: 'builtin' | 'yours' }>> {
  const yours = await db('analysisFeedback as f')
    .join('analyses as a', 'a.id', 'f.analysisId')
    .where({ 'f.userId': userId, 'f.rating': 'up' })
    .orderBy('f.updatedAt', 'desc')
    .limit(5)
    .select('a.intent', 'a.prompt');
  const seen = new Set<string>();
  return [
    ...yours.map((r: { intent: string; prompt: string }) => ({ intent: r.intent, prompt: r.prompt, source: 'yours' as const })),
    ...EXAMPLE_PROMPTS.map((e) => ({ ...e, source: 'builtin' as const })),
  ].filter((e) => (seen.has(e.prompt) ? false : (seen.add(e.prompt), true)));
}
