/** Example prompts per intent, shown under the prompt box; the user's own helpful prompts come first. */
import type { Knex } from 'knex';
import type { Language } from './language.js';
import type { Intent } from './rules.js';

/** The built-in examples in each language; each reads as its intent (detectIntent) in either. */
export const EXAMPLE_PROMPTS: Record<Language, Array<{ intent: Intent; prompt: string }>> = {
  en: [
    { intent: 'summarise', prompt: 'Summarise the key figures in this selection.' },
    { intent: 'compare', prompt: 'Compare the columns and tell me which performs best and by how much.' },
    { intent: 'trend', prompt: 'What is the trend over these periods, and where does it change direction?' },
    { intent: 'anomaly', prompt: 'Are there any unusual values or outliers here? Explain them if the documents do.' },
    { intent: 'explain', prompt: 'Explain what these numbers mean for the business.' },
    { intent: 'verify', prompt: 'Verify these figures against the uploaded reports and cite the pages.' },
    { intent: 'forecast', prompt: 'Forecast the next period from this trend and state the method.' },
  ],
  ko: [
    { intent: 'summarise', prompt: '이 선택 영역의 주요 수치를 요약해 주세요.' },
    { intent: 'compare', prompt: '열들을 비교해서 어느 것이 가장 좋은지, 얼마나 앞서는지 알려 주세요.' },
    { intent: 'trend', prompt: '이 기간 동안의 추세는 어떻고, 방향이 바뀌는 곳은 어디인가요?' },
    { intent: 'anomaly', prompt: '특이한 값이나 이상치가 있나요? 문서에 설명이 있으면 함께 알려 주세요.' },
    { intent: 'explain', prompt: '이 숫자들이 사업에 어떤 의미인지 설명해 주세요.' },
    { intent: 'verify', prompt: '업로드한 보고서와 이 수치들을 대조해 검증하고, 해당 페이지를 인용해 주세요.' },
    { intent: 'forecast', prompt: '이 추세로 다음 기간을 예측하고 사용한 방법을 밝혀 주세요.' },
  ],
};

export async function examplePrompts(db: Knex, userId: string, language: Language = 'en'): Promise<Array<{ intent: string; prompt: string; source: 'builtin' | 'yours' }>> {
  const yours = await db('analysisFeedback as f')
    .join('analyses as a', 'a.id', 'f.analysisId')
    .where({ 'f.userId': userId, 'f.rating': 'up' })
    .orderBy('f.updatedAt', 'desc')
    .limit(5)
    .select('a.intent', 'a.prompt');
  const seen = new Set<string>();
  return [
    ...yours.map((r: { intent: string; prompt: string }) => ({ intent: r.intent, prompt: r.prompt, source: 'yours' as const })),
    ...EXAMPLE_PROMPTS[language].map((e) => ({ ...e, source: 'builtin' as const })),
  ].filter((e) => (seen.has(e.prompt) ? false : (seen.add(e.prompt), true)));
}
