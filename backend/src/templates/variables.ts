/**
 * Template variables. Built-in ones ({{selection}}, {{sheet}}, {{headers}}, {{workbook}}, {{ranges}}) are
 * filled from the selection when an analysis runs; any other `{{name}}` is the user's to fill, sent with the
 * run as `variables: { name: value }`.
 */
import type { Selection } from '../analysis/schema.js';
import { AppError } from '../http/errors.js';
import { detectLanguage } from '../prompts/language.js';
import { describeSelection } from '../prompts/rules.js';

const VARIABLE = /\{\{\s*(\w+)\s*\}\}/g;
export const KNOWN_VARIABLES = ['selection', 'sheet', 'headers', 'workbook', 'ranges'];

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
  const missing = given ? templateVariables(prompt).filter((name) => !given[name]?.trim()) : [];
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
  return prompt.replace(VARIABLE, (m, name: string) => {
    if (KNOWN_VARIABLES.includes(name)) return values[name];
    return given?.[name]?.trim() ?? m;
  });
}
