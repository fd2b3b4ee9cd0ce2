import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from '../../test/app.js';
import { buildUser } from '../../test/builders.js';
import { createProject } from '../../test/documents.js';
import type { Knex } from 'knex';
import { efSearchFor, hybridEfSearchFor, nearestChunks, searchPassages, tableStats } from './search.js';
import { ensureVectorIndex, indexedDistanceSql, indexedType, indexPredicate, isWebAssembly, vectorLiteral } from './vectors.js';

/**
 * The common-terms handling of hybrid search, on a project big enough for it (4,200 passages share the
 * word "zorblatt"; ANALYZE gathers the lexeme statistics autovacuum would).
 */
describe('hybrid search: common words', function () {
  this.timeout(60_000);
  let app: TestApp;
  let userId: string;
  let projectId: string;
  let smallProjectId: string;
  let hugeProjectId: string;
  const named: Record<string, string> = {};

  before(async () => {
    app = await startTestApp();
    const u = await buildUser(app);
    userId = u.id;
    projectId = await createProject(app, u, 'Common words');
    const knex = app.deps.knex;
    // Its chunk count stands for a project of 8,000 passages, so that "zorblatt filing" (each word in ~95%
    // of them) is well past the 2,000 matches where full text is confined, whatever other suites left in
    // the shared table.
    const [doc] = await knex('documents')
      .insert({ userId, projectId, filename: 'minutes.pdf', mime: 'application/pdf', kind: 'pdf', bytes: 1, sha256: 'common-words', storageKey: 'none', status: 'ready', pages: 4200, chunkCount: 8000, embeddingModel: app.deps.embedder.model })
      .returning('id');
    const row = (ordinal: number, text: string, vector?: Float32Array) => ({
      documentId: doc.id, projectId, ordinal, page: ordinal + 1, location: `page ${ordinal + 1}`, charStart: 0, charEnd: text.length, tokenCount: 8, text,
      // Filler passages carry no vector (kept out of the HNSW graph so the test stays quick).
      ...(vector ? { embedding: vectorLiteral(vector), embeddingModel: app.deps.embedder.model, embeddingDim: vector.length } : {}),
    });
    const fillers = Array.from({ length: 4200 }, (_, i) => row(i, `Zorblatt minutes item ${i}: routine matters noted and filed as item ${i}.`));
    for (let i = 0; i < fillers.length; i += 500) await knex('chunks').insert(fillers.slice(i, i + 500));
    const special = {
      lisbon: 'Zorblatt office in Lisbon reported quarterly revenue of 4.2 million.',
      madrid: 'Zorblatt office in Madrid hired twelve engineers this quarter.',
      oslo: 'Zorblatt board met in Oslo to approve the budget.',
    };
    let ordinal = 5000;
    for (const [name, text] of Object.entries(special)) {
      const { vectors } = await app.deps.embedder.embed([text]);
      const [c] = await knex('chunks').insert(row(ordinal++, text, vectors[0])).returning('id');
      named[c.id] = name;
    }
    // A document embedded by a model since replaced: its chunk is not in the vector search's space.
    const [archive] = await knex('documents')
      .insert({ userId, projectId, filename: 'archive.pdf', mime: 'application/pdf', kind: 'pdf', bytes: 1, sha256: 'common-words-archive', storageKey: 'none', status: 'ready', pages: 1, chunkCount: 1, embeddingModel: 'retired-embedder' })
      .returning('id');
    const archived = 'Zorblatt archive kept from the retired filing system.';
    const [a] = await knex('chunks')
      .insert({ ...row(3000, archived, (await app.deps.embedder.embed([archived])).vectors[0]), documentId: archive.id, embeddingModel: 'retired-embedder' })
      .returning('id');
    named[a.id] = 'archive';
    // A small project of the same user: its 40 "zorblatt" passages are cheap to rank one by one.
    smallProjectId = await createProject(app, u, 'Small');
    const [small] = await knex('documents')
      .insert({ userId, projectId: smallProjectId, filename: 'small.pdf', mime: 'application/pdf', kind: 'pdf', bytes: 1, sha256: 'common-words-small', storageKey: 'none', status: 'ready', pages: 40, chunkCount: 40, embeddingModel: app.deps.embedder.model })
      .returning('id');
    await knex('chunks').insert(Array.from({ length: 40 }, (_, i) => ({ ...row(i, `Zorblatt note ${i}: routine matters noted.`), documentId: small.id, projectId: smallProjectId })));
    // A project as the statistics would see one of a million chunks (its documents' chunk count says so;
    // 61 are here): "harbour", in 1.4% of the table, is not a common word, yet would match 14k of them.
    hugeProjectId = await createProject(app, u, 'Huge');
    const [huge] = await knex('documents')
      .insert({ userId, projectId: hugeProjectId, filename: 'logs.pdf', mime: 'application/pdf', kind: 'pdf', bytes: 1, sha256: 'common-words-huge', storageKey: 'none', status: 'ready', pages: 61, chunkCount: 1_000_000, embeddingModel: app.deps.embedder.model })
      .returning('id');
    await knex('chunks').insert(Array.from({ length: 60 }, (_, i) => ({ ...row(i, `Harbour pilot log ${i}: routine matters noted.`), documentId: huge.id, projectId: hugeProjectId })));
    const master = 'Harbour master approved the new pilot schedule.';
    const [m] = await knex('chunks')
      .insert({ ...row(100, master, (await app.deps.embedder.embed([master])).vectors[0]), documentId: huge.id, projectId: hugeProjectId })
      .returning('id');
    named[m.id] = 'master';
    await knex.raw('ANALYZE chunks');
  });

  after(async () => {
    await app.deps.knex('projects').whereIn('id', [projectId, smallProjectId, hugeProjectId]).delete();
    await app?.close();
  });

  const search = (query: string, withEmbedder = true) =>
    searchPassages(withEmbedder ? app.deps : { knex: app.deps.knex }, { userId, projectId, query, limit: 8 });
  const isFiller = (text: string) => text.includes('routine matters');

  it('learns the common words from the planner statistics', async () => {
    const { common, rows, shares } = await tableStats(app.deps.knex, { refresh: true });
    assert.ok(common.includes('zorblatt') && common.includes('file'), `zorblatt and file should be common: ${common.join(' ')}`);
    assert.ok(!common.includes('lisbon'));
    // Less frequent lexemes keep their share, without being common.
    assert.ok(!common.includes('harbour') && Math.abs((shares.get('harbour') ?? 0) - 61 / rows) < 0.005, `harbour: ${shares.get('harbour')}`);
    assert.ok(rows >= 4244, `the table's row estimate (${rows}) counts this test's passages`);
  });

  it('learns the common word pairs from the pair index\'s statistics on PostgreSQL (PGlite has no such index)', async () => {
    const { wordPairs, pairShares, rows } = await tableStats(app.deps.knex);
    if (!wordPairs) return assert.equal(pairShares.size, 0);
    // Every filler says "routine matters": its pair's share is theirs.
    const fillers = Number((await app.deps.knex('chunks').where('text', 'like', '%routine matters%').count({ n: '*' }))[0].n);
    assert.ok(Math.abs((pairShares.get('routin matter') ?? 0) - fillers / rows) < 0.05, `routin matter: ${pairShares.get('routin matter')}, ${fillers} of ${rows}`);
  });

  it('leaves common words out of the any-word fallback, so the rare words decide', async () => {
    // No passage has all of zorblatt + lisbon + madrid + vienna: the fallback ORs lisbon | madrid | vienna.
    const hits = await search('zorblatt lisbon madrid vienna');
    assert.deepEqual(hits.filter((h) => isFiller(h.text)).map((h) => h.text), [], 'no passage matched by "zorblatt" alone');
    assert.deepEqual(new Set(hits.slice(0, 2).map((h) => named[h.chunkId])), new Set(['lisbon', 'madrid']));
  });

  it('ranks a query of only common words among its nearest passages, not over every match', async () => {
    // The fillers match "zorblatt" too but have no vector, so they stand for passages far from the query.
    const hits = await search('zorblatt');
    assert.deepEqual(new Set(hits.map((h) => named[h.chunkId])), new Set(['lisbon', 'madrid', 'oslo', 'archive']));
    assert.equal(hits.filter((h) => isFiller(h.text)).length, 0);
  });

  it('confines an `or` whose branch of common words alone matches too many', async () => {
    // 'zorblatt' | 'vienna': "vienna" is in no passage, but the or matches every filler.
    const hits = await search('zorblatt or vienna');
    assert.deepEqual(new Set(hits.map((h) => named[h.chunkId])), new Set(['lisbon', 'madrid', 'oslo', 'archive']));
  });

  it('ranks every match of an `or` whose branches each have a rare word', async () => {
    // 'item' & '17' | 'vienna': only filler 17 matches, and full text alone can find it (it has no vector).
    const hits = await search('item 17 or vienna');
    assert.ok(hits.some((h) => h.text.startsWith('Zorblatt minutes item 17:')), hits.map((h) => h.text).join(' | '));
  });

  it('still finds the passages of documents embedded by a replaced model for such a query', async () => {
    // Both words are common ("filing" and the fillers' "filed" are one lexeme), so full text is confined.
    const hits = await search('zorblatt filing');
    assert.ok(hits.some((h) => named[h.chunkId] === 'archive'), hits.map((h) => h.text).join(' | '));
    assert.equal(hits.filter((h) => isFiller(h.text)).length, 0);
  });

  it('confines a query of a less frequent word in a project big enough for its matches to be many', async () => {
    const hits = await searchPassages(app.deps, { userId, projectId: hugeProjectId, query: 'harbour', limit: 8 });
    assert.deepEqual(hits.map((h) => named[h.chunkId]), ['master'], hits.map((h) => h.text).join(' | '));
  });

  it('ranks every match of a common-words query in a project too small for the matches to be many', async () => {
    const hits = await searchPassages(app.deps, { userId, projectId: smallProjectId, query: 'zorblatt', limit: 8 });
    assert.equal(hits.length, 8);
    assert.ok(hits.every((h) => isFiller(h.text)), 'passages without a vector, found by full text');
  });

  it('ranks every match of a common-words query when there is no vector search', async () => {
    const hits = await search('zorblatt', false);
    assert.equal(hits.length, 8);
    assert.ok(hits.some((h) => isFiller(h.text)), 'passages found by full text alone are among them');
  });

  it('widens the HNSW search with the table, within bounds the planner still takes the index at', () => {
    assert.deepEqual([0, 2_000, 10_000, 40_000, 100_000, 5_000_000].map(efSearchFor), [100, 112, 250, 500, 791, 800]);
    // The vector half of a hybrid search searches at most 200 wide (its candidates are fused with full text's).
    assert.deepEqual([0, 10_000, 40_000, 100_000, 5_000_000].map(hybridEfSearchFor), [100, 200, 200, 200, 200]);
  });

  it('finds a passage holding a question of common words in order, though none of the nearest holds it', async () => {
    // Six common words: the question is confined to its nearest passages, and the fillers (no vector)
    // are never among them; the phrase is still searched over the whole project, and a phrase hit ranks first.
    const knex = app.deps.knex;
    const statements: string[] = [];
    const listen = (q: { sql: string }) => statements.push(q.sql);
    knex.on('query', listen);
    let hits: Awaited<ReturnType<typeof search>>;
    try {
      hits = await search('routine matters noted and filed as');
    } finally {
      knex.removeListener('query', listen);
    }
    assert.ok(hits.length > 0 && hits.every((h) => isFiller(h.text) && h.score > 1), hits.map((h) => h.text).join(' | '));
    // The phrase was looked for on its own, beside the nearest passages (not after them, among them), and
    // having been found, the words were not ranked at all.
    const phrase = statements.filter((sql) => sql.includes('f_phrase AS'));
    assert.equal(phrase.length, 1, statements.join('\n'));
    assert.doesNotMatch(phrase[0], /f_src|f_all/);
    assert.ok(!statements.some((sql) => sql.includes('f_all AS')), 'no all-words ranking');
  });

  it('looks for a phrase of common words by its word pairs on PostgreSQL, not in every passage holding its words', async () => {
    const knex = app.deps.knex;
    const statements: Array<{ sql: string; bindings: unknown[] }> = [];
    const listen = (q: { sql: string; bindings?: unknown[] }) => statements.push({ sql: q.sql, bindings: q.bindings ?? [] });
    knex.on('query', listen);
    try {
      // Every filler holds these four words, none in this order: the costly case, each listed and checked.
      assert.ok((await search('noted routine matters item')).every((h) => h.score < 1), 'no phrase hit');
    } finally {
      knex.removeListener('query', listen);
    }
    const statement = statements.find((q) => q.sql.includes('f_phrase AS'));
    assert.ok(statement, 'full text ranked the phrase');
    const indexed = !(await isWebAssembly(knex));
    assert.equal((await tableStats(knex)).wordPairs, indexed);
    if (!indexed) {
      // PGlite has no pair index (migration 033): the phrase is matched as before.
      assert.doesNotMatch(statement.sql, /tsv_word_pairs/);
      return;
    }
    const plan = await knex.transaction(async (trx) => {
      await trx.raw('SET LOCAL enable_seqscan = off');
      const { rows } = await trx.raw(`EXPLAIN ${statement.sql.replace(/\$\d+/g, '?')}`, statement.bindings as Knex.RawBinding[]);
      return (rows as Array<{ 'QUERY PLAN': string }>).map((r) => r['QUERY PLAN']).join('\n');
    });
    assert.match(plan, /Bitmap Index Scan on chunks_tsv_pairs_gin/, plan);
    assert.doesNotMatch(plan, /chunks_tsv_gin\b/, plan);
  });

  it('does not take a question of stop words and one word for a phrase', async () => {
    // Four words, so tried as a phrase, but the English configuration keeps only 'item': every passage
    // holding the word would be a "phrase hit" ranked above the rest.
    const hits = await search('and the item of');
    assert.ok(hits.length > 0 && hits.every((h) => h.score < 1), hits.map((h) => `${h.score} ${h.text}`).join(' | '));
  });

  it('ranks a question of common words among its nearest passages when no passage holds its words in order', async () => {
    // Four words or more, so the question is also searched as a phrase over the whole project; no passage has
    // "filing" before "zorblatt", so the all-words ranking among the nearest passages decides, and it still
    // reaches the document of the replaced model, which no vector search can.
    const hits = await search('filing from the zorblatt of the');
    assert.ok(hits.some((h) => named[h.chunkId] === 'archive'), hits.map((h) => h.text).join(' | '));
    assert.equal(hits.filter((h) => isFiller(h.text)).length, 0);
    assert.ok(hits.every((h) => h.score < 1), 'no phrase hit');
  });

  it('searches a question holding a table rule of dashes (nested "not"s would overflow the tsquery stack)', async () => {
    // websearch_to_tsquery reads "a ----…" as 40 nested "not"s and fails with "tsquery stack too small".
    const hits = await search(`zorblatt office Oslo ${'-'.repeat(40)} budget`);
    assert.equal(named[hits[0]?.chunkId], 'oslo');
    assert.ok((await search(`- - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - zorblatt Lisbon`)).length > 0);
  });

  it('keeps the precise all-words query when it has a rare word', async () => {
    const hits = await search('zorblatt office Oslo budget');
    assert.equal(named[hits[0].chunkId], 'oslo');
  });
});

