/**
 * The probes of `npm run bench -- isolation`, in a process of their own (forked by bench/isolation.ts): two
 * loops asking PROBE_URL's `/healthz` and PROBE_PATH (with PROBE_TOKEN) back to back, from the 'start'
 * message until the 'stop' one, then the latencies go back to the parent. Measured from the bench's own
 * process, they counted its work too: reading the 77 MB of uploads and streaming them to the server held
 * that event loop, and the first probes took 0.9–2.4 s there while a prober in another process saw none
 * above 0.17 s in the same seconds.
 */
import { performance } from 'node:perf_hooks';

const PROBE_GAP_MS = 20;

export interface Probe {
  latencies: number[];
  errors: number;
}

/** Asks `path` back to back (a short gap between) until `stop` is set. */
async function probe(url: string, path: string, token: string | undefined, stop: { done: boolean }): Promise<Probe> {
  const out: Probe = { latencies: [], errors: 0 };
  while (!stop.done) {
    const t = performance.now();
    try {
      const res = await fetch(url + path, { headers: token ? { authorization: `Bearer ${token}` } : {} });
      await res.arrayBuffer();
      if (!res.ok) out.errors++;
    } catch {
      out.errors++;
    }
    out.latencies.push(performance.now() - t);
    await new Promise((r) => setTimeout(r, PROBE_GAP_MS));
  }
  return out;
}

if (process.send) {
  const url = process.env.PROBE_URL ?? '';
  const stop = { done: false };
  let probes: Promise<Probe[]> | undefined;
  process.on('message', (message) => {
    if (message === 'start') {
      probes = Promise.all([probe(url, '/healthz', undefined, stop), probe(url, process.env.PROBE_PATH ?? '', process.env.PROBE_TOKEN, stop)]);
      process.send?.({ started: true });
    } else if (message === 'stop' && probes) {
      stop.done = true;
      void probes.then(([health, get]) => process.send?.({ health, get }, () => process.exit(0)));
    }
  });
  // A bench that stops early (an error, Ctrl-C) leaves no probe behind: its end closes this channel.
  process.on('disconnect', () => process.exit(0));
  process.send({ ready: true });
}
