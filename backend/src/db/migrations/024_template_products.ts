import type { Knex } from 'knex';

/**
 * Issue 28 §2, templates as products. `template_versions` keeps every prompt a template has had (a restore
 * is a new version equal to an old one, so the history only grows); an analysis records the version it ran
 * (`analyses.template_version_id`). `templates.monthly_token_budget` caps what all runs of a template may
 * charge in a calendar month (UTC); null means no cap.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('template_versions', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.uuid('template_id').notNullable().references('templates.id').onDelete('CASCADE');
    t.integer('number').notNullable();
    t.text('prompt').notNullable();
    t.uuid('created_by').references('users.id').onDelete('SET NULL');
    t.uuid('restored_from').references('template_versions.id').onDelete('SET NULL');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.unique(['template_id', 'number']);
  });
  // Every existing template starts its history with what it says today.
  await knex.raw(
    `INSERT INTO template_versions (template_id, number, prompt, created_by, created_at)
     SELECT id, 1, prompt, owner_id, updated_at FROM templates`,
  );
  await knex.schema.alterTable('templates', (t) => {
    t.bigInteger('monthly_token_budget');
  });
  await knex.raw('ALTER TABLE templates ADD CONSTRAINT templates_budget_check CHECK (monthly_token_budget IS NULL OR monthly_token_budget >= 0)');
  await knex.schema.alterTable('analyses', (t) => {
    t.uuid('template_version_id').references('template_versions.id').onDelete('SET NULL');
  });
  // The budget sums a template's runs of the month; analytics group them by template and version.
  await knex.raw('CREATE INDEX analyses_template ON analyses (template_id, created_at) WHERE template_id IS NOT NULL');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP INDEX IF EXISTS analyses_template');
  await knex.schema.alterTable('analyses', (t) => {
    t.dropColumn('template_version_id');
  });
  await knex.schema.alterTable('templates', (t) => {
    t.dropColumn('monthly_token_budget');
  });
  await knex.schema.dropTableIfExists('template_versions');
}