/** The ANN query must order by the index's own expression, or PostgreSQL silently scans every row. */
describe('vector search: the index serves the query', function () {
  this.timeout(60_000);
  let app: TestApp;
  before(async () => (app = await startTestApp()));
  after(() => app?.close());

  for (const dim of [384, 1536, 3072]) {
    it(`orders ${dim}-dimension chunks by the expression of their HNSW index`, async () => {
      await ensureVectorIndex(app.deps.knex, dim);
      const type = await indexedType(app.deps.knex, dim);
      assert.equal(type, dim > 2000 || (dim === 384 && app.deps.engine === 'postgres') ? 'halfvec' : 'vector');
      const query = vectorLiteral(Float32Array.from({ length: dim }, (_, i) => Math.sin(i + 1)));
      const plan = await app.deps.knex.transaction(async (trx) => {
        await trx.raw('SET LOCAL enable_seqscan = off'); // a near-empty table would be scanned anyway
        const { rows } = await trx.raw(`EXPLAIN SELECT c.id FROM chunks c WHERE ${indexPredicate(dim, 'canonical', 'c')} ORDER BY ${await indexedDistanceSql(app.deps.knex, dim)} LIMIT 10`, [query]);
        return (rows as Array<{ 'QUERY PLAN': string }>).map((r) => r['QUERY PLAN']).join('\n');
      });
      assert.match(plan, new RegExp(`Index Scan using chunks_embedding_hnsw_${dim}\\b`), plan);
    });
  }

  it('runs the nearest-passages statement on the index, its search breadth set inside it', async () => {
    const knex = app.deps.knex;
    const statements: Array<{ sql: string; bindings: unknown[] }> = [];
    const listen = (q: { sql: string; bindings?: unknown[] }) => statements.push({ sql: q.sql, bindings: q.bindings ?? [] });
    knex.on('query', listen);
    const values = Float32Array.from({ length: 384 }, (_, i) => Math.cos(i + 1));
    try {
      await nearestChunks(knex, { projectId: '00000000-0000-4000-8000-000000000000' }, { values, model: 'm' }, { efSearch: 123 });
    } finally {
      knex.removeListener('query', listen);
    }
    const statement = statements.find((q) => q.sql.includes('ORDER BY c.embedding'));
    assert.ok(statement, 'one statement ranks the chunks');
    assert.match(statement.sql, /set_config\('hnsw\.ef_search', '123', true\)/);
    const plan = await knex.transaction(async (trx) => {
      await trx.raw('SET LOCAL enable_seqscan = off');
      // An empty project would be fetched by its id and sorted (other files' chunks share the table): the
      // question is whether the statement CAN be served in index order, so sorting is priced out.
      await trx.raw('SET LOCAL enable_sort = off');
      const { rows } = await trx.raw(`EXPLAIN ${statement.sql.replace(/\$\d+/g, '?')}`, statement.bindings as Knex.RawBinding[]);
      return (rows as Array<{ 'QUERY PLAN': string }>).map((r) => r['QUERY PLAN']).join('\n');
    });
    assert.match(plan, /Index Scan using chunks_embedding_hnsw_384\b/, plan);
    // The setting is the statement's own: the next one on the connection sees the default again.
    const { rows } = await knex.raw(`SELECT current_setting('hnsw.ef_search') AS ef`);
    assert.notEqual(rows[0].ef, '123');
  });

  it('orders the nearest chunks by their full-precision vectors, not by the half-precision copies the index holds', async () => {
    const knex = app.deps.knex;
    const u = await buildUser(app);
    const projectId = await createProject(app, u, 'Half precision');
    const [doc] = await knex('documents')
      .insert({ userId: u.id, projectId, filename: 'near.txt', mime: 'text/plain', kind: 'txt', bytes: 1, sha256: 'half-precision', storageKey: 'none', status: 'ready', chunkCount: 2 })
      .returning('id');
    // In half precision (steps of 2^-9 near 2, 2^-11 just under 1) `truer` becomes (2, 1) and `rounder`
    // (2, 0.99951): `rounder` is the nearer of the two there, `truer` the nearer in full precision.
    const vector = (x: number, y: number) => vectorLiteral(Float32Array.from({ length: 384 }, (_, i) => (i === 0 ? x : i === 1 ? y : 0)));
    const ids: Record<string, string> = {};
    for (const [ordinal, [name, x, y]] of ([['truer', 2.0009, 1], ['rounder', 2, 0.9996]] as const).entries()) {
      const [c] = await knex('chunks')
        .insert({ documentId: doc.id, projectId, ordinal, location: 'line 1', charStart: 0, charEnd: 4, tokenCount: 1, text: name, embedding: knex.raw('?::vector', [vector(x, y)]), embeddingDim: 384, embeddingModel: 'half-test' })
        .returning('id');
      ids[c.id] = name;
    }
    const query = { values: Float32Array.from({ length: 384 }, (_, i) => (i === 0 ? 1 : 0)), model: 'half-test' };
    // Sorted by the index's own expression, not through the graph: which of two so near is found first in
    // an approximate search is up to the graph, and this is about the order the index's values give.
    const nearest = (refine?: boolean) => knex.transaction(async (trx) => {
      await trx.raw('SET LOCAL enable_indexscan = off');
      return (await nearestChunks(trx, { projectId }, query, { limit: 1, ...(refine === undefined ? {} : { refine }) })).map((r) => ids[r.id]);
    });
    assert.deepEqual(await nearest(), ['truer']);
    // Unrefined, the half-precision copies decide (PGlite's index is full precision).
    assert.deepEqual(await nearest(false), [app.deps.engine === 'postgres' ? 'rounder' : 'truer']);
  });

  it('keeps the local embedder\'s index over half-precision copies on PostgreSQL (full precision on PGlite), rows in full precision', async () => {
    const { rows } = await app.deps.knex.raw(`SELECT pg_get_indexdef('chunks_embedding_hnsw_384'::regclass) AS def`);
    const type = app.deps.engine === 'postgres' ? 'halfvec' : 'vector';
    // Built wider on PostgreSQL (migration 031); PGlite keeps 010's graph.
    const efConstruction = app.deps.engine === 'postgres' ? 200 : 64;
    assert.match(rows[0].def, new RegExp(`${type}\\(384\\)\\) ${type}_cosine_ops\\) WITH \\(m='12', ef_construction='${efConstruction}'\\)`), rows[0].def);
    // Only the first of identical chunks is in the graph (migration 012).
    assert.match(rows[0].def, /WHERE \(\(embedding_dim = 384\) AND \(copy_of_ordinal IS NULL\)\)$/, rows[0].def);
    const column = await app.deps.knex.raw(`SELECT format_type(atttypid, atttypmod) AS t FROM pg_attribute WHERE attrelid = 'chunks'::regclass AND attname = 'embedding'`);
    assert.equal(column.rows[0].t, 'vector');
  });
});

