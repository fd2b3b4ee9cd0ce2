import type { Knex } from 'knex';

/**
 * A `charge.refunded` can reach us before the event that records its payment (Stripe does not order
 * deliveries). It used to be marked processed and dropped, so the refund was lost. It now waits here, one
 * row per charge holding the largest cumulative `amount_refunded` seen, until the payment is credited;
 * `applied_at` is set in the transaction that applies it.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('stripe_pending_refunds', (t) => {
    t.text('stripe_charge_id').primary();
    t.text('stripe_payment_intent_id');
    t.text('stripe_invoice_id');
    t.integer('amount_refunded').notNullable();
    t.text('stripe_event_id').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('applied_at', { useTz: true });
  });
  await knex.raw('CREATE INDEX stripe_pending_refunds_intent ON stripe_pending_refunds (stripe_payment_intent_id) WHERE applied_at IS NULL');
  await knex.raw('CREATE INDEX stripe_pending_refunds_invoice ON stripe_pending_refunds (stripe_invoice_id) WHERE applied_at IS NULL');
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('stripe_pending_refunds');
}
