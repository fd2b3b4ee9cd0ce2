import { Button, Field, makeStyles, Select, Textarea, tokens as t } from '@fluentui/react-components';
import { fillVariables, missingVariables, variablesFor } from '@intellio/api-client';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage, type AnalysisRequest, type PaneClient, type PromptExample, type Template } from '../api';
import { toApiSelection } from '../host/selection';
import type { SheetSelection } from '../host/types';
import { usePublicConfig, useQuote } from '../hooks/useQuote';
import { QuoteLine } from './QuoteLine';
import { VariablesForm } from './VariablesForm';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: t.spacingVerticalS },
  examples: { display: 'flex', flexWrap: 'wrap', gap: t.spacingHorizontalXS },
  actions: { display: 'flex', gap: t.spacingHorizontalS },
});

export interface PromptBoxProps {
  client: PaneClient;
  projectId: string;
  selection: SheetSelection | null;
  running: boolean;
  onAsk: (prompt: string, extra: Pick<AnalysisRequest, 'refinedPrompt' | 'templateId' | 'variables'>) => void;
}

/** The question: typed, picked from examples or a template, optionally refined by the server first. */
export function PromptBox({ client, projectId, selection, running, onAsk }: PromptBoxProps) {
  const styles = useStyles();
  const { t } = useTranslation();
  const [prompt, setPrompt] = useState('');
  const [refined, setRefined] = useState('');
  const [templateId, setTemplateId] = useState('');
  const [examples, setExamples] = useState<PromptExample[]>([]);
  const [templates, setTemplates] = useState<Template[]>([]);
  const [refineError, setRefineError] = useState<string | null>(null);
  const [refining, setRefining] = useState(false);
  const [values, setValues] = useState<Record<string, string>>({});
  const [blocked, setBlocked] = useState<string[]>([]);
  const config = usePublicConfig(client);

  useEffect(() => {
    // Both lists are optional helpers: the pane works without them.
    client.intellio.examples().then(setExamples, () => setExamples([]));
    client.intellio.templates().then(setTemplates, () => setTemplates([]));
  }, [client]);

  const handleTemplate = (id: string) => {
    setTemplateId(id);
    const template = templates.find((x) => x.id === id);
    if (template) setPrompt(template.prompt);
    setRefined('');
    setValues({});
    setBlocked([]);
  };

  const names = useMemo(() => templates.find((x) => x.id === templateId)?.variables ?? [], [templates, templateId]);
  const missing = missingVariables(names, values);
  // What Analyse would send now: the quote follows it, and the question carries the variables' values.
  const request = useMemo(() => {
    const question = fillVariables(prompt.trim(), values);
    const extra = { ...(refined ? { refinedPrompt: refined } : {}), ...(templateId ? { templateId } : {}), ...(names.length ? { variables: variablesFor(names, values) } : {}) };
    return { question, extra };
  }, [prompt, refined, templateId, names, values]);
  const apiSelection = useMemo(() => (selection ? toApiSelection(selection) : null), [selection]);
  const quote = useQuote(client, apiSelection && projectId && request.question ? { projectId, source: 'excel', selection: apiSelection, prompt: request.question, ...request.extra } : null);
  const cells = apiSelection?.ranges.reduce((n, r) => n + r.values.length * (r.values[0]?.length ?? 0), 0) ?? 0;

  const handleAsk = () => {
    if (missing.length) {
      setBlocked(missing);
      return;
    }
    setBlocked([]);
    onAsk(request.question, request.extra);
  };

  const handleRefine = async () => {
    if (!selection) return;
    setRefining(true);
    setRefineError(null);
    try {
      const res = await client.intellio.refine({ projectId, selection: toApiSelection(selection), prompt: fillVariables(prompt, values), ...(templateId ? { templateId } : {}) });
      setRefined(res.refinedPrompt);
    } catch (err) {
      setRefineError(errorMessage(err, t));
    } finally {
      setRefining(false);
    }
  };

  const canAsk = Boolean(selection && projectId && prompt.trim()) && !running;
  return (
    <div className={styles.root}>
      {templates.length > 0 && (
        <Field label={t('pane.prompt.template')}>
          <Select value={templateId} onChange={(_, d) => handleTemplate(d.value)} data-testid="template-picker">
            <option value="">{t('pane.prompt.noTemplate')}</option>
            {templates.map((x) => (
              <option key={x.id} value={x.id}>
                {x.name}
              </option>
            ))}
          </Select>
        </Field>
      )}
      <Field label={t('pane.prompt.label')}>
        <Textarea
          value={prompt}
          onChange={(_, d) => {
            setPrompt(d.value);
            setRefined('');
          }}
          placeholder={t('pane.prompt.placeholder')}
          data-testid="prompt"
          resize="vertical"
        />
      </Field>
      <VariablesForm names={names} values={values} onChange={setValues} missing={blocked.filter((n) => missing.includes(n))} />
      {examples.length > 0 && (
        <div className={styles.examples} data-testid="examples">
          {examples.slice(0, 4).map((e) => (
            <Button key={e.prompt} size="small" appearance="outline" onClick={() => setPrompt(e.prompt)}>
              {e.title ?? e.prompt}
            </Button>
          ))}
        </div>
      )}
      {refined && (
        <Field label={t('pane.prompt.refined')} validationMessage={refineError ?? undefined}>
          <Textarea value={refined} onChange={(_, d) => setRefined(d.value)} data-testid="refined-prompt" resize="vertical" />
        </Field>
      )}
      {!refined && refineError && <Field validationMessage={refineError} validationState="error" />}
      {blocked.length > 0 && missing.length > 0 && <Field validationMessage={t('pane.variables.missing', { names: missing.join(', ') })} validationState="error" data-testid="variables-missing" />}
      <QuoteLine quote={quote} localPrice={config?.localAnalystPrice ?? null} cells={cells} />
      <div className={styles.actions}>
        <Button appearance="primary" disabled={!canAsk} onClick={handleAsk} data-testid="analyse">
          {running ? t('pane.prompt.analysing') : t('pane.prompt.analyse')}
        </Button>
        <Button disabled={!canAsk || refining} onClick={handleRefine} data-testid="refine">
          {refining ? t('pane.prompt.refining') : t('pane.prompt.refine')}
        </Button>
      </div>
    </div>
  );
}