/**
 * Versions, hosts, URLs, paths and addresses are one token to PostgreSQL's parser; migration 032 indexes
 * their parts, and the query is read the same way, so full text alone (no embedder here) finds them either way.
 */
describe('full-text search: the words inside versions, URLs, paths and addresses', function () {
  this.timeout(60_000);
  let app: TestApp;
  let userId: string;
  let projectId: string;
  const ids: Record<string, string> = {};

  before(async () => {
    app = await startTestApp();
    const u = await buildUser(app);
    userId = u.id;
    projectId = await createProject(app, u, 'Compound words');
    const knex = app.deps.knex;
    const [doc] = await knex('documents')
      .insert({ userId, projectId, filename: 'manual.pdf', mime: 'application/pdf', kind: 'pdf', bytes: 1, sha256: 'compound-words', storageKey: 'none', status: 'ready', pages: 6, chunkCount: 6 })
      .returning('id');
    const texts = {
      version: 'Changed in version 3.17: variables passed to this command are ignored.',
      url: 'The full documentation can be found at https://cloud.example.com/iam/docs/managing-policies for details.',
      path: 'The identifier is read from the VERSION_ID= field of /etc/os-release at start.',
      mail: 'Send the signed form to billing-team@acme.example.org before Friday.',
      sentence: 'Quarterly revenue rose. Margins held steady across the region.',
      other: 'Version 17 of the plan was replaced by version 3 in the spring.',
    };
    for (const [i, [name, text]] of Object.entries(texts).entries()) {
      const [c] = await knex('chunks')
        .insert({ documentId: doc.id, projectId, ordinal: i, page: i + 1, location: `page ${i + 1}`, charStart: 0, charEnd: text.length, tokenCount: 12, text })
        .returning('id');
      ids[name] = c.id;
    }
  });
  after(() => app.close());

  /** Full text only: the ranking this test is about, with no vector search to make up for it. */
  const first = async (query: string) => (await searchPassages({ knex: app.deps.knex }, { userId, projectId, query, limit: 3 }))[0]?.chunkId;

  it('finds a version, a URL, a path and an address by the words inside them', async () => {
    assert.equal(await first('changed in version 3 17'), ids.version);
    assert.equal(await first('cloud example com iam docs'), ids.url);
    assert.equal(await first('VERSION ID field of etc os-release'), ids.path);
    assert.equal(await first('billing-team acme example org'), ids.mail);
  });

  it('still finds them as written, a quoted version as its figures in order', async () => {
    assert.equal(await first('version 3.17'), ids.version);
    assert.equal(await first('"3.17"'), ids.version);
    assert.equal(await first('https://cloud.example.com/iam/docs'), ids.url);
    assert.equal(await first('/etc/os-release'), ids.path);
    assert.equal(await first('billing-team@acme.example.org'), ids.mail);
  });

  it('leaves sentence ends alone', async () => {
    const { rows } = await app.deps.knex.raw('SELECT tsv::text AS tsv FROM chunks WHERE id = ?', [ids.sentence]);
    assert.match(rows[0].tsv, /'rose':3\b/);
    assert.match(rows[0].tsv, /'margin':4\b/);
  });
});
