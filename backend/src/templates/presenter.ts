import type { Template as TemplateJson } from '../contract/templates.js';
import type { Template } from './model.js';
import type { Share } from './service.js';
import { builtInVariables, templateVariables } from './variables.js';

/**
 * Share addresses are shown to the owner only, with those that no account uses yet (`pendingShares`: the
 * share waits for that person to sign up); the owner's id never leaves.
 */
export function presentTemplate(t: Template, viewerId: string, shares: Share[]): TemplateJson {
  const isOwner = t.ownerId === viewerId;
  return {
    id: t.id,
    name: t.name,
    description: t.description,
    prompt: t.prompt,
    visibility: t.visibility,
    /** The placeholders a run asks the user to fill (`variables: { name: value }` on the run). */
    variables: templateVariables(t.prompt),
    /** The built-in placeholders the prompt uses, filled from the selection. */
    builtInVariables: builtInVariables(t.prompt),
    monthlyTokenBudget: t.monthlyTokenBudget == null ? null : Number(t.monthlyTokenBudget),
    isOwner,
    sharedWith: isOwner ? shares.map((s) => s.email) : [],
    pendingShares: isOwner ? shares.filter((s) => s.pending).map((s) => s.email) : [],
    createdAt: new Date(t.createdAt).toISOString(),
    updatedAt: new Date(t.updatedAt).toISOString(),
  };
}
