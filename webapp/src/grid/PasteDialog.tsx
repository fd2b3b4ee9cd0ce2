import { Button, Dialog, DialogActions, DialogBody, DialogContent, DialogSurface, DialogTitle, Field, Textarea } from '@fluentui/react-components';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

interface PasteDialogProps {
  onPaste(text: string): void;
  onClose(): void;
}

/** A box to paste cells copied from Excel or Google Sheets (tab-separated) or CSV text into. */
export function PasteDialog({ onPaste, onClose }: PasteDialogProps) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  return (
    <Dialog open onOpenChange={(_, data) => !data.open && onClose()}>
      <DialogSurface>
        <DialogBody>
          <DialogTitle>{t('grid.pasteDialog.title')}</DialogTitle>
          <DialogContent>
            <Field label={t('grid.pasteDialog.label')} hint={t('grid.pasteDialog.hint')}>
              <Textarea value={text} onChange={(_, data) => setText(data.value)} rows={10} resize="vertical" autoFocus data-testid="paste-input" />
            </Field>
          </DialogContent>
          <DialogActions>
            <Button onClick={onClose}>{t('grid.pasteDialog.cancel')}</Button>
            <Button appearance="primary" disabled={!text.trim()} onClick={() => onPaste(text)}>
              {t('grid.pasteDialog.use')}
            </Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}
