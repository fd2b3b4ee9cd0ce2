import { Badge, Button, Field, makeStyles, Select, Text, Textarea, tokens } from '@fluentui/react-components';
import { SparkleRegular, TextEditStyleRegular } from '@fluentui/react-icons';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AnalysisSelection } from '../grid/selectionPayload';
import type { Template } from '@intellio/api-client';
import { examplePrompts, type Analysis, type ExamplePrompt } from './analysisApi';
import { AnswerView } from './AnswerView';
import { useAnalyse } from './useAnalyse';
import { RunQuote } from './RunQuote';
import { templateValues } from '../templates/templateValues';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  examples: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalXS },
  example: { maxWidth: '100%', whiteSpace: 'normal', textAlign: 'left', fontWeight: tokens.fontWeightRegular },
  actions: { display: 'flex', gap: tokens.spacingHorizontalS, flexWrap: 'wrap', alignItems: 'center' },
  hint: { color: tokens.colorNeutralForeground3 },
});

interface AnalyseFormProps {
  projectId: string;
  /** The cells to analyse, or null when nothing is open in the table. */
  selection: AnalysisSelection | null;
  selectionText: string | null;
  templates: Template[];
  templateId: string;
  onTemplateChange(id: string): void;
  onFinished(analysis: Analysis): void;
}

/** The prompt box: example prompts, a template, "Refine" (editable result) and "Analyse" with the streamed answer. */
export function AnalyseForm({ projectId, selection, selectionText, templates, templateId, onTemplateChange, onFinished }: AnalyseFormProps) {
  const styles = useStyles();
  const { t, i18n } = useTranslation();
  const [prompt, setPrompt] = useState('');
  const [examples, setExamples] = useState<ExamplePrompt[]>([]);
  const box = useAnalyse(onFinished);
  const template = templates.find((t) => t.id === templateId);
  const ready = selection !== null && (prompt.trim() !== '' || template !== undefined);

  // The built-in examples come in the app's language: asked again when it changes.
  useEffect(() => {
    examplePrompts(i18n.language)
      .then((list) => setExamples(list.slice(0, 6)))
      .catch(() => setExamples([]));
  }, [i18n.language]);

  /** The refined prompt's intent ("compare") by its name in the active language; an intent we do not know shows as sent. */
  function intentLabel(intent: string): string {
    const key = `analyse.intent.${intent}`;
    return i18n.exists(key) ? t(key as 'analyse.intent.compare') : intent;
  }

  const request = () => ({ projectId, selection: selection as AnalysisSelection, prompt: prompt.trim(), ...(template ? { templateId: template.id } : {}) });

  /** The run exactly as Analyse sends it: the template's {{name}} values (templates/templateValues.ts) and the edited refinement. */
  function runRequest() {
    const refinedPrompt = box.refined?.refinedPrompt.trim();
    const variables = template?.variables.length ? { variables: templateValues(template.id) } : {};
    return { ...request(), ...variables, ...(refinedPrompt ? { refinedPrompt } : {}) };
  }

  function handleAnalyse() {
    void box.run(runRequest());
  }

  return (
    <div className={styles.root}>
      <Text size={200} className={styles.hint} data-testid="analyse-selection">
        {selectionText ? t('analyse.cells', { selection: selectionText }) : t('analyse.noSelection')}
      </Text>
      <RunQuote selection={selection} request={ready ? { ...runRequest(), source: 'web' } : null} />
      <Field label={t('analyse.template')}>
        <Select value={templateId} onChange={(_, d) => onTemplateChange(d.value)} data-testid="template-picker">
          <option value="">{t('analyse.noTemplate')}</option>
          {templates.map((t) => (
            <option key={t.id} value={t.id}>
              {t.name}
            </option>
          ))}
        </Select>
      </Field>
      <Field label={t('analyse.question')} hint={template ? t('analyse.templateHint', { name: template.name, prompt: template.prompt }) : undefined}>
        <Textarea
          value={prompt}
          onChange={(_, d) => {
            setPrompt(d.value);
            box.setRefined(null);
          }}
          placeholder={t('analyse.placeholder')}
          resize="vertical"
          data-testid="prompt-input"
        />
      </Field>
      {examples.length > 0 && !prompt && (
        <div className={styles.examples} aria-label={t('analyse.examples')} role="group">
          {examples.map((e) => (
            <Button key={e.prompt} size="small" shape="circular" className={styles.example} onClick={() => setPrompt(e.prompt)}>
              {e.prompt}
            </Button>
          ))}
        </div>
      )}
      {box.refined && (
        <Field
          label={
            <>
              {t('analyse.refined')} <Badge appearance="tint">{intentLabel(box.refined.intent)}</Badge>
            </>
          }
          hint={box.refined.selectionSummary}
        >
          <Textarea
            value={box.refined.refinedPrompt}
            onChange={(_, d) => box.setRefined({ ...box.refined!, refinedPrompt: d.value })}
            resize="vertical"
            rows={4}
            data-testid="refined-input"
          />
        </Field>
      )}
      <div className={styles.actions}>
        <Button icon={<TextEditStyleRegular />} disabled={!ready || box.refining || box.running} onClick={() => void box.refine(request())}>
          {box.refining ? t('analyse.refining') : t('analyse.refine')}
        </Button>
        <Button appearance="primary" icon={<SparkleRegular />} disabled={!ready || box.running} onClick={handleAnalyse}>
          {box.running ? t('analyse.running') : t('analyse.run')}
        </Button>
      </div>
      {(box.analysis || box.running || box.error) && <AnswerView analysis={box.analysis} streamed={box.streamed} running={box.running} error={box.error} />}
    </div>
  );
}
