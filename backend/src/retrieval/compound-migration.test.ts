/**
 * Migration 032 on a database that already holds chunks: their full-text column is recomputed with the
 * words inside versions and addresses, its index and statistics come back, and down restores the old one.
 */
import assert from 'node:assert/strict';
import { buildUser } from '../../test/builders.js';
import { migrationTestApp } from '../../test/migrations.js';
import { createProject } from '../../test/documents.js';
import { migrationSource } from '../db/migrations/index.js';

const NAME = '032_search_compound_words';
const LATER = '035_search_korean_words';

describe('migration 032: the words inside versions and addresses, on existing chunks', function () {
  this.timeout(120_000);
  const testApp = migrationTestApp();

  it('recomputes the column of every chunk, keeps its GIN index, and undoes it', async () => {
    const app = testApp();
    const knex = app.deps.knex;
    const user = await buildUser(app);
    const projectId = await createProject(app, user, 'Before 032');
    // Migration 035 redefines this one's function and column: it is rolled back first, so that this one is
    // tested alone and the suite's later tests get 035's back (migrationTestApp migrates to the latest after).
    await knex.migrate.down({ migrationSource, name: LATER });
    await knex.migrate.down({ migrationSource, name: NAME });
    const text = 'Changed in version 3.17, see docs.example.com.';
    const [doc] = await knex('documents')
      .insert({ userId: user.id, projectId, filename: 'notes.txt', mime: 'text/plain', kind: 'txt', bytes: 1, sha256: 'm032', storageKey: 'none', status: 'ready', chunkCount: 1 })
      .returning('id');
    await knex('chunks').insert({ documentId: doc.id, projectId, ordinal: 0, location: 'line 1', charStart: 0, charEnd: text.length, tokenCount: 8, text });
    const tsv = async () => String((await knex('chunks').where({ documentId: doc.id }).first('tsv')).tsv);
    const index = async () => (await knex.raw(`SELECT indexdef FROM pg_indexes WHERE indexname = 'chunks_tsv_gin'`)).rows.length;
    assert.match(await tsv(), /'3\.17'/);

    await knex.migrate.up({ migrationSource, name: NAME });
    assert.match(await tsv(), /'3':4\b/);
    assert.match(await tsv(), /'17':5\b/);
    assert.match(await tsv(), /'exampl':8\b/);
    assert.equal(await index(), 1);

    await knex.migrate.down({ migrationSource, name: NAME });
    assert.match(await tsv(), /'3\.17'/);
    assert.equal(await index(), 1);
    assert.equal((await knex.raw(`SELECT to_regproc('search_text') AS f`)).rows[0].f, null);
  });
});
