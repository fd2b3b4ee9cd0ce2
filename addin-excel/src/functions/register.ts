/**
 * The custom functions' side of the shared runtime: the pane's page and the functions share one JavaScript
 * context, so they share the token store (one sign-in) and this one batcher. The workbook id that the
 * per-workbook spend cap hangs on is kept in the document's own settings.
 */
import { ApiError, createApiClient } from '@intellio/api-client';
import type { AddinTokenStore } from '../host/storage.js';
import { FormulaBatcher, type FormulaItem } from './batcher.js';
import { ask, fill, useFormulaRuntime } from './functions.js';

declare const CustomFunctions: { associate(id: string, fn: (...args: never[]) => unknown): void } | undefined;

const WORKBOOK_SETTING = 'intellio.workbookId';
// The project formulas answer from, per workbook: the pane's choice, kept so formulas work before it opens.
const PROJECT_SETTING = 'intellio.formulaProjectId';

function documentSettings(): Office.Settings | undefined {
  return typeof Office === 'undefined' ? undefined : Office.context?.document?.settings;
}

/** The project the workbook's formulas use (the one last picked in the pane). */
export function formulaProject(): string | undefined {
  const id = documentSettings()?.get(PROJECT_SETTING) as unknown;
  return typeof id === 'string' && id ? id : undefined;
}

/** Called when the pane's project changes; saved into the workbook. */
export function rememberFormulaProject(projectId: string): void {
  const settings = documentSettings();
  if (!settings || !projectId || settings.get(PROJECT_SETTING) === projectId) return;
  settings.set(PROJECT_SETTING, projectId);
  settings.saveAsync(() => undefined);
}

/** The workbook's id, generated and saved into the document on first use. */
export async function workbookId(): Promise<string | undefined> {
  const settings = documentSettings();
  if (!settings) return undefined;
  const existing = settings.get(WORKBOOK_SETTING) as unknown;
  if (typeof existing === 'string' && existing) return existing;
  const id = crypto.randomUUID();
  settings.set(WORKBOOK_SETTING, id);
  await new Promise<void>((resolve) => settings.saveAsync(() => resolve()));
  return id;
}

/** The short text a cell shows when a whole request failed. */
export function failureText(err: unknown): string {
  if (err instanceof ApiError) {
    if (err.status === 401) return '#INTELLIO: sign in';
    if (err.status === 402) return '#INTELLIO: balance too low';
    if (err.status === 429) return '#INTELLIO: too many requests';
    return `#INTELLIO: ${err.code.replace(/_/g, ' ')}`;
  }
  return '#INTELLIO: offline';
}

/** Declares ASK and FILL to Excel (when this page runs as the custom functions' runtime) and connects them. */
export function registerFormulas(tokens: AddinTokenStore, options: { projectId?: () => string | undefined } = {}): FormulaBatcher {
  const api = createApiClient({ baseUrl: '', client: 'addin', tokens });
  const batcher = new FormulaBatcher(async (items: FormulaItem[]) => {
    const body = { projectId: (options.projectId ?? formulaProject)(), workbookId: await workbookId(), items };
    const data = await api.formulas.evaluate(body);
    return data.results;
  });
  useFormulaRuntime({ call: (item) => batcher.call(item), failure: failureText });
  if (typeof CustomFunctions !== 'undefined') {
    CustomFunctions.associate('ASK', ask);
    CustomFunctions.associate('FILL', fill);
  }
  return batcher;
}
