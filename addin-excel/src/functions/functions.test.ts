/**
 * =INTELLIO.ASK/FILL against a stand-in runtime: the real batcher, the real functions and the real
 * registration, with the server replaced by a recording `send` (and, for registration, a fetch double that
 * speaks the /formulas contract). The metadata is generated from the JSDoc and checked against the shape
 * Excel accepts.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { ApiError } from '@intellio/api-client';
import { functionsMetadata, OUTPUT } from '../../scripts/functions-metadata.mjs';
import { FormulaBatcher, MAX_ITEMS, type FormulaItem, type FormulaResult } from './batcher.js';
import { ask, fill, useFormulaRuntime } from './functions.js';
import { failureText, registerFormulas } from './register.js';
import { AddinTokenStore } from '../host/storage.js';
import { formulasSchema } from '../../../backend/src/formulas/schema.js';

const ok = (value: string | string[]): FormulaResult => ({ value, cached: false, tokensCharged: 10 });

function recorder(answer: (item: FormulaItem) => FormulaResult = (i) => ok(i.mode === 'fill' ? i.values.map((r) => `row ${String(r[0])}`) : `answer to ${i.prompt}`)) {
  const requests: FormulaItem[][] = [];
  const batcher = new FormulaBatcher(async (items) => {
    requests.push(items);
    return items.map(answer);
  }, 5);
  useFormulaRuntime({ call: (item) => batcher.call(item), failure: failureText });
  return { requests, batcher };
}

describe('Excel custom functions', () => {
  it('two calls in the same tick go out as one request, and identical calls share one item', async () => {
    const { requests } = recorder();
    const results = await Promise.all([ask('Total?', [[1], [2]]), ask('Growth?', [[3]]), ask('Total?', [[1], [2]])]);
    assert.deepEqual(results, ['answer to Total?', 'answer to Growth?', 'answer to Total?']);
    assert.equal(requests.length, 1);
    assert.deepEqual(requests[0].map((i) => i.prompt), ['Total?', 'Growth?']);
    assert.deepEqual(requests[0][0], { prompt: 'Total?', values: [[1], [2]], mode: 'ask' });
  });

  it('calls after the window went out make a second request', async () => {
    const { requests } = recorder();
    await ask('A', [[1]]);
    await ask('B', [[1]]);
    assert.equal(requests.length, 2);
  });

  it('splits a recalculation above the server limit into requests of at most 200 items', async () => {
    const { requests } = recorder();
    const answers = await Promise.all(Array.from({ length: MAX_ITEMS + 1 }, (_, i) => ask(`Q${i}`, [[i]])));
    assert.deepEqual(requests.map((r) => r.length), [MAX_ITEMS, 1]);
    assert.equal(answers[MAX_ITEMS], `answer to Q${MAX_ITEMS}`);
  });

  it('FILL spills one answer per row as a column; blanks are sent as null and an omitted range as no cells', async () => {
    const { requests } = recorder();
    assert.deepEqual(await fill('Classify', [['a', ''], ['b', 2]]), [['row a'], ['row b']]);
    assert.deepEqual(requests[0][0].values, [['a', null], ['b', 2]]);
    await ask('No range');
    assert.deepEqual(requests[1][0].values, []);
  });

  it('shows item errors and whole-request failures as short #INTELLIO texts, never an exception', async () => {
    recorder((i) => (i.prompt === 'poor' ? { ...ok(''), error: '#INTELLIO: balance too low' } : ok('fine')));
    assert.deepEqual(await Promise.all([ask('poor', [[1]]), ask('rich', [[1]])]), ['#INTELLIO: balance too low', 'fine']);
    const failing = new FormulaBatcher(async () => {
      throw new ApiError(401, 'unauthorized', 'Sign in.');
    }, 1);
    useFormulaRuntime({ call: (item) => failing.call(item), failure: failureText });
    assert.equal(await ask('Q', [[1]]), '#INTELLIO: sign in');
    assert.deepEqual(await fill('Q', [[1], [2]]), [['#INTELLIO: sign in'], ['#INTELLIO: sign in']]);
    const offline = new FormulaBatcher(async () => {
      throw new TypeError('fetch failed');
    }, 1);
    useFormulaRuntime({ call: (item) => offline.call(item), failure: failureText });
    assert.equal(await ask('Q', [[1]]), '#INTELLIO: offline');
  });

  it('registration posts the contract body with the pane session and associates ASK and FILL', async () => {
    const sent: { url: string; auth: string | null; body: unknown }[] = [];
    const realFetch = globalThis.fetch;
    const associated: string[] = [];
    (globalThis as Record<string, unknown>).CustomFunctions = { associate: (id: string) => associated.push(id) };
    globalThis.fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
      const body = JSON.parse(String(init?.body)) as { items: FormulaItem[] };
      sent.push({ url: String(input), auth: new Headers(init?.headers).get('Authorization'), body });
      return new Response(JSON.stringify({ data: { results: body.items.map((i) => ({ value: `A:${i.prompt}`, cached: true, tokensCharged: 0 })) } }), { status: 200, headers: { 'content-type': 'application/json' } });
    }) as typeof fetch;
    try {
      const memory = new Map<string, string>();
      const tokens = await AddinTokenStore.open({ getItem: async (k) => memory.get(k) ?? null, setItem: async (k, v) => void memory.set(k, v), removeItem: async (k) => void memory.delete(k) });
      await tokens.save({ accessToken: 'pane-token', refreshToken: 'r' });
      registerFormulas(tokens, { projectId: () => 'p1' });
      assert.deepEqual(await Promise.all([ask('x', [[1]]), ask('y', [[2]])]), ['A:x', 'A:y']);
      assert.equal(sent.length, 1);
      assert.match(sent[0].url, /\/api\/v1\/formulas$/);
      assert.equal(sent[0].auth, 'Bearer pane-token');
      assert.equal(formulasSchema.safeParse({ ...(sent[0].body as object), projectId: '0d6f1c7e-7a43-4d4a-9d38-3f1f6f0c1a11' }).success, true, 'the server schema accepts the body');
      assert.deepEqual(sent[0].body, { projectId: 'p1', items: [{ prompt: 'x', values: [[1]], mode: 'ask' }, { prompt: 'y', values: [[2]], mode: 'ask' }] });
      assert.deepEqual(associated, ['ASK', 'FILL']);
    } finally {
      globalThis.fetch = realFetch;
      delete (globalThis as Record<string, unknown>).CustomFunctions;
    }
  });

  describe('functions.json', () => {
    it('is generated from the JSDoc by custom-functions-metadata and matches the file the build serves', async () => {
      const generated = await functionsMetadata();
      assert.deepEqual(JSON.parse(fs.readFileSync(OUTPUT, 'utf8')), JSON.parse(generated));
    });

    it('has the shape Excel accepts: ids, parameter types and dimensionality, a matrix result for FILL', async () => {
      const meta = JSON.parse(await functionsMetadata()) as { functions: { id: string; name: string; description: string; parameters: { name: string; type: string; dimensionality?: string; optional?: boolean }[]; result: { type?: string; dimensionality?: string } }[] };
      const TYPES = new Set(['string', 'number', 'boolean', 'any']);
      const DIMS = new Set([undefined, 'scalar', 'matrix']);
      assert.deepEqual(meta.functions.map((f) => f.id), ['ASK', 'FILL']);
      for (const f of meta.functions) {
        // Excel refuses ids/names outside [A-Z0-9._] and a function without a description looks broken in the picker.
        assert.match(f.id, /^[A-Z][A-Z0-9._]*$/);
        assert.match(f.name, /^[A-Z][A-Z0-9._]*$/);
        assert.ok(f.description.length > 10);
        for (const p of f.parameters) {
          assert.ok(TYPES.has(p.type), `${f.id}.${p.name}: ${p.type}`);
          assert.ok(DIMS.has(p.dimensionality));
        }
        // Optional parameters may only follow required ones.
        const firstOptional = f.parameters.findIndex((p) => p.optional);
        if (firstOptional >= 0) assert.ok(f.parameters.slice(firstOptional).every((p) => p.optional));
      }
      const [askMeta, fillMeta] = meta.functions;
      assert.deepEqual(askMeta.parameters.map((p) => [p.name, p.type, p.dimensionality ?? 'scalar', Boolean(p.optional)]), [['prompt', 'string', 'scalar', false], ['range', 'any', 'matrix', true]]);
      assert.deepEqual(fillMeta.result, { dimensionality: 'matrix', type: 'string' });
      assert.equal(fillMeta.parameters[1].optional, undefined);
    });
  });
});
