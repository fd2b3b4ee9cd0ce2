import { Button, makeStyles, Skeleton, SkeletonItem, Text, tokens } from '@fluentui/react-components';
import { DeleteRegular, RenameRegular } from '@fluentui/react-icons';
import { useState } from 'react';
import { useNavigate, useParams } from 'react-router-dom';
import { usePageTitle } from '../layout/usePageTitle';
import { NotFoundPage } from '../pages/NotFoundPage';
import { InlineName } from '../sidebar/InlineName';
import { findProject } from '../sidebar/treeOps';
import { useTree } from '../sidebar/useTree';
import { ProjectWorkspace } from './ProjectWorkspace';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL, maxWidth: '1200px', margin: '0 auto' },
  head: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalS, flexWrap: 'wrap' },
  title: { margin: 0, fontSize: tokens.fontSizeBase600, fontWeight: tokens.fontWeightSemibold, overflowWrap: 'anywhere' },
  crumb: { color: tokens.colorNeutralForeground3 },
  grow: { flex: 1, minWidth: 0 },
});

/** /projects/:id — a project's documents, its table and the analyse panel. */
export function ProjectPage() {
  const styles = useStyles();
  const { id = '' } = useParams();
  const { tree, renameProject, deleteProject } = useTree();
  const navigate = useNavigate();
  const [renaming, setRenaming] = useState(false);
  const found = tree ? findProject(tree, id) : null;
  usePageTitle(found?.project.name ?? 'Project');

  if (!tree) {
    return (
      <Skeleton aria-label="Loading project">
        <SkeletonItem size={32} />
      </Skeleton>
    );
  }
  if (!found) return <NotFoundPage />;
  const { project, category } = found;

  async function handleDelete() {
    if (!window.confirm(`Delete the project “${project.name}” with its documents and analyses?`)) return;
    if (await deleteProject(project.id)) navigate('/');
  }

  return (
    <div className={styles.root} data-testid="project-page">
      <div className={styles.head}>
        <div className={styles.grow}>
          <Text size={200} className={styles.crumb}>
            {category.name}
          </Text>
          {renaming ? (
            <InlineName label="Project name" initial={project.name} maxLength={120} onSubmit={(name) => renameProject(project.id, name)} onDone={() => setRenaming(false)} />
          ) : (
            <h1 className={styles.title}>{project.name}</h1>
          )}
        </div>
        <Button appearance="subtle" icon={<RenameRegular />} onClick={() => setRenaming(true)}>
          Rename
        </Button>
        <Button appearance="subtle" icon={<DeleteRegular />} onClick={() => void handleDelete()}>
          Delete
        </Button>
      </div>
      <ProjectWorkspace key={project.id} projectId={project.id} />
    </div>
  );
}
