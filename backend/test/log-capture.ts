/** The lines a test app logs, as parsed JSON: every request reads the logger from the deps, so swapping it captures them. */
import { Writable } from 'node:stream';
import pino from 'pino';
import type { Logger } from '../src/lib/logger.js';
import type { TestApp } from './app.js';

export interface CapturedLog {
  /** Every line since the last `clear()`. */
  readonly lines: Array<Record<string, unknown>>;
  clear(): void;
  /** Puts the app's own logger back. */
  restore(): void;
}

export function captureLog(app: TestApp): CapturedLog {
  const original = app.deps.log;
  const lines: Array<Record<string, unknown>> = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  (app.deps as { log: Logger }).log = pino({ level: 'info', base: null }, sink);
  return {
    lines,
    clear: () => void (lines.length = 0),
    restore: () => void ((app.deps as { log: Logger }).log = original),
  };
}
