/**
 * The one public surface of the Apps Script project: triggers (onOpen, onInstall) and the functions the
 * sidebar calls through google.script.run. The build turns each export into a top-level function.
 */
import type { AnalysisQuote, Claim, Feedback, MfaChallenge, ReadPassage, SessionResponse, User } from '@intellio/api-client';
import { clearSession, hasSession, request, saveSession, sendAuthed } from './api';
import { rememberLanguage, sheetsLocales, t } from './i18n';
import { writeAnswer, type InsertRequest } from './insert';
import { selectRange } from './navigate';
import { evaluate, PROJECT_SETTING, refreshPendingFormulas } from './formulas';
import { readSelection } from './selection';

export interface AnalyseInput {
  projectId: string;
  prompt: string;
  refinedPrompt?: string;
  templateId?: string;
  /** Values of the template's own `{{name}}` placeholders (a missing one is the server's 400, naming it). */
  variables?: Record<string, string>;
  firstRowIsHeaders: boolean;
}

/** The sidebar's feedback on an answer: thumbs up or down, an optional comment and a corrected answer. */
export interface FeedbackInput {
  rating: 'up' | 'down';
  comment?: string;
  correctedAnswer?: string;
}

/** What the sidebar needs from an analysis (the API returns more). */
export interface AnalysisView {
  id: string;
  status: 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled';
  answer: string | null;
  /**
   * `ocr`: the quote was read by OCR from a scanned page (it may hold recognition errors). `appUrl`: the
   * stable link (missing on analyses stored before it existed; `url` is signed and expires).
   */
  citations: { id: string; documentId?: string; documentName: string; page: number | null; quote: string; ocr?: boolean; url: string; appUrl?: string }[];
  /** Checked statements, what was read and what was analysed (missing on analyses stored before them). */
  claims?: Claim[];
  read?: ReadPassage[];
  selection?: { sheet: string; ranges: { address: string }[] };
  cellCount?: number;
  error: unknown;
}

/** How a password sign-in ended: signed in, or the account has MFA and `verifyMfa` must follow. */
export type SignInResult = { mfaRequired: false; user: User } | { mfaRequired: true };

const MFA_TOKEN = 'intellio.mfaToken';

export function onOpen(): void {
  SpreadsheetApp.getUi().createMenu('Intellio').addItem(t('pane.sheets.menuOpen'), 'showSidebar').addToUi();
}

export function onInstall(): void {
  onOpen();
}

export function showSidebar(): void {
  SpreadsheetApp.getUi().showSidebar(HtmlService.createHtmlOutputFromFile('Sidebar').setTitle('Intellio'));
}

export function getSelection(firstRowIsHeaders: boolean) {
  return readSelection(firstRowIsHeaders);
}

/** The Google account's and spreadsheet's locales: the sidebar's language when the user has no setting. */
export function getLocales(): string[] {
  return sheetsLocales();
}

export function getSession(): User | null {
  if (!hasSession()) return null;
  try {
    const user = request<User>('get', '/me');
    rememberLanguage(user.language);
    return user;
  } catch {
    return null;
  }
}

function signedIn(session: SessionResponse): SignInResult {
  saveSession(session);
  rememberLanguage(session.user.language);
  return { mfaRequired: false, user: session.user };
}

/**
 * Password sign-in. For an account with MFA the challenge token stays in the user's own properties (never
 * in the sidebar's page) until `verifyMfa` answers it.
 */
export function signIn(email: string, password: string): SignInResult {
  const res = request<SessionResponse | MfaChallenge>('post', '/auth/login', { email, password, client: 'addin' }, false);
  if ('mfaRequired' in res && res.mfaRequired) {
    PropertiesService.getUserProperties().setProperties({ [MFA_TOKEN]: res.mfaToken });
    return { mfaRequired: true };
  }
  return signedIn(res as SessionResponse);
}

/** The second step: the authenticator's six-digit code, or one recovery code. A wrong one throws the API's reason. */
export function verifyMfa(input: { code: string } | { recoveryCode: string }): SignInResult {
  const mfaToken = PropertiesService.getUserProperties().getProperty(MFA_TOKEN);
  if (!mfaToken) throw new Error(t('serverErrors.invalid_mfa_token'));
  const session = request<SessionResponse>('post', '/auth/mfa/verify', { ...input, mfaToken, client: 'addin' }, false);
  PropertiesService.getUserProperties().deleteProperty(MFA_TOKEN);
  return signedIn(session);
}

export function signOut(): void {
  const refreshToken = PropertiesService.getUserProperties().getProperty('intellio.refreshToken');
  try {
    if (refreshToken) request<void>('post', '/auth/logout', { refreshToken }, false);
  } finally {
    clearSession();
    rememberLanguage(null);
  }
}

// Read-only lookups the sidebar may make with the user's own token; nothing else passes through callApi.
const READABLE = /^\/(categories|prompts\/examples|templates|analyses\/[0-9a-f-]{36}|billing\/balance|config)$/;

