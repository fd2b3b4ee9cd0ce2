import { z } from 'zod';
import { newPasswordField } from '../auth/schema.js';

export const updateMeSchema = z
  .object({
    name: z.string().trim().min(1, 'is required').max(100, 'must be at most 100 characters').optional(),
    language: z.enum(['en', 'ko']).nullable().optional(),
    currentPassword: z.string().min(1, 'is required').max(128).optional(),
    newPassword: newPasswordField.optional(),
  })
  .strict()
  .refine((v) => v.name !== undefined || v.language !== undefined || v.newPassword !== undefined, { message: 'nothing to update', params: { i18n: 'nothingToUpdate' } })
  .refine((v) => v.newPassword === undefined || v.currentPassword !== undefined, {
    path: ['currentPassword'],
    message: 'is required to change the password',
    params: { i18n: 'currentPasswordRequired' },
  });
export type UpdateMeInput = z.infer<typeof updateMeSchema>;
