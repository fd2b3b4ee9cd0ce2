import type { User } from '@intellio/api-client';
import { useEffect, useState } from 'react';
import { api } from '../api';

/**
 * Whether REQUIRE_ADMIN_MFA applies to `user` now: true/false, or null while the server's config is being read.
 * Asked only for an administrator without MFA; a config that cannot be loaded counts as "not required" (the
 * API still refuses them with 403 `mfa_setup_required`, so nothing is let through).
 */
export function useAdminMfaRequired(user: User | null): boolean | null {
  const concerned = user?.role === 'admin' && !user.mfaEnabled;
  const [required, setRequired] = useState<boolean | null>(null);
  useEffect(() => {
    if (!concerned) return;
    let active = true;
    api.auth.config().then(
      (config) => active && setRequired(config.requireAdminMfa),
      () => active && setRequired(false),
    );
    return () => {
      active = false;
    };
  }, [concerned]);
  return concerned ? required : false;
}
