import Router from '@koa/router';
import type { Context } from 'koa';
import { authenticate } from '../auth/authenticate.js';
import { tokenFromQuery } from '../auth/token-from-query.js';
import type { Config } from '../config.js';
import { AppError } from '../http/errors.js';
import { openSse } from '../http/sse.js';
import { uuidParam, validated } from '../http/validate.js';
import { balanceChannel, currentBalance } from './balance-events.js';
import { getPayment, listPayments, presentPayment } from './payments.js';
import { requestLanguage } from '../http/localize.js';
import { receiptHtml, receiptPdf } from './receipts.js';
import { pageQuery } from './schema.js';
import { verifyWebhook } from './stripe.js';
import { processEvent } from './webhook.js';

/** The webhook reads its own body: the signature is over the exact bytes, so the JSON body parser skips it. */
export const STRIPE_WEBHOOK_PATH = '/api/v1/billing/webhook';
const WEBHOOK_LIMIT_BYTES = 1024 * 1024;

/**
 * The body as bytes, at most WEBHOOK_LIMIT_BYTES. A body declared too large is refused unread (Node discards
 * it); one that grows too large is read to its end and dropped rather than abandoned mid-stream, which left
 * the keep-alive connection stalled for the client's next request.
 */
async function rawBody(ctx: Context): Promise<Buffer> {
  const tooLarge = () => new AppError(413, 'payload_too_large', 'The request body is too large.');
  if ((ctx.request.length ?? 0) > WEBHOOK_LIMIT_BYTES) throw tooLarge();
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of ctx.req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size <= WEBHOOK_LIMIT_BYTES) chunks.push(chunk);
  }
  if (size > WEBHOOK_LIMIT_BYTES) throw tooLarge();
  return Buffer.concat(chunks);
}

/**
 * /api/v1/billing routes that are not plain JSON-with-Bearer: the Stripe webhook (signature instead of a
 * session), and the balance stream and receipts, which a browser opens directly (EventSource, a link), so
 * they also accept `?access_token=`.
 */
export function billingStreamRoutes(config: Config): Router {
  const router = new Router({ prefix: '/billing' });

  router.post('/webhook', async (ctx) => {
    const event = verifyWebhook(ctx.deps.config, await rawBody(ctx), ctx.get('stripe-signature') || undefined);
    const result = await processEvent(ctx.deps, event);
    ctx.body = { received: true, duplicate: result.duplicate, outcome: result.outcome };
  });

  const auth = [tokenFromQuery(), authenticate(config)];

  router.get('/balance/stream', ...auth, async (ctx) => {
    const userId = ctx.state.user.id as string;
    const sse = openSse(ctx);
    // Subscribe before reading the first value, so no change falls between the two.
    // With ids, a client that reconnects (maybe to another process) first gets the changes it missed.
    const unsubscribe = await ctx.deps.events.subscribe(balanceChannel(userId), (event, id) => sse.send('balance', event, id), { after: sse.lastEventId });
    sse.onClose(unsubscribe);
    sse.send('balance', await currentBalance(ctx.deps, userId));
  });

  router.get('/payments', ...auth, validated({ query: pageQuery }, async (ctx, { query }) => {
    const rows = await listPayments(ctx.deps.knex, ctx.state.user.id, { limit: query.limit + 1, before: query.before });
    const page = rows.slice(0, query.limit);
    ctx.set('Cache-Control', 'no-store');
    ctx.body = { data: page.map(presentPayment), pagination: { limit: query.limit, nextBefore: rows.length > query.limit ? page[page.length - 1].id : null } };
  }));

  router.get('/payments/:id/receipt', ...auth, validated({ params: uuidParam }, async (ctx, { params }) => {
    const payment = await getPayment(ctx.deps.knex, ctx.state.user.id, params.id);
    const token = typeof ctx.query.access_token === 'string' ? `?access_token=${encodeURIComponent(ctx.query.access_token)}` : '';
    ctx.set('Cache-Control', 'no-store');
    ctx.type = 'text/html; charset=utf-8';
    ctx.body = receiptHtml(payment, ctx.state.user, `/api/v1/billing/payments/${payment.id}/receipt.pdf${token}`, requestLanguage(ctx));
  }));

  router.get('/payments/:id/receipt.pdf', ...auth, validated({ params: uuidParam }, async (ctx, { params }) => {
    const payment = await getPayment(ctx.deps.knex, ctx.state.user.id, params.id);
    ctx.set('Cache-Control', 'no-store');
    ctx.set('Content-Disposition', `attachment; filename="intellio-receipt-${payment.receiptNumber}.pdf"`);
    ctx.type = 'application/pdf';
    ctx.body = Buffer.from(await receiptPdf(payment, ctx.state.user, requestLanguage(ctx)));
  }));

  return router;
}
