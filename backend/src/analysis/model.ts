import { BaseModel } from '../db/base-model.js';
import type { Intent } from '../prompts/rules.js';
import type { Claim } from '../contract/analysis.js';
import type { Citation } from './citations.js';
import type { StoredPassage } from './context.js';
import type { Selection } from './schema.js';

export type AnalysisStatus = 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled';
export const ACTIVE_STATUSES: AnalysisStatus[] = ['queued', 'running'];

export class Analysis extends BaseModel {
  static override tableName = 'analyses';
  static override jsonAttributes = ['selection', 'passages', 'citations', 'droppedCitations', 'documentIds', 'claims'];

  userId!: string;
  projectId!: string;
  /** `formula`: computed for an =INTELLIO() cell formula (formulas/service.ts). */
  source!: 'web' | 'excel' | 'sheets' | 'formula';
  selection!: Selection;
  cellCount!: number;
  prompt!: string;
  refinedPrompt!: string;
  templateId!: string | null;
  /** The template version the run used (template_versions, migration 024). */
  templateVersionId!: string | null;
  intent!: Intent;
  documentIds!: string[] | null;
  status!: AnalysisStatus;
  answer!: string | null;
  passages!: StoredPassage[];
  citations!: Citation[];
  droppedCitations!: string[];
  /** The answer's statements as checked against what they cite; `[]` before an answer (and for old rows). */
  claims!: Claim[];
  engine!: 'openai' | 'local';
  model!: string;
  tokensIn!: number | null;
  tokensOut!: number | null;
  tokensCharged!: number | string | null;
  tokensReserved!: number | string;
  /** The quote the run was prepared with (migration 025): expected, low and high ledger tokens; null before issue 28. */
  quoteEstimated!: number | string | null;
  quoteLow!: number | string | null;
  quoteHigh!: number | string | null;
  reservationId!: string | null;
  jobId!: string | null;
  latencyMs!: number | null;
  modelMs!: number | null;
  cacheKey!: string;
  cachedFrom!: string | null;
  errorCode!: string | null;
  error!: string | null;
  startedAt!: Date | null;
  completedAt!: Date | null;
}
