/**
 * The fetch wrapper every Intellio front end uses: JSON in/out, bearer token, one transparent refresh on
 * 401 (single-flight, so parallel calls share it), and errors as ApiError with the server's code.
 */
import type { ApiErrorBody, ClientKind, SessionResponse } from './types.js';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: unknown = null,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** Where a front end keeps its tokens (memory + cookie for the web app, storage for add-ins). */
export interface TokenStore {
  getAccessToken(): string | null;
  getRefreshToken(): string | null;
  save(tokens: { accessToken: string; refreshToken?: string }): void | Promise<void>;
  clear(): void | Promise<void>;
}

export class MemoryTokenStore implements TokenStore {
  private access: string | null = null;
  private refresh: string | null = null;
  getAccessToken() {
    return this.access;
  }
  getRefreshToken() {
    return this.refresh;
  }
  save(tokens: { accessToken: string; refreshToken?: string }) {
    this.access = tokens.accessToken;
    if (tokens.refreshToken) this.refresh = tokens.refreshToken;
  }
  clear() {
    this.access = null;
    this.refresh = null;
  }
}

export interface HttpOptions {
  /** API origin, e.g. https://app.intellio.ai (no trailing slash). Empty string = same origin. */
  baseUrl: string;
  client: ClientKind;
  tokens?: TokenStore;
  fetch?: typeof fetch;
  /** Called when the session is gone for good (refresh failed): show the sign-in screen. */
  onSessionExpired?: () => void;
}

export interface RequestOptions {
  auth?: boolean;
  signal?: AbortSignal;
  headers?: Record<string, string>;
  /** Raw body (FormData, Blob) sent as is instead of JSON. */
  rawBody?: BodyInit;
}

export class Http {
  readonly tokens: TokenStore;
  private refreshing: Promise<boolean> | null = null;

  constructor(readonly options: HttpOptions) {
    this.tokens = options.tokens ?? new MemoryTokenStore();
  }

  url(path: string): string {
    return `${this.options.baseUrl}/api/v1${path}`;
  }

  private get fetchImpl(): typeof fetch {
    return this.options.fetch ?? ((...args: Parameters<typeof fetch>) => fetch(...args));
  }

  /** Sends a request; on 401 refreshes once and retries. Resolves to the `data` of the envelope. */
  async request<T>(method: string, path: string, body?: unknown, opts: RequestOptions = {}): Promise<T> {
    const res = await this.send(method, path, body, opts);
    if (res.status === 401 && opts.auth !== false && (await this.refresh())) {
      return this.parse<T>(await this.send(method, path, body, opts));
    }
    return this.parse<T>(res);
  }

  /** Same as request, but returns the raw Response (for streams and downloads). */
  async raw(method: string, path: string, body?: unknown, opts: RequestOptions = {}): Promise<Response> {
    let res = await this.send(method, path, body, opts);
    if (res.status === 401 && opts.auth !== false && (await this.refresh())) res = await this.send(method, path, body, opts);
    if (!res.ok) await this.parse(res);
    return res;
  }

  private send(method: string, path: string, body: unknown, opts: RequestOptions): Promise<Response> {
    const headers: Record<string, string> = { Accept: 'application/json', 'X-Intellio-Client': this.options.client, ...opts.headers };
    const token = this.tokens.getAccessToken();
    if (token && opts.auth !== false) headers.Authorization = `Bearer ${token}`;
    let payload: BodyInit | undefined = opts.rawBody;
    if (payload === undefined && body !== undefined) {
      headers['Content-Type'] = 'application/json';
      payload = JSON.stringify(body);
    }
    return this.fetchImpl(this.url(path), {
      method,
      headers,
      body: payload,
      credentials: this.options.client === 'web' ? 'include' : 'omit',
      signal: opts.signal,
    });
  }

  private async parse<T>(res: Response): Promise<T> {
    if (res.status === 204) return undefined as T;
    const text = await res.text();
    let json: unknown = null;
    try {
      json = text ? JSON.parse(text) : null;
    } catch {
      // Not JSON (a proxy error page): fall through to a generic error.
    }
    if (!res.ok) {
      const err = (json as ApiErrorBody | null)?.error;
      throw new ApiError(res.status, err?.code ?? 'http_error', err?.message ?? `Request failed (${res.status}).`, err?.details ?? null);
    }
    return (json as { data: T } | null)?.data as T;
  }

  /** Exchanges the refresh token (cookie or stored) for a new access token. Shared by concurrent callers. */
  refresh(): Promise<boolean> {
    this.refreshing ??= (async () => {
      try {
        const refreshToken = this.tokens.getRefreshToken();
        const res = await this.send('POST', '/auth/refresh', refreshToken ? { refreshToken } : {}, { auth: false });
        if (!res.ok) {
          await this.tokens.clear();
          this.options.onSessionExpired?.();
          return false;
        }
        const data = ((await res.json()) as { data: SessionResponse | null }).data;
        // `data: null`: there was no refresh token to present, i.e. signed out (not an error status).
        if (!data) {
          await this.tokens.clear();
          this.options.onSessionExpired?.();
          return false;
        }
        await this.tokens.save({ accessToken: data.accessToken, refreshToken: data.refreshToken });
        return true;
      } catch {
        return false;
      } finally {
        setTimeout(() => (this.refreshing = null), 0);
      }
    })();
    return this.refreshing;
  }
}
