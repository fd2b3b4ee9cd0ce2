import type { Template } from './model.js';
import { templateVariables } from './variables.js';

/** Share addresses are shown to the owner only; the owner's id never leaves. */
export function presentTemplate(t: Template, viewerId: string, sharedWith: string[]) {
  const isOwner = t.ownerId === viewerId;
  return {
    id: t.id,
    name: t.name,
    description: t.description,
    prompt: t.prompt,
    visibility: t.visibility,
    variables: templateVariables(t.prompt),
    isOwner,
    sharedWith: isOwner ? sharedWith : [],
    createdAt: new Date(t.createdAt).toISOString(),
    updatedAt: new Date(t.updatedAt).toISOString(),
  };
}
