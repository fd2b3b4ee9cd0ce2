/**
 * Publish/subscribe for live updates (document progress now; analyses later). With REDIS_URL every backend
 * process shares one Redis pub/sub namespace, so a worker's progress reaches the web process holding the
 * user's Server-Sent Events stream; without it an in-process EventEmitter does the same for one process.
 *
 * Channels are plain strings such as `project:<id>`; events are small JSON objects.
 */
import { EventEmitter } from 'node:events';
import { Redis } from 'ioredis';
import type { Logger } from '../lib/logger.js';

export interface BusEvent {
  type: string;
  [key: string]: unknown;
}

export type BusListener = (event: BusEvent) => void;

export interface EventBus {
  readonly kind: 'memory' | 'redis';
  publish(channel: string, event: BusEvent): Promise<void>;
  /** Returns an unsubscribe function. Resolves once the subscription is live. */
  subscribe(channel: string, listener: BusListener): Promise<() => void>;
  close(): Promise<void>;
}

export const projectChannel = (projectId: string) => `project:${projectId}`;

export class MemoryEventBus implements EventBus {
  readonly kind = 'memory' as const;
  private readonly emitter = new EventEmitter().setMaxListeners(0);

  async publish(channel: string, event: BusEvent): Promise<void> {
    // Listeners run after the publisher's current step, as they would with Redis.
    queueMicrotask(() => this.emitter.emit(channel, event));
  }

  async subscribe(channel: string, listener: BusListener): Promise<() => void> {
    this.emitter.on(channel, listener);
    return () => this.emitter.off(channel, listener);
  }

  async close(): Promise<void> {
    this.emitter.removeAllListeners();
  }
}

/**
 * One publishing connection (the shared one) and one subscriber connection per process; local listeners
 * are reference-counted per channel so a thousand SSE clients on one project cost one Redis subscription.
 */
export class RedisEventBus implements EventBus {
  readonly kind = 'redis' as const;
  private readonly subscriber: Redis;
  private readonly local = new EventEmitter().setMaxListeners(0);
  private readonly counts = new Map<string, number>();

  constructor(
    private readonly publisher: Redis,
    private readonly prefix: string,
    private readonly log: Logger,
  ) {
    this.subscriber = publisher.duplicate();
    this.subscriber.on('error', (err) => this.log.warn({ err }, 'event bus subscriber error'));
    this.subscriber.on('message', (channel: string, message: string) => {
      if (!channel.startsWith(this.prefix)) return;
      try {
        this.local.emit(channel.slice(this.prefix.length), JSON.parse(message) as BusEvent);
      } catch (err) {
        this.log.warn({ err, channel }, 'dropped a malformed event');
      }
    });
  }

  async publish(channel: string, event: BusEvent): Promise<void> {
    await this.publisher.publish(this.prefix + channel, JSON.stringify(event));
  }

  async subscribe(channel: string, listener: BusListener): Promise<() => void> {
    this.local.on(channel, listener);
    const count = (this.counts.get(channel) ?? 0) + 1;
    this.counts.set(channel, count);
    if (count === 1) await this.subscriber.subscribe(this.prefix + channel);
    let active = true;
    return () => {
      if (!active) return;
      active = false;
      this.local.off(channel, listener);
      const left = (this.counts.get(channel) ?? 1) - 1;
      if (left > 0) this.counts.set(channel, left);
      else {
        this.counts.delete(channel);
        this.subscriber.unsubscribe(this.prefix + channel).catch(() => {});
      }
    };
  }

  async close(): Promise<void> {
    this.local.removeAllListeners();
    this.subscriber.disconnect();
  }
}

export function createEventBus(redis: Redis | null, prefix: string, log: Logger): EventBus {
  return redis ? new RedisEventBus(redis, `${prefix}events:`, log) : new MemoryEventBus();
}
