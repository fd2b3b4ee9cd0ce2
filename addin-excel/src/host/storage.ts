/**
 * Where the pane keeps its session: the refresh token in OfficeRuntime.storage when the host has it
 * (shared with other add-in runtimes, survives a reopened pane), else localStorage. The short-lived access
 * token stays in memory only.
 */
import type { TokenStore } from '@intellio/api-client';

const KEY = 'intellio.refreshToken';

interface KeyValueStorage {
  getItem(key: string): Promise<string | null>;
  setItem(key: string, value: string): Promise<void>;
  removeItem(key: string): Promise<void>;
}

function backingStorage(): KeyValueStorage {
  if (typeof OfficeRuntime !== 'undefined' && OfficeRuntime.storage) return OfficeRuntime.storage;
  return {
    getItem: async (k) => window.localStorage.getItem(k),
    setItem: async (k, v) => window.localStorage.setItem(k, v),
    removeItem: async (k) => window.localStorage.removeItem(k),
  };
}

export class AddinTokenStore implements TokenStore {
  private access: string | null = null;

  private constructor(
    private readonly storage: KeyValueStorage,
    private refresh: string | null,
  ) {}

  /** Reads the stored refresh token once; afterwards reads are synchronous as TokenStore requires. */
  static async open(storage: KeyValueStorage = backingStorage()): Promise<AddinTokenStore> {
    return new AddinTokenStore(storage, await storage.getItem(KEY).catch(() => null));
  }

  getAccessToken() {
    return this.access;
  }

  getRefreshToken() {
    return this.refresh;
  }

  async save(tokens: { accessToken: string; refreshToken?: string }) {
    this.access = tokens.accessToken;
    if (!tokens.refreshToken) return;
    this.refresh = tokens.refreshToken;
    await this.storage.setItem(KEY, tokens.refreshToken);
  }

  async clear() {
    this.access = null;
    this.refresh = null;
    await this.storage.removeItem(KEY);
  }
}
