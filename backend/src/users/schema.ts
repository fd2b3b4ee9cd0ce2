import { z } from 'zod';
import { newPasswordField } from '../auth/schema.js';
import { displayName } from '../lib/display-name.js';

export const updateMeSchema = z
  .object({
    name: displayName(100).optional(),
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
