import { Button, Dialog, DialogActions, DialogBody, DialogContent, DialogSurface, DialogTitle, Field, Input, makeStyles, Radio, RadioGroup, Textarea, tokens } from '@fluentui/react-components';
import { useState, type FormEvent } from 'react';
import { useAuth } from '../auth/useAuth';
import { FormError } from '../forms/FormError';
import type { Template, TemplateInput, TemplateVisibility as Visibility } from '@intellio/api-client';

const useStyles = makeStyles({ form: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM } });

interface TemplateEditorProps {
  template: Template | null;
  onSave(input: TemplateInput): Promise<string | null>;
  onClose(): void;
}

const EMAIL = /^[^\s@,;]+@[^\s@,;]+\.[^\s@,;]+$/;

/** Create or edit a template: name, prompt, who can see it, and the addresses it is shared with. */
export function TemplateEditor({ template, onSave, onClose }: TemplateEditorProps) {
  const styles = useStyles();
  const { user } = useAuth();
  const [name, setName] = useState(template?.name ?? '');
  const [description, setDescription] = useState(template?.description ?? '');
  const [prompt, setPrompt] = useState(template?.prompt ?? '');
  const [visibility, setVisibility] = useState<Visibility>(template?.visibility ?? 'private');
  const [emails, setEmails] = useState((template?.sharedWith ?? []).join(', '));
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const list = emails.split(/[\s,;]+/).filter(Boolean);
  const badEmail = list.find((e) => !EMAIL.test(e));

  async function handleSubmit(event: FormEvent) {
    event.preventDefault();
    if (badEmail) return;
    setBusy(true);
    const failure = await onSave({
      name: name.trim(),
      description: description.trim() || null,
      prompt: prompt.trim(),
      visibility,
      sharedWith: visibility === 'shared' ? list : [],
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
            <DialogTitle>{template ? 'Edit template' : 'New template'}</DialogTitle>
            <DialogContent className={styles.form}>
              <FormError message={error} />
              <Field label="Name" required>
                <Input name="name" value={name} onChange={(_, d) => setName(d.value)} maxLength={120} />
              </Field>
              <Field label="Description">
                <Input name="description" value={description} onChange={(_, d) => setDescription(d.value)} maxLength={1000} />
              </Field>
              <Field label="Prompt" required hint="Use {{name}} for parts to fill in when it is used.">
                <Textarea name="prompt" value={prompt} onChange={(_, d) => setPrompt(d.value)} rows={5} resize="vertical" maxLength={4000} />
              </Field>
              <Field label="Who can use it">
                <RadioGroup value={visibility} onChange={(_, d) => setVisibility(d.value as Visibility)}>
                  <Radio value="private" label="Only me" />
                  <Radio value="shared" label="People I share it with" />
                  <Radio value="public" label="Everyone (admins only)" disabled={user?.role !== 'admin'} />
                </RadioGroup>
              </Field>
              {visibility === 'shared' && (
                <Field label="Share with (emails)" validationMessage={badEmail ? `“${badEmail}” is not an email address.` : undefined}>
                  <Textarea name="sharedWith" value={emails} onChange={(_, d) => setEmails(d.value)} placeholder="ana@example.com, li@example.com" />
                </Field>
              )}
            </DialogContent>
            <DialogActions>
              <Button onClick={onClose}>Cancel</Button>
              <Button appearance="primary" type="submit" disabled={busy || !name.trim() || !prompt.trim() || Boolean(badEmail)}>
                Save template
              </Button>
            </DialogActions>
          </DialogBody>
        </form>
      </DialogSurface>
    </Dialog>
  );
}