/** GET one of the sidebar's lookup endpoints (projects, examples, templates, an analysis, balance, public config). */
export function callApi(path: string): unknown {
  if (!READABLE.test(path)) throw new Error(t('pane.errors.notAllowed', { path }));
  return request<unknown>('get', path);
}

function apiSelection(firstRowIsHeaders: boolean) {
  const selection = readSelection(firstRowIsHeaders);
  if (selection.status === 'empty') throw new Error(t('pane.selection.emptyFirst'));
  if (selection.status === 'too_large') {
    throw new Error(t('pane.selection.tooLarge', { address: selection.address, cells: selection.cellCount.toLocaleString(), limit: selection.limit.toLocaleString() }));
  }
  return {
    workbook: selection.workbook,
    sheet: selection.sheet,
    ranges: selection.ranges.map((r) => ({ address: r.address, values: r.values, ...(r.headers ? { headers: r.headers } : {}) })),
  };
}

export function refinePrompt(input: Omit<AnalyseInput, 'refinedPrompt'>): { refinedPrompt: string } {
  // The refine preview leaves a template's variables as written; the sidebar has filled them into the question.
  const { firstRowIsHeaders, variables: _values, ...rest } = input;
  return request<{ refinedPrompt: string }>('post', '/prompts/refine', { ...rest, selection: apiSelection(firstRowIsHeaders) });
}

/**
 * Starts an analysis of the current selection. Apps Script cannot read a stream, so this asks for the
 * finished answer (201) or the queued analysis (202), which the sidebar then polls with callApi.
 */
export function analyse(input: AnalyseInput): AnalysisView {
  const { firstRowIsHeaders, ...rest } = input;
  const data = request<AnalysisView | { analysis: AnalysisView; jobId: string }>('post', '/analyses', { ...rest, source: 'sheets', selection: apiSelection(firstRowIsHeaders) });
  return 'analysis' in data ? data.analysis : data;
}

/**
 * What analysing the current selection would cost, before it runs. Null when there is nothing to quote or
 * the server cannot quote it (a server without the endpoint answers 404; a request it would refuse is said
 * on Analyse): the sidebar then shows no quote, never an error.
 */
export function quote(input: AnalyseInput): AnalysisQuote | null {
  const { firstRowIsHeaders, ...rest } = input;
  if (!rest.projectId || !rest.prompt) return null;
  let selection: ReturnType<typeof apiSelection>;
  try {
    selection = apiSelection(firstRowIsHeaders);
  } catch {
    return null; // no selection, or one above the limit: the selection card already says so
  }
  const res = sendAuthed('post', '/analyses/quote', { ...rest, source: 'sheets', selection });
  if (res.getResponseCode() !== 200) return null;
  return (JSON.parse(res.getContentText()) as { data: AnalysisQuote }).data;
}

/** Thumbs up or down on an answer, with an optional comment and corrected answer. */
export function sendFeedback(analysisId: string, input: FeedbackInput): Feedback {
  if (!/^[0-9a-f-]{36}$/i.test(analysisId)) throw new Error(t('pane.errors.generic'));
  return request<Feedback>('post', `/analyses/${analysisId}/feedback`, input);
}

export function insertAnswer(req: InsertRequest): { sheet: string; address: string } {
  return writeAnswer(req);
}

/** Click-to-cell: selects a cited cell or range (e.g. "B2:B9") on its sheet. */
export function selectCells(sheet: string | null, address: string): { sheet: string; address: string } {
  return selectRange(sheet, address);
}

/**
 * Answers a question about a range from its cells and your Intellio project's documents. Cached: the same
 * prompt over the same cells is never charged twice.
 *
 * @param {string} prompt The question, e.g. "Which region grew fastest?"
 * @param {A1:C10} range The cells to read.
 * @return One answer.
 * @customfunction
 */
export function INTELLIO(prompt: unknown, range?: unknown): string | string[][] {
  return evaluate(prompt, range, 'ask');
}

/**
 * Answers the prompt once for each row of the range, spilled down one column.
 *
 * @param {string} prompt What to write for each row, e.g. "Classify the sentiment".
 * @param {A2:B50} range The rows to answer for.
 * @return One answer per row.
 * @customfunction
 */
export function INTELLIO_FILL(prompt: unknown, range: unknown): string | string[][] {
  return evaluate(prompt, range, 'fill');
}

/** The sidebar's project is the one =INTELLIO() answers from (kept in the user's own properties). */
export function setFormulaProject(projectId: string): void {
  if (!/^[0-9a-f-]{36}$/i.test(projectId)) throw new Error(t('pane.workspace.pickProject'));
  PropertiesService.getUserProperties().setProperties({ [PROJECT_SETTING]: projectId });
}

/** The sidebar's "Refresh formulas": fills in answers that finished after a formula's 30 s. */
export function refreshFormulas(): { filled: number; working: number } {
  return refreshPendingFormulas();
}
