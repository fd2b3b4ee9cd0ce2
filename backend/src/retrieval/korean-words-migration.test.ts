/**
 * Migration 035 on a database that already holds chunks: both full-text columns are recomputed (Latin words
 * and figures apart from the Korean written onto them, hanja by bigrams, a syllable before a particle), all
 * three GIN indexes come back (the word-pair one where 033 built it), and down restores the old columns.
 */
import assert from 'node:assert/strict';
import { buildUser } from '../../test/builders.js';
import { migrationTestApp } from '../../test/migrations.js';
import { createProject } from '../../test/documents.js';
import { migrationSource } from '../db/migrations/index.js';
import { isWebAssembly } from './vectors.js';

const NAME = '035_search_korean_words';

describe('migration 035: Korean written onto Latin words, figures and hanja, on existing chunks', function () {
  this.timeout(120_000);
  const testApp = migrationTestApp();

  it('recomputes both columns of every chunk, keeps their indexes, and undoes it', async () => {
    const app = testApp();
    const knex = app.deps.knex;
    const user = await buildUser(app);
    const projectId = await createProject(app, user, 'Before 035');
    await knex.migrate.down({ migrationSource, name: NAME });
    const text = 'ESG경영 전략과 2024년 Q3의 內部統制의 평가. 값은 1,200이다.';
    const [doc] = await knex('documents')
      .insert({ userId: user.id, projectId, filename: 'notes.txt', mime: 'text/plain', kind: 'txt', bytes: 1, sha256: 'm035', storageKey: 'none', status: 'ready', chunkCount: 1 })
      .returning('id');
    await knex('chunks').insert({ documentId: doc.id, projectId, ordinal: 0, location: 'line 1', charStart: 0, charEnd: text.length, tokenCount: 8, text });
    const columns = async () => {
      const row = await knex('chunks').where({ documentId: doc.id }).first('tsv', 'tsvHangul');
      return { tsv: String(row.tsv), hangul: String(row.tsvHangul) };
    };
    const indexes = async () =>
      (await knex.raw(`SELECT indexname FROM pg_indexes WHERE indexname LIKE 'chunks_tsv%' ORDER BY indexname`)).rows.map((r: { indexname: string }) => r.indexname);
    const before = await indexes();
    assert.deepEqual(before, (await isWebAssembly(knex)) ? ['chunks_tsv_gin', 'chunks_tsv_hangul_gin'] : ['chunks_tsv_gin', 'chunks_tsv_hangul_gin', 'chunks_tsv_pairs_gin']);
    let { tsv, hangul } = await columns();
    assert.match(tsv, /'esg경영'/);
    assert.match(tsv, /'2024년'/);
    assert.doesNotMatch(hangul, /'統制'|'값'/);

    await knex.migrate.up({ migrationSource, name: NAME });
    ({ tsv, hangul } = await columns());
    for (const lexeme of ['esg', '경영', '2024', '년', 'q3', '1', '200']) assert.match(tsv, new RegExp(`'${lexeme}'`), lexeme);
    for (const gram of ['內部', '部統', '統制', '制의', '값', '값은', '4년']) assert.match(hangul, new RegExp(`'${gram}'`), gram);
    assert.deepEqual(await indexes(), before);
    // The question side reads questions through the same function.
    assert.equal((await knex.raw(`SELECT websearch_to_tsquery('english', search_text('Q3의 GDP는')) AS q`)).rows[0].q, `'q3' & '의' & 'gdp' & '는'`);

    await knex.migrate.down({ migrationSource, name: NAME });
    ({ tsv, hangul } = await columns());
    assert.match(tsv, /'esg경영'/);
    assert.doesNotMatch(hangul, /'統制'|'값'/);
    assert.deepEqual(await indexes(), before);
  });
});
