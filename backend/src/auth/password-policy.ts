/**
 * What a new password may not be (ASVS 6.2.4, 6.2.11; NIST SP 800-63B 3.1.1.2): one of the ~49,000 most
 * common passwords (the ranked list `@zxcvbn-ts/language-common` maintains, from leaked-password corpora), such
 * a password dressed up with digits or symbols at either end (`Password1!`), or something containing the
 * account's email address, its local part, the person's name, or the service's name. Length limits stay in the zod schemas;
 * there are no composition rules (ASVS 6.2.5).
 */
import { dictionary } from '@zxcvbn-ts/language-common';

let common: Set<string> | undefined;
/** Built on first use (about 70 ms), not at import, so processes that never check a password skip it. */
function commonPasswords(): Set<string> {
  common ??= new Set(dictionary['passwords-common']);
  return common;
}

/** Context-specific words (ASVS 6.1.2): the service's own name is the first guess after the user's. */
const SERVICE_WORDS = ['intellio'];

/** The shortest email local part or name part that counts: shorter ones occur inside ordinary words. */
const MIN_PERSONAL_PART = 4;

export const COMMON_PASSWORD_MESSAGE = 'is too common: choose a password that is not on lists of common passwords';

/**
 * The `serverValidation.custom` key of each password problem, for a refinement's `params: { i18n }`: the
 * English sentences stay the schema's messages, other languages word them from the server catalogue.
 */
export const PASSWORD_PROBLEM_KEYS: Readonly<Record<string, string>> = {
  [COMMON_PASSWORD_MESSAGE]: 'commonPassword',
  'must not contain your email address': 'passwordContainsEmail',
  'must not contain the name of this service': 'passwordContainsService',
  'must not contain your name': 'passwordContainsName',
};

/** The catalogue key of a problem `personalPasswordProblem` returned (or of the common-password message). */
export function passwordProblemKey(problem: string): string | undefined {
  return PASSWORD_PROBLEM_KEYS[problem];
}

/** True for a common password, also after stripping digits and symbols from its ends. */
export function isCommonPassword(password: string): boolean {
  const lower = password.toLowerCase();
  const core = lower.replace(/^[^\p{L}]+|[^\p{L}]+$/gu, '');
  return commonPasswords().has(lower) || (core.length > 0 && commonPasswords().has(core));
}

/** Why the password is tied to the person (email, its local part, name) or to this service, or null. */
export function personalPasswordProblem(password: string, who: { email: string; name?: string | null }): string | null {
  const lower = password.toLowerCase();
  const squeezed = lower.replace(/[\s._-]+/g, '');
  const email = who.email.toLowerCase();
  const local = email.split('@')[0] ?? '';
  if (lower.includes(email)) return 'must not contain your email address';
  if (local.length >= MIN_PERSONAL_PART && (lower.includes(local) || squeezed.includes(local.replace(/[._-]+/g, '')))) {
    return 'must not contain your email address';
  }
  if (SERVICE_WORDS.some((w) => squeezed.includes(w))) return 'must not contain the name of this service';
  const parts = (who.name ?? '').toLowerCase().split(/[^\p{L}\p{N}]+/u).filter((p) => p.length >= MIN_PERSONAL_PART);
  const whole = parts.join('');
  if (parts.some((p) => lower.includes(p)) || (whole.length >= MIN_PERSONAL_PART && squeezed.includes(whole))) {
    return 'must not contain your name';
  }
  return null;
}
