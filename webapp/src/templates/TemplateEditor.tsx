import { Button, Dialog, DialogActions, DialogBody, DialogContent, DialogSurface, DialogTitle, Field, Input, makeStyles, Radio, RadioGroup, Text, Textarea, tokens } from '@fluentui/react-components';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useAuth } from '../auth/useAuth';
import { FormError } from '../forms/FormError';
import { BUILT_IN_TEMPLATE_VARIABLES, type Template, type TemplateInput, type TemplateVisibility as Visibility } from '@intellio/api-client';
import { TemplateInsights } from './TemplateInsights';

const useStyles = makeStyles({ form: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM } });

interface TemplateEditorProps {
  template: Template | null;
  /** Saves; resolves to an error message, or null when it worked (the dialog then closes). */
  onSave(input: TemplateInput): Promise<string | null>;
  onClose(): void;
}

const EMAIL = /^[^\s@,;]+@[^\s@,;]+\.[^\s@,;]+$/;

/**
 * Create or edit a template: name, prompt, who can see it, the addresses it is shared with and its monthly
 * token budget; an existing one also shows its versions and how it does.
 */
export function TemplateEditor({ template: initial, onSave, onClose }: TemplateEditorProps) {
  // A restore changes the template under the open editor: its prompt follows.
  const [template, setTemplate] = useState(initial);
  const styles = useStyles();
  const { user } = useAuth();
  const { t } = useTranslation();
  const [name, setName] = useState(template?.name ?? '');
  const [description, setDescription] = useState(template?.description ?? '');
  const [prompt, setPrompt] = useState(template?.prompt ?? '');
  const [visibility, setVisibility] = useState<Visibility>(template?.visibility ?? 'private');
  const [emails, setEmails] = useState((template?.sharedWith ?? []).join(', '));
  const [budget, setBudget] = useState(template?.monthlyTokenBudget == null ? '' : String(template.monthlyTokenBudget));
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const list = emails.split(/[\s,;]+/).filter(Boolean);
  const badEmail = list.find((e) => !EMAIL.test(e));
  const badBudget = budget.trim() !== '' && !/^\d{1,13}$/.test(budget.trim());
  const budgetValue = budget.trim() === '' ? null : Number(budget.trim());
  // An administrator's to set on a public template.
  const budgetLocked = visibility === 'public' && user?.role !== 'admin';

  async function handleSubmit(event: FormEvent) {
    event.preventDefault();
    if (badEmail || badBudget) return;
    setBusy(true);
    const failure = await onSave({
      name: name.trim(),
      description: description.trim() || null,
      prompt: prompt.trim(),
      visibility,
      sharedWith: visibility === 'shared' ? list : [],
      // Sent only when changed, so other edits never touch a budget the editor may not set.
      ...(budgetValue !== (template?.monthlyTokenBudget ?? null) ? { monthlyTokenBudget: budgetValue } : {}),
    });
    setBusy(false);
    if (failure) setError(failure);
    else onClose();
  }

  return (
    <Dialog open onOpenChange={(_, d) => !d.open && onClose()}>
      <DialogSurface data-testid="template-editor">
        <form onSubmit={(e) => void handleSubmit(e)}>
          <DialogBody>
            <DialogTitle>{template ? t('templates.editor.editTitle') : t('templates.editor.newTitle')}</DialogTitle>
            <DialogContent className={styles.form}>
              <FormError message={error} />
              <Field label={t('templates.editor.name')} required>
                <Input name="name" value={name} onChange={(_, d) => setName(d.value)} maxLength={120} />
              </Field>
              <Field label={t('templates.editor.description')}>
                <Input name="description" value={description} onChange={(_, d) => setDescription(d.value)} maxLength={1000} />
              </Field>
              <Field label={t('templates.editor.prompt')} required hint={t('templates.editor.promptHint', { placeholder: '{{name}}' })}>
                <Textarea name="prompt" value={prompt} onChange={(_, d) => setPrompt(d.value)} rows={5} resize="vertical" maxLength={4000} />
              </Field>
              <Text size={200} data-testid="template-builtins">
                {t('templateProducts.variables.editorBuiltIn', { names: BUILT_IN_TEMPLATE_VARIABLES.map((n) => `{{${n}}}`).join(', '), placeholder: '{{name}}' })}
              </Text>
              <Field label={t('templates.editor.visibility')}>
                <RadioGroup value={visibility} onChange={(_, d) => setVisibility(d.value as Visibility)}>
                  <Radio value="private" label={t('templates.editor.onlyMe')} />
                  <Radio value="shared" label={t('templates.editor.sharedPeople')} />
                  <Radio value="public" label={t('templates.editor.everyone')} disabled={user?.role !== 'admin'} />
                </RadioGroup>
              </Field>
              {visibility === 'shared' && (
                <Field
                  label={t('templates.editor.shareWith')}
                  hint={t('templates.editor.shareHint')}
                  validationMessage={badEmail ? t('templates.editor.notEmail', { value: badEmail }) : undefined}
                >
                  <Textarea name="sharedWith" value={emails} onChange={(_, d) => setEmails(d.value)} placeholder={t('templates.editor.sharePlaceholder')} />
                </Field>
              )}
              <Field
                label={t('templateProducts.budget.label')}
                hint={budgetLocked ? t('templateProducts.budget.adminOnly') : t('templateProducts.budget.hint')}
                validationMessage={badBudget ? t('templateProducts.budget.notNumber') : undefined}
              >
                <Input name="monthlyTokenBudget" inputMode="numeric" value={budget} onChange={(_, d) => setBudget(d.value)} disabled={budgetLocked} />
              </Field>
              {template && (template.isOwner || user?.role === 'admin') && (
                <TemplateInsights
                  template={template}
                  curator={template.isOwner || (user?.role === 'admin' && template.visibility === 'public')}
                  onRestored={(restored) => {
                    setTemplate(restored);
                    setPrompt(restored.prompt);
                  }}
                />
              )}
            </DialogContent>
            <DialogActions>
              <Button onClick={onClose}>{t('common.cancel')}</Button>
              <Button appearance="primary" type="submit" disabled={busy || !name.trim() || !prompt.trim() || Boolean(badEmail) || badBudget}>
                {t('templates.editor.save')}
              </Button>
            </DialogActions>
          </DialogBody>
        </form>
      </DialogSurface>
    </Dialog>
  );
}
