import { makeStyles, Text, tokens } from '@fluentui/react-components';
import { FolderRegular, TableSimpleRegular } from '@fluentui/react-icons';
import type { Category, Project } from '@intellio/api-client';
import { useTranslation } from 'react-i18next';
import { AppLink } from '../layout/AppLink';
import { Section } from '../layout/Section';
import { formatDate } from '../usage/format';

const useStyles = makeStyles({
  root: { maxWidth: '960px', margin: '0 auto', display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXL },
  // Korean wraps between words, not inside them (keep-all does nothing to English).
  title: { margin: 0, fontSize: tokens.fontSizeBase600, lineHeight: tokens.lineHeightBase600, fontWeight: tokens.fontWeightSemibold, wordBreak: 'keep-all' },
  list: { listStyleType: 'none', margin: 0, padding: 0, display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(240px, 1fr))', gap: tokens.spacingHorizontalM },
  card: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalXS,
    padding: tokens.spacingHorizontalM,
    borderRadius: tokens.borderRadiusLarge,
    backgroundColor: tokens.colorNeutralBackground2,
    minWidth: 0,
  },
  name: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalS, minWidth: 0, overflowWrap: 'anywhere' },
  meta: { color: tokens.colorNeutralForeground3 },
  addins: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalS, flexWrap: 'wrap' },
});

/** How many projects Home lists; the sidebar has them all. */
export const RECENT_PROJECTS = 8;

/** A server from before lastActivityAt (mid-deploy) sends none: creation time stands in. */
const activeAt = (p: Project) => p.lastActivityAt ?? p.createdAt;

/** Home once projects exist: the ones last worked in (an upload, an analysis) first, and where to ask from. */
export function YourProjects({ categories, firstName }: { categories: Category[]; firstName: string }) {
  const styles = useStyles();
  const { t } = useTranslation();
  const documents = (n: number | undefined) => (n ? t('home.projects.documents', { count: n }) : t('home.projects.noDocuments'));
  const projects = categories
    .flatMap((c) => c.projects.map((p): [Project, Category] => [p, c]))
    .sort(([a], [b]) => activeAt(b).localeCompare(activeAt(a)))
    .slice(0, RECENT_PROJECTS);
  return (
    <div className={styles.root} data-testid="home-projects">
      <h1 className={styles.title}>{firstName ? t('home.projects.welcomeBackName', { name: firstName }) : t('home.projects.welcomeBack')}</h1>
      <Section title={t('home.projects.recent')}>
        <ul className={styles.list}>
          {projects.map(([project, category]) => (
            <li key={project.id} className={styles.card} data-testid="home-project">
              <span className={styles.name}>
                <FolderRegular aria-hidden="true" />
                <AppLink to={`/projects/${project.id}`}>{project.name}</AppLink>
              </span>
              <Text size={200} className={styles.meta}>
                {t('home.projects.meta', { category: category.name, documents: documents(project.documentCount), date: formatDate(activeAt(project)) })}
              </Text>
            </li>
          ))}
        </ul>
      </Section>
      <Section title={t('home.projects.askTitle')}>
        <span className={styles.addins}>
          <TableSimpleRegular aria-hidden="true" />
          <Text>{t('home.projects.askText')}</Text>
          <AppLink to="/addins">{t('home.getAddins')}</AppLink>
        </span>
      </Section>
    </div>
  );
}
