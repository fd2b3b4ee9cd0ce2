import type { Deps } from './deps.js';
import type { Logger } from './lib/logger.js';
import type { User } from './users/model.js';

declare module 'koa' {
  interface DefaultState {
    requestId: string;
    log: Logger;
    /** Set by `authenticate()` for signed-in requests. */
    user: User;
    /** `sid`: the refresh-token family (sign-in) the access token belongs to; absent on tokens from before it. */
    jwt?: { sub: string; sv: number; sid?: string; role: string };
  }
  interface DefaultContext {
    deps: Deps;
    input: unknown;
  }
}
