import type { Knex } from 'knex';
import { timestamps } from './001_foundation.js';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('categories', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.uuid('user_id').notNullable().references('users.id').onDelete('CASCADE');
    t.text('name').notNullable();
    t.integer('position').notNullable();
    timestamps(t, knex);
    // Deferred, so a reorder may pass through duplicates inside its transaction but never commit one.
    t.unique(['user_id', 'position'], { indexName: 'categories_user_position_unique', deferrable: 'deferred' });
  });
  await knex.schema.createTable('projects', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.uuid('user_id').notNullable().references('users.id').onDelete('CASCADE');
    t.uuid('category_id').notNullable().references('categories.id').onDelete('CASCADE');
    t.text('name').notNullable();
    t.text('description');
    t.integer('position').notNullable();
    timestamps(t, knex);
    t.unique(['category_id', 'position'], { indexName: 'projects_category_position_unique', deferrable: 'deferred' });
    t.index(['user_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('projects');
  await knex.schema.dropTableIfExists('categories');
}
