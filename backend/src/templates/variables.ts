/** Template variables, filled when an analysis runs: {{selection}}, {{sheet}}, {{headers}}, {{workbook}}, {{ranges}}. */
import type { Selection } from '../analysis/schema.js';
import { detectLanguage } from '../prompts/language.js';
import { describeSelection } from '../prompts/rules.js';

const VARIABLE = /\{\{\s*(\w+)\s*\}\}/g;
export const KNOWN_VARIABLES = ['selection', 'sheet', 'headers', 'workbook', 'ranges'];

export function templateVariables(prompt: string): string[] {
  return [...new Set([...prompt.matchAll(VARIABLE)].map((m) => m[1]))];
}

export function fillTemplate(prompt: string, selection: Selection): string {
  const headers = selection.ranges.flatMap((r) => r.headers ?? r.values[0].filter((v): v is string => typeof v === 'string' && v.trim() !== ''));
  const values: Record<string, string> = {
    // A Korean template describes the selection in Korean.
    selection: describeSelection(selection, detectLanguage(prompt.replace(VARIABLE, ' '))),
    sheet: selection.sheet,
    workbook: selection.workbook ?? '',
    headers: headers.join(', '),
    ranges: selection.ranges.map((r) => r.address).join(', '),
  };
  // Unknown variables stay as written, so a typo is visible rather than silently blank.
  return prompt.replace(VARIABLE, (m, name: string) => values[name] ?? m);
}
