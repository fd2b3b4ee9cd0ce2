import type { PublicConfig } from '@intellio/api-client';
import { useEffect, useState } from 'react';
import { api } from '../api';

let pending: Promise<PublicConfig | null> | null = null;

function loadConfig(): Promise<PublicConfig | null> {
  // A failed load is retried on the next mount rather than cached.
  pending ??= api.auth.config().catch(() => {
    pending = null;
    return null;
  });
  return pending;
}

/** GET /config, fetched once per page load; null until it arrives (or if it cannot be loaded). */
export function usePublicConfig(): PublicConfig | null {
  const [config, setConfig] = useState<PublicConfig | null>(null);
  useEffect(() => {
    let active = true;
    void loadConfig().then((loaded) => {
      if (active) setConfig(loaded);
    });
    return () => {
      active = false;
    };
  }, []);
  return config;
}
