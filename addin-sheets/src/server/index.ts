/**
 * The one public surface of the Apps Script project: triggers (onOpen, onInstall) and the functions the
 * sidebar calls through google.script.run. The build turns each export into a top-level function.
 */
import type { Claim, ReadPassage, SessionResponse, User } from '@intellio/api-client';
import { clearSession, hasSession, request, saveSession } from './api';
import { writeAnswer, type InsertRequest } from './insert';
import { selectRange } from './navigate';
import { readSelection } from './selection';

export interface AnalyseInput {
  projectId: string;
  prompt: string;
  refinedPrompt?: string;
  templateId?: string;
  firstRowIsHeaders: boolean;
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

export function onOpen(): void {
  SpreadsheetApp.getUi().createMenu('Intellio').addItem('Open', 'showSidebar').addToUi();
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

export function getSession(): User | null {
  if (!hasSession()) return null;
  try {
    return request<User>('get', '/me');
  } catch {
    return null;
  }
}

export function signIn(email: string, password: string): User {
  const session = request<SessionResponse>('post', '/auth/login', { email, password, client: 'addin' }, false);
  saveSession(session);
  return session.user;
}

export function signOut(): void {
  const refreshToken = PropertiesService.getUserProperties().getProperty('intellio.refreshToken');
  try {
    if (refreshToken) request<void>('post', '/auth/logout', { refreshToken }, false);
  } finally {
    clearSession();
  }
}

// Read-only lookups the sidebar may make with the user's own token; nothing else passes through callApi.
const READABLE = /^\/(categories|prompts\/examples|templates|analyses\/[0-9a-f-]{36}|billing\/balance)$/;

/** GET one of the sidebar's lookup endpoints (projects, examples, templates, an analysis, balance). */
export function callApi(path: string): unknown {
  if (!READABLE.test(path)) throw new Error(`The sidebar may not call ${path}.`);
  return request<unknown>('get', path);
}

function apiSelection(firstRowIsHeaders: boolean) {
  const selection = readSelection(firstRowIsHeaders);
  if (selection.status === 'empty') throw new Error('Select the cells to analyse first.');
  if (selection.status === 'too_large') {
    throw new Error(`The selection has ${selection.cellCount} cells; Intellio analyses up to ${selection.limit} at a time. Select fewer cells.`);
  }
  return {
    workbook: selection.workbook,
    sheet: selection.sheet,
    ranges: selection.ranges.map((r) => ({ address: r.address, values: r.values, ...(r.headers ? { headers: r.headers } : {}) })),
  };
}

export function refinePrompt(input: Omit<AnalyseInput, 'refinedPrompt'>): { refinedPrompt: string } {
  const { firstRowIsHeaders, ...rest } = input;
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

export function insertAnswer(req: InsertRequest): { sheet: string; address: string } {
  return writeAnswer(req);
}

/** Click-to-cell: selects a cited cell or range (e.g. "B2:B9") on its sheet. */
export function selectCells(sheet: string | null, address: string): { sheet: string; address: string } {
  return selectRange(sheet, address);
}
