/**
 * Migration 033 on a database that already holds chunks: on PostgreSQL the word-pair index covers them at
 * once and a phrase search goes through it; PGlite gets the function alone; down takes them away.
 */
import assert from 'node:assert/strict';
import { buildUser } from '../../test/builders.js';
import { migrationTestApp } from '../../test/migrations.js';
import { createProject } from '../../test/documents.js';
import { migrationSource } from '../db/migrations/index.js';
import { tableStats } from './stats.js';
import { isWebAssembly } from './vectors.js';

const NAME = '033_search_word_pairs';

describe('migration 033: word pairs for phrase search, on existing chunks', function () {
  this.timeout(120_000);
  const testApp = migrationTestApp();

  it('indexes the pairs of every chunk, finds a phrase through them, and undoes it', async () => {
    const app = testApp();
    const knex = app.deps.knex;
    const user = await buildUser(app);
    const projectId = await createProject(app, user, 'Before 033');
    await knex.migrate.down({ migrationSource, name: NAME });
    const texts = ['You do not have permission to change the file.', 'Permission, group change and owner are listed.'];
    const [doc] = await knex('documents')
      .insert({ userId: user.id, projectId, filename: 'notes.txt', mime: 'text/plain', kind: 'txt', bytes: 1, sha256: 'm033', storageKey: 'none', status: 'ready', chunkCount: texts.length })
      .returning('id');
    await knex('chunks').insert(texts.map((text, ordinal) => ({ documentId: doc.id, projectId, ordinal, location: `line ${ordinal + 1}`, charStart: 0, charEnd: text.length, tokenCount: 8, text })));
    const index = async () => (await knex.raw(`SELECT indexdef FROM pg_indexes WHERE indexname = 'chunks_tsv_pairs_gin'`)).rows.length;
    assert.equal(await index(), 0);

    await knex.migrate.up({ migrationSource, name: NAME });
    const indexed = !(await isWebAssembly(knex));
    assert.equal(await index(), indexed ? 1 : 0);
    assert.equal((await tableStats(knex, { refresh: true })).wordPairs, indexed);
    // Both chunks hold 'permiss' <2> 'chang'; only the first says it, and only it holds the pair.
    const { rows } = await knex.raw(
      `SELECT ordinal FROM chunks WHERE document_id = ? AND tsv_word_pairs(tsv) @@ ?::tsquery AND ts_match_vq(tsv, ?::tsquery) ORDER BY ordinal`,
      [doc.id, `'permiss chang'`, `'permiss' <2> 'chang'`],
    );
    assert.deepEqual(rows.map((r: { ordinal: number }) => r.ordinal), [0]);
    // Rows written after the migration are in the index as they are written (an expression index).
    if (indexed) {
      await knex('chunks').insert({ documentId: doc.id, projectId, ordinal: 2, location: 'line 3', charStart: 0, charEnd: 10, tokenCount: 8, text: 'No permission to change it.' });
      await knex.transaction(async (trx) => {
        await trx.raw('SET LOCAL enable_seqscan = off');
        const query = `SELECT document_id, ordinal FROM chunks WHERE tsv_word_pairs(tsv) @@ '''permiss chang'''::tsquery`;
        const plan = (await trx.raw(`EXPLAIN ${query}`)).rows.map((r: Record<string, string>) => r['QUERY PLAN']).join('\n');
        assert.match(plan, /chunks_tsv_pairs_gin/);
        const found = (await trx.raw(query)).rows.filter((r: { document_id: string }) => r.document_id === doc.id);
        assert.deepEqual(found.map((r: { ordinal: number }) => r.ordinal).sort(), [0, 2]);
      });
    }

    await knex.migrate.down({ migrationSource, name: NAME });
    assert.equal(await index(), 0);
    assert.equal((await tableStats(knex, { refresh: true })).wordPairs, false);
    assert.equal((await knex.raw(`SELECT to_regproc('tsv_word_pairs') AS f`)).rows[0].f, null);
  });
});
