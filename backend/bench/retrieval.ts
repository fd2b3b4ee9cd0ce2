/**
 * Retrieval latency and quality at 10k and 100k chunks: p50/p95 of the hybrid search as the API runs it
 * (query embedding + HNSW + full-text + RRF in one statement), and recall@10 against exact search
 * (sequential scan instead of HNSW): for the vector ranking (tie-aware, see below; plain id overlap too)
 * and for the fused top 10, plus how often the chunk a query was cut from is in the top 10.
 * 10k runs on PGlite and PostgreSQL; 100k on PostgreSQL (PGlite is single-threaded WASM: building a 100k
 * HNSW graph there takes many minutes).
 */
import type { Knex } from 'knex';
import { vectorIndexSql } from '../src/db/migrations/003_documents.js';
import type { DepsHandle } from '../src/deps.js';
import { EF_SEARCH, searchPassages } from '../src/retrieval/search.js';
import { vectorLiteral } from '../src/retrieval/vectors.js';
import { benchDeps, benchOwner, corpus, percentile, postgresUrl, progressBar, report, round, type Engine } from './support.js';

const QUERIES = Number(process.env.BENCH_QUERIES ?? 100);
const K = 10;

interface Setup {
  engine: Engine;
  chunks: number;
}

async function load(deps: DepsHandle, owner: { userId: string; projectId: string }, n: number, engine: Engine) {
  const knex = deps.knex;
  const [doc] = await knex('documents')
    .insert({ ...owner, filename: 'corpus.pdf', mime: 'application/pdf', kind: 'pdf', bytes: 1, sha256: `bench-${n}`, storageKey: 'bench/none', status: 'ready', embeddingModel: deps.embedder.model, embeddingDim: 384 })
    .returning('id');
  const text = corpus(42, 20_000);
  const texts: string[] = [];
  for (let i = 0; i < n; i++) texts.push(Array.from({ length: 3 + Math.floor(text.random() * 3) }, () => text.sentence()).join(' '));
  // Bulk load without the vector index, then build it once (much faster than growing the graph row by row).
  await knex.raw('DROP INDEX IF EXISTS chunks_embedding_hnsw_384');
  const batch = engine === 'pglite' ? 500 : 1000;
  const bar = progressBar(`loading ${n} chunks (${engine})`, n);
  const t0 = performance.now();
  for (let i = 0; i < n; i += batch) {
    const slice = texts.slice(i, i + batch);
    const { vectors } = await deps.embedder.embed(slice);
    await knex('chunks').insert(slice.map((t, k) => ({
      documentId: doc.id, projectId: owner.projectId, ordinal: i + k, page: 1 + Math.floor((i + k) / 3), location: `page ${1 + Math.floor((i + k) / 3)}`,
      charStart: 0, charEnd: t.length, tokenCount: t.split(' ').length, text: t, embedding: vectorLiteral(vectors[k]), embeddingModel: deps.embedder.model, embeddingDim: 384,
    })));
    bar.update(Math.min(n, i + batch));
  }
  bar.stop();
  const loadSeconds = (performance.now() - t0) / 1000;
  const t1 = performance.now();
  if (engine === 'postgres') await knex.raw(`SET maintenance_work_mem = '1GB'`);
  await knex.raw(vectorIndexSql(384));
  await knex.raw('ANALYZE chunks');
  const indexSeconds = (performance.now() - t1) / 1000;
  return { texts, loadSeconds, indexSeconds };
}

/** The vector ranking alone, by index or by sequential scan: ids and cosine distances. */
async function vectorTop(knex: Knex, projectId: string, vector: string, exact: boolean): Promise<Array<{ id: string; d: number }>> {
  return knex.transaction(async (trx) => {
    if (!exact) await trx.raw(`SET LOCAL hnsw.ef_search = ${EF_SEARCH}`);
    const order = exact ? 'c.embedding <=> ?::vector' : 'c.embedding::vector(384) <=> ?::vector(384)';
    const { rows } = await trx.raw(`SELECT c.id, (c.embedding <=> ?::vector)::float8 AS d FROM chunks c WHERE c.project_id = ? AND c.embedding_dim = 384 ORDER BY ${order} LIMIT ${K}`, [vector, projectId, vector]);
    return (rows as Array<{ id: string; d: number }>).map((r) => ({ id: r.id, d: Number(r.d) }));
  });
}

/**
 * Recall@10 that counts ties: an approximate neighbour is right when it is as close as the exact 10th.
 * Lexical hashing vectors of unrelated texts are nearly orthogonal, so many chunks tie at the 10th
 * distance and plain id overlap would measure tie-breaking, not search quality.
 */
function tieAwareRecall(ann: Array<{ d: number }>, exact: Array<{ d: number }>): number {
  if (!exact.length) return 1;
  const bound = exact[exact.length - 1].d + 1e-6;
  return Math.min(exact.length, ann.filter((a) => a.d <= bound).length) / exact.length;
}

function overlap(a: string[], b: string[]): number {
  const set = new Set(b);
  return b.length ? a.filter((x) => set.has(x)).length / b.length : 1;
}

