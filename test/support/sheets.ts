/**
 * The Google Sheets sidebar against the real backend: the built Sidebar.html in Chromium, whose
 * google.script.run calls the built Code.js (run with Apps Script doubles in a worker, support/sheets-worker.ts),
 * whose UrlFetchApp reaches the test server. Only Google's services are stand-ins.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { MessageChannel, Worker } from 'node:worker_threads';
import type { Page } from 'playwright-core';
import type { FetchCall } from '../../addin-sheets/test/doubles.js';

const DIST = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'addin-sheets', 'dist');

export interface SheetsBridgeOptions {
  /** The test server's origin (the script property INTELLIO_API_URL). */
  apiUrl: string;
  /** Session.getActiveUserLocale(): 'ko' for a Korean Google account. */
  userLocale?: string;
  /**
   * Awaited before a request goes to the server: a test holds some back until it has looked at the sidebar,
   * or answers one itself (an older server's 404) by returning the reply.
   */
  hold?: (call: FetchCall) => Promise<{ status: number; body: string } | void>;
}

export interface SheetsBridge {
  /** Makes `address` the selection in the Data sheet. */
  select(address: string, values: (string | number | boolean)[][]): Promise<void>;
  /** What is written in a sheet, by A1 address. */
  cells(sheet: string): Promise<Record<string, unknown> | null>;
  /** Every request Code.js sent. */
  fetches: FetchCall[];
  /** Opens the sidebar in `page`, its google.script.run wired to this Code.js. */
  open(page: Page): Promise<void>;
  close(): Promise<void>;
}

/** The page side: google.script.run, each call handed to the exposed __sheetsCall. */
const GOOGLE_SCRIPT_RUN = `
(() => {
  function runner(ok, fail) {
    return new Proxy({}, {
      get(_, name) {
        if (name === 'withSuccessHandler') return (f) => runner(f, fail);
        if (name === 'withFailureHandler') return (f) => runner(ok, f);
        return (...args) => {
          window.__sheetsCall(String(name), JSON.parse(JSON.stringify(args))).then((r) => {
            if (r.ok) { if (ok) ok(r.value); } else if (fail) fail(new Error(r.message));
          });
        };
      },
    });
  }
  window.google = { script: { run: runner(null, null) } };
})();`;

export async function startSheetsBridge(options: SheetsBridgeOptions): Promise<SheetsBridge> {
  const signal = new SharedArrayBuffer(4);
  const flag = new Int32Array(signal);
  const { port1, port2 } = new MessageChannel();
  const worker = new Worker(new URL('./sheets-worker.mjs', import.meta.url), {
    workerData: {
      codePath: path.join(DIST, 'Code.js'),
      apiUrl: options.apiUrl,
      userLocale: options.userLocale ?? 'en',
      signal,
      replies: port2,
    },
    transferList: [port2],
  });
  const fetches: FetchCall[] = [];
  const pending = new Map<number, (r: { ok: boolean; value?: unknown; message?: string }) => void>();
  let next = 0;

  const answer = (reply: { status: number; body: string }) => {
    port1.postMessage(reply);
    Atomics.store(flag, 0, 1);
    Atomics.notify(flag, 0);
  };

  worker.on(
    'message',
    (
      m:
        | { type: 'fetch'; call: FetchCall }
        | { type: 'result'; id: number; ok: boolean; value?: unknown; message?: string },
    ) => {
      if (m.type === 'result') {
        pending.get(m.id)?.(m);
        pending.delete(m.id);
        return;
      }
      fetches.push(m.call);
      void (async () => {
        try {
          const reply = await options.hold?.(m.call);
          if (reply) return answer(reply);
          // Code.js sets the body's type as UrlFetchApp's `contentType` option (always JSON), not as a header.
          const json = m.call.body !== undefined;
          const headers = { ...m.call.headers, ...(json ? { 'Content-Type': 'application/json' } : {}) };
          const res = await fetch(m.call.url, {
            method: m.call.method.toUpperCase(),
            headers,
            body: json ? JSON.stringify(m.call.body) : undefined,
          });
          answer({ status: res.status, body: await res.text() });
        } catch (err) {
          answer({
            status: 599,
            body: JSON.stringify({ error: { code: 'bridge', message: String(err), details: null } }),
          });
        }
      })();
    },
  );

  const send = (message: Record<string, unknown>) =>
    new Promise<{ ok: boolean; value?: unknown; message?: string }>((resolve) => {
      const id = ++next;
      pending.set(id, resolve);
      worker.postMessage({ ...message, id });
    });

  return {
    fetches,
    async select(address, values) {
      await send({ type: 'select', address, values });
    },
    async cells(sheet) {
      return (await send({ type: 'cells', sheet })).value as Record<string, unknown> | null;
    },
    async open(page) {
      await page.exposeFunction('__sheetsCall', (name: string, args: unknown[]) =>
        send({ type: 'call', name, args }),
      );
      await page.addInitScript({ content: GOOGLE_SCRIPT_RUN });
      // Served from an origin of its own, like HtmlService's sandbox iframe.
      await page.route('https://sidebar.test/**', (route) =>
        route.fulfill({
          status: 200,
          contentType: 'text/html',
          body: fs.readFileSync(path.join(DIST, 'Sidebar.html'), 'utf8'),
        }),
      );
      await page.goto('https://sidebar.test/');
    },
    async close() {
      port1.close();
      await worker.terminate();
    },
  };
}
