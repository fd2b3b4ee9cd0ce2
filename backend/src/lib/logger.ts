import pino, { type Logger } from 'pino';

export type { Logger };

/** How long a logged line may wait in the buffer on a quiet process before it is written. */
const FLUSH_INTERVAL_MS = 1000;

/**
 * JSON-lines logger on stdout; secrets that may appear in objects are redacted. Lines are buffered and written
 * asynchronously in batches of about 4 KB (at the latest a second after they were logged), so a busy server
 * makes one write per few dozen requests instead of a blocking write per access-log line (bench/http.ts).
 * pino writes out what is pending when the process exits, process.exit() included.
 */
export function createLogger(level: string): Logger {
  const options = {
    level,
    base: { service: 'intellio' },
    redact: {
      paths: ['password', '*.password', 'token', '*.token', 'refreshToken', '*.refreshToken', 'req.headers.authorization', 'req.headers.cookie'],
      censor: '[redacted]',
    },
  };
  // A silent logger (tests) writes nothing, so it needs no buffer to flush.
  if (level === 'silent') return pino(options);
  const destination = pino.destination({ dest: 1, sync: false, minLength: 4096 });
  const timer = setInterval(() => {
    try {
      destination.flush();
    } catch {
      clearInterval(timer); // ended at exit: nothing more will be logged
    }
  }, FLUSH_INTERVAL_MS).unref();
  return pino(options, destination);
}
