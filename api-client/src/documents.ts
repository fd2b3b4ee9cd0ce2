/**
 * Project documents: list, upload (with progress), status, retry/cancel, delete, the grid rows of CSV/XLSX
 * files, download links and the live events stream.
 */
import { ApiError, type Http } from './http.js';
import type { ApiErrorBody } from './types.js';
import type { ProjectDocument } from '../../backend/src/contract/documents.js';

/** A document as the server presents it: the backend's contract (backend/src/contract/documents.ts), as types only. */
export type { DocumentKind, DocumentStatus, LocationKind, ProjectDocument } from '../../backend/src/contract/documents.js';

export type CellScalar = string | number | boolean | null;

export interface DocumentTable {
  sheets: string[];
  sheet: string;
  rows: CellScalar[][];
  truncated: boolean;
}

export interface DocumentLink {
  url: string;
  /** ISO time after which the signed URL is refused. */
  expiresAt: string;
}

export interface UploadProgress {
  loaded: number;
  total: number;
}

export interface UploadOptions {
  onProgress?: (progress: UploadProgress) => void;
  signal?: AbortSignal;
}

export function documentsApi(http: Http) {
  return {
    list: (projectId: string) => http.request<ProjectDocument[]>('GET', `/projects/${projectId}/documents`),
    get: (id: string) => http.request<ProjectDocument>('GET', `/documents/${id}`),
    /** Uploads a file; the same file in the same project returns the existing document. */
    upload: (projectId: string, file: Blob, filename: string, opts: UploadOptions = {}) => upload(http, projectId, file, filename, opts),
    remove: (id: string) => http.request<void>('DELETE', `/documents/${id}`),
    retry: (id: string) => http.request<ProjectDocument>('POST', `/documents/${id}/retry`),
    cancel: (id: string) => http.request<ProjectDocument>('POST', `/documents/${id}/cancel`),
    table: (id: string, sheet?: string) => http.request<DocumentTable>('GET', `/documents/${id}/table${sheet === undefined ? '' : `?sheet=${encodeURIComponent(sheet)}`}`),
    /** The original file as a Blob (owner, bearer token). */
    download: async (id: string) => (await http.raw('GET', `/documents/${id}/download`)).blob(),
    /**
     * A fresh signed, expiring link that opens the file without a token (PDFs at `#page=N`), with its expiry:
     * what a stable `/d/<id>?page=N` link resolves to. A document its owner deleted is a 404 whose code is
     * `document_deleted`.
     */
    link: (id: string, page?: number) => http.request<DocumentLink>('GET', `/documents/${id}/link${page ? `?page=${page}` : ''}`),
    /** Just the URL of `link`. */
    downloadUrl: async (id: string, page?: number) =>
      (await http.request<DocumentLink>('GET', `/documents/${id}/link${page ? `?page=${page}` : ''}`)).url,
    /** URL for `new EventSource(...)`: `document` events carry `{ document }`. */
    eventsUrl: (projectId: string) => `${http.url(`/projects/${projectId}/events`)}?access_token=${encodeURIComponent(http.tokens.getAccessToken() ?? '')}`,
  };
}

async function upload(http: Http, projectId: string, file: Blob, filename: string, opts: UploadOptions): Promise<ProjectDocument> {
  const path = `/projects/${projectId}/documents`;
  const form = () => {
    const f = new FormData();
    f.append('file', file, filename);
    return f;
  };
  // fetch cannot report upload progress; XMLHttpRequest can (browsers and task panes).
  if (!opts.onProgress || typeof XMLHttpRequest === 'undefined') {
    return http.request<ProjectDocument>('POST', path, undefined, { rawBody: form(), signal: opts.signal });
  }
  let res = await xhrUpload(http, path, form(), opts);
  if (res.status === 401 && (await http.refresh())) res = await xhrUpload(http, path, form(), opts);
  const body = res.body as { data?: ProjectDocument } & Partial<ApiErrorBody>;
  if (res.status >= 400 || !body?.data) {
    throw new ApiError(res.status, body?.error?.code ?? 'http_error', body?.error?.message ?? `Upload failed (${res.status}).`, body?.error?.details ?? null);
  }
  return body.data;
}

function xhrUpload(http: Http, path: string, body: FormData, opts: UploadOptions): Promise<{ status: number; body: unknown }> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', http.url(path));
    xhr.withCredentials = http.options.client === 'web';
    xhr.setRequestHeader('Accept', 'application/json');
    xhr.setRequestHeader('X-Intellio-Client', http.options.client);
    const token = http.tokens.getAccessToken();
    if (token) xhr.setRequestHeader('Authorization', `Bearer ${token}`);
    xhr.upload.onprogress = (e) => opts.onProgress?.({ loaded: e.loaded, total: e.lengthComputable ? e.total : 0 });
    xhr.onload = () => {
      let parsed: unknown = null;
      try {
        parsed = xhr.responseText ? JSON.parse(xhr.responseText) : null;
      } catch {
        // not JSON (a proxy error page)
      }
      resolve({ status: xhr.status, body: parsed });
    };
    xhr.onerror = () => reject(new ApiError(0, 'network_error', 'The upload could not reach the server.'));
    xhr.onabort = () => reject(new DOMException('The upload was cancelled.', 'AbortError'));
    opts.signal?.addEventListener('abort', () => xhr.abort(), { once: true });
    xhr.send(body);
  });
}
