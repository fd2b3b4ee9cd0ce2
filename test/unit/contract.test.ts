/**
 * The API contract (backend/src/contract/*, STYLE.md §15) against what the backend really sends: real presenter
 * output parsed with the contract's strict schemas, so a field the server adds, drops or retypes without the
 * contract fails here. The type checks at the bottom do the same at compile time for the presenters that are
 * not typed with the contract themselves (payments, template versions and examples, the feedback summary,
 * the per-call trail).
 */
import assert from 'node:assert/strict';
import type { Knex } from 'knex';
import type { z } from 'zod';
import { balanceSchema, ledgerEntrySchema, paymentSchema, plansSchema, type Payment } from '../../backend/src/contract/billing.js';
import { projectDocumentSchema } from '../../backend/src/contract/documents.js';
import { feedbackSummarySchema, type FeedbackSummary } from '../../backend/src/contract/feedback.js';
import { categorySchema, projectSchema } from '../../backend/src/contract/projects.js';
import { templateSchema, templateVersionSchema, type ExampleCandidate, type TemplateVersion } from '../../backend/src/contract/templates.js';
import { presentBalance, presentLedger, presentPlans } from '../../backend/src/billing/presenter.js';
import { presentPayment, type PaymentRow } from '../../backend/src/billing/payments.js';
import type { LedgerEntry as LedgerRow } from '../../backend/src/billing/ledger.js';
import { loadConfig } from '../../backend/src/config.js';
import { modelCallSchema, type ModelCall } from '../../backend/src/contract/usage.js';
import { presentDocument } from '../../backend/src/documents/presenter.js';
import { presentModelCall } from '../../backend/src/monitoring/calls.js';
import type { Document } from '../../backend/src/documents/model.js';
import { presentCategory, presentProject } from '../../backend/src/projects/presenter.js';
import type { Project } from '../../backend/src/projects/model.js';
import type { Category } from '../../backend/src/categories/model.js';
import { presentTemplate } from '../../backend/src/templates/presenter.js';
import { presentVersion } from '../../backend/src/templates/versions.js';
import type { exampleCandidates } from '../../backend/src/templates/examples.js';
import { feedbackSummary } from '../../backend/src/prompts/feedback.js';
import type { Template, TemplateVersion as VersionRow } from '../../backend/src/templates/model.js';

const at = new Date('2026-12-01T09:00:00.000Z');

/** Parses `value` with `schema`, failing with the paths of every mismatch (an extra key included). */
function conforms(schema: z.ZodTypeAny, value: unknown): void {
  const parsed = schema.safeParse(value);
  assert.ok(parsed.success, parsed.success ? '' : parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('\n'));
}

/** The schema refuses a field it does not know: the check above cannot pass on a drifted shape. */
function refusesExtra(schema: z.ZodTypeAny, value: object): void {
  assert.equal(schema.safeParse({ ...value, addedOnTheServer: 1 }).success, false);
}

const ledgerRow = (over: Partial<LedgerRow>): LedgerRow => ({
  id: 'l1',
  userId: 'u1',
  delta: 100,
  kind: 'grant',
  reference: 'signup:basic',
  idempotencyKey: 'k1',
  balanceAfter: 100,
  metadata: {},
  createdAt: at,
  ...over,
} as LedgerRow);

