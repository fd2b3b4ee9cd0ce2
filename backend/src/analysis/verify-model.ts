/**
 * The optional second pass of the claim check (VERIFY_WITH_MODEL): the statements the rules left
 * `unchecked` (no figure, no quote: "revenue rose because of the licence deal [P2]") are put to the chat
 * model in one short call, each with the passages and cells it cites, and it answers SUPPORTED or
 * NOT_SUPPORTED with a reason in the question's language, as JSON. The call's tokens are returned so the
 * analysis bills them and the trail records them. A statement that cites nothing is not sent: there is
 * nothing to check it against.
 */
import OpenAI from 'openai';
import { z } from 'zod';
import type { Config } from '../config.js';
import type { Claim } from '../contract/analysis.js';
import { countTokens } from '../lib/token-count.js';
import { LANGUAGE_NAMES, type Language } from '../prompts/language.js';
import { claimWords } from './claim-words.js';
import { describeCells } from './claims.js';
import { clipQuote } from './citations.js';
import { countPromptTokens, type ChatMessage, type StoredPassage } from './context.js';
import type { Selection } from './schema.js';

export interface VerificationCall {
  model: string;
  tokensIn: number;
  tokensOut: number;
  latencyMs: number;
}

/** At most this many statements per call: the answer's output cap bounds the reply as well. */
const MAX_CLAIMS = 20;
const PASSAGE_CHARS = 1500;

/** The instruction; the reason is shown to the user next to the statement, so it is written in the question's language. */
const system = (language: Language) =>
  [
    'You check whether statements follow from the evidence given with each of them, and from nothing else.',
    'A statement is SUPPORTED only if its evidence states or directly implies it; otherwise it is NOT_SUPPORTED.',
    'Reply with JSON only, in this shape: {"results":[{"n":1,"verdict":"SUPPORTED","reason":"one short sentence"}]}, one result per statement.',
    `Write each reason in ${LANGUAGE_NAMES[language]}, the language of the question; keep the verdicts, cell references ([B2]), passage ids ([P1]) and quotations as they are.`,
  ].join(' ');

const replySchema = z.object({
  results: z.array(
    z.object({
      n: z.coerce.number().int(),
      verdict: z.string().transform((v) => v.trim().toUpperCase().replace(/[\s-]+/g, '_')).pipe(z.enum(['SUPPORTED', 'NOT_SUPPORTED'])),
      reason: z.string().optional(),
    }),
  ),
});

function evidenceOf(claim: Claim, passages: StoredPassage[], selection: Selection): string {
  const lines: string[] = [];
  for (const s of claim.sources) {
    if (s.type !== 'passage') continue;
    const p = passages.find((x) => x.id === s.citation);
    if (p) lines.push(`[${p.id}] ${p.documentName}${p.page ? `, page ${p.page}` : ''}: ${p.text.replace(/\s+/g, ' ').slice(0, PASSAGE_CHARS)}`);
  }
  const cells = claim.sources.flatMap((s) => (s.type === 'cell' ? [s.address] : []));
  for (const line of describeCells(selection, cells)) lines.push(`[cell] ${line}`);
  return lines.join('\n');
}

/** The messages of the check: statements numbered from 1, each with its evidence; reasons asked for in `language`. */
export function verificationMessages(targets: Claim[], passages: StoredPassage[], selection: Selection, language: Language = 'en'): ChatMessage[] {
  const user = targets.map((c, i) => `Statement ${i + 1}: ${c.text}\nEvidence:\n${evidenceOf(c, passages, selection)}`).join('\n\n');
  return [
    { role: 'system', content: system(language) },
    { role: 'user', content: user },
  ];
}

/**
 * The model's verdicts, by statement number; an unreadable reply gives none (those claims stay unchecked). A
 * verdict without a reason gets the claim check's own, in `language`.
 */
export function parseVerdicts(text: string, language: Language = 'en'): Map<number, { supported: boolean; reason: string }> {
  const out = new Map<number, { supported: boolean; reason: string }>();
  const json = /\{[\s\S]*\}/.exec(text)?.[0];
  if (!json) return out;
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch {
    return out;
  }
  const parsed = replySchema.safeParse(raw);
  if (!parsed.success) return out;
  const words = claimWords(language);
  for (const r of parsed.data.results) {
    const supported = r.verdict === 'SUPPORTED';
    const reason = clipQuote((r.reason ?? '').replace(/\s+/g, ' ').trim()) || (supported ? words.modelFound : words.modelNotFound);
    out.set(r.n, { supported, reason: reason.length > 200 ? `${reason.slice(0, 197)}…` : reason });
  }
  return out;
}

/**
 * Puts the unchecked claims that cite something to the model, asking for its reasons in `language` (the
 * question's; English by default). Returns the claims (those it judged now
 * `checkedBy: 'model'`) and the call's usage, or null when no call was made. A failed call leaves the
 * claims unchecked and costs nothing; an abort (cancel, timeout) is rethrown.
 */
export async function verifyWithModel(
  config: Config,
  input: { claims: Claim[]; passages: StoredPassage[]; selection: Selection; language?: Language; signal: AbortSignal; onError?: (err: unknown) => void },
): Promise<{ claims: Claim[]; call: VerificationCall | null }> {
  const targets = input.claims.filter((c) => c.verdict === 'unchecked' && c.sources.length > 0).slice(0, MAX_CLAIMS);
  if (!targets.length) return { claims: input.claims, call: null };
  const language = input.language ?? 'en';
  const messages = verificationMessages(targets, input.passages, input.selection, language);
  const client = new OpenAI({ apiKey: config.openai.apiKey ?? 'unused', baseURL: config.openai.baseUrl, maxRetries: config.analysis.maxRetries, timeout: config.analysis.timeoutMs });
  const started = Date.now();
  let text: string;
  let usage: { prompt_tokens: number; completion_tokens: number } | undefined;
  try {
    const res = await client.chat.completions.create(
      { model: config.analysis.chatModel, messages, max_tokens: Math.min(1500, 40 + 60 * targets.length), temperature: 0 },
      { signal: input.signal },
    );
    text = res.choices[0]?.message?.content ?? '';
    usage = res.usage;
  } catch (err) {
    if (input.signal.aborted) throw input.signal.reason ?? err;
    input.onError?.(err);
    return { claims: input.claims, call: null };
  }
  // Servers that do not report usage are counted with the tokenizer rather than billed at zero.
  const call = {
    model: config.analysis.chatModel,
    tokensIn: usage?.prompt_tokens ?? countPromptTokens(messages),
    tokensOut: usage?.completion_tokens ?? countTokens(text),
    latencyMs: Date.now() - started,
  };
  const verdicts = parseVerdicts(text, language);
  const claims = input.claims.map((c): Claim => {
    const i = targets.indexOf(c);
    const v = i >= 0 ? verdicts.get(i + 1) : undefined;
    return v ? { ...c, verdict: v.supported ? 'supported' : 'unsupported', reason: v.reason, checkedBy: 'model' } : c;
  });
  return { claims, call };
}
