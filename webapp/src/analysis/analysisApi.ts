/**
 * Thin typed calls for analyses and prompts (contract in the brief), through the shared client's Http so the
 * switch to api-client's analysis.ts/prompts.ts is one import.
 */
import { ApiError, type Analysis as AnalysisContract, type Citation, type Claim } from '@intellio/api-client';
import { getI18n } from 'react-i18next';
import { api } from '../api';
import type { AnalysisSelection } from '../grid/selectionPayload';

export type { Citation } from '@intellio/api-client';

/** A passage given to the model, cited or not ("what was read"). */
export type ReadPassage = AnalysisContract['read'][number];

export type AnalysisStatus = 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled';

export interface Analysis {
  id: string;
  projectId: string;
  source: 'web' | 'excel' | 'sheets' | 'formula';
  selection: AnalysisSelection;
  cellCount: number;
  prompt: string;
  refinedPrompt: string | null;
  intent: string | null;
  templateId: string | null;
  status: AnalysisStatus;
  answer: string | null;
  citations: Citation[];
  /** Checked statements of the answer; empty or missing on analyses stored before the checks existed. */
  claims?: Claim[];
  /** Every passage the answer was built from; missing on older analyses. */
  read?: ReadPassage[];
  tokensCharged: number | null;
  error: string | { code: string; message: string } | null;
  createdAt: string;
  completedAt: string | null;
}

export interface AnalysisRequest {
  projectId: string;
  selection: AnalysisSelection;
  prompt: string;
  refinedPrompt?: string;
  templateId?: string;
}

export interface Refined {
  refinedPrompt: string;
  intent: string;
  selectionSummary: string;
}

export interface ExamplePrompt {
  intent: string;
  prompt: string;
  source: 'builtin' | 'yours';
}

export const refinePrompt = (body: Omit<AnalysisRequest, 'refinedPrompt'>) => api.http.request<Refined>('POST', '/prompts/refine', body);
/** The built-in example prompts in `lang`, the language the app shows (the user's choice, not only the browser's). */
export const examplePrompts = (lang: string) => api.http.request<ExamplePrompt[]>('GET', `/prompts/examples?lang=${encodeURIComponent(lang)}`);
export const listAnalyses = (projectId: string) => api.http.request<Analysis[]>('GET', `/analyses?projectId=${encodeURIComponent(projectId)}`);
export const getAnalysis = (id: string) => api.http.request<Analysis>('GET', `/analyses/${id}`);
export const sendFeedback = (id: string, body: { rating: 'up' | 'down'; comment?: string }) =>
  api.http.request<unknown>('POST', `/analyses/${id}/feedback`, body);

export interface StreamHandlers {
  onAnalysis?(analysis: Analysis): void;
  onDelta?(text: string): void;
}

/** Splits an SSE byte stream into (event, data) pairs. */
async function* sseEvents(body: ReadableStream<Uint8Array>): AsyncGenerator<{ event: string; data: string }> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += decoder.decode(value, { stream: true }).replace(/\r\n/g, '\n');
    let end: number;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      let event = 'message';
      const data: string[] = [];
      for (const line of block.split('\n')) {
        if (line.startsWith('event:')) event = line.slice(6).trim();
        else if (line.startsWith('data:')) data.push(line.slice(5).replace(/^ /, ''));
      }
      if (data.length) yield { event, data: data.join('\n') };
    }
  }
}

const FINISHED: AnalysisStatus[] = ['succeeded', 'failed', 'cancelled'];

/**
 * Runs an analysis with the answer streamed (SSE over fetch, so the bearer header goes along). A large
 * selection may be queued instead (202): then it is polled until it finishes.
 */
export async function runAnalysis(body: AnalysisRequest, handlers: StreamHandlers, signal?: AbortSignal): Promise<Analysis> {
  const res = await api.http.raw('POST', '/analyses', { ...body, source: 'web' }, { headers: { Accept: 'text/event-stream' }, signal });
  if (!(res.headers.get('content-type') ?? '').includes('text/event-stream') || !res.body) {
    const json = (await res.json()) as { data: Analysis | { analysis: Analysis } };
    let analysis = 'analysis' in json.data ? json.data.analysis : json.data;
    handlers.onAnalysis?.(analysis);
    while (!FINISHED.includes(analysis.status)) {
      await new Promise((r) => setTimeout(r, 1500));
      analysis = await getAnalysis(analysis.id);
      handlers.onAnalysis?.(analysis);
    }
    return analysis;
  }
  let last: Analysis | null = null;
  for await (const { event, data } of sseEvents(res.body)) {
    const payload = JSON.parse(data);
    if (event === 'analysis') {
      last = payload.analysis as Analysis;
      handlers.onAnalysis?.(last);
    } else if (event === 'delta') handlers.onDelta?.(payload.text as string);
    else if (event === 'done') return payload.analysis as Analysis;
    else if (event === 'error') throw new ApiError(200, payload.error?.code ?? 'analysis_failed', payload.error?.message ?? getI18n().t('analyse.failed'));
  }
  if (last) return getAnalysis(last.id);
  throw new ApiError(0, 'stream_ended', getI18n().t('analyse.streamEnded'));
}

/** Tells the header to re-read the token balance (after an analysis has been charged). */
export function announceBalanceChange(): void {
  window.dispatchEvent(new Event('intellio:balance-changed'));
}
