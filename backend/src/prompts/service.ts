/**
 * Prompt refinement: the deterministic rules always run (intent, selection description, format, citation
 * rule, the user's feedback); with a chat model configured, the model rewrites that draft into a
 * clearer prompt; like an analysis, the most it may cost is held first (without the tokens for it, the
 * rules' draft is the answer) and the hold is settled to the real usage.
 */
import { randomUUID } from 'node:crypto';
import OpenAI from 'openai';
import { InsufficientTokens, release, reserve, settle, type Reservation } from '../billing/ledger.js';
import { countPromptTokens } from '../analysis/context.js';
import { costOf, priceOf } from '../billing/service.js';
import type { Deps } from '../deps.js';
import { recordRefineCall } from '../monitoring/trail.js';
import { loadOwnedProject } from '../projects/policy.js';
import { loadVisibleTemplate } from '../templates/policy.js';
import { fillTemplate } from '../templates/variables.js';
import type { User } from '../users/model.js';
import { fewShotExamples, pastComplaints } from './feedback.js';
import { detectIntent, refineByRules, type Intent } from './rules.js';
import type { RefineInput } from './schema.js';

type Actor = Pick<User, 'id' | 'email' | 'role'>;

export interface Refined {
  refinedPrompt: string;
  intent: Intent;
  selectionSummary: string;
  engine: 'rules' | 'openai';
}

const REFINER_SYSTEM =
  'You rewrite a spreadsheet question into a precise analysis prompt. Keep the user\'s goal, the selection description, the answer format, the citation rule and the answer language from the draft. ' +
  'Write the prompt in the language of the user\'s question (Korean for a Korean question). Reply with the rewritten prompt only.';

/** The most the model may write for a refined prompt. */
const REFINE_MAX_TOKENS = 600;

export async function refinePrompt(deps: Deps, user: Actor, input: RefineInput): Promise<Refined> {
  await loadOwnedProject(user.id, input.projectId);
  const template = input.templateId ? await loadVisibleTemplate(user, input.templateId) : null;
  const typed = [template ? fillTemplate(template.prompt, input.selection) : '', input.prompt].filter(Boolean).join('\n\n');
  const intent = detectIntent(typed);
  const [complaints, examples] = await Promise.all([pastComplaints(deps.knex, user.id, intent), fewShotExamples(deps.knex, user.id, intent, 1)]);
  const draft = refineByRules({ prompt: typed, selection: input.selection, complaints, example: examples[0] ?? null });
  if (deps.config.analysis.provider !== 'openai') return { ...draft, engine: 'rules' };

  const { config } = deps;
  const price = priceOf(config, config.analysis.chatModel);
  const messages = [
    { role: 'system' as const, content: REFINER_SYSTEM },
    { role: 'user' as const, content: draft.refinedPrompt },
  ];
  // Held before the call, as an analysis is: the most it may cost. Debiting afterwards only what was
  // available let a user with no tokens have the model refine for free, again and again.
  const id = randomUUID();
  const high = costOf(price, countPromptTokens(messages), REFINE_MAX_TOKENS);
  let hold: Reservation | null = null;
  try {
    // A model priced at nothing needs no hold (and the ledger takes no zero amounts).
    if (high > 0) hold = await reserve(deps.knex, { userId: user.id, amount: high, reference: 'prompt-refine', idempotencyKey: `refine:${id}` });
  } catch (err) {
    // Too few tokens for the model: the rules' draft is still a good prompt, and costs nothing.
    if (err instanceof InsufficientTokens) return { ...draft, engine: 'rules' };
    throw err;
  }
  const client = new OpenAI({ apiKey: config.openai.apiKey ?? 'unused', baseURL: config.openai.baseUrl, maxRetries: config.analysis.maxRetries, timeout: config.analysis.timeoutMs });
  try {
    const started = Date.now();
    const res = await client.chat.completions.create({ model: config.analysis.chatModel, messages, max_tokens: REFINE_MAX_TOKENS, temperature: 0.2 });
    const text = res.choices[0]?.message?.content?.trim();
    const cost = res.usage ? costOf(price, res.usage.prompt_tokens, res.usage.completion_tokens) : 0;
    const call = { userId: user.id, model: config.analysis.chatModel, tokensIn: res.usage?.prompt_tokens ?? 0, tokensOut: res.usage?.completion_tokens ?? 0, latencyMs: Date.now() - started };
    await deps.knex.transaction(async (trx) => {
      const settled = hold ? await settle(trx, { reservationId: hold.id, amount: cost, kind: 'analysis', reference: 'prompt-refine' }) : null;
      await recordRefineCall(deps, trx, call, settled?.entry ?? null);
    });
    return text ? { ...draft, refinedPrompt: text, engine: 'openai' } : { ...draft, engine: 'rules' };
  } catch (err) {
    // Refinement is a convenience: when the model is down the rules' draft is still a good prompt.
    deps.log.warn({ err }, 'prompt refinement by the model failed; using the rules');
    if (hold) await release(deps.knex, hold.id).catch((e: unknown) => deps.log.warn({ err: e }, 'prompt refinement hold not released; it lapses'));
    return { ...draft, engine: 'rules' };
  }
}
