import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { type TestApp, startTestApp } from '../../test/app.js';
import { buildUser, type SignedUpUser } from '../../test/builders.js';
import { redisUrl } from '../../test/db.js';
import { createLogger } from '../lib/logger.js';
import { Job } from '../queue/model.js';
import { presentJob } from '../queue/presenter.js';
import { jobChannel } from '../queue/runner.js';
import { compareEventIds, createEventBus, type BusEvent, type EventBus } from './bus.js';

type Got = Array<[BusEvent, string]>;

/** Resolves once `got` holds `n` events (or fails after 5 s naming what arrived). */
async function until(got: Got, n: number): Promise<void> {
  const end = Date.now() + 5000;
  while (got.length < n) {
    if (Date.now() > end) throw new Error(`expected ${n} events, got ${JSON.stringify(got)}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** One SSE event as a client sees it: its name, id and data. */
interface Seen {
  event: string;
  id: string | null;
  data: { job: ReturnType<typeof presentJob> };
}

function parse(text: string): Seen[] {
  return text
    .split('\n\n')
    .map((block) => {
      const event = /^event: (.*)$/m.exec(block)?.[1];
      const id = /^id: (.*)$/m.exec(block)?.[1] ?? null;
      const data = block.split('\n').filter((l) => l.startsWith('data: ')).map((l) => l.slice(6)).join('\n');
      return event ? { event, id, data: JSON.parse(data) } : null;
    })
    .filter((e): e is Seen => e !== null);
}

/** Opens a job stream and reads events until `stop(events)` says so; then drops the connection. */
async function readUntil(url: string, headers: Record<string, string>, stop: (events: Seen[]) => boolean): Promise<Seen[]> {
  const controller = new AbortController();
  const res = await fetch(url, { headers, signal: controller.signal });
  assert.equal(res.status, 200);
  const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
  let text = '';
  try {
    for (;;) {
      const events = parse(text.slice(0, text.lastIndexOf('\n\n') + 2));
      if (stop(events)) return events;
      const r = await reader.read();
      if (r.done) return parse(text);
      text += r.value;
    }
  } finally {
    controller.abort();
  }
}

describe('events: ids and replay after a lost stream', function () {
  this.timeout(30_000);
  let app: TestApp;
  let alice: SignedUpUser;

  before(async () => {
    app = await startTestApp();
    alice = await buildUser(app);
  });
  after(() => app.close());

  it(`gives each event an increasing id and replays what came after a given id, then live events, each once (${redisUrl ? 'Redis stream' : 'in memory'})`, async () => {
    const bus = app.deps.events;
    const channel = `test:${randomBytes(4).toString('hex')}`;
    const ids: string[] = [];
    for (let n = 1; n <= 4; n++) ids.push(await bus.publish(channel, { type: 't', n }));
    for (let i = 1; i < ids.length; i++) assert.ok(compareEventIds(ids[i - 1], ids[i]) < 0, `${ids[i - 1]} < ${ids[i]}`);

    const got: Got = [];
    const unsubscribe = await bus.subscribe(channel, (e, id) => got.push([e, id]), { after: ids[1] });
    assert.deepEqual(got.map(([e]) => e.n), [3, 4], 'the two events after the second, before any live one');
    assert.deepEqual(got.map(([, id]) => id), ids.slice(2));
    await bus.publish(channel, { type: 't', n: 5 });
    await until(got, 3);
    assert.equal(got[2][0].n, 5);
    unsubscribe();

    const fresh: Got = [];
    const off = await bus.subscribe(channel, (e, id) => fresh.push([e, id]), { after: 'not-an-id' });
    await bus.publish(channel, { type: 't', n: 6 });
    await until(fresh, 1);
    assert.deepEqual(fresh.map(([e]) => e.n), [6], 'a malformed Last-Event-ID replays nothing');
    off();
  });

  it('resumes a job stream where it broke off: events published while the client was away come first, with their ids', async () => {
    const job = await Job.query(app.deps.knex).insert({ kind: 'analysis.run', userId: alice.id, status: 'running', progress: 10, attempts: 1, maxAttempts: 3, payload: {} }).returning('*');
    const url = `${app.url}/api/v1/jobs/${job.id}/events?access_token=${alice.accessToken}`;
    const base = presentJob(job);
    const at = (s: number) => new Date(Date.parse(base.updatedAt!) + s * 1000).toISOString();
    const publish = (progress: number, status = 'running', s = progress) => app.deps.events.publish(jobChannel(job.id), { type: 'job', job: { ...base, status, progress, updatedAt: at(s) } });

    // First connection: the row as read (no id: it is not an event), then one live event; then the line drops.
    let published = false;
    const first = await readUntil(url, {}, (events) => {
      if (events.length === 1 && !published) {
        published = true;
        void publish(20);
      }
      return events.length >= 2;
    });
    assert.deepEqual(first.map((e) => [e.data.job.progress, Boolean(e.id)]), [[10, false], [20, true]]);
    const lastId = first[1].id!;

    // While it is away: two changes. It comes back (here, to the same app; with Redis, any process) with its last id.
    await publish(40);
    await publish(60);
    const second = await readUntil(url, { 'Last-Event-ID': lastId }, (events) => events.length >= 2);
    assert.deepEqual(second.slice(0, 2).map((e) => e.data.job.progress), [40, 60], 'the missed events, in order');
    assert.ok(second.slice(0, 2).every((e) => e.id && compareEventIds(e.id, lastId) > 0));

    // A client that made a new EventSource passes the id as ?lastEventId=; the final state ends the stream.
    await publish(100, 'succeeded', 100);
    const third = await readUntil(`${url}&lastEventId=${encodeURIComponent(second[1].id!)}`, {}, () => false);
    assert.deepEqual(third.map((e) => [e.data.job.status, e.data.job.progress]), [['succeeded', 100]]);
  });

  it('shares the replay buffer between processes: a subscriber on another connection catches up from an id', async function () {
    if (!redisUrl) this.skip(); // the in-memory bus serves one process by design
    const prefix = `intellio:test:${randomBytes(4).toString('hex')}:`;
    const log = createLogger('silent');
    const a = new Redis(redisUrl);
    const b = new Redis(redisUrl);
    const busA: EventBus = createEventBus(a, prefix, log);
    const busB: EventBus = createEventBus(b, prefix, log);
    try {
      const channel = 'balance:someone';
      const first = await busA.publish(channel, { type: 'balance', n: 1 });
      await busA.publish(channel, { type: 'balance', n: 2 });
      const got: Got = [];
      const off = await busB.subscribe(channel, (e, id) => got.push([e, id]), { after: first });
      await busA.publish(channel, { type: 'balance', n: 3 });
      await until(got, 2);
      assert.deepEqual(got.map(([e]) => e.n), [2, 3]);
      off();
      assert.ok((await a.pttl(`${prefix}events:log:${channel}`)) > 0, 'the buffer expires');
    } finally {
      await busA.close();
      await busB.close();
      a.disconnect();
      b.disconnect();
    }
  });
});
