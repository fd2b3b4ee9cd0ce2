import { Button, Dialog, DialogActions, DialogBody, DialogContent, DialogSurface, DialogTitle, Field, Textarea } from '@fluentui/react-components';
import { useState } from 'react';

interface PasteDialogProps {
  onPaste(text: string): void;
  onClose(): void;
}

/** A box to paste cells copied from Excel or Google Sheets (tab-separated) or CSV text into. */
export function PasteDialog({ onPaste, onClose }: PasteDialogProps) {
  const [text, setText] = useState('');
  return (
    <Dialog open onOpenChange={(_, data) => !data.open && onClose()}>
      <DialogSurface>
        <DialogBody>
          <DialogTitle>Paste cells</DialogTitle>
          <DialogContent>
            <Field label="Cells copied from a spreadsheet, or CSV text" hint="The first row can hold the column titles.">
              <Textarea value={text} onChange={(_, data) => setText(data.value)} rows={10} resize="vertical" autoFocus data-testid="paste-input" />
            </Field>
          </DialogContent>
          <DialogActions>
            <Button onClick={onClose}>Cancel</Button>
            <Button appearance="primary" disabled={!text.trim()} onClick={() => onPaste(text)}>
              Use these cells
            </Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}
