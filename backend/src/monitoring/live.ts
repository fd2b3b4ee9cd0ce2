/**
 * Live counters (analyses running, tokens debited today) and the statistics cache, in Redis when it is
 * configured (shared by every backend process) and in this process otherwise. The cache key carries a
 * usage version that every recorded model call bumps, so new usage is visible at once, not after the TTL.
 */
import type { Knex } from 'knex';
import type { Deps } from '../deps.js';

type LiveDeps = Pick<Deps, 'redis' | 'config' | 'knex'>;

/** In-process state, per database (several test apps over one database share it, like processes would). */
interface Memory {
  running: Map<string, number>;
  tokens: Map<string, number>;
  version: number;
  cache: Map<string, { expires: number; value: unknown }>;
}
const memories = new WeakMap<Knex, Memory>();
function memory(deps: LiveDeps): Memory {
  let m = memories.get(deps.knex);
  if (!m) memories.set(deps.knex, (m = { running: new Map(), tokens: new Map(), version: 0, cache: new Map() }));
  return m;
}

const day = (d = new Date()) => d.toISOString().slice(0, 10);
const key = (deps: LiveDeps, name: string) => `${deps.config.redis.prefix}monitoring:${name}`;
/** A run older than this has crashed without saying so; it no longer counts as running. */
const staleAfterMs = (deps: LiveDeps) => deps.config.analysis.timeoutMs * 2 + 60_000;

export async function markAnalysisRunning(deps: LiveDeps, analysisId: string): Promise<void> {
  if (deps.redis) await deps.redis.zadd(key(deps, 'running'), Date.now(), analysisId);
  else memory(deps).running.set(analysisId, Date.now());
}

export async function markAnalysisEnded(deps: LiveDeps, analysisId: string): Promise<void> {
  if (deps.redis) await deps.redis.zrem(key(deps, 'running'), analysisId);
  else memory(deps).running.delete(analysisId);
}

/** Adds debited tokens to today's (UTC) counter and invalidates cached statistics. */
export async function addUsage(deps: LiveDeps, tokens: number): Promise<void> {
  if (deps.redis) {
    const k = key(deps, `tokens:${day()}`);
    await deps.redis.multi().incrby(k, tokens).expire(k, 3 * 86_400).incr(key(deps, 'version')).exec();
    return;
  }
  const m = memory(deps);
  m.tokens.set(day(), (m.tokens.get(day()) ?? 0) + tokens);
  m.version++;
}

/** Makes cached statistics stale now (e.g. after a payment, which moves revenue but spends no tokens). */
export async function invalidateStats(deps: LiveDeps): Promise<void> {
  if (deps.redis) await deps.redis.incr(key(deps, 'version'));
  else memory(deps).version++;
}

export interface LiveCounters {
  analysesRunning: number;
  tokensToday: number;
}

export async function liveCounters(deps: LiveDeps): Promise<LiveCounters> {
  const cutoff = Date.now() - staleAfterMs(deps);
  if (deps.redis) {
    const [, running, tokens] = (await deps.redis
      .multi()
      .zremrangebyscore(key(deps, 'running'), '-inf', cutoff)
      .zcard(key(deps, 'running'))
      .get(key(deps, `tokens:${day()}`))
      .exec()) as Array<[Error | null, unknown]>;
    return { analysesRunning: Number(running[1] ?? 0), tokensToday: Number(tokens[1] ?? 0) };
  }
  const m = memory(deps);
  for (const [id, at] of m.running) if (at < cutoff) m.running.delete(id);
  return { analysesRunning: m.running.size, tokensToday: m.tokens.get(day()) ?? 0 };
}

/**
 * `compute()`'s result, cached for `ttlSeconds` under `name` and the current usage version (0 = no cache).
 * A bump of the version makes every older entry unreachable; Redis expires them.
 */
export async function cached<T>(deps: LiveDeps, name: string, ttlSeconds: number, compute: () => Promise<T>): Promise<T> {
  if (ttlSeconds <= 0) return compute();
  if (deps.redis) {
    const version = (await deps.redis.get(key(deps, 'version'))) ?? '0';
    const k = key(deps, `stats:${version}:${name}`);
    const hit = await deps.redis.get(k);
    if (hit) return JSON.parse(hit) as T;
    const value = await compute();
    await deps.redis.set(k, JSON.stringify(value), 'EX', ttlSeconds);
    return value;
  }
  const m = memory(deps);
  const k = `${m.version}:${name}`;
  const hit = m.cache.get(k);
  if (hit && hit.expires > Date.now()) return hit.value as T;
  const value = await compute();
  for (const [old, entry] of m.cache) if (entry.expires <= Date.now() || !old.startsWith(`${m.version}:`)) m.cache.delete(old);
  // Stored as JSON, like Redis, so both paths hand out the same shapes (dates as strings).
  m.cache.set(k, { expires: Date.now() + ttlSeconds * 1000, value: JSON.parse(JSON.stringify(value)) });
  return JSON.parse(JSON.stringify(value)) as T;
}
