/**
 * Publish/subscribe for live updates (document and job progress, balances, cancels). With REDIS_URL every
 * backend process shares one Redis namespace, so a worker's progress reaches the web process holding the
 * user's Server-Sent Events stream; without it an in-process EventEmitter does the same for one process.
 *
 * Every event gets an id, increasing per channel (`<ms>-<seq>`, the form of a Redis stream id), and the last
 * events of each channel are kept for a few minutes. A subscriber that lost its stream — maybe to a web
 * process that has since stopped — subscribes again `after` the last id it saw and gets the events it missed
 * first, then the live ones, each once. With Redis the buffer is a capped stream per channel, shared by all
 * processes; in memory it is a capped list with the same behaviour.
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

/** `id` orders the channel's events; hand it back as `after` to resume (it is an SSE stream's event id). */
export type BusListener = (event: BusEvent, id: string) => void;

export interface SubscribeOptions {
  /** Replays the buffered events published after this id, before live ones. Unknown or malformed: none. */
  after?: string | null;
}

export interface EventBus {
  readonly kind: 'memory' | 'redis';
  /** Resolves to the event's id. */
  publish(channel: string, event: BusEvent): Promise<string>;
  /** Returns an unsubscribe function. Resolves once the subscription is live (and any replay delivered). */
  subscribe(channel: string, listener: BusListener, options?: SubscribeOptions): Promise<() => void>;
  close(): Promise<void>;
}

export const projectChannel = (projectId: string) => `project:${projectId}`;

/** How many events per channel, and for how long, a reconnecting subscriber can catch up on. */
export const REPLAY_LIMIT = 256;
export const REPLAY_TTL_MS = 5 * 60_000;

const ID = /^(\d{1,15})-(\d{1,15})$/;

/** A well-formed event id, or null (a Last-Event-ID header is the client's to write). */
export function parseEventId(id: string | null | undefined): string | null {
  return id && ID.test(id) ? id : null;
}

/** Orders two event ids of one channel (negative when `a` is older). */
export function compareEventIds(a: string, b: string): number {
  const [am, as] = a.split('-').map(Number);
  const [bm, bs] = b.split('-').map(Number);
  return am - bm || as - bs;
}

/**
 * Delivers a replay and then live events to one listener, each once and in order: live events that arrive
 * while the replay is read are held, and any the replay already covered are dropped.
 */
class Follower {
  private last: string | null;
  private held: Array<[BusEvent, string]> | null;

  constructor(
    private readonly listener: BusListener,
    after: string | null,
  ) {
    this.last = after;
    this.held = after ? [] : null;
  }

  live = (event: BusEvent, id: string): void => {
    if (this.held) this.held.push([event, id]);
    else this.deliver(event, id);
  };

  replayed(events: Array<[BusEvent, string]>): void {
    for (const [event, id] of events) this.deliver(event, id);
    const held = this.held ?? [];
    this.held = null;
    for (const [event, id] of held) this.deliver(event, id);
  }

  private deliver(event: BusEvent, id: string): void {
    if (this.last && compareEventIds(id, this.last) <= 0) return;
    this.last = id;
    this.listener(event, id);
  }
}

interface Buffered {
  id: string;
  event: BusEvent;
  at: number;
}

export class MemoryEventBus implements EventBus {
  readonly kind = 'memory' as const;
  private readonly emitter = new EventEmitter().setMaxListeners(0);
  private readonly buffers = new Map<string, Buffered[]>();
  private lastMs = 0;
  private seq = 0;
  private lastSweep = Date.now();

  private nextId(): string {
    const now = Date.now();
    if (now > this.lastMs) {
      this.lastMs = now;
      this.seq = 0;
    } else this.seq += 1;
    return `${this.lastMs}-${this.seq}`;
  }

  /** The channel's buffer without what has outlived the replay window. */
  private buffer(channel: string): Buffered[] {
    const list = this.buffers.get(channel) ?? [];
    const fresh = Date.now() - REPLAY_TTL_MS;
    while (list.length && list[0].at < fresh) list.shift();
    if (!list.length) this.buffers.delete(channel);
    return list;
  }

  /** Drops the buffers of channels nobody published to lately (a finished job's channel is never used again). */
  private sweep(): void {
    if (Date.now() - this.lastSweep < 60_000) return;
    this.lastSweep = Date.now();
    for (const channel of [...this.buffers.keys()]) this.buffer(channel);
  }

