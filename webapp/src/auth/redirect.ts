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

/** Any origin will do: only whether a path stays on it matters. */
const PROBE_ORIGIN = 'https://app.invalid';

/**
 * Only same-app paths: a crafted `from` must not send people to another site or back to sign-in. URL parsing
 * reads "/\evil.example" as "//evil.example" (a backslash is a slash, tabs and newlines vanish), so the path is
 * also resolved the way a browser would and must stay on the origin.
 */
export function safeDestination(from: string | undefined): string {
  if (!from || from[0] !== '/' || from[1] === '/' || from[1] === '\\' || /^\/(login|signup)\b/.test(from)) return '/';
  return staysOnOrigin(from) ? from : '/';
}

function staysOnOrigin(path: string): boolean {
  try {
    return new URL(path, PROBE_ORIGIN).origin === PROBE_ORIGIN;
  } catch {
    return false; // e.g. "/\t/[::": a host that does not parse
  }
}
