/**
 * Rate limits, in Redis when REDIS_URL is set (shared by every backend process), in memory otherwise.
 */
import type { Context, Next } from 'koa';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { Config } from '../config.js';
import type { Redis } from '../lib/redis.js';
import { tooManyRequests } from './errors.js';

export class RateLimits {
  /** Every auth request, per client IP. */
  readonly authPerIp: RateLimiterAbstract;
  /** Failed sign-ins per IP + email; blocks further attempts once used up. */
  readonly loginFailures: RateLimiterAbstract;
  /** Failed sign-ins per account from any address, counted over a day (never blocks by itself). */
  readonly accountFailures: RateLimiterAbstract;
  /** The current sign-in delay of an account (auth/throttle.ts sets it with `block`). */
  readonly accountDelay: RateLimiterAbstract;
  /** Password-reset mails per address. */
  readonly resetMailsPerEmail: RateLimiterAbstract;
  /** Analyses and prompt refinements, per user (each may call a paid model). */
  readonly analysesPerUser: RateLimiterAbstract;

  constructor(config: Config, redis: Redis | null) {
    const make = (keyPrefix: string, points: number, duration: number): RateLimiterAbstract => {
      const prefix = `${config.redis.prefix}rl:${keyPrefix}`;
      return redis
        ? new RateLimiterRedis({ storeClient: redis, keyPrefix: prefix, points, duration, useRedisPackage: false })
        : new RateLimiterMemory({ keyPrefix: prefix, points, duration });
    };
    this.authPerIp = make('auth', config.auth.rateLimitPerMinute, 60);
    this.loginFailures = make('login-fail', config.auth.loginFailuresBeforeLock, config.auth.loginLockMinutes * 60);
    this.accountFailures = make('login-fail-account', Number.MAX_SAFE_INTEGER, 86_400);
    this.accountDelay = make('login-delay', 1, config.auth.loginLockMinutes * 60);
    this.resetMailsPerEmail = make('reset-mail', config.auth.resetMailsPerHour, 3600);
    this.analysesPerUser = make('analyses', config.analysis.ratePerMinute, 60);
  }
}

function retryAfter(res: RateLimiterRes): number {
  return Math.max(1, Math.ceil(res.msBeforeNext / 1000));
}

/** Consumes one point per request; 429 with Retry-After when the limiter is exhausted. */
export function rateLimit(pick: (limits: RateLimits) => RateLimiterAbstract, key: (ctx: Context) => string = (ctx) => ctx.ip) {
  return async function rateLimitMiddleware(ctx: Context, next: Next): Promise<void> {
    try {
      await pick(ctx.deps.rateLimits).consume(key(ctx));
    } catch (err) {
      if (err instanceof RateLimiterRes) throw tooManyRequests(retryAfter(err));
      throw err;
    }
    await next();
  };
}

/** Consumes one point; false (never a throw) when the limit is used up, for limits the caller enforces quietly. */
export async function tryConsume(limiter: RateLimiterAbstract, key: string): Promise<boolean> {
  try {
    await limiter.consume(key);
    return true;
  } catch (err) {
    if (err instanceof RateLimiterRes) return false;
    throw err;
  }
}

/** Throws 429 if the key has no points left, without consuming one. */
export async function assertNotBlocked(limiter: RateLimiterAbstract, key: string): Promise<void> {
  const res = await limiter.get(key);
  if (res && res.remainingPoints <= 0 && res.msBeforeNext > 0) throw tooManyRequests(retryAfter(res));
}

/** Records one failure; never throws for the limit itself (the next attempt is refused instead). */
export async function recordFailure(limiter: RateLimiterAbstract, key: string): Promise<void> {
  await limiter.penalty(key, 1);
}

export async function clearFailures(limiter: RateLimiterAbstract, key: string): Promise<void> {
  await limiter.delete(key);
}