  async publish(channel: string, event: BusEvent): Promise<string> {
    this.sweep();
    const id = this.nextId();
    const list = this.buffer(channel);
    list.push({ id, event, at: Date.now() });
    if (list.length > REPLAY_LIMIT) list.splice(0, list.length - REPLAY_LIMIT);
    this.buffers.set(channel, list);
    // Listeners run after the publisher's current step, as they would with Redis.
    queueMicrotask(() => this.emitter.emit(channel, event, id));
    return id;
  }

  async subscribe(channel: string, listener: BusListener, options: SubscribeOptions = {}): Promise<() => void> {
    const after = parseEventId(options.after);
    const follower = new Follower(listener, after);
    this.emitter.on(channel, follower.live);
    if (after) follower.replayed(this.buffer(channel).filter((b) => compareEventIds(b.id, after) > 0).map((b) => [b.event, b.id]));
    return () => this.emitter.off(channel, follower.live);
  }

  async close(): Promise<void> {
    this.emitter.removeAllListeners();
    this.buffers.clear();
  }
}

/**
 * Appends to the channel's capped stream and publishes in one atomic step, so the order subscribers see
 * is the order of the ids, even with many publishers.
 */
const PUBLISH_SCRIPT = `
local id = redis.call('XADD', KEYS[1], 'MAXLEN', ARGV[2], '*', 'e', ARGV[1])
redis.call('PEXPIRE', KEYS[1], ARGV[3])
redis.call('PUBLISH', KEYS[2], id .. ' ' .. ARGV[1])
return id`;

type RedisWithPublish = Redis & { intellioPublish(stream: string, channel: string, event: string, limit: number, ttlMs: number): Promise<string> };

/**
 * One publishing connection (the shared one) and one subscriber connection per process; local listeners
 * are reference-counted per channel so a thousand SSE clients on one project cost one Redis subscription.
 */
export class RedisEventBus implements EventBus {
  readonly kind = 'redis' as const;
  private readonly subscriber: Redis;
  private readonly local = new EventEmitter().setMaxListeners(0);
  private readonly counts = new Map<string, number>();
  private readonly publisher: RedisWithPublish;

  constructor(
    publisher: Redis,
    private readonly prefix: string,
    private readonly log: Logger,
  ) {
    if (!('intellioPublish' in publisher)) publisher.defineCommand('intellioPublish', { numberOfKeys: 2, lua: PUBLISH_SCRIPT });
    this.publisher = publisher as RedisWithPublish;
    this.subscriber = publisher.duplicate();
    this.subscriber.on('error', (err) => this.log.warn({ err }, 'event bus subscriber error'));
    this.subscriber.on('message', (channel: string, message: string) => {
      if (!channel.startsWith(this.prefix)) return;
      const space = message.indexOf(' ');
      try {
        this.local.emit(channel.slice(this.prefix.length), JSON.parse(message.slice(space + 1)) as BusEvent, message.slice(0, space));
      } catch (err) {
        this.log.warn({ err, channel }, 'dropped a malformed event');
      }
    });
  }

  private streamKey(channel: string): string {
    return `${this.prefix}log:${channel}`;
  }

  async publish(channel: string, event: BusEvent): Promise<string> {
    return this.publisher.intellioPublish(this.streamKey(channel), this.prefix + channel, JSON.stringify(event), REPLAY_LIMIT, REPLAY_TTL_MS);
  }

  async subscribe(channel: string, listener: BusListener, options: SubscribeOptions = {}): Promise<() => void> {
    const after = parseEventId(options.after);
    const follower = new Follower(listener, after);
    this.local.on(channel, follower.live);
    const count = (this.counts.get(channel) ?? 0) + 1;
    this.counts.set(channel, count);
    let active = true;
    const unsubscribe = () => {
      if (!active) return;
      active = false;
      this.local.off(channel, follower.live);
      const left = (this.counts.get(channel) ?? 1) - 1;
      if (left > 0) this.counts.set(channel, left);
      else {
        this.counts.delete(channel);
        this.subscriber.unsubscribe(this.prefix + channel).catch(() => {});
      }
    };
    try {
      // Live first, then the replay: an event published in between is in both and delivered once.
      if (count === 1) await this.subscriber.subscribe(this.prefix + channel);
      if (after) {
        const entries = await this.publisher.xrange(this.streamKey(channel), `(${after}`, '+');
        follower.replayed(entries.map(([id, fields]) => [JSON.parse(fields[1]) as BusEvent, id]));
      }
    } catch (err) {
      unsubscribe();
      throw err;
    }
    return unsubscribe;
  }

  async close(): Promise<void> {
    this.local.removeAllListeners();
    this.subscriber.disconnect();
  }
}

export function createEventBus(redis: Redis | null, prefix: string, log: Logger): EventBus {
  return redis ? new RedisEventBus(redis, `${prefix}events:`, log) : new MemoryEventBus();
}
