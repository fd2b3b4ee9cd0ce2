import { z } from 'zod';
import { emailField } from '../http/validate.js';

const password = z
  .string({ error: 'is required' })
  .min(10, 'must be at least 10 characters')
  .max(128, 'must be at most 128 characters');
const client = z.enum(['web', 'addin']).default('web');
const token = z.string({ error: 'is required' }).min(10, 'is not a valid token').max(200, 'is not a valid token');

export const signupSchema = z
  .object({
    email: emailField,
    password,
    name: z.string({ error: 'is required' }).trim().min(1, 'is required').max(100, 'must be at most 100 characters'),
    client,
  })
  .strict()
  .refine((v) => v.password.trim().toLowerCase() !== v.email, {
    path: ['password'],
    message: 'must not be your email address',
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

export const verifySchema = z.object({ token }).strict();
