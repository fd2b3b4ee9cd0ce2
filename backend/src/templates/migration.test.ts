/**
 * Migration 024 on a database that already holds templates: each starts its history with its current prompt
 * as version 1, and the migration undoes cleanly.
 */
import assert from 'node:assert/strict';
import { buildUser } from '../../test/builders.js';
import { migrationTestApp } from '../../test/migrations.js';
import { migrationSource } from '../db/migrations/index.js';

const NAME = '024_template_products';
const LATER = ['027_template_examples'];

describe('migration 024: versions for existing templates', function () {
  this.timeout(120_000);
  const testApp = migrationTestApp();

  it('makes version 1 of every existing template, and undoes it', async () => {
    const app = testApp();
    const knex = app.deps.knex;
    const user = await buildUser(app);
    // Later migrations that change template_versions go first, or `latest` would think them still applied.
    for (const later of LATER) await knex.migrate.down({ migrationSource, name: later });
    await knex.migrate.down({ migrationSource, name: NAME });
    const table = async () => (await knex.raw("SELECT to_regclass('template_versions') AS t")).rows[0].t;
    assert.equal(await table(), null);
    const [old] = await knex('templates').insert({ ownerId: user.id, name: 'Old', prompt: 'Check {{sheet}}.', visibility: 'private' }).returning('id');

    await knex.migrate.up({ migrationSource, name: NAME });
    const versions = await knex('templateVersions').where({ templateId: old.id }).select('number', 'prompt', 'createdBy');
    assert.deepEqual(versions, [{ number: 1, prompt: 'Check {{sheet}}.', createdBy: user.id }]);
    assert.equal((await knex('templates').where({ id: old.id }).first('monthlyTokenBudget')).monthlyTokenBudget, null);
  });
});
