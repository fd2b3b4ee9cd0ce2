import {
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  Field,
  Radio,
  RadioGroup,
  Select,
} from '@fluentui/react-components';
import type { Category } from '@intellio/api-client';
import { useState } from 'react';
import { useTree } from './useTree';

interface DeleteCategoryDialogProps {
  category: Category;
  onClose(): void;
}

/**
 * Confirms deleting a category and says exactly what happens to its projects: deleted with it (documents and
 * analyses included) or moved to another category first.
 */
export function DeleteCategoryDialog({ category, onClose }: DeleteCategoryDialogProps) {
  const { tree, deleteCategory } = useTree();
  const others = (tree ?? []).filter((c) => c.id !== category.id);
  const count = category.projects.length;
  const [mode, setMode] = useState<'delete' | 'move'>(count > 0 && others.length > 0 ? 'move' : 'delete');
  const [target, setTarget] = useState(others[0]?.id ?? '');
  const [busy, setBusy] = useState(false);
  const projects = `${count} project${count === 1 ? '' : 's'}`;

  async function handleConfirm() {
    setBusy(true);
    const done = await deleteCategory(category.id, mode === 'move' && count > 0 ? target : undefined);
    setBusy(false);
    if (done) onClose();
  }

  return (
    <Dialog open onOpenChange={(_, data) => !data.open && onClose()}>
      <DialogSurface data-testid="delete-category-dialog">
        <DialogBody>
          <DialogTitle>Delete “{category.name}”?</DialogTitle>
          <DialogContent>
            {count === 0 ? (
              <p>This category holds no projects. Nothing else is deleted.</p>
            ) : (
              <>
                <p>
                  This category holds {projects}. Choose what happens to {count === 1 ? 'it' : 'them'}:
                </p>
                <RadioGroup value={mode} onChange={(_, data) => setMode(data.value as 'delete' | 'move')}>
                  <Radio value="move" label={`Move ${count === 1 ? 'it' : 'them'} to another category`} disabled={others.length === 0} />
                  <Radio value="delete" label={`Delete ${projects} with their documents and analyses`} />
                </RadioGroup>
                {mode === 'move' && others.length > 0 && (
                  <Field label="Move to">
                    <Select value={target} onChange={(_, data) => setTarget(data.value)}>
                      {others.map((c) => (
                        <option key={c.id} value={c.id}>
                          {c.name}
                        </option>
                      ))}
                    </Select>
                  </Field>
                )}
              </>
            )}
          </DialogContent>
          <DialogActions>
            <Button appearance="secondary" onClick={onClose}>
              Cancel
            </Button>
            <Button appearance="primary" onClick={() => void handleConfirm()} disabled={busy}>
              {mode === 'move' && count > 0 ? 'Move projects and delete' : 'Delete category'}
            </Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}
