import pino, { type Logger } from 'pino';

export type { Logger };

/** JSON-lines logger; secrets that may appear in objects are redacted. */
export function createLogger(level: string): Logger {
  return pino({
    level,
    base: { service: 'intellio' },
    redact: {
      paths: ['password', '*.password', 'token', '*.token', 'refreshToken', '*.refreshToken', 'req.headers.authorization', 'req.headers.cookie'],
      censor: '[redacted]',
    },
  });
}
