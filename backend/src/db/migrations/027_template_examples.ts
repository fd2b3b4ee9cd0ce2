import type { Knex } from 'knex';

/**
 * Issue 28 §2, examples from feedback. A template version carries the few-shot examples its runs send to the
 * model, next to its prompt: promoting or removing an example is a new version, like a prompt edit, so an
 * analysis's `template_version_id` names the exact examples it ran with. Each item is
 * `{ use, analysisId, question, selection, answer, addedBy, addedAt }` (templates/examples.ts).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('template_versions', (t) => {
    t.jsonb('examples').notNullable().defaultTo(knex.raw("'[]'::jsonb"));
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('template_versions', (t) => {
    t.dropColumn('examples');
  });
}
