import { Button, makeStyles, Skeleton, SkeletonItem, Text, tokens } from '@fluentui/react-components';
import { DeleteRegular, RenameRegular } from '@fluentui/react-icons';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router-dom';
import { ConfirmDialog } from '../forms/ConfirmDialog';
import { usePageTitle } from '../layout/usePageTitle';
import { NotFoundPage } from '../pages/NotFoundPage';
import { InlineName } from '../sidebar/InlineName';
import { findProject } from '../sidebar/treeOps';
import { useTree } from '../sidebar/useTree';
import { ProjectWorkspace } from './ProjectWorkspace';

const useStyles = makeStyles({
  // keep-all (inherited by the whole workspace): Korean wraps between words, not between the syllables of
  // one; break-word still breaks a word too long for its line.
  root: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalL,
    maxWidth: '1200px',
    margin: '0 auto',
    wordBreak: 'keep-all',
    overflowWrap: 'break-word',
  },
  head: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalS, flexWrap: 'wrap' },
  title: { margin: 0, fontSize: tokens.fontSizeBase600, fontWeight: tokens.fontWeightSemibold, overflowWrap: 'anywhere' },
  crumb: { color: tokens.colorNeutralForeground3 },
  // Below 12rem beside the buttons the name gets a row of its own and the buttons wrap under it.
  grow: { flex: '1 1 12rem', minWidth: 0 },
});

/** /projects/:id — a project's documents, its table and the analyse panel. */
export function ProjectPage() {
  const styles = useStyles();
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const { tree, renameProject, deleteProject } = useTree();
  const navigate = useNavigate();
  const [renaming, setRenaming] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const found = tree ? findProject(tree, id) : null;
  usePageTitle(found?.project.name ?? t('projectPage.pageTitle'));

  if (!tree) {
    return (
      <Skeleton aria-label={t('projectPage.loading')}>
        <SkeletonItem size={32} />
      </Skeleton>
    );
  }
  if (!found) return <NotFoundPage />;
  const { project, category } = found;

  async function handleDelete() {
    // deleteProject toasts its own failure; throwing keeps the dialog open to try again.
    if (!(await deleteProject(project.id))) throw new Error('not deleted');
    navigate('/');
  }

  return (
    <div className={styles.root} data-testid="project-page">
      <div className={styles.head}>
        <div className={styles.grow}>
          <Text size={200} className={styles.crumb}>
            {category.name}
          </Text>
          {renaming ? (
            <InlineName
              label={t('projectPage.projectName')}
              initial={project.name}
              maxLength={120}
              onSubmit={(name) => renameProject(project.id, name)}
              onDone={() => setRenaming(false)}
            />
          ) : (
            <h1 className={styles.title}>{project.name}</h1>
          )}
        </div>
        <Button appearance="subtle" icon={<RenameRegular />} onClick={() => setRenaming(true)}>
          {t('projectPage.rename')}
        </Button>
        <Button appearance="subtle" icon={<DeleteRegular />} onClick={() => setConfirming(true)} data-testid="project-delete">
          {t('projectPage.delete')}
        </Button>
      </div>
      <ConfirmDialog
        open={confirming}
        title={t('projectPage.deleteTitle', { name: project.name })}
        body={t('projectPage.deleteBody')}
        confirmLabel={t('projectPage.deleteConfirm')}
        destructive
        onConfirm={handleDelete}
        onOpenChange={setConfirming}
      />
      <ProjectWorkspace key={project.id} projectId={project.id} />
    </div>
  );
}
