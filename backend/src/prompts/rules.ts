/**
 * Deterministic prompt refinement: intent detection, a description of the selection (ranges, headers,
 * numeric columns, units), the expected answer format and the citation rule. Used when no model is
 * configured, and as the model's starting point when one is. Feedback tunes it: complaints the user made
 * about earlier answers of the same intent become extra instructions.
 */
import { numericColumns } from '../analysis/stats.js';
import type { Selection } from '../analysis/schema.js';
import { countCells } from '../analysis/schema.js';
import { parseA1 } from '../analysis/a1.js';
import { headersOf, withSharedHeaders } from '../analysis/stats.js';

export const INTENTS = ['summarise', 'compare', 'trend', 'anomaly', 'explain', 'verify', 'forecast'] as const;
export type Intent = (typeof INTENTS)[number];

const INTENT_PATTERNS: Array<[Intent, RegExp]> = [
  ['verify', /\b(verify|check|confirm|validate|match(es)?|consistent|according to|against the (report|document|contract|docs?))\b/i],
  ['forecast', /\b(forecast|predict|projection|project(ed)?|next (month|quarter|year|period)|expect(ed)?|will be)\b/i],
  ['anomaly', /\b(anomal\w*|outlier\w*|unusual|odd|spike\w*|suspicious|error\w*|wrong|strange)\b/i],
  ['trend', /\b(trend\w*|over time|growth|grow\w*|increas\w*|decreas\w*|declin\w*|change\w* over|month over month|yoy|year over year)\b/i],
  ['compare', /\b(compar\w*|versus|vs\.?|differen\w*|higher|lower|better|worse|rank\w*|between)\b/i],
  ['explain', /\b(explain|why|what does|meaning|means|interpret\w*|reason)\b/i],
  ['summarise', /\b(summar\w*|overview|describe|key (points|figures)|tl;?dr|highlights?)\b/i],
];

/** The first matching intent in priority order; summarise when nothing matches. */
export function detectIntent(prompt: string): Intent {
  for (const [intent, re] of INTENT_PATTERNS) if (re.test(prompt)) return intent;
  return 'summarise';
}

const FORMATS: Record<Intent, string> = {
  summarise: 'Answer with a one-sentence overview, then 3–5 bullet points with the key figures (cell addresses in brackets).',
  compare: 'Answer with a short comparison table or bullet list (item, value, difference, % difference), then one sentence naming the largest gap.',
  trend: 'Answer with the direction and size of the trend (first → last, % change, slope per period), then the periods where it turns.',
  anomaly: 'List each unusual value with its cell address, why it stands out (how far from the typical range), and a likely explanation if the documents give one.',
  explain: 'Explain in plain language what the figures show and why, in at most two short paragraphs.',
  verify: 'For each figure checked, say whether the documents confirm it, contradict it or do not mention it, quoting the passage.',
  forecast: 'Give a simple projection with the method stated (e.g. linear trend), the projected values, and the main uncertainty.',
};

/**
 * How the model cites: passages by id, cells by A1 reference, each right after the sentence that relies on
 * it — the claim check (analysis/claims.ts) reads these markers to find each sentence's evidence.
 */
export const CITATION_RULE =
  'Use only the selected cells and the document passages provided. Cite each passage you rely on by its id in square brackets, e.g. [P1]; never cite an id that was not provided. ' +
  'Cite the cells a figure comes from by their A1 reference in square brackets, e.g. [B2], a range [B2:B9], or [Sheet2!C4] for another sheet. ' +
  'Put the citations at the end of each sentence that relies on them, quote passages word for word in double quotes, and write figures as they appear or say how you computed them. ' +
  'If the data does not answer the question, say so.';

/** "Sheet1!B2:D9 (3 columns × 8 rows; headers: Month, Revenue (USD), Cost; numeric: Revenue (USD) in USD, Cost)". */
export function describeSelection(selection: Selection): string {
  const parts = withSharedHeaders(selection.ranges).map((range) => {
    const a1 = parseA1(range.address);
    const rows = range.values.length;
    const cols = range.values[0].length;
    const address = range.address.includes('!') ? range.address : `${selection.sheet}!${range.address}`;
    const headers = a1 ? headersOf(range, a1).names : [];
    // Any number makes a column numeric here: a one-row range (the May row) is still figures.
    const numeric = numericColumns([range], 1).map((s) => (s.unit ? `${s.label} in ${s.unit}` : s.label));
    const bits = [`${cols} column${cols === 1 ? '' : 's'} × ${rows} row${rows === 1 ? '' : 's'}`];
    if (headers.length) bits.push(`headers: ${headers.join(', ')}`);
    bits.push(numeric.length ? `numeric: ${numeric.join(', ')}` : 'no numeric columns');
    return `${address} (${bits.join('; ')})`;
  });
  const cells = countCells(selection.ranges);
  const where = selection.workbook ? `${selection.workbook} › ${selection.sheet}` : selection.sheet;
  return `${cells} selected cell${cells === 1 ? '' : 's'} in ${where}: ${parts.join('; ')}`;
}

/** Instructions that past complaints about this intent ask for (the feedback loop of the rules). */
export function complaintRules(comments: string[]): string[] {
  const text = comments.join(' ').toLowerCase();
  const rules: string[] = [];
  if (/\b(long|verbose|wordy|too much)\b/.test(text)) rules.push('Keep the answer short.');
  if (/\b(source|citation|cite|page|reference)\w*/.test(text)) rules.push('Cite a passage for every claim taken from the documents.');
  if (/\b(wrong|incorrect|mistake|error|miscalculat)\w*/.test(text)) rules.push('Double-check every figure against the cells and show the cell address for each.');
  if (/\b(vague|generic|unclear|useless)\b/.test(text)) rules.push('Be specific: name the cells and the numbers.');
  return rules;
}

export interface RefineInput {
  prompt: string;
  selection: Selection;
  /** Complaints from earlier down-rated answers of the same intent. */
  complaints?: string[];
  /** A well-rated earlier answer of the same intent, as a style example. */
  example?: string | null;
}

export function refineByRules(input: RefineInput): { refinedPrompt: string; intent: Intent; selectionSummary: string } {
  const intent = detectIntent(input.prompt);
  const selectionSummary = describeSelection(input.selection);
  const lines = [
    `Task (${intent}): ${input.prompt.trim()}`,
    `Selection: ${selectionSummary}.`,
    `Format: ${FORMATS[intent]}`,
    ...complaintRules(input.complaints ?? []),
    `Citations: ${CITATION_RULE}`,
  ];
  if (input.example) lines.push(`Style: answer like this earlier answer that was rated helpful:\n"""\n${input.example.slice(0, 600)}\n"""`);
  return { refinedPrompt: lines.join('\n'), intent, selectionSummary };
}
