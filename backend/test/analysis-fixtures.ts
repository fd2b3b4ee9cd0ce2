/** Test data for analyses: a project, ready documents with paged chunks (seeded in SQL), selections, SSE reading. */
import type { Json, TestApp } from './app.js';
import type { SignedUpUser } from './builders.js';

export async function buildProject(app: TestApp, user: SignedUpUser, name = 'Q1 review'): Promise<string> {
  const cat = await app.request('POST', '/api/v1/categories', { name: 'Finance' }, { token: user.accessToken });
  if (cat.status !== 201) throw new Error(`category: ${cat.status} ${cat.text}`);
  const res = await app.request('POST', '/api/v1/projects', { categoryId: cat.body.data.id, name }, { token: user.accessToken });
  if (res.status !== 201) throw new Error(`project: ${res.status} ${res.text}`);
  return res.body.data.id as string;
}

/**
 * A ready document with one chunk per page, written straight to SQL until the upload route is on this
 * branch. Returns the document id.
 */
export async function seedDocument(app: TestApp, userId: string, projectId: string, filename: string, pages: string[]): Promise<string> {
  const { knex } = app.deps;
  const [doc] = await knex('documents')
    .insert({ userId, projectId, filename, mime: 'application/pdf', kind: 'pdf', bytes: 1000, sha256: `${filename}-${Date.now()}-${Math.random()}`, storageKey: `test/${filename}`, pages: pages.length, status: 'ready', progress: 100, chunkCount: pages.length })
    .returning('id');
  let offset = 0;
  await knex('chunks').insert(
    pages.map((text, i) => {
      const row = { documentId: doc.id, projectId, ordinal: i, page: i + 1, location: `page ${i + 1}`, charStart: offset, charEnd: offset + text.length, tokenCount: text.split(/\s+/).length, text };
      offset += text.length;
      return row;
    }),
  );
  return doc.id as string;
}

export const SALES = {
  sheet: 'Sales',
  ranges: [
    {
      address: 'A1:C7',
      values: [
        ['Month', 'Revenue ($)', 'Cost'],
        ['Jan', 1200, 800],
        ['Feb', 1350, 820],
        ['Mar', 1500, 790],
        ['Apr', 1480, 810],
        ['May', 9100, 805],
        ['Jun', 1700, 830],
      ],
    },
  ],
};

export function analysisBody(projectId: string, overrides: Record<string, unknown> = {}): Json {
  return { projectId, source: 'web', selection: SALES, prompt: 'Summarise revenue growth and check it against the annual report', ...overrides };
}

export interface SseEvent {
  event: string;
  data: Json;
}

/** POSTs with Accept: text/event-stream and reads every event until the stream ends. */
export async function postStream(app: TestApp, path: string, body: unknown, token: string): Promise<{ status: number; events: SseEvent[]; json?: Json }> {
  const res = await fetch(app.url + path, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'text/event-stream', authorization: `Bearer ${token}` }, body: JSON.stringify(body) });
  if (!(res.headers.get('content-type') ?? '').includes('text/event-stream')) return { status: res.status, events: [], json: await res.json() };
  return { status: res.status, events: parseSse(await res.text()) };
}

/** The named events of a whole Server-Sent Events body (comments and heartbeats dropped). */
export function parseSse(text: string): SseEvent[] {
  return text
    .split('\n\n')
    .map((block) => {
      const event = /^event: (.*)$/m.exec(block)?.[1];
      const data = block.split('\n').filter((l) => l.startsWith('data: ')).map((l) => l.slice(6)).join('\n');
      return event ? { event, data: JSON.parse(data) } : null;
    })
    .filter((e): e is SseEvent => e !== null);
}

export async function balanceOf(app: TestApp, token: string): Promise<{ balance: number; reserved: number; available: number; tier: string }> {
  const res = await app.request('GET', '/api/v1/billing/balance', undefined, { token });
  if (res.status !== 200) throw new Error(`balance: ${res.status} ${res.text}`);
  return res.body.data;
}

/** Polls GET /analyses/:id until it has ended (queued work may run in another process with Redis). */
export async function waitForAnalysis(app: TestApp, token: string, id: string, timeoutMs = 15_000): Promise<Json> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const a = (await app.request('GET', `/api/v1/analyses/${id}`, undefined, { token })).body.data;
    if (!['queued', 'running'].includes(a.status) || Date.now() > until) return a;
    await new Promise((r) => setTimeout(r, 50));
  }
}
