/**
 * The production topology, as real OS processes: two web processes and two workers on one PostgreSQL (a
 * fresh database per run) and one Redis, with an OpenAI-compatible fake on loopback whose answers the test
 * holds back, so "in the middle of a job" is a state the test controls, not a race it hopes to win.
 *
 * Needs TEST_DATABASE_URL and TEST_REDIS_URL; without them it skips saying so (fails with REQUIRE_SERVICES=1).
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { startFakeOpenAI, type FakeOpenAI } from '../../backend/test/fake-openai.js';
import { freePort, startProcess, stopProcess, waitReady, type Proc } from './processes.js';

const DB_URL = process.env.TEST_DATABASE_URL;
const REDIS_URL = process.env.TEST_REDIS_URL;
/** Cold starts of all four processes at once (the issue asks for five; fewer only to iterate locally). */
const ROUNDS = Number(process.env.TOPOLOGY_START_ROUNDS || 5);

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

const BIG = { sheet: 'Data', ranges: [{ address: 'A1:J20', values: Array.from({ length: 20 }, (_, r) => Array.from({ length: 10 }, (_, c) => r * 10 + c)) }] };

/** The token of the newest confirmation link mailed to `to`, read from the outbox (the mail is sent in the background). */
async function mailedToken(url: string, to: string): Promise<string> {
  for (let i = 0; i < 100; i += 1) {
    const [mail] = await admin<{ text: string }>("SELECT text FROM outbox WHERE \"to\" = $1 AND kind = 'verify_email' ORDER BY created_at DESC LIMIT 1", [to], url);
    const token = mail ? new URL(/https?:\/\/\S+/.exec(mail.text)?.[0] ?? 'http://x/').searchParams.get('token') : null;
    if (token) return token;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no confirmation link mailed to ${to}`);
}

async function admin<T extends pg.QueryResultRow = pg.QueryResultRow>(sql: string, params: unknown[] = [], url = DB_URL): Promise<T[]> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query<T>(sql, params)).rows;
  } finally {
    await c.end();
  }
}

async function api(base: string, method: string, path: string, body?: unknown, token?: string): Promise<{ status: number; body: Json }> {
  const headers: Record<string, string> = {};
  if (token) headers.authorization = `Bearer ${token}`;
  let payload: BodyInit | undefined;
  if (body instanceof FormData) payload = body;
  else if (body !== undefined) {
    payload = JSON.stringify(body);
    headers['content-type'] = 'application/json';
  }
  const res = await fetch(base + path, { method, headers, body: payload });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

async function waitFor<T>(what: string, fn: () => Promise<T | null | undefined | false>, timeoutMs = 60_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn().catch(() => null);
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** A gate the fake model waits on before it answers; `open()` lets every waiting and later call through. */
function gate(): { wait: Promise<void>; open(): void } {
  let open: () => void = () => {};
  const wait = new Promise<void>((resolve) => (open = resolve));
  return { wait, open };
}

interface StreamLog {
  events: Array<{ event: string; id: string | null; data: Json; from: string }>;
  connections: string[];
  done: Promise<void>;
}

/**
 * An SSE client that behaves like a browser's EventSource: it remembers the last event id, and when the
 * stream ends without a final state it reconnects — to the next process in `bases` when one is down — with
 * `Last-Event-ID`. Stops on the job's final state.
 */
function followJob(bases: () => string[], jobId: string, token: string): StreamLog {
  const log: StreamLog = { events: [], connections: [], done: Promise.resolve() };
  let lastId: string | null = null;
  let turn = 0;
  log.done = (async () => {
    for (let attempt = 0; attempt < 200; attempt++) {
      const base = bases()[turn % bases().length];
      try {
        const res = await fetch(`${base}/api/v1/jobs/${jobId}/events?access_token=${token}`, { headers: lastId ? { 'Last-Event-ID': lastId } : {} });
        if (res.status !== 200) throw new Error(`status ${res.status}`);
        log.connections.push(base);
        const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
        let buffer = '';
        for (let r = await reader.read(); !r.done; r = await reader.read()) {
          buffer += r.value;
          let cut: number;
          while ((cut = buffer.indexOf('\n\n')) >= 0) {
            const block = buffer.slice(0, cut);
            buffer = buffer.slice(cut + 2);
            const event = /^event: (.*)$/m.exec(block)?.[1];
            const id = /^id: (.*)$/m.exec(block)?.[1] ?? null;
            if (!event) continue;
            if (id) lastId = id;
            const data = JSON.parse(block.split('\n').filter((l) => l.startsWith('data: ')).map((l) => l.slice(6)).join('\n'));
            log.events.push({ event, id, data, from: base });
            if (event === 'job' && ['succeeded', 'failed', 'cancelled'].includes(data.job.status)) return;
          }
        }
      } catch {
        turn += 1; // that process is down: the next one
      }
      await new Promise((r) => setTimeout(r, 250)); // the server's retry hint, roughly
    }
    throw new Error('the stream never reached a final state');
  })();
  return log;
}

describe('production topology: 2 web processes + 2 workers on PostgreSQL and Redis', function () {
  this.timeout(1_200_000);
  const dbName = `intellio_topology_${Date.now()}_${randomBytes(3).toString('hex')}`;
  const procs = new Map<string, Proc>();
  const ports = new Map<string, number>();
  let fake: FakeOpenAI;
  let env: Record<string, string>;
  let modelGate = gate();
  let user: { token: string; id: string };
  let projectId: string;

  before(async function () {
    if (!DB_URL || !REDIS_URL) {
      const why = 'set TEST_DATABASE_URL and TEST_REDIS_URL to run the topology test (PostgreSQL + pgvector, Redis)';
      if (process.env.REQUIRE_SERVICES === '1') throw new Error(why);
      console.log(`    skipped: ${why}`);
      this.skip();
    }
    fake = await startFakeOpenAI();
    // Every process gets its own path on the fake, so the test knows which worker is mid-call.
    fake.reply = async () => {
      await modelGate.wait;
      return { text: 'The numbers add up to 19900; the largest is 199 (Data!J20).' };
    };
    const dbUrl = new URL(DB_URL);
    dbUrl.pathname = `/${dbName}`;
    env = {
      NODE_ENV: 'production',
      LOG_LEVEL: 'info',
      DATABASE_URL: dbUrl.toString(),
      DATABASE_POOL_MAX: '4',
      REDIS_URL,
      REDIS_PREFIX: `intellio:topology:${randomBytes(4).toString('hex')}:`,
      JWT_SECRET: randomBytes(32).toString('hex'),
      DATA_DIR: path.join(os.tmpdir(), dbName),
      CHAT_PROVIDER: 'openai',
      OPENAI_API_KEY: 'sk-fake',
      EMBEDDING_PROVIDER: 'local',
      CHAT_MODEL: 'gpt-4o-mini',
      CHAT_MAX_RETRIES: '0',
      ANALYSIS_QUEUE_THRESHOLD_CELLS: '100',
      ANALYSIS_MAX_OUTPUT_TOKENS: '100',
      // The fake model holds answers while processes restart; on a loaded machine that is minutes.
      ANALYSIS_TIMEOUT_SECONDS: '1800',
      AUTH_RATE_LIMIT_PER_MINUTE: '1000',
      JOB_STALL_SECONDS: '2',
      SHUTDOWN_GRACE_SECONDS: '8',
      BACKUP_CRON: 'off',
      STORAGE_RECONCILE_HOURS: '0',
      OCR: 'off',
    };
    for (const name of ['web1', 'web2', 'worker1', 'worker2']) ports.set(name, await freePort());
  });

  after(async function () {
    this.timeout(60_000);
    modelGate.open();
    await Promise.all([...procs.values()].map(async (p) => {
      p.child.kill('SIGKILL');
      await p.exited;
    }));
    await fake?.close();
    if (DB_URL && REDIS_URL) await admin(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
    fs.rmSync(path.join(os.tmpdir(), dbName), { recursive: true, force: true });
  });

  function start(name: string): Proc {
    const kind = name.startsWith('web') ? 'web' : 'worker';
    const proc = startProcess(name, kind, ports.get(name)!, { ...env, OPENAI_BASE_URL: fake.baseUrl.replace(/\/v1$/, `/${name}/v1`) });
    procs.set(name, proc);
    return proc;
  }
  const web = (n: 1 | 2) => procs.get(`web${n}`)!.url;

  it(`starts all four at once on an empty database, ${ROUNDS} times over: every start succeeds`, async () => {
    for (let round = 1; round <= ROUNDS; round++) {
      await admin(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
      await admin(`CREATE DATABASE ${dbName}`);
      const started = ['web1', 'web2', 'worker1', 'worker2'].map(start);
      await Promise.all(started.map((p) => waitReady(p)));
      const [{ n }] = await admin<{ n: string }>('SELECT count(*) AS n FROM knex_migrations', [], env.DATABASE_URL);
      assert.ok(Number(n) > 0, `round ${round}: migrated`);
      if (round < ROUNDS) {
        const codes = await Promise.all(started.map(stopProcess));
        assert.deepEqual(codes, [0, 0, 0, 0], `round ${round}: every process stopped cleanly on SIGTERM`);
      }
    }
    for (const name of ['worker1', 'worker2']) {
      const metrics = await fetch(`${procs.get(name)!.url}/metrics`);
      assert.equal(metrics.status, 200, 'a worker serves /metrics to loopback');
      assert.match(await metrics.text(), /^intellio_queue_depth\{queue="analysis.run",state="waiting"\} 0$/m);
    }
  });

  it('uploads through web 1 and analyses through web 2; a worker does the work and web 1 reads the answer', async () => {
    const credentials = { email: `topology.${randomBytes(4).toString('hex')}@example.test`, password: 'correct horse battery' };
    const signup = await api(web(1), 'POST', '/api/v1/auth/signup', { ...credentials, name: 'Topology', client: 'addin' });
    assert.ok([201, 202].includes(signup.status), JSON.stringify(signup.body));
    // Only a server's first account is signed in by its sign-up; any other opens the mailed link, which confirms
    // the address and signs in (an unconfirmed address cannot sign in with its password, issue 26 L2).
    let session = signup;
    if (signup.status !== 201) {
      session = await api(web(1), 'POST', '/api/v1/auth/verify', { token: await mailedToken(env.DATABASE_URL, credentials.email), password: credentials.password, client: 'addin' });
      assert.equal(session.status, 200, JSON.stringify(session.body));
      const login = await api(web(2), 'POST', '/api/v1/auth/login', { ...credentials, client: 'addin' });
      assert.equal(login.status, 200, JSON.stringify(login.body));
    }
    user = { token: session.body.data.accessToken, id: session.body.data.user.id };
    const cat = await api(web(1), 'POST', '/api/v1/categories', { name: 'Finance' }, user.token);
    const project = await api(web(1), 'POST', '/api/v1/projects', { categoryId: cat.body.data.id, name: 'Topology' }, user.token);
    assert.equal(project.status, 201);
    projectId = project.body.data.id;

    const form = new FormData();
    form.append('file', new Blob(['Annual report 2025.\n\nThe data sheet sums to 19900 and its largest figure is 199.\n'], { type: 'text/plain' }), 'report.txt');
    const upload = await api(web(1), 'POST', `/api/v1/projects/${projectId}/documents`, form, user.token);
    assert.ok([201, 202].includes(upload.status), JSON.stringify(upload.body));
    const docId = upload.body.data.id;
    const doc = await waitFor('the worker to embed the upload', async () => {
      const d = (await api(web(2), 'GET', `/api/v1/documents/${docId}`, undefined, user.token)).body.data;
      return ['ready', 'failed'].includes(d.status) ? d : null;
    });
    assert.equal(doc.status, 'ready', doc.error);

    modelGate.open();
    const queued = await api(web(2), 'POST', '/api/v1/analyses', { projectId, source: 'web', selection: BIG, prompt: 'Sum these numbers and name the largest' }, user.token);
    assert.equal(queued.status, 202, JSON.stringify(queued.body));
    const job = await waitFor('the job', async () => {
      const j = (await api(web(1), 'GET', `/api/v1/jobs/${queued.body.data.jobId}`, undefined, user.token)).body.data;
      return ['succeeded', 'failed', 'cancelled'].includes(j.status) ? j : null;
    });
    assert.equal(job.status, 'succeeded', job.error);
    const analysis = (await api(web(1), 'GET', `/api/v1/analyses/${queued.body.data.analysis.id}`, undefined, user.token)).body.data;
    assert.equal(analysis.status, 'succeeded');
    assert.match(analysis.answer, /19900/);
    assert.ok(fake.requests.some((r) => /^\/worker[12]\/v1\/chat\/completions$/.test(r.path)), 'a worker called the model');
  });

  it('kill -9 of the worker in the middle of an analysis: the other worker completes it, settled exactly once, no hold left', async () => {
    modelGate = gate(); // the model now holds its answers until the test lets them through
    const before = fake.requests.length;
    const queued = await api(web(1), 'POST', '/api/v1/analyses', { projectId, source: 'web', selection: BIG, prompt: 'Average of these numbers' }, user.token);
    assert.equal(queued.status, 202);
    const analysisId = queued.body.data.analysis.id as string;
    const call = await waitFor('a worker to call the model', async () => fake.requests.slice(before).find((r) => r.path.endsWith('/chat/completions')));
    const victim = /^\/(worker[12])\//.exec(call.path)![1];
    const survivor = victim === 'worker1' ? 'worker2' : 'worker1';
    const reserved = await admin<{ status: string }>('SELECT status FROM token_reservations WHERE reference = $1', [`analysis:${analysisId}`], env.DATABASE_URL);
    assert.deepEqual(reserved.map((r) => r.status), ['held'], 'the hold is taken before the model call');

    procs.get(victim)!.child.kill('SIGKILL');
    assert.equal(await procs.get(victim)!.exited, 'SIGKILL');
    modelGate.open(); // the next call (from the survivor, after stall detection hands it the job) answers at once

    const job = await waitFor('the surviving worker to finish the job', async () => {
      const j = (await api(web(2), 'GET', `/api/v1/jobs/${queued.body.data.jobId}`, undefined, user.token)).body.data;
      return ['succeeded', 'failed', 'cancelled'].includes(j.status) ? j : null;
    });
    assert.equal(job.status, 'succeeded', job.error);
    assert.ok(fake.requests.slice(before).some((r) => r.path.startsWith(`/${survivor}/`)), `${survivor} ran it`);

    const entries = await admin('SELECT delta FROM token_ledger WHERE reference = $1', [`analysis:${analysisId}`], env.DATABASE_URL);
    assert.equal(entries.length, 1, 'exactly one settlement');
    const holds = await admin<{ status: string }>('SELECT status FROM token_reservations WHERE reference = $1', [`analysis:${analysisId}`], env.DATABASE_URL);
    assert.deepEqual(holds.map((h) => h.status), ['settled']);
    const [account] = await admin<{ reserved: string }>('SELECT reserved FROM token_accounts WHERE user_id = $1', [user.id], env.DATABASE_URL);
    assert.equal(Number(account.reserved), 0, 'no reservation left');

    start(victim); // back to two workers
    await waitReady(procs.get(victim)!);
  });

  it('restarts the web processes one by one (SIGTERM) while a client streams: it reconnects to the other and sees the final answer', async () => {
    modelGate = gate();
    const before = fake.requests.length;
    const queued = await api(web(1), 'POST', '/api/v1/analyses', { projectId, source: 'web', selection: BIG, prompt: 'Median of these numbers' }, user.token);
    assert.equal(queued.status, 202);
    await waitFor('a worker to call the model', async () => fake.requests.slice(before).some((r) => r.path.endsWith('/chat/completions')));

    const stream = followJob(() => [web(1), web(2)], queued.body.data.jobId, user.token);
    await waitFor('the stream to open', async () => stream.events.length > 0);
    for (const name of ['web1', 'web2']) {
      const code = await stopProcess(procs.get(name)!);
      assert.equal(code, 0, `${name} drained and exited by itself within SHUTDOWN_GRACE_SECONDS:\n${procs.get(name)!.output()}`);
      start(name);
      await waitReady(procs.get(name)!);
    }
    modelGate.open();
    await stream.done;

    const hints = stream.events.filter((e) => e.event === 'reconnect');
    assert.ok(hints.length >= 1, 'a stopping process ended the stream with a reconnect hint');
    assert.ok(new Set(stream.connections).size === 2, `the client moved between processes: ${stream.connections}`);
    const jobs = stream.events.filter((e) => e.event === 'job').map((e) => e.data.job);
    assert.equal(jobs.at(-1).status, 'succeeded', jobs.at(-1).error);
    const progress = jobs.map((j: Json) => j.progress as number);
    assert.deepEqual(progress, [...progress].sort((a, b) => a - b), `progress never went backwards: ${progress}`);
    const analysis = (await api(web(2), 'GET', `/api/v1/analyses/${queued.body.data.analysis.id}`, undefined, user.token)).body.data;
    assert.equal(analysis.status, 'succeeded');
    assert.match(analysis.answer, /19900/);
  });
});
