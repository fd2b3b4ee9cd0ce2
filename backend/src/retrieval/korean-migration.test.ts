/**
 * Migration 018 on a database that already holds chunks: their Hangul bigrams are backfilled, and the
 * local-embedder documents with Hangul text (whose vectors the embedder now computes otherwise) are marked
 * as embedded by an older model, so vector search leaves them out until the worker re-embeds them.
 */
import assert from 'node:assert/strict';
import { buildUser } from '../../test/builders.js';
import { migrationTestApp } from '../../test/migrations.js';
import { createProject } from '../../test/documents.js';
import { migrationSource } from '../db/migrations/index.js';

const NAME = '018_search_korean';
const LATER = '035_search_korean_words';

describe('migration 018: Korean search on existing chunks', function () {
  this.timeout(120_000);
  const testApp = migrationTestApp();

  it('backfills the bigrams and marks only local-embedder documents with Hangul text for re-embedding, and undoes both', async () => {
    const app = testApp();
    const knex = app.deps.knex;
    const user = await buildUser(app);
    const projectId = await createProject(app, user, 'Before 018');
    // Migration 035 redefines this one's function and column: it is rolled back first, so that this one is
    // tested alone and the suite's later tests get 035's back (migrationTestApp migrates to the latest after).
    await knex.migrate.down({ migrationSource, name: LATER });
    await knex.migrate.down({ migrationSource, name: NAME });
    const column = () => knex.raw(`SELECT 1 FROM pg_attribute WHERE attrelid = 'chunks'::regclass AND attname = 'tsv_hangul' AND NOT attisdropped`);
    assert.equal((await column()).rows.length, 0);

    const ids: Record<string, string> = {};
    const seed = [['korean', '서울 지점의 매출은 4,812억 원', 'local-hash-v1'], ['english', 'English only text', 'local-hash-v1'], ['openai', '서울 매출', 'text-embedding-3-small']];
    for (const [name, text, model] of seed) {
      const [doc] = await knex('documents')
        .insert({ userId: user.id, projectId, filename: `${name}.txt`, mime: 'text/plain', kind: 'txt', bytes: 1, sha256: `m018-${name}`, storageKey: 'none', status: 'ready', chunkCount: 1, embeddingModel: model })
        .returning('id');
      ids[name] = doc.id;
      await knex('chunks').insert({ documentId: doc.id, projectId, ordinal: 0, location: 'line 1', charStart: 0, charEnd: text.length, tokenCount: 3, text, embeddingModel: model });
    }
    await knex.migrate.up({ migrationSource, name: NAME });

    const models = async () => {
      const docs = await knex('documents').whereIn('id', Object.values(ids)).select('id', 'embeddingModel');
      const chunks = await knex('chunks').whereIn('documentId', Object.values(ids)).select('documentId', 'embeddingModel');
      return Object.keys(ids).map((n) => [docs.find((d) => d.id === ids[n])?.embeddingModel, chunks.find((c) => c.documentId === ids[n])?.embeddingModel]);
    };
    assert.deepEqual(await models(), [
      ['local-hash-v1+pre-hangul', 'local-hash-v1+pre-hangul'],
      ['local-hash-v1', 'local-hash-v1'],
      ['text-embedding-3-small', 'text-embedding-3-small'],
    ]);
    const chunk = await knex('chunks').where({ documentId: ids.korean }).first();
    assert.match(String(chunk.tsvHangul), /'매출'/);

    await knex.migrate.down({ migrationSource, name: NAME });
    assert.deepEqual((await models()).map(([doc]) => doc), ['local-hash-v1', 'local-hash-v1', 'text-embedding-3-small']);
    assert.equal((await column()).rows.length, 0);
    await knex.migrate.up({ migrationSource, name: NAME });
    assert.equal((await column()).rows.length, 1);
  });
});
