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
import { useTranslation } from 'react-i18next';
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
  const { t } = useTranslation();
  const { tree, deleteCategory } = useTree();
  const others = (tree ?? []).filter((c) => c.id !== category.id);
  const count = category.projects.length;
  const [mode, setMode] = useState<'delete' | 'move'>(count > 0 && others.length > 0 ? 'move' : 'delete');
  const [target, setTarget] = useState(others[0]?.id ?? '');
  const [busy, setBusy] = useState(false);

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
          <DialogTitle>{t('sidebar.deleteCategory.title', { name: category.name })}</DialogTitle>
          <DialogContent>
            {count === 0 ? (
              <p>{t('sidebar.deleteCategory.empty')}</p>
            ) : (
              <>
                <p>{t('sidebar.deleteCategory.holds', { count })}</p>
                <RadioGroup value={mode} onChange={(_, data) => setMode(data.value as 'delete' | 'move')}>
                  <Radio value="move" label={t('sidebar.deleteCategory.move', { count })} disabled={others.length === 0} />
                  <Radio value="delete" label={t('sidebar.deleteCategory.deleteAll', { count })} />
                </RadioGroup>
                {mode === 'move' && others.length > 0 && (
                  <Field label={t('sidebar.deleteCategory.moveTo')}>
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
              {t('sidebar.deleteCategory.cancel')}
            </Button>
            <Button appearance="primary" onClick={() => void handleConfirm()} disabled={busy}>
              {mode === 'move' && count > 0 ? t('sidebar.deleteCategory.confirmMove') : t('sidebar.deleteCategory.confirmDelete')}
            </Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}
