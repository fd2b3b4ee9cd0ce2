/**
 * Server-Sent Events for Koa: `const sse = openSse(ctx); sse.send('document', data); sse.onClose(fn)`.
 * The stream sends a comment every `heartbeatMs` so proxies keep it open and a dead client is noticed, and
 * it cleans up (timers, subscriptions via onClose) as soon as the client disconnects.
 */
import { PassThrough } from 'node:stream';
import type { Context } from 'koa';

export interface SseStream {
  send(event: string, data: unknown, id?: string): void;
  /** Runs `fn` once when the stream ends, whoever ends it. */
  onClose(fn: () => void): void;
  close(): void;
  readonly closed: boolean;
}

export interface SseOptions {
  heartbeatMs?: number;
  /** Client reconnection delay hint. */
  retryMs?: number;
}

export function openSse(ctx: Context, options: SseOptions = {}): SseStream {
  const stream = new PassThrough();
  const closers: Array<() => void> = [];
  let closed = false;

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
    for (const fn of closers.splice(0)) {
      try {
        fn();
      } catch {
        // a failing cleanup must not stop the others
      }
    }
    stream.end();
  }

  ctx.req.on('close', close);
  ctx.res.on('close', close);
  stream.on('error', close);
  write(`retry: ${options.retryMs ?? 3000}\n\n`);

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
  };
}
