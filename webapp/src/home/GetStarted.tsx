import { Button, makeStyles, mergeClasses, Text, tokens } from '@fluentui/react-components';
import { AddRegular, CheckmarkCircleFilled, DocumentMultipleRegular, FolderAddRegular, TableSimpleRegular } from '@fluentui/react-icons';
import type { Category } from '@intellio/api-client';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { AppLink } from '../layout/AppLink';
import { InlineName } from '../sidebar/InlineName';
import { useTree } from '../sidebar/useTree';

const useStyles = makeStyles({
  root: {
    maxWidth: '760px',
    margin: '0 auto',
    display: 'flex',
    flexDirection: 'column',
    alignItems: 'center',
    textAlign: 'center',
    gap: tokens.spacingVerticalL,
    padding: `${tokens.spacingVerticalXXXL} ${tokens.spacingHorizontalXXL}`,
    backgroundColor: tokens.colorNeutralBackground1,
    border: `${tokens.strokeWidthThin} dashed ${tokens.colorNeutralStroke1}`,
    borderRadius: tokens.borderRadiusXLarge,
    '@media (max-width: 600px)': { padding: `${tokens.spacingVerticalXL} ${tokens.spacingHorizontalL}` },
  },
  badge: {
    display: 'flex',
    alignItems: 'center',
    justifyContent: 'center',
    width: '64px',
    height: '64px',
    borderRadius: tokens.borderRadiusCircular,
    backgroundColor: tokens.colorBrandBackground2,
    color: tokens.colorBrandForeground1,
    fontSize: '32px',
  },
  // Korean wraps between words, not inside them (keep-all does nothing to English).
  title: { margin: 0, fontSize: tokens.fontSizeBase600, lineHeight: tokens.lineHeightBase600, fontWeight: tokens.fontWeightSemibold, wordBreak: 'keep-all' },
  lead: { color: tokens.colorNeutralForeground2, maxWidth: '560px', wordBreak: 'keep-all' },
  steps: {
    listStyleType: 'none',
    margin: 0,
    padding: 0,
    width: '100%',
    display: 'grid',
    gridTemplateColumns: 'repeat(auto-fit, minmax(200px, 1fr))',
    gap: tokens.spacingHorizontalM,
    textAlign: 'left',
  },
  step: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalS,
    padding: tokens.spacingHorizontalM,
    borderRadius: tokens.borderRadiusLarge,
    backgroundColor: tokens.colorNeutralBackground2,
  },
  waiting: { opacity: 0.6 },
  stepHead: { display: 'flex', gap: tokens.spacingHorizontalS, alignItems: 'center' },
  stepIcon: { flexShrink: 0, fontSize: '20px', color: tokens.colorBrandForeground1 },
  done: { color: tokens.colorPaletteGreenForeground1 },
});

interface StepProps {
  icon: ReactNode;
  title: string;
  text: string;
  done?: boolean;
  /** Not yet possible (an earlier step comes first). */
  waiting?: boolean;
  testId: string;
  children?: ReactNode;
}

function Step({ icon, title, text, done, waiting, testId, children }: StepProps) {
  const styles = useStyles();
  const { t } = useTranslation();
  return (
    <li className={mergeClasses(styles.step, waiting && styles.waiting)} data-testid={testId} data-done={done ? 'true' : undefined}>
      <span className={styles.stepHead}>
        {done ? (
          <span className={mergeClasses(styles.stepIcon, styles.done)} role="img" aria-label={t('home.empty.done')}>
            <CheckmarkCircleFilled />
          </span>
        ) : (
          <span className={styles.stepIcon} aria-hidden="true">
            {icon}
          </span>
        )}
        <Text weight="semibold">{title}</Text>
      </span>
      <Text size={200}>{text}</Text>
      {children}
    </li>
  );
}

/** Creates in place: a button that turns into a name field, as "New category" does in the sidebar. */
function CreateInPlace({ label, button, disabled, onCreate }: { label: string; button: string; disabled?: boolean; onCreate(name: string): Promise<boolean> }) {
  const [open, setOpen] = useState(false);
  if (open) return <InlineName label={label} placeholder={label} maxLength={80} onSubmit={onCreate} onDone={() => setOpen(false)} />;
  return (
    <div>
      <Button size="small" appearance="primary" icon={<AddRegular />} disabled={disabled} onClick={() => setOpen(true)}>
        {button}
      </Button>
    </div>
  );
}

/**
 * Home for an account without projects: the three steps to a first answer, each done from here. A category
 * made here appears in the sidebar as well; the first project opens straight away, ready for files.
 */
export function GetStarted({ categories, firstName }: { categories: Category[]; firstName: string }) {
  const styles = useStyles();
  const { createCategory, createProject } = useTree();
  const { t } = useTranslation();
  const navigate = useNavigate();
  const category = categories[0];
  return (
    <section className={styles.root} data-testid="home-empty" aria-labelledby="home-empty-title">
      <div className={styles.badge} aria-hidden="true">
        <FolderAddRegular />
      </div>
      <h1 id="home-empty-title" className={styles.title}>
        {category ? t('home.empty.titleProject') : t('home.empty.titleBoth')}
      </h1>
      <Text className={styles.lead} align="center">
        {firstName ? t('home.empty.welcomeName', { name: firstName }) : t('home.empty.welcome')} {t('home.empty.lead')}
      </Text>
      <ol className={styles.steps}>
        <Step
          icon={<FolderAddRegular />}
          title={t('home.empty.categoryTitle')}
          text={category ? t('home.empty.categoryReady', { name: category.name }) : t('home.empty.categoryText')}
          done={Boolean(category)}
          testId="home-step-category"
        >
          {!category && <CreateInPlace label={t('home.empty.categoryName')} button={t('home.empty.categoryTitle')} onCreate={async (name) => (await createCategory(name)) !== null} />}
        </Step>
        <Step icon={<DocumentMultipleRegular />} title={t('home.empty.projectTitle')} text={t('home.empty.projectText')} waiting={!category} testId="home-step-project">
          <CreateInPlace
            label={t('home.empty.projectName')}
            button={t('home.empty.projectTitle')}
            disabled={!category}
            onCreate={async (name) => {
              const project = category ? await createProject(category.id, name) : null;
              if (project) navigate(`/projects/${project.id}`);
              return project !== null;
            }}
          />
        </Step>
        <Step icon={<TableSimpleRegular />} title={t('home.empty.askTitle')} text={t('home.empty.askText')} testId="home-step-addins">
          <AppLink to="/addins">{t('home.getAddins')}</AppLink>
        </Step>
      </ol>
    </section>
  );
}
