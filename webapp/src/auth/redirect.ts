/** What pages pass each other through router state when they redirect. */
export interface RedirectState {
  /** Where the visitor was going before being sent to sign in. */
  from?: string;
  /** A one-off note for the next page, e.g. "Password changed." */
  notice?: string;
}

/** Reads router state defensively: it survives reloads and may come from an older version of the app. */
export function readRedirectState(state: unknown): RedirectState {
  if (!state || typeof state !== 'object') return {};
  const { from, notice } = state as Record<string, unknown>;
  return {
    from: typeof from === 'string' ? from : undefined,
    notice: typeof notice === 'string' ? notice : undefined,
  };
}

/** Only same-app paths: a crafted `from` must not send people to another site or back to sign-in. */
export function safeDestination(from: string | undefined): string {
  if (!from || !from.startsWith('/') || from.startsWith('//') || /^\/(login|signup)\b/.test(from)) return '/';
  return from;
}
