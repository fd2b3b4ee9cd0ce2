import { Badge, Button, Field, makeStyles, Select, Text, Textarea, tokens } from '@fluentui/react-components';
import { SparkleRegular, TextEditStyleRegular } from '@fluentui/react-icons';
import { useEffect, useState } from 'react';
import type { AnalysisSelection } from '../grid/selectionPayload';
import type { Template } from '@intellio/api-client';
import { examplePrompts, type Analysis, type ExamplePrompt } from './analysisApi';
import { AnswerView } from './AnswerView';
import { useAnalyse } from './useAnalyse';

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
  const [prompt, setPrompt] = useState('');
  const [examples, setExamples] = useState<ExamplePrompt[]>([]);
  const box = useAnalyse(onFinished);
  const template = templates.find((t) => t.id === templateId);
  const ready = selection !== null && (prompt.trim() !== '' || template !== undefined);

  useEffect(() => {
    examplePrompts()
      .then((list) => setExamples(list.slice(0, 6)))
      .catch(() => setExamples([]));
  }, []);

  const request = () => ({ projectId, selection: selection as AnalysisSelection, prompt: prompt.trim(), ...(template ? { templateId: template.id } : {}) });

  function handleAnalyse() {
    const refinedPrompt = box.refined?.refinedPrompt.trim();
    void box.run({ ...request(), ...(refinedPrompt ? { refinedPrompt } : {}) });
  }

  return (
    <div className={styles.root}>
      <Text size={200} className={styles.hint} data-testid="analyse-selection">
        {selectionText ? `Cells: ${selectionText}` : 'Open a spreadsheet or paste cells in the table above, then select the cells to analyse.'}
      </Text>
      <Field label="Template">
        <Select value={templateId} onChange={(_, d) => onTemplateChange(d.value)} data-testid="template-picker">
          <option value="">No template</option>
          {templates.map((t) => (
            <option key={t.id} value={t.id}>
              {t.name}
            </option>
          ))}
        </Select>
      </Field>
      <Field label="Your question" hint={template ? `Template “${template.name}”: ${template.prompt}` : undefined}>
        <Textarea
          value={prompt}
          onChange={(_, d) => {
            setPrompt(d.value);
            box.setRefined(null);
          }}
          placeholder="What do you want to know about the selected cells?"
          resize="vertical"
          data-testid="prompt-input"
        />
      </Field>
      {examples.length > 0 && !prompt && (
        <div className={styles.examples} aria-label="Example prompts" role="group">
          {examples.map((e) => (
            <Button key={e.prompt} size="small" shape="circular" className={styles.example} onClick={() => setPrompt(e.prompt)}>
              {e.prompt}
            </Button>
          ))}
        </div>
      )}
      {box.refined && (
        <Field label={<>Refined prompt <Badge appearance="tint">{box.refined.intent}</Badge></>} hint={box.refined.selectionSummary}>
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
          {box.refining ? 'Refining…' : 'Refine'}
        </Button>
        <Button appearance="primary" icon={<SparkleRegular />} disabled={!ready || box.running} onClick={handleAnalyse}>
          {box.running ? 'Analysing…' : 'Analyse'}
        </Button>
      </div>
      {(box.analysis || box.running || box.error) && <AnswerView analysis={box.analysis} streamed={box.streamed} running={box.running} error={box.error} />}
    </div>
  );
}
