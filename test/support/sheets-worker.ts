/**
 * The Apps Script side of the Sheets sidebar for browser tests: the built Code.js in a node:vm context with
 * the Apps Script doubles (addin-sheets/test/doubles.ts), in a worker thread so that its synchronous
 * UrlFetchApp can wait (Atomics.wait) while the main thread sends the request to the real backend.
 */
import { parentPort, receiveMessageOnPort, workerData, type MessagePort } from 'node:worker_threads';
import fs from 'node:fs';
import vm from 'node:vm';
import {
  appsScriptGlobals,
  FakeSheet,
  selectedRange,
  type FetchCall,
  type World,
} from '../../addin-sheets/test/doubles.js';

interface Init {
  codePath: string;
  apiUrl: string;
  userLocale: string;
  signal: SharedArrayBuffer;
  replies: MessagePort;
}

const init = workerData as Init;
const signal = new Int32Array(init.signal);
const data = new FakeSheet('Data');

/** Sends one request through the main thread and waits for its answer, as UrlFetchApp.fetch does. */
function respond(call: FetchCall): { status: number; body?: unknown } {
  Atomics.store(signal, 0, 0);
  parentPort?.postMessage({ type: 'fetch', call });
  Atomics.wait(signal, 0, 0);
  const reply = receiveMessageOnPort(init.replies);
  if (!reply) throw new Error('the main thread answered no fetch');
  return reply.message as { status: number; body: string };
}

const world: World = {
  sheets: new Map([['Data', data]]),
  active: data,
  selection: [],
  userProps: new Map(),
  scriptProps: new Map([['INTELLIO_API_URL', init.apiUrl]]),
  fetches: [],
  menus: [],
  sidebars: [],
  respond,
  userLocale: init.userLocale,
};
const context = vm.createContext({ ...appsScriptGlobals(world), console });
vm.runInContext(fs.readFileSync(init.codePath, 'utf8'), context, { filename: 'Code.js' });

type Message =
  | { type: 'call'; id: number; name: string; args: unknown[] }
  | { type: 'select'; id: number; address: string; values: (string | number | boolean)[][] }
  | { type: 'cells'; id: number; sheet: string };

parentPort?.on('message', (m: Message) => {
  try {
    if (m.type === 'select') {
      world.selection = [selectedRange(data, m.address, m.values)];
      parentPort?.postMessage({ type: 'result', id: m.id, ok: true, value: null });
    } else if (m.type === 'cells') {
      const sheet = world.sheets.get(m.sheet);
      parentPort?.postMessage({
        type: 'result',
        id: m.id,
        ok: true,
        value: sheet ? Object.fromEntries(sheet.cells) : null,
      });
    } else {
      const fn = (context as Record<string, unknown>)[m.name];
      if (typeof fn !== 'function') throw new Error(`${m.name} is not a function of Code.js`);
      // Through JSON, as google.script.run hands values over.
      const value = JSON.parse(
        JSON.stringify((fn as (...a: unknown[]) => unknown)(...m.args) ?? null),
      ) as unknown;
      parentPort?.postMessage({ type: 'result', id: m.id, ok: true, value });
    }
  } catch (err) {
    parentPort?.postMessage({
      type: 'result',
      id: m.id,
      ok: false,
      message: err instanceof Error ? err.message : String(err),
    });
  }
});
