import { Button, Dialog, DialogActions, DialogBody, DialogContent, DialogSurface, DialogTitle, Field, Input, makeStyles, Select, Text, tokens } from '@fluentui/react-components';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { useTree } from '../sidebar/useTree';
import type { Template } from '@intellio/api-client';
import { saveTemplateValues, templateValues } from './templateValues';

const useStyles = makeStyles({ form: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM } });

interface UseTemplateDialogProps {
  template: Template;
  onClose(): void;
}

/**
 * "Use": pick the project to analyse in and fill the template's own {{name}} placeholders; its analyse box opens
 * with the template chosen and sends those values with the run.
 */
export function UseTemplateDialog({ template, onClose }: UseTemplateDialogProps) {
  const { tree } = useTree();
  const navigate = useNavigate();
  const { t } = useTranslation();
  const projects = (tree ?? []).flatMap((c) => c.projects.map((p) => ({ id: p.id, label: `${c.name} / ${p.name}` })));
  const [projectId, setProjectId] = useState(projects[0]?.id ?? '');
  const styles = useStyles();
  const [values, setValues] = useState<Record<string, string>>(() => templateValues(template.id));
  const unfilled = template.variables.filter((name) => !values[name]?.trim());

  function open() {
    saveTemplateValues(template.id, Object.fromEntries(template.variables.map((name) => [name, values[name]?.trim() ?? ''])));
    navigate(`/projects/${projectId}?template=${template.id}#analyse`);
  }

  return (
    <Dialog open onOpenChange={(_, d) => !d.open && onClose()}>
      <DialogSurface>
        <DialogBody>
          <DialogTitle>{t('templates.useDialog.title', { name: template.name })}</DialogTitle>
          <DialogContent className={styles.form}>
            {projects.length === 0 ? (
              <Text>{t('templates.useDialog.noProjects')}</Text>
            ) : (
              <Field label={t('templates.useDialog.inProject')}>
                <Select value={projectId} onChange={(_, d) => setProjectId(d.value)}>
                  {projects.map((p) => (
                    <option key={p.id} value={p.id}>
                      {p.label}
                    </option>
                  ))}
                </Select>
              </Field>
            )}
            {template.variables.length > 0 && <Text>{t('templateProducts.variables.intro')}</Text>}
            {template.variables.map((name) => (
              <Field key={name} label={name} required>
                <Input name={`variable-${name}`} value={values[name] ?? ''} onChange={(_, d) => setValues((v) => ({ ...v, [name]: d.value }))} maxLength={1000} />
              </Field>
            ))}
            {template.builtInVariables.length > 0 && (
              <Text size={200}>{t('templateProducts.variables.builtIn', { names: template.builtInVariables.map((n) => `{{${n}}}`).join(', ') })}</Text>
            )}
          </DialogContent>
          <DialogActions>
            <Button onClick={onClose}>{t('common.cancel')}</Button>
            <Button appearance="primary" disabled={!projectId || unfilled.length > 0} onClick={open}>
              {t('templates.useDialog.open')}
            </Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}
