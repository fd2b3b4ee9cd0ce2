/**
 * Template variables. Built-in ones ({{selection}}, {{sheet}}, {{headers}}, {{workbook}}, {{ranges}}) are
 * filled from the selection when an analysis runs; any other `{{name}}` is the user's to fill, sent with the
 * run as `variables: { name: value }`.
 */
import type { Selection } from '../analysis/schema.js';
import { AppError } from '../http/errors.js';
import { detectLanguage } from '../prompts/language.js';
import { describeSelection } from '../prompts/rules.js';

/**
 * `{{name}}`: letters of any script, digits and _ (a Korean template names `{{공급자}}`), at most 64, the
 * longest name a run's `variables` may carry (analysis/schema.ts). The same pattern as the api-client's
 * fillVariables, which fills a pane's question box.
 */
const VARIABLE = /\{\{\s*([\p{L}\p{N}_]{1,64})\s*\}\}/gu;
export const KNOWN_VARIABLES = ['selection', 'sheet', 'headers', 'workbook', 'ranges'];

/**
 * The most text filling may add to a template's prompt: every user variable's value at each of its uses, and
 * a built-in's from its second use on (its first is the selection itself, bounded by the selection's limits).
 * Without it a 4000-character prompt of `{{a}}` repeated, with a 1000-character value, became a prompt of
 * 800,000 characters from a 1 KB request, whose tokenizing alone held the server for minutes.
 */
export const MAX_FILLED_TEXT = 20_000;

/** Every placeholder of the prompt, in order of first use. */
export function placeholders(prompt: string): string[] {
  return [...new Set([...prompt.matchAll(VARIABLE)].map((m) => m[1]))];
}

/** The placeholders the user fills (the run asks for these). */
export function templateVariables(prompt: string): string[] {
  return placeholders(prompt).filter((name) => !KNOWN_VARIABLES.includes(name));
}

/** The built-in placeholders the prompt uses (filled automatically). */
export function builtInVariables(prompt: string): string[] {
  return placeholders(prompt).filter((name) => KNOWN_VARIABLES.includes(name));
}

/**
 * The prompt with its placeholders filled. With `given` (a run), a user variable without a (non-blank) value
 * is a 400 `template_variables_missing` naming them all, so a `{{supplier}}` never reaches the model as
 * literal text. Without it (a prompt preview such as /prompts/refine), user variables stay as written.
 */
export function fillTemplate(prompt: string, selection: Selection, given?: Record<string, string>): string {
  // Only the run's own keys count: `{{constructor}}` or `{{toString}}` must not read Object.prototype.
  const valueOf = (name: string): string | undefined => {
    const v = given && Object.hasOwn(given, name) ? given[name] : undefined;
    return typeof v === 'string' ? v.trim() : undefined;
  };
  const missing = given ? templateVariables(prompt).filter((name) => !valueOf(name)) : [];
  if (missing.length) {
    throw new AppError(400, 'template_variables_missing', `Fill in the template's variables: ${missing.join(', ')}.`, { missing });
  }
  const headers = selection.ranges.flatMap((r) => r.headers ?? r.values[0].filter((v): v is string => typeof v === 'string' && v.trim() !== ''));
  const values: Record<string, string> = {
    // A Korean template describes the selection in Korean.
    selection: describeSelection(selection, detectLanguage(prompt.replace(VARIABLE, ' '))),
    sheet: selection.sheet,
    workbook: selection.workbook ?? '',
    headers: headers.join(', '),
    ranges: selection.ranges.map((r) => r.address).join(', '),
  };
  const fill = (m: string, name: string): string => (KNOWN_VARIABLES.includes(name) ? values[name] : (valueOf(name) ?? m));
  // Measured before the text is built, so an oversized fill costs nothing.
  const builtInsSeen = new Set<string>();
  let added = 0;
  for (const [m, name] of prompt.matchAll(VARIABLE)) {
    if (KNOWN_VARIABLES.includes(name) && !builtInsSeen.has(name)) builtInsSeen.add(name);
    else added += fill(m, name).length - m.length;
  }
  if (added > MAX_FILLED_TEXT) {
    throw new AppError(400, 'template_prompt_too_long', `Filled in, the template's variables add ${added.toLocaleString('en-US')} characters to its prompt; the most is ${MAX_FILLED_TEXT.toLocaleString('en-US')}. Use shorter values, or each variable fewer times.`, { added, max: MAX_FILLED_TEXT });
  }
  return prompt.replace(VARIABLE, fill);
}
