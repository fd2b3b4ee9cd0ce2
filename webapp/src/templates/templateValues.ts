/**
 * The values a user gave a template's own {{name}} placeholders in the use dialog, kept for this tab until the
 * analyse box sends them with the run (`variables` on the analysis). Session storage: not the server's
 * business until a run, and gone with the tab.
 */
const key = (templateId: string) => `intellio.templateValues.${templateId}`;

export function saveTemplateValues(templateId: string, values: Record<string, string>): void {
  sessionStorage.setItem(key(templateId), JSON.stringify(values));
}

export function templateValues(templateId: string): Record<string, string> {
  try {
    const parsed: unknown = JSON.parse(sessionStorage.getItem(key(templateId)) ?? '{}');
    return parsed && typeof parsed === 'object' ? (parsed as Record<string, string>) : {};
  } catch {
    return {};
  }
}
