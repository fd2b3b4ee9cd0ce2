import { Button, Dialog, DialogActions, DialogBody, DialogContent, DialogSurface, DialogTitle, Field, Select, Text } from '@fluentui/react-components';
import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { useTree } from '../sidebar/useTree';
import type { Template } from '@intellio/api-client';

interface UseTemplateDialogProps {
  template: Template;
  onClose(): void;
}

/** "Use": pick the project to analyse in; its analyse box opens with the template chosen. */
export function UseTemplateDialog({ template, onClose }: UseTemplateDialogProps) {
  const { tree } = useTree();
  const navigate = useNavigate();
  const projects = (tree ?? []).flatMap((c) => c.projects.map((p) => ({ id: p.id, label: `${c.name} / ${p.name}` })));
  const [projectId, setProjectId] = useState(projects[0]?.id ?? '');

  return (
    <Dialog open onOpenChange={(_, d) => !d.open && onClose()}>
      <DialogSurface>
        <DialogBody>
          <DialogTitle>Use “{template.name}”</DialogTitle>
          <DialogContent>
            {projects.length === 0 ? (
              <Text>Create a project first (in the sidebar): analyses run on a project’s documents.</Text>
            ) : (
              <Field label="In project">
                <Select value={projectId} onChange={(_, d) => setProjectId(d.value)}>
                  {projects.map((p) => (
                    <option key={p.id} value={p.id}>
                      {p.label}
                    </option>
                  ))}
                </Select>
              </Field>
            )}
          </DialogContent>
          <DialogActions>
            <Button onClick={onClose}>Cancel</Button>
            <Button appearance="primary" disabled={!projectId} onClick={() => navigate(`/projects/${projectId}?template=${template.id}#analyse`)}>
              Open analyse box
            </Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}
