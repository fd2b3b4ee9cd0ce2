import { z } from 'zod';
import { emailField } from '../http/validate.js';
import { displayName } from '../lib/display-name.js';
import { COMMON_PASSWORD_MESSAGE, isCommonPassword, passwordProblemKey, personalPasswordProblem } from './password-policy.js';

/** A password being chosen (sign-up, reset, change): length, then not a common one. */
export const newPasswordField = z
  .string({ error: 'is required' })
  .min(10, 'must be at least 10 characters')
  .max(128, 'must be at most 128 characters')
  .refine((p) => !isCommonPassword(p), { message: COMMON_PASSWORD_MESSAGE, params: { i18n: 'commonPassword' } });
const password = newPasswordField;
const client = z.enum(['web', 'addin']).default('web');
const token = z.string({ error: 'is required' }).min(10, 'is not a valid token').max(200, 'is not a valid token');

export const signupSchema = z
  .object({
    email: emailField,
    password,
    name: displayName(100),
    client,
  })
  .strict()
  .superRefine((v, ctx) => {
    const problem = personalPasswordProblem(v.password, v);
    if (problem) ctx.addIssue({ code: 'custom', path: ['password'], message: problem, params: { i18n: passwordProblemKey(problem) } });
  });
export type SignupInput = z.infer<typeof signupSchema>;

export const loginSchema = z
  .object({ email: emailField, password: z.string({ error: 'is required' }).min(1, 'is required').max(128), client })
  .strict();
export type LoginInput = z.infer<typeof loginSchema>;

/** Web clients send the refresh token as a cookie; add-ins send it in the body. */
export const refreshSchema = z.object({ refreshToken: token.optional() }).strict();

export const forgotSchema = z.object({ email: emailField }).strict();

export const resetSchema = z.object({ token, password }).strict();
export type ResetInput = z.infer<typeof resetSchema>;

/**
 * `client` decides where the session the link signs in with goes (cookie or body), as for login. `password`: the
 * one chosen at the sign-up the link was mailed for, needed while the address is unconfirmed (service.ts,
 * verifyEmail); without it such a link answers `password_required` and stays unspent.
 */
export const verifySchema = z
  .object({ token, password: z.string({ error: 'is required' }).min(1, 'is required').max(128, 'must be at most 128 characters').optional(), client })
  .strict();
export type VerifyInput = z.infer<typeof verifySchema>;

/** Six digits from the authenticator app (spaces, as some apps show them, are dropped). */
const totpCode = z
  .string({ error: 'is required' })
  .transform((c) => c.replace(/\s+/g, ''))
  .pipe(z.string().regex(/^\d{6}$/, 'must be the 6-digit code from your authenticator app'));
/** A recovery code as shown (groups of letters and digits separated by dashes); normalised by the service. */
const recoveryCode = z.string({ error: 'is required' }).trim().min(16, 'is not a recovery code').max(64, 'is not a recovery code');

/** The password as well as the code: a stolen access token alone must not be able to put its own second factor on. */
export const mfaEnableSchema = z.object({ password: z.string({ error: 'is required' }).min(1, 'is required').max(128), code: totpCode }).strict();
export type MfaEnableInput = z.infer<typeof mfaEnableSchema>;

export const mfaVerifySchema = z
  .object({ mfaToken: z.string({ error: 'is required' }).min(20, 'is not valid').max(2000, 'is not valid'), code: totpCode.optional(), recoveryCode: recoveryCode.optional(), client })
  .strict()
  .refine((v) => (v.code === undefined) !== (v.recoveryCode === undefined), { path: ['code'], message: 'send either code or recoveryCode' });
export type MfaVerifyInput = z.infer<typeof mfaVerifySchema>;

/** `code`: a current TOTP code or one of the recovery codes. */
export const mfaDisableSchema = z
  .object({
    password: z.string({ error: 'is required' }).min(1, 'is required').max(128),
    code: z.string({ error: 'is required' }).transform((c) => c.trim()).pipe(z.string().min(6, 'is required').max(64, 'is not a code')),
  })
  .strict();
export type MfaDisableInput = z.infer<typeof mfaDisableSchema>;