describe('API contract (backend/src/contract) against the presenters', () => {
  it('billing: balance, ledger lines of every detail, plans and a payment', async () => {
    const balance = presentBalance({ balance: 500, reserved: 20, available: 480 } as Parameters<typeof presentBalance>[0], 'pro');
    conforms(balanceSchema, balance);
    refusesExtra(balanceSchema, balance);

    // References that name no row (no analysis:/document: uuid) are described without a query.
    const lines = await presentLedger({} as Knex, [
      ledgerRow({}),
      ledgerRow({ id: 'l2', kind: 'adjust', delta: -5, reference: 'admin:x', metadata: { reason: 'goodwill', uncovered: 3 } }),
      ledgerRow({ id: 'l3', kind: 'purchase', reference: 'payment:IN-0001', metadata: { payment: 'auto_pay' } }),
      ledgerRow({ id: 'l4', kind: 'refund', delta: -100, reference: 'payment:IN-0001' }),
      ledgerRow({ id: 'l5', kind: 'embedding', delta: -1, reference: 'embedding:query' }),
      ledgerRow({ id: 'l6', kind: 'embedding', delta: -1, reference: null }),
    ]);
    assert.deepEqual(lines.map((l) => l.detail.what), ['signup', 'admin', 'payment', 'refund', 'search', 'other']);
    for (const line of lines) conforms(ledgerEntrySchema, line);
    refusesExtra(ledgerEntrySchema, lines[0]);

    const config = loadConfig({ NODE_ENV: 'test' });
    const plans = presentPlans(config, 'basic', { planId: 'pro', status: 'active', currentPeriodEnd: at.toISOString(), cancelAtPeriodEnd: false });
    conforms(plansSchema, plans);
    conforms(plansSchema, presentPlans(config, 'basic', null));

    const row: PaymentRow = {
      id: 'p1',
      userId: 'u1',
      receiptNumber: 'IN-0001',
      kind: 'token_pack',
      status: 'succeeded',
      amountCents: 900,
      currency: 'usd',
      tokens: 1000,
      refundedCents: 0,
      description: null,
      receiptUrl: null,
      failureMessage: null,
      paidAt: at,
      createdAt: at,
    };
    const payment = presentPayment(row);
    conforms(paymentSchema, payment);
    refusesExtra(paymentSchema, payment);
  });

  it('documents, projects and categories', () => {
    const document = presentDocument({
      id: 'd1',
      projectId: 'p1',
      filename: 'leases.pdf',
      mime: 'application/pdf',
      kind: 'pdf',
      bytes: '2048',
      pages: 3,
      locationKind: 'page',
      status: 'ready',
      progress: 100,
      error: null,
      chunkCount: 4,
      rowCount: null,
      ocrPages: null,
      ocrPageNumbers: null,
      createdAt: at,
      updatedAt: at,
      processedAt: at,
    } as unknown as Document);
    conforms(projectDocumentSchema, document);
    refusesExtra(projectDocumentSchema, document);

    const project = { id: 'p1', categoryId: 'c1', name: 'Leases', description: null, position: 0, createdAt: at, updatedAt: at } as unknown as Project;
    conforms(projectSchema, presentProject(project));
    const category = presentCategory({ id: 'c1', name: 'Work', position: 0 } as Category, [project], new Map([['p1', { lastActivityAt: at, documentCount: 2 }]]));
    conforms(categorySchema, category);
    assert.equal(category.projects[0].documentCount, 2);
  });

  it('templates and their versions (with and without examples)', () => {
    const template = presentTemplate(
      { id: 't1', ownerId: 'u1', name: 'Trend', description: null, prompt: 'Trend of {{selection}} for {{region}}', visibility: 'shared', monthlyTokenBudget: '5000', createdAt: at, updatedAt: at } as unknown as Template,
      'u1',
      [{ email: 'kim@example.com', pending: true }],
    );
    conforms(templateSchema, template);
    refusesExtra(templateSchema, template);

    const version = {
      id: 'v1',
      templateId: 't1',
      number: 2,
      prompt: 'Trend',
      createdBy: 'u1',
      restoredFrom: null,
      examples: [{ use: 'answer', analysisId: 'a1', question: 'Why?', selection: 'Sheet1 A1:B3', answer: 'Because.', addedAt: at.toISOString() }],
      createdAt: at,
    } as unknown as VersionRow;
    conforms(templateVersionSchema, presentVersion(version, 'v1', true));
    conforms(templateVersionSchema, presentVersion(version, 'v0'));
    refusesExtra(templateVersionSchema, presentVersion(version, 'v1'));
  });

  it('the per-call trail', () => {
    const call = presentModelCall({
      id: 'm1',
      createdAt: at,
      kind: 'chat',
      purpose: null,
      model: 'gpt-4o-mini',
      status: 'ok',
      tokensIn: '120',
      tokensOut: 40,
      costTokens: 3,
      chargedTokens: 3,
      latencyMs: 800,
      analysisId: 'a1',
      documentId: null,
      ledgerEntryId: 'l1',
      error: null,
    });
    assert.equal(call.tokensIn, 120);
    conforms(modelCallSchema, call);
    refusesExtra(modelCallSchema, call);
  });

  it('the feedback summary', async () => {
    // The query's rows, as the feedback table joined with templates gives them; the grouping is the real one.
    const rows = [
      { intent: 'trend', templateId: 't1', templateName: 'Trend', rating: 'up', comment: null },
      { intent: 'trend', templateId: null, templateName: null, rating: 'down', comment: 'wrong quarter totals' },
    ];
    const query = { leftJoin: () => query, select: () => query, orderBy: () => query, limit: async () => rows };
    const summary = await feedbackSummary((() => query) as unknown as Knex);
    assert.equal(summary.byIntent[0].total, 2);
    assert.equal(summary.byTemplate[0].templateName, 'Trend');
    conforms(feedbackSummarySchema, summary);
    refusesExtra(feedbackSummarySchema, summary);
  });
});

// Compile-time: the presenters not typed with the contract have exactly its keys and (but for the payment's
// `createdAt` and the call's `at`, never null for a stored row) its types, so a field added on the server fails the typecheck.
type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
type Expect<T extends true> = T;
type PaymentJson = ReturnType<typeof presentPayment>;
type VersionJson = ReturnType<typeof presentVersion>;
type CandidateJson = Awaited<ReturnType<typeof exampleCandidates>>[number];
type SummaryJson = Awaited<ReturnType<typeof feedbackSummary>>;
type CallJson = ReturnType<typeof presentModelCall>;
export type ContractChecks = [
  Expect<Equal<keyof PaymentJson, keyof Payment>>,
  Expect<PaymentJson extends Omit<Payment, 'createdAt'> ? true : false>,
  Expect<Equal<keyof VersionJson, keyof TemplateVersion>>,
  Expect<VersionJson extends TemplateVersion ? true : false>,
  Expect<Equal<keyof CandidateJson, keyof ExampleCandidate>>,
  Expect<CandidateJson extends ExampleCandidate ? true : false>,
  Expect<SummaryJson extends FeedbackSummary ? true : false>,
  Expect<FeedbackSummary extends SummaryJson ? true : false>,
  Expect<Equal<keyof CallJson, keyof ModelCall>>,
  Expect<CallJson extends Omit<ModelCall, 'at'> ? true : false>,
];
