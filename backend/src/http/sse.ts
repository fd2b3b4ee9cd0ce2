/**
 * Server-Sent Events for Koa: `const sse = openSse(ctx); sse.send('document', data, id); sse.onClose(fn)`.
 * The stream sends a comment every `heartbeatMs` so proxies keep it open and a dead client is noticed, and
 * it cleans up (timers, subscriptions via onClose) as soon as the client disconnects.
 *
 * Resuming: events sent with an id (the event bus's) let a client that lost its stream — maybe to a web
 * process that stopped — come back, to any process, with `Last-Event-ID` (EventSource sends it by itself;
 * a client that makes a new EventSource passes `?lastEventId=`), and `sse.lastEventId` says where to resume.
 *
 * Shutdown: every open stream is registered with its app, and `drainStreams(app, graceMs)` ends them with a
 * reconnect hint — a short `retry:` and a final `reconnect` event — so clients move to another process.
 */
import { PassThrough } from 'node:stream';
import type { Context } from 'koa';
import { parseEventId } from '../events/bus.js';

export interface SseStream {
  send(event: string, data: unknown, id?: string): void;
  /** Runs `fn` once when the stream ends, whoever ends it. */
  onClose(fn: () => void): void;
  close(): void;
  readonly closed: boolean;
  /** The id of the last event the client saw on an earlier stream (well-formed ids only), or null. */
  readonly lastEventId: string | null;
}

export interface SseOptions {
  heartbeatMs?: number;
  /** Client reconnection delay hint. */
  retryMs?: number;
}

/** The reconnection delay a stream ended by a shutdown asks for: soon, and to another process. */
export const SHUTDOWN_RETRY_MS = 500;

interface OpenStream {
  /** A GET stream is a subscription the client can resume at once; a POST stream is a result being produced. */
  resumable: boolean;
  endForShutdown(): void;
  closed: Promise<void>;
}

const streamsByApp = new WeakMap<object, Set<OpenStream>>();

function registry(app: object): Set<OpenStream> {
  let set = streamsByApp.get(app);
  if (!set) streamsByApp.set(app, (set = new Set()));
  return set;
}

export function openSse(ctx: Context, options: SseOptions = {}): SseStream {
  const stream = new PassThrough();
  const closers: Array<() => void> = [];
  let closed = false;
  let resolveClosed: () => void = () => {};
  const open: OpenStream = {
    resumable: ctx.method === 'GET',
    endForShutdown: () => {
      write(`retry: ${SHUTDOWN_RETRY_MS}\n\nevent: reconnect\ndata: ${JSON.stringify({ reason: 'shutting_down', retryMs: SHUTDOWN_RETRY_MS })}\n\n`);
      close();
    },
    closed: new Promise<void>((resolve) => (resolveClosed = resolve)),
  };
  const streams = registry(ctx.app);
  streams.add(open);

  ctx.req.socket.setTimeout(0);
  ctx.req.socket.setNoDelay(true);
  ctx.req.socket.setKeepAlive(true);
  ctx.status = 200;
  ctx.set({
    'Content-Type': 'text/event-stream; charset=utf-8',
    'Cache-Control': 'no-cache, no-transform',
    Connection: 'keep-alive',
    'X-Accel-Buffering': 'no', // nginx: do not buffer the stream
  });
  ctx.body = stream;

  const heartbeat = setInterval(() => write(`: ping ${Date.now()}\n\n`), options.heartbeatMs ?? 15_000);
  heartbeat.unref();

  function write(chunk: string): void {
    if (!closed) stream.write(chunk);
  }

  function close(): void {
    if (closed) return;
    closed = true;
    clearInterval(heartbeat);
    streams.delete(open);
    for (const fn of closers.splice(0)) {
      try {
        fn();
      } catch {
        // a failing cleanup must not stop the others
      }
    }
    stream.end();
    resolveClosed();
  }

  ctx.req.on('close', close);
  ctx.res.on('close', close);
  stream.on('error', close);
  write(`retry: ${options.retryMs ?? 3000}\n\n`);

  const query = ctx.query.lastEventId;
  const lastEventId = parseEventId(ctx.get('last-event-id') || (typeof query === 'string' ? query : null));

  return {
    send(event, data, id) {
      const lines = JSON.stringify(data)
        .split('\n')
        .map((l) => `data: ${l}`)
        .join('\n');
      write(`${id ? `id: ${id}\n` : ''}event: ${event}\n${lines}\n\n`);
    },
    onClose(fn) {
      if (closed) fn();
      else closers.push(fn);
    },
    close,
    get closed() {
      return closed;
    },
    lastEventId,
  };
}

/** How many streams the app has open (shutdown logs it). */
export function openStreamCount(app: object): number {
  return streamsByApp.get(app)?.size ?? 0;
}

/**
 * Ends the app's streams for a shutdown: subscriptions at once (their clients resume elsewhere from their
 * last event id), and streams still producing a result (a streamed analysis) when they finish or, at the
 * latest, after `graceMs`. Resolves when all are closed.
 */
export async function drainStreams(app: object, graceMs: number): Promise<void> {
  const streams = [...registry(app)];
  for (const s of streams) if (s.resumable) s.endForShutdown();
  const producing = streams.filter((s) => !s.resumable);
  if (!producing.length) return;
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<void>((resolve) => (timer = setTimeout(resolve, graceMs)));
  await Promise.race([Promise.all(producing.map((s) => s.closed)), deadline]);
  clearTimeout(timer);
  for (const s of producing) s.endForShutdown();
}
