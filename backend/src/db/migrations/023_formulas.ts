import type { Knex } from 'knex';

/**
 * Issue 29, the =INTELLIO() cell formulas. A formula is computed as an analysis with source `formula`, so it
 * is reserved, settled and on the trail like any other. `formula_cache` holds one answer per user and item
 * (prompt, cells, mode, model, project) with the document fingerprint it was computed over: a different
 * fingerprint makes it stale, not missing. `formula_runs` records what each computation charged to which
 * workbook, for the per-workbook monthly cap kept in `formula_workbooks`.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw('ALTER TABLE analyses DROP CONSTRAINT analyses_source_check');
  await knex.raw(`ALTER TABLE analyses ADD CONSTRAINT analyses_source_check CHECK (source IN ('web','excel','sheets','formula'))`);

  await knex.schema.createTable('formula_cache', (t) => {
    t.uuid('user_id').notNullable().references('id').inTable('users').onDelete('CASCADE');
    t.text('item_key').notNullable();
    t.uuid('project_id').notNullable().references('id').inTable('projects').onDelete('CASCADE');
    t.text('fingerprint').notNullable();
    t.text('value').notNullable();
    t.jsonb('citations').notNullable().defaultTo('[]');
    t.uuid('analysis_id').references('id').inTable('analyses').onDelete('SET NULL');
    t.bigInteger('tokens_charged').notNullable().defaultTo(0);
    t.timestamp('computed_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('expires_at', { useTz: true }).notNullable();
    t.primary(['user_id', 'item_key']);
  });
  await knex.raw('CREATE INDEX formula_cache_expires ON formula_cache (expires_at)');

  await knex.schema.createTable('formula_workbooks', (t) => {
    t.uuid('user_id').notNullable().references('id').inTable('users').onDelete('CASCADE');
    t.text('workbook_id').notNullable();
    t.bigInteger('monthly_token_cap');
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.primary(['user_id', 'workbook_id']);
  });

  await knex.schema.createTable('formula_runs', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.uuid('user_id').notNullable().references('id').inTable('users').onDelete('CASCADE');
    t.text('workbook_id');
    t.uuid('analysis_id').references('id').inTable('analyses').onDelete('SET NULL');
    t.bigInteger('tokens_charged').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
  await knex.raw('CREATE INDEX formula_runs_workbook ON formula_runs (user_id, workbook_id, created_at)');
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('formula_runs');
  await knex.schema.dropTableIfExists('formula_workbooks');
  await knex.schema.dropTableIfExists('formula_cache');
  await knex.raw(`DELETE FROM analyses WHERE source = 'formula'`);
  await knex.raw('ALTER TABLE analyses DROP CONSTRAINT analyses_source_check');
  await knex.raw(`ALTER TABLE analyses ADD CONSTRAINT analyses_source_check CHECK (source IN ('web','excel','sheets'))`);
}