async function measure(setup: Setup) {
  const { deps, close } = await benchDeps(setup.engine);
  try {
    const owner = await benchOwner(deps);
    const { texts, loadSeconds, indexSeconds } = await load(deps, owner, setup.chunks, setup.engine);
    const text = corpus(99);
    // Each query is a run of 4–8 words from one chunk (its "source").
    const ordinals = Array.from({ length: QUERIES }, () => Math.floor(text.random() * texts.length));
    const queries = ordinals.map((o) => {
      const words = texts[o].replace(/\./g, '').split(' ');
      const start = Math.floor(text.random() * Math.max(1, words.length - 8));
      return words.slice(start, start + 4 + Math.floor(text.random() * 5)).join(' ');
    });
    const idOf = new Map<number, string>();
    for (const r of await deps.knex('chunks').whereIn('ordinal', ordinals).select('id', 'ordinal')) idOf.set(r.ordinal, r.id);
    const plan = await deps.knex.raw(`EXPLAIN SELECT id FROM chunks c WHERE c.project_id = ? AND c.embedding_dim = 384 ORDER BY c.embedding::vector(384) <=> ?::vector(384) LIMIT 60`, [owner.projectId, vectorLiteral((await deps.embedder.embed(['x'])).vectors[0])]);
    const usesHnsw = JSON.stringify(plan.rows).includes('chunks_embedding_hnsw_384');
    const input = (query: string) => ({ userId: owner.userId, projectId: owner.projectId, query, limit: K });
    for (const q of queries.slice(0, 10)) await searchPassages(deps, input(q)); // warm-up

    const latencies: number[] = [];
    const exactLatencies: number[] = [];
    let hybridRecall = 0;
    let vectorRecall = 0;
    let vectorIdRecall = 0;
    let sourceFound = 0;
    const bar = progressBar(`querying ${setup.chunks} (${setup.engine})`, queries.length);
    for (const [i, q] of queries.entries()) {
      const source = idOf.get(ordinals[i]);
      const t0 = performance.now();
      const hits = await searchPassages(deps, input(q));
      latencies.push(performance.now() - t0);
      const t1 = performance.now();
      const exact = await searchPassages(deps, input(q), { exact: true });
      exactLatencies.push(performance.now() - t1);
      hybridRecall += overlap(hits.map((h) => h.chunkId), exact.map((h) => h.chunkId));
      const vector = vectorLiteral((await deps.embedder.embed([q])).vectors[0]);
      const annTop = await vectorTop(deps.knex, owner.projectId, vector, false);
      const exactTop = await vectorTop(deps.knex, owner.projectId, vector, true);
      vectorRecall += tieAwareRecall(annTop, exactTop);
      vectorIdRecall += overlap(annTop.map((a) => a.id), exactTop.map((a) => a.id));
      if (hits.some((h) => h.chunkId === source)) sourceFound++;
      bar.increment();
    }
    bar.stop();
    latencies.sort((a, b) => a - b);
    exactLatencies.sort((a, b) => a - b);
    return {
      engine: setup.engine,
      chunks: setup.chunks,
      queries: queries.length,
      loadSeconds: round(loadSeconds, 1),
      indexBuildSeconds: round(indexSeconds, 1),
      planUsesHnsw: usesHnsw,
      p50Ms: round(percentile(latencies, 50)),
      p95Ms: round(percentile(latencies, 95)),
      exactP50Ms: round(percentile(exactLatencies, 50)),
      exactP95Ms: round(percentile(exactLatencies, 95)),
      recallAt10Hybrid: round(hybridRecall / queries.length, 3),
      recallAt10Vector: round(vectorRecall / queries.length, 3),
      recallAt10VectorIds: round(vectorIdRecall / queries.length, 3),
      sourceInTop10: round(sourceFound / queries.length, 3),
    };
  } finally {
    await close();
  }
}

export async function benchRetrieval(): Promise<void> {
  const sizes = (process.env.BENCH_RETRIEVAL_SIZES ?? '10000,100000').split(',').map(Number);
  const hasPostgres = Boolean(await postgresUrl());
  const engines = (process.env.BENCH_ENGINES ?? 'pglite,postgres').split(',');
  const setups: Setup[] = [];
  for (const chunks of sizes) {
    if (chunks <= 20_000 && engines.includes('pglite')) setups.push({ engine: 'pglite', chunks });
    if (hasPostgres && engines.includes('postgres')) setups.push({ engine: 'postgres', chunks });
  }
  const results = [];
  for (const setup of setups) results.push(await measure(setup));
  const at100k = results.filter((r) => r.chunks >= 100_000);
  report('retrieval', {
    k: K,
    results,
    target: { p95Ms: 20, recallAt10: 0.95, met: at100k.length > 0 && at100k.every((r) => r.p95Ms <= 20 && r.recallAt10Vector >= 0.95) },
  }, results.map((r) => ({
    engine: r.engine, chunks: r.chunks, 'p50 ms': r.p50Ms, 'p95 ms': r.p95Ms, 'exact p95 ms': r.exactP95Ms,
    'recall@10 vector': r.recallAt10Vector, 'vector ids': r.recallAt10VectorIds, 'hybrid ids': r.recallAt10Hybrid, 'source in top10': r.sourceInTop10, 'HNSW build s': r.indexBuildSeconds, 'uses HNSW': String(r.planUsesHnsw),
  })));
}
