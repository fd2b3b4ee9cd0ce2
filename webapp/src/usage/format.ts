/** Number, money and date formatting shared by the usage, admin and billing pages. */
const integer = new Intl.NumberFormat('en-US');

export const formatNumber = (n: number | null | undefined) => (n == null ? '—' : integer.format(n));
export const formatMs = (ms: number | null | undefined) => (ms == null ? '—' : ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`);
export const formatPercent = (r: number | null | undefined) => (r == null ? '—' : `${(r * 100).toFixed(1)}%`);
export const formatDateTime = (iso: string | null | undefined) => (iso ? new Date(iso).toLocaleString('en-US', { dateStyle: 'medium', timeStyle: 'short' }) : '—');
/**
 * An amount in the currency's smallest unit, as the API and Stripe keep it: cents for usd, won for krw (a
 * zero-decimal currency: 12000 is ₩12,000). The digits come from Intl's currency data; Stripe counts isk,
 * huf and ugx in hundredths although ISO gives them none.
 */
export function formatMoney(minorUnits: number, currency = 'usd'): string {
  const format = new Intl.NumberFormat('en-US', { style: 'currency', currency: currency.toUpperCase() });
  const digits = ['isk', 'huf', 'ugx'].includes(currency.toLowerCase()) ? 2 : (format.resolvedOptions().maximumFractionDigits ?? 2);
  return format.format(minorUnits / 10 ** digits);
}
/** "2026-03-04" → "Mar 4" for chart axes. */
export const formatPeriod = (period: string) => new Date(`${period}T00:00:00Z`).toLocaleDateString('en-US', { month: 'short', day: 'numeric', timeZone: 'UTC' });

/** "auth.login_failed" → "Sign-in failed": the activity log in words. */
const ACTIONS: Record<string, string> = {
  'auth.signup': 'Signed up',
  'auth.login': 'Signed in',
  'auth.login_failed': 'Sign-in failed',
  'auth.logout': 'Signed out',
  'auth.password_reset_requested': 'Password reset requested',
  'auth.password_reset': 'Password reset',
  'auth.email_verified': 'Email verified',
  'user.password_changed': 'Password changed',
  'session.token_reuse': 'Sessions ended (token reuse)',
  'document.upload': 'Document uploaded',
  'document.delete': 'Document deleted',
  'project.create': 'Project created',
  'project.delete': 'Project deleted',
  'analysis.create': 'Analysis',
  'analysis.cancel': 'Analysis cancelled',
  'template.create': 'Template created',
  'template.update': 'Template changed',
  'template.delete': 'Template deleted',
  'admin.user_disabled': 'Admin: user disabled',
  'admin.user_enabled': 'Admin: user enabled',
  'admin.backup_started': 'Admin: backup started',
};

export function describeAction(action: string): string {
  if (ACTIONS[action]) return ACTIONS[action];
  // Billing records `payment.*` (succeeded, failed, refunded…): shown as "Payment succeeded".
  const [domain, ...rest] = action.split('.');
  const words = rest.join(' ').replaceAll('_', ' ');
  return `${domain.charAt(0).toUpperCase()}${domain.slice(1)}${words ? ` ${words}` : ''}`;
}
