import type { Knex } from 'knex';

/**
 * The answer's statements as checked against what they cite (issue 25): one jsonb list per analysis,
 * `[]` for analyses stored before the check existed. `model_calls.purpose` tells a claim-verification call
 * from the answer's own call on the trail (null = the call that produced the row's output).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('analyses', (t) => {
    t.jsonb('claims').notNullable().defaultTo('[]');
  });
  await knex.schema.alterTable('model_calls', (t) => {
    t.text('purpose');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('model_calls', (t) => {
    t.dropColumn('purpose');
  });
  await knex.schema.alterTable('analyses', (t) => {
    t.dropColumn('claims');
  });
}
