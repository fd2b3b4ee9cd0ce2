import type { Http } from './http.js';

export type FormulaCell = string | number | boolean | null;
/** `ask`: one answer for the whole range; `fill`: one answer per row (a spilled column). */
export type FormulaMode = 'ask' | 'fill';

export interface FormulaItem {
  prompt: string;
  /** The range's cells, row by row (at most 10,000). */
  values: FormulaCell[][];
  address?: string;
  sheet?: string;
  mode?: FormulaMode;
}

export interface FormulaRequest {
  projectId?: string;
  /** Counts the computations against this workbook's monthly cap. */
  workbookId?: string;
  /** Recompute answers that went stale when the project's documents changed (billed again). */
  refresh?: boolean;
  /** 1–200 items; identical items are computed once. */
  items: FormulaItem[];
}

export interface FormulaCitation {
  documentId: string;
  documentName: string;
  page: number | null;
  /** Signed, expiring download link. */
  url: string;
}

export interface FormulaResult {
  /** The answer, or per row for `fill`; on failure the short error (`#INTELLIO: …`) a cell shows. */
  value: string | string[];
  /** Answered from the cache: 0 tokens. */
  cached: boolean;
  /** Cached over documents that have since changed; recomputed only with `refresh`. */
  stale?: boolean;
  tokensCharged: number;
  citations?: FormulaCitation[];
  error?: string;
}

export interface WorkbookCap {
  workbookId: string;
  monthlyTokenCap: number | null;
  spentThisMonth: number;
}

/** Cell formulas (=INTELLIO.ASK / =INTELLIO.FILL in Excel, =INTELLIO / =INTELLIO_FILL in Sheets). */
export function formulasApi(http: Http) {
  return {
    evaluate: (body: FormulaRequest) => http.request<{ results: FormulaResult[] }>('POST', '/formulas', body),
    workbookCap: (workbookId: string) => http.request<WorkbookCap>('GET', `/formulas/workbooks/${encodeURIComponent(workbookId)}`),
    setWorkbookCap: (workbookId: string, monthlyTokenCap: number | null) =>
      http.request<WorkbookCap>('PUT', `/formulas/workbooks/${encodeURIComponent(workbookId)}`, { monthlyTokenCap }),
  };
}
