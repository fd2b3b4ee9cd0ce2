import type { Knex } from 'knex';

/**
 * Issue 31, Korean first: a failed document keeps a machine code for its failure reason (`error_code`, e.g.
 * `too_many_cells`) and the figures the sentence names (`error_params`, e.g. `{ "max": 1000000 }`), so the
 * reason is worded in the reader's language when it is shown. `error` keeps the English sentence for logs.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('documents', (t) => {
    t.text('error_code');
    t.jsonb('error_params');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('documents', (t) => {
    t.dropColumn('error_params');
    t.dropColumn('error_code');
  });
}
