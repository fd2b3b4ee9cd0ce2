/**
 * Thin typed calls for the documents API (contract in the brief). They go through the shared client's Http so
 * that switching to api-client's documents.ts, once it lands, is one import.
 */
import { ApiError, type ProjectDocument } from '@intellio/api-client';
import { getI18n } from 'react-i18next';
import { api } from '../api';
import type { CellValue } from '../grid/parseCells';

export type { DocumentStatus, ProjectDocument } from '@intellio/api-client';

export interface DocumentTable {
  sheets: string[];
  sheet: string;
  rows: CellValue[][];
}

export const listDocuments = (projectId: string) => api.http.request<ProjectDocument[]>('GET', `/projects/${projectId}/documents`);
export const deleteDocument = (id: string) => api.http.request<void>('DELETE', `/documents/${id}`);
export const retryDocument = (id: string) => api.http.request<ProjectDocument>('POST', `/documents/${id}/retry`);
export const documentTable = (id: string, sheet?: string) =>
  api.http.request<DocumentTable>('GET', `/documents/${id}/table${sheet ? `?sheet=${encodeURIComponent(sheet)}` : ''}`);

/** Whether the grid can open this document (the server reads CSV and XLSX into rows). */
export function isTabular(doc: ProjectDocument): boolean {
  return /\.(csv|tsv|xlsx|xls)$/i.test(doc.filename) || /csv|spreadsheet|excel/i.test(doc.mime);
}

/** The server-sent events URL for a project; EventSource cannot send headers, so the token rides along. */
export function projectEventsUrl(projectId: string): string {
  return api.http.url(`/projects/${projectId}/events?access_token=${encodeURIComponent(api.http.tokens.getAccessToken() ?? '')}`);
}

function sendUpload(projectId: string, file: File, onProgress: (loaded: number, total: number) => void) {
  return new Promise<{ status: number; text: string }>((resolve, reject) => {
    // XMLHttpRequest, not fetch: only it reports upload progress.
    const xhr = new XMLHttpRequest();
    xhr.open('POST', api.http.url(`/projects/${projectId}/documents`));
    xhr.withCredentials = true;
    xhr.setRequestHeader('Accept', 'application/json');
    xhr.setRequestHeader('X-Intellio-Client', 'web');
    // Server messages (a refused file's reason) come back in the language the app shows.
    xhr.setRequestHeader('Accept-Language', getI18n().language);
    const token = api.http.tokens.getAccessToken();
    if (token) xhr.setRequestHeader('Authorization', `Bearer ${token}`);
    xhr.upload.onprogress = (e) => onProgress(e.loaded, e.lengthComputable ? e.total : file.size);
    xhr.onload = () => resolve({ status: xhr.status, text: xhr.responseText });
    xhr.onerror = () => reject(new ApiError(0, 'network', getI18n().t('docList.uploadInterrupted')));
    const form = new FormData();
    form.append('file', file, file.name);
    xhr.send(form);
  });
}

/** Uploads one file into the project, reporting bytes sent; refreshes the session once on 401. */
export async function uploadDocument(projectId: string, file: File, onProgress: (loaded: number, total: number) => void): Promise<ProjectDocument> {
  let res = await sendUpload(projectId, file, onProgress);
  if (res.status === 401 && (await api.http.refresh())) res = await sendUpload(projectId, file, onProgress);
  let json: { data?: ProjectDocument; error?: { code: string; message: string; details?: unknown } } = {};
  try {
    json = JSON.parse(res.text);
  } catch {
    // A proxy's HTML error page: reported below with the status.
  }
  if (res.status >= 400 || !json.data) {
    throw new ApiError(res.status, json.error?.code ?? 'http_error', json.error?.message ?? getI18n().t('docList.uploadStatus', { status: res.status }), json.error?.details ?? null);
  }
  return json.data;
}
