/**
 * Intellio API calls from Apps Script. UrlFetchApp runs on Google's servers (no CORS, no browser), the
 * session lives in the user's own PropertiesService store, and a 401 triggers one refresh and a retry —
 * the same protocol as the shared client's Http, in the synchronous form Apps Script needs.
 */
import type { ApiErrorBody, SessionResponse } from '@intellio/api-client';
import { t, userLanguage } from './i18n';

declare const __INTELLIO_API_URL__: string;

const ACCESS = 'intellio.accessToken';
const REFRESH = 'intellio.refreshToken';

/** The backend origin: the script property INTELLIO_API_URL (set per deployment) or the build default. */
export function apiBase(): string {
  const configured = PropertiesService.getScriptProperties().getProperty('INTELLIO_API_URL');
  return (configured || __INTELLIO_API_URL__).replace(/\/+$/, '');
}

function userProps() {
  return PropertiesService.getUserProperties();
}

export function saveSession(s: Pick<SessionResponse, 'accessToken' | 'refreshToken'>): void {
  const props: Record<string, string> = { [ACCESS]: s.accessToken };
  if (s.refreshToken) props[REFRESH] = s.refreshToken;
  userProps().setProperties(props);
}

export function clearSession(): void {
  userProps().deleteProperty(ACCESS);
  userProps().deleteProperty(REFRESH);
}

export function hasSession(): boolean {
  return Boolean(userProps().getProperty(REFRESH));
}

function send(method: GoogleAppsScript.URL_Fetch.HttpMethod, path: string, body: unknown, auth: boolean, extra: Record<string, string> = {}) {
  // The API words its errors in the language asked for; the sidebar shows them as they come.
  const headers: Record<string, string> = { Accept: 'application/json', 'Accept-Language': userLanguage(), 'X-Intellio-Client': 'addin', ...extra };
  const token = userProps().getProperty(ACCESS);
  if (auth && token) headers.Authorization = `Bearer ${token}`;
  const options: GoogleAppsScript.URL_Fetch.URLFetchRequestOptions = { method, headers, muteHttpExceptions: true, followRedirects: false };
  if (body !== undefined) {
    options.contentType = 'application/json';
    options.payload = JSON.stringify(body);
  }
  return UrlFetchApp.fetch(`${apiBase()}/api/v1${path}`, options);
}

/** Exchanges the stored refresh token; clears the session when the server refuses it. */
function refresh(): boolean {
  const refreshToken = userProps().getProperty(REFRESH);
  if (!refreshToken) return false;
  const res = send('post', '/auth/refresh', { refreshToken }, false);
  if (res.getResponseCode() !== 200) {
    clearSession();
    return false;
  }
  saveSession((JSON.parse(res.getContentText()) as { data: SessionResponse }).data);
  return true;
}

/** Sends an authenticated request (one refresh and retry on 401) and returns the raw response. */
export function sendAuthed(method: GoogleAppsScript.URL_Fetch.HttpMethod, path: string, body: unknown, headers: Record<string, string> = {}) {
  const res = send(method, path, body, true, headers);
  return res.getResponseCode() === 401 && refresh() ? send(method, path, body, true, headers) : res;
}

/** Sends a request and returns the envelope's `data`; API errors become Errors with the server's message. */
export function request<T>(method: GoogleAppsScript.URL_Fetch.HttpMethod, path: string, body?: unknown, auth = true): T {
  let res = send(method, path, body, auth);
  if (res.getResponseCode() === 401 && auth && refresh()) res = send(method, path, body, auth);
  const status = res.getResponseCode();
  const text = res.getContentText();
  let json: unknown = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    // A proxy's HTML error page: reported generically below.
  }
  if (status === 401 && auth) throw new Error(t('pane.errors.sessionEnded'));
  if (status >= 400) throw new Error((json as ApiErrorBody | null)?.error?.message ?? t('pane.errors.http', { status }));
  return (json as { data: T } | null)?.data as T;
}
