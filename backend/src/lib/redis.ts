import { Redis } from 'ioredis';

/** One ioredis connection for cache, rate limits and counters. Fails fast instead of queueing forever. */
export function createRedis(url: string): Redis {
  return new Redis(url, { maxRetriesPerRequest: 2, enableOfflineQueue: true, lazyConnect: false });
}

export type { Redis };
