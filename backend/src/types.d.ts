import type { Deps } from './deps.js';
import type { Logger } from './lib/logger.js';
import type { User } from './users/model.js';

declare module 'koa' {
  interface DefaultState {
    requestId: string;
    log: Logger;
    /** Set by `authenticate()` for signed-in requests. */
    user: User;
    jwt?: { sub: string; sv: number; role: string };
  }
  interface DefaultContext {
    deps: Deps;
    input: unknown;
  }
}
