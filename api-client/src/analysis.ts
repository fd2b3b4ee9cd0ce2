/**
 * Analyses: send selected cells + a prompt, get a cited answer — streamed (SSE over fetch, so it works in
 * the browser and in both add-ins, where EventSource cannot POST or set headers) or in one response.
 */
import type { AnalysisQuote, Citation, Claim, ReadPassage } from '../../backend/src/contract/analysis.js';
import type { Http } from './http.js';
import { ApiError } from './http.js';

export type CellValue = string | number | boolean | null;
export type AnalysisSource = 'web' | 'excel' | 'sheets' | 'formula';
export type AnalysisStatus = 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled';
export type Intent = 'summarise' | 'compare' | 'trend' | 'anomaly' | 'explain' | 'verify' | 'forecast';

export interface SelectionRange {
  /** A1 address, e.g. "B2:D9" or "Sheet1!B2". The values must have exactly its shape. */
  address: string;
  values: CellValue[][];
  headers?: string[];
}

export interface Selection {
  workbook?: string;
  sheet: string;
  ranges: SelectionRange[];
}

export interface CreateAnalysisRequest {
  projectId: string;
  source: AnalysisSource;
  selection: Selection;
  prompt: string;
  refinedPrompt?: string;
  templateId?: string;
  /** Values of the template's own `{{name}}` placeholders (Template.variables); a missing one is a 400. */
  variables?: Record<string, string>;
  documentIds?: string[];
}

/**
 * A claim (one checked statement of the answer) and where its evidence is: the backend's contract, taken
 * as types only (nothing of the backend is bundled), so a field changed there is a compile error here.
 */
export type { AnalysisQuote, Citation, Claim, ClaimSource, QuoteBasis } from '../../backend/src/contract/analysis.js';

export interface Analysis {
  id: string;
  projectId: string;
  source: AnalysisSource;
  selection: Selection;
  cellCount: number;
  prompt: string;
  refinedPrompt: string;
  intent: Intent;
  templateId: string | null;
  status: AnalysisStatus;
  answer: string | null;
  citations: Citation[];
  /** Ids the model cited that were never given to it (removed from the answer). */
  droppedCitations: string[];
  /** The answer's statements, each checked against the cells and passages it cites (empty until it succeeds). */
  claims: Claim[];
  /** What the answer was built from: every passage given to the model, cited or not ("what was read"). */
  read: ReadPassage[];
  engine: 'openai' | 'local';
  model: string;
  tokensIn: number | null;
  tokensOut: number | null;
  tokensCharged: number | null;
  tokensReserved: number;
  /** A repeat of an identical earlier analysis, not billed again. */
  cached: boolean;
  latencyMs: number | null;
  modelMs: number | null;
  error: { code: string; message: string } | null;
  createdAt: string;
  completedAt: string | null;
}

export interface QueuedAnalysis {
  analysis: Analysis;
  jobId: string;
}

export interface Feedback {
  id: string;
  analysisId: string;
  rating: 'up' | 'down';
  comment: string | null;
  correctedAnswer: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface AnalysisPage {
  data: Analysis[];
  pagination: { limit: number; nextCursor: string | null };
}

export interface StreamHandlers {
  onAnalysis?(analysis: Analysis): void;
  onDelta?(text: string, answerSoFar: string): void;
}

export interface ServerSentEvent {
  event: string;
  data: string;
  id?: string;
}

/** Parses a text/event-stream body into events as they arrive (comments and retry hints skipped). */
export async function* readEventStream(body: ReadableStream<Uint8Array>): AsyncGenerator<ServerSentEvent> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  try {
    for (;;) {
      const { value, done } = await reader.read();
      buffer += done ? decoder.decode() : decoder.decode(value, { stream: true });
      let cut: number;
      while ((cut = buffer.search(/\r?\n\r?\n/)) >= 0) {
        const block = buffer.slice(0, cut);
        buffer = buffer.slice(cut + (buffer[cut] === '\r' ? 4 : 2));
        const ev: ServerSentEvent = { event: 'message', data: '' };
        const data: string[] = [];
        for (const line of block.split(/\r?\n/)) {
          if (!line || line.startsWith(':')) continue;
          const colon = line.indexOf(':');
          const field = colon < 0 ? line : line.slice(0, colon);
          const val = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
          if (field === 'event') ev.event = val;
          else if (field === 'data') data.push(val);
          else if (field === 'id') ev.id = val;
        }
        if (data.length) yield { ...ev, data: data.join('\n') };
      }
      if (done) return;
    }
  } finally {
    reader.releaseLock();
  }
}

export function analysisApi(http: Http) {
  return {
    /** Waits for the whole answer (201), or returns the queued analysis and job for large selections (202). */
    /** What this run would cost before it runs: expected tokens, the low..high range, the balance after. */
    quote: (body: CreateAnalysisRequest) => http.request<AnalysisQuote>('POST', '/analyses/quote', body),
    create: (body: CreateAnalysisRequest) => http.request<Analysis | QueuedAnalysis>('POST', '/analyses', body),
    /**
     * Streams the answer: `onDelta` gets each piece as the model writes it. Resolves to the finished analysis
     * (or the queued one for large selections); a failed analysis rejects with ApiError carrying its code.
     */
    async stream(body: CreateAnalysisRequest, handlers: StreamHandlers = {}, signal?: AbortSignal): Promise<Analysis | QueuedAnalysis> {
      const res = await http.raw('POST', '/analyses', body, { signal, headers: { Accept: 'text/event-stream' } });
      if (!(res.headers.get('content-type') ?? '').includes('text/event-stream')) return ((await res.json()) as { data: QueuedAnalysis }).data;
      if (!res.body) throw new ApiError(502, 'no_stream', 'The server sent no stream.');
      let answer = '';
      for await (const ev of readEventStream(res.body)) {
        const data = JSON.parse(ev.data);
        if (ev.event === 'analysis') handlers.onAnalysis?.(data.analysis);
        else if (ev.event === 'delta') {
          answer += data.text;
          handlers.onDelta?.(data.text, answer);
        } else if (ev.event === 'done') return data.analysis as Analysis;
        else if (ev.event === 'error') throw new ApiError(502, data.error?.code ?? 'analysis_failed', data.error?.message ?? 'The analysis failed.', data.analysis ?? null);
      }
      throw new ApiError(502, 'stream_ended', 'The answer stream ended early.');
    },
    list: (query: { projectId?: string; cursor?: string; limit?: number } = {}) => {
      const qs = new URLSearchParams(Object.entries(query).filter(([, v]) => v !== undefined).map(([k, v]) => [k, String(v)]));
      return http.raw('GET', `/analyses${qs.size ? `?${qs}` : ''}`).then((r) => r.json() as Promise<AnalysisPage>);
    },
    get: (id: string) => http.request<Analysis>('GET', `/analyses/${id}`),
    cancel: (id: string) => http.request<Analysis>('POST', `/analyses/${id}/cancel`),
    feedback: (id: string, body: { rating: 'up' | 'down'; comment?: string; correctedAnswer?: string }) => http.request<Feedback>('POST', `/analyses/${id}/feedback`, body),
  };
}
