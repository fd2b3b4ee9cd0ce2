/**
 * A small OpenAI-compatible HTTP server for tests, on 127.0.0.1: streamed and plain chat completions and
 * embeddings. Each test scripts the replies (`fake.reply = ...`, `fake.queue(...)`) and reads what the
 * server received (`fake.requests`). Use `OPENAI_BASE_URL: fake.baseUrl`.
 */
import { createHash } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ChatRequest {
  model: string;
  messages: Array<{ role: string; content: string }>;
  stream?: boolean;
  max_tokens?: number;
}

export interface Reply {
  text?: string;
  /** Default: rough whitespace counts. */
  usage?: { prompt_tokens: number; completion_tokens: number };
  status?: number;
  /** Wait before sending headers (timeouts). */
  delayMs?: number;
  /** Wait between streamed pieces. */
  chunkDelayMs?: number;
}

export interface FakeOpenAI {
  baseUrl: string;
  requests: Array<{ path: string; body: ChatRequest & { input?: string | string[] } }>;
  /** Replies used first, one per chat request. */
  queue(...replies: Reply[]): void;
  /** The reply once the queue is empty. */
  reply: (req: ChatRequest) => Reply | Promise<Reply>;
  close(): Promise<void>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const words = (s: string) => s.split(/\s+/).filter(Boolean).length;

function embedding(text: string, dim: number): number[] {
  const v: number[] = [];
  for (let i = 0; v.length < dim; i++) {
    const h = createHash('sha256').update(`${i}:${text}`).digest();
    for (let j = 0; j + 1 < h.length && v.length < dim; j += 2) v.push(h.readInt16BE(j) / 32768);
  }
  return v;
}

export async function startFakeOpenAI(): Promise<FakeOpenAI> {
  const queued: Reply[] = [];
  const sockets = new Set<import('node:net').Socket>();
  const fake: FakeOpenAI = {
    baseUrl: '',
    requests: [],
    queue: (...r) => queued.push(...r),
    reply: () => ({ text: 'OK.' }),
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };

  const server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
    const path = (req.url ?? '').replace(/\?.*$/, '');
    fake.requests.push({ path, body });
    if (path.endsWith('/embeddings')) {
      const inputs: string[] = Array.isArray(body.input) ? body.input : [body.input];
      const dim = body.dimensions ?? 1536;
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({
        object: 'list',
        model: body.model,
        data: inputs.map((t, index) => ({ object: 'embedding', index, embedding: embedding(t, dim) })),
        usage: { prompt_tokens: inputs.reduce((n, t) => n + words(t), 0), total_tokens: inputs.reduce((n, t) => n + words(t), 0) },
      }));
      return;
    }
    if (!path.endsWith('/chat/completions')) {
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { message: 'not found', type: 'invalid_request_error' } }));
      return;
    }
    const r = queued.shift() ?? (await fake.reply(body));
    if (r.delayMs) await sleep(r.delayMs);
    if (res.destroyed) return;
    if (r.status && r.status >= 400) {
      res.writeHead(r.status, { 'content-type': 'application/json', 'retry-after-ms': '10' });
      res.end(JSON.stringify({ error: { message: `fake error ${r.status}`, type: 'rate_limit_error' } }));
      return;
    }
    const text = r.text ?? '';
    const usage = r.usage ?? { prompt_tokens: words(body.messages.map((m: { content: string }) => m.content).join(' ')), completion_tokens: words(text) };
    const base = { id: 'chatcmpl-fake', created: Math.floor(Date.now() / 1000), model: body.model };
    if (!body.stream) {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ ...base, object: 'chat.completion', choices: [{ index: 0, message: { role: 'assistant', content: text }, finish_reason: 'stop' }], usage: { ...usage, total_tokens: usage.prompt_tokens + usage.completion_tokens } }));
      return;
    }
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    const send = (o: unknown) => res.write(`data: ${JSON.stringify(o)}\n\n`);
    const pieces = text.match(/\S+\s*|\s+/g) ?? [];
    send({ ...base, object: 'chat.completion.chunk', choices: [{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }] });
    for (const piece of pieces) {
      if (r.chunkDelayMs) await sleep(r.chunkDelayMs);
      if (res.destroyed) return;
      send({ ...base, object: 'chat.completion.chunk', choices: [{ index: 0, delta: { content: piece }, finish_reason: null }] });
    }
    send({ ...base, object: 'chat.completion.chunk', choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] });
    if (body.stream_options?.include_usage) send({ ...base, object: 'chat.completion.chunk', choices: [], usage: { ...usage, total_tokens: usage.prompt_tokens + usage.completion_tokens } });
    res.end('data: [DONE]\n\n');
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  fake.baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
  return fake;
}
