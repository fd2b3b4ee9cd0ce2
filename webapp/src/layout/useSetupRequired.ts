import { useEffect, useState } from 'react';
import { api } from '../api';

/**
 * Whether the server has no account yet (GET /config `setupRequired`): null until known. Read afresh on each
 * mount rather than from the page's cached config, because the first sign-up ends this state mid-visit.
 */
export function useSetupRequired(): boolean | null {
  const [required, setRequired] = useState<boolean | null>(null);
  useEffect(() => {
    let active = true;
    api.auth.config().then(
      (config) => active && setRequired(config.setupRequired),
      () => active && setRequired(false), // unknown: sign-in, the usual page, stays the default
    );
    return () => {
      active = false;
    };
  }, []);
  return required;
}
