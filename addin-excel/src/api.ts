/**
 * The pane's calls to the Intellio API through the one typed client. Analysis, prompts and templates are
 * thin typed calls over `api.http` following the shared contract; they move to the client's own modules
 * once those land on main.
 */
import { ApiError, createApiClient, type ApiClient, type Claim, type ReadPassage, type Selection } from '@intellio/api-client';
import type { TFunction } from 'i18next';
import { HostUnavailableError } from './host/guard.js';
import type { Citation } from './host/types.js';
import type { AddinTokenStore } from './host/storage.js';
import { currentLanguage, i18n } from './i18n/index.js';

export interface Project {
  id: string;
  name: string;
}

export interface Category {
  id: string;
  name: string;
  projects: Project[];
}

export interface Template {
  id: string;
  name: string;
  prompt: string;
  /** Its own `{{name}}` placeholders, asked for before a run (missing from servers older than them). */
  variables?: string[];
}

export interface PromptExample {
  title?: string;
  prompt: string;
}

export interface Analysis {
  id: string;
  projectId: string;
  status: 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled';
  answer: string | null;
  citations: Citation[];
  refinedPrompt: string | null;
  error: { code?: string; message?: string } | string | null;
  tokensCharged?: number;
  /** Checked statements, what was read and what was analysed: missing on analyses stored before them. */
  claims?: Claim[];
  read?: ReadPassage[];
  selection?: Selection;
  cellCount?: number;
}

export interface AnalysisRequest {
  projectId: string;
  source: 'excel';
  selection: { workbook?: string; sheet: string; ranges: { address: string; values: (string | number | boolean | null)[][]; headers?: string[] }[] };
  prompt: string;
  refinedPrompt?: string;
  templateId?: string;
  /** Values of the template's own placeholders. */
  variables?: Record<string, string>;
}

export type AnalysisEvent = { type: 'analysis' | 'done'; analysis: Analysis } | { type: 'delta'; text: string };

/**
 * fetch that asks for the pane's language: the API words its error messages in it (the pane's language can
 * differ from the browser's, e.g. Office in Korean on an English Windows).
 */
const fetchInPaneLanguage: typeof fetch = (input, init = {}) => {
  const headers = new Headers(init.headers);
  if (!headers.has('Accept-Language')) headers.set('Accept-Language', currentLanguage());
  return fetch(input, { ...init, headers });
};

export function createPaneClient(tokens: AddinTokenStore, onSessionExpired: () => void) {
  // Same origin: the pane is served by the backend (or by the dev server, which forwards /api).
  const api = createApiClient({ baseUrl: '', client: 'addin', tokens, onSessionExpired, fetch: fetchInPaneLanguage });
  return { ...api, intellio: paneCalls(api) };
}

export type PaneClient = ReturnType<typeof createPaneClient>;

function paneCalls(api: ApiClient) {
  const { http } = api;
  return {
    categories: () => http.request<Category[]>('GET', '/categories'),
    templates: () => http.request<Template[]>('GET', '/templates'),
    examples: async () => normaliseExamples(await http.request<unknown>('GET', '/prompts/examples')),
    refine: (body: Omit<AnalysisRequest, 'source' | 'refinedPrompt'>) =>
      http.request<{ refinedPrompt: string; intent?: string; selectionSummary?: string }>('POST', '/prompts/refine', body),
    /** Runs an analysis, streaming the answer; falls back to polling when the server queues it (202). */
    analyse: async (body: AnalysisRequest, onEvent: (e: AnalysisEvent) => void, signal?: AbortSignal): Promise<Analysis> => {
      const res = await http.raw('POST', '/analyses', body, { headers: { Accept: 'text/event-stream' }, signal });
      if ((res.headers.get('content-type') ?? '').includes('text/event-stream') && res.body) return readStream(res.body, onEvent);
      const json = (await res.json()) as { data: Analysis | { analysis: Analysis; jobId: string } };
      const first = 'analysis' in json.data ? json.data.analysis : json.data;
      onEvent({ type: 'analysis', analysis: first });
      const final = await pollUntilDone(http, first, signal);
      onEvent({ type: 'done', analysis: final });
      return final;
    },
  };
}

const TERMINAL = new Set(['succeeded', 'failed', 'cancelled']);

async function pollUntilDone(http: ApiClient['http'], analysis: Analysis, signal?: AbortSignal): Promise<Analysis> {
  let current = analysis;
  while (!TERMINAL.has(current.status)) {
    await new Promise((r) => setTimeout(r, 1000));
    if (signal?.aborted) throw new DOMException('Aborted', 'AbortError');
    current = await http.request<Analysis>('GET', `/analyses/${current.id}`, undefined, { signal });
  }
  return current;
}

/** Reads `event:`/`data:` blocks separated by blank lines (the SSE wire format) until `done` or `error`. */
async function readStream(body: ReadableStream<Uint8Array>, onEvent: (e: AnalysisEvent) => void): Promise<Analysis> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  let last: Analysis | null = null;
  for (;;) {
    const { value, done } = await reader.read();
    if (value) buffer += decoder.decode(value, { stream: true }).replace(/\r\n/g, '\n');
    let cut: number;
    while ((cut = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, cut);
      buffer = buffer.slice(cut + 2);
      const event = /^event: ?(.*)$/m.exec(block)?.[1] ?? 'message';
      const data = block.split('\n').filter((l) => l.startsWith('data:')).map((l) => l.slice(5).replace(/^ /, '')).join('\n');
      if (!data) continue;
      const payload = JSON.parse(data) as { analysis?: Analysis; text?: string; error?: { code: string; message: string } };
      if (event === 'error') throw new ApiError(422, payload.error?.code ?? 'analysis_failed', payload.error?.message ?? i18n.t('pane.workspace.analysisFailed'));
      if (event === 'delta' && typeof payload.text === 'string') onEvent({ type: 'delta', text: payload.text });
      if ((event === 'analysis' || event === 'done') && payload.analysis) {
        last = payload.analysis;
        onEvent({ type: event, analysis: payload.analysis });
        if (event === 'done') {
          await reader.cancel().catch(() => undefined);
          return last;
        }
      }
    }
    if (done) break;
  }
  if (last && TERMINAL.has(last.status)) return last;
  throw new ApiError(502, 'stream_ended', i18n.t('pane.errors.streamEnded'));
}

/** The examples endpoint may list strings or {title, prompt}; the pane shows both the same way. */
function normaliseExamples(raw: unknown): PromptExample[] {
  const list = Array.isArray(raw) ? raw : [];
  return list.flatMap((e): PromptExample[] => {
    if (typeof e === 'string') return [{ prompt: e }];
    if (e && typeof e === 'object' && typeof (e as PromptExample).prompt === 'string') return [e as PromptExample];
    return [];
  });
}

/**
 * A message a person can act on, from whatever was thrown: the API's own (already in the pane's language),
 * a host call this Excel lacks, or Excel's own wording.
 */
export function errorMessage(err: unknown, t: TFunction): string {
  if (err instanceof ApiError) return err.message;
  if (err instanceof HostUnavailableError) return t('pane.errors.host', { call: err.call });
  if (err instanceof Error && err.name === 'AbortError') return t('pane.errors.stopped');
  if (err instanceof Error && err.message) return err.message;
  return t('pane.errors.generic');
}
