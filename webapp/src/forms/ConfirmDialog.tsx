import {
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  Spinner,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

const useStyles = makeStyles({
  destructive: {
    backgroundColor: tokens.colorPaletteRedBackground3,
    ':hover': { backgroundColor: tokens.colorPaletteRedForeground1 },
    ':hover:active': { backgroundColor: tokens.colorPaletteRedForeground1 },
  },
});

export interface ConfirmDialogProps {
  open: boolean;
  title: ReactNode;
  /** What happens if the person confirms, in a sentence or two (a string or your own markup). */
  body: ReactNode;
  confirmLabel: string;
  /** Paints the confirm button red: the action deletes or disables something. */
  destructive?: boolean;
  /**
   * Runs the action. The dialog stays open with the button busy until it settles; it closes itself on
   * success. If it throws, the dialog stays open so the caller's own error message stays in context.
   */
  onConfirm: () => Promise<void> | void;
  onOpenChange: (open: boolean) => void;
}

/**
 * The one confirmation dialog of the app (instead of the browser's `confirm()`), alertdialog role so screen
 * readers announce it as a question that needs an answer.
 */
export function ConfirmDialog({ open, title, body, confirmLabel, destructive, onConfirm, onOpenChange }: ConfirmDialogProps) {
  const { t } = useTranslation();
  const styles = useStyles();
  const [busy, setBusy] = useState(false);

  async function handleConfirm() {
    setBusy(true);
    try {
      await onConfirm();
      onOpenChange(false);
    } catch {
      // The caller reports the failure (toast or message bar); keeping the dialog open lets them retry.
    } finally {
      setBusy(false);
    }
  }

  return (
    <Dialog modalType="alert" open={open} onOpenChange={(_, data) => !busy && onOpenChange(data.open)}>
      <DialogSurface data-testid="confirm-dialog">
        <DialogBody>
          <DialogTitle>{title}</DialogTitle>
          <DialogContent>{typeof body === 'string' ? <p>{body}</p> : body}</DialogContent>
          <DialogActions>
            <Button appearance="secondary" disabled={busy} onClick={() => onOpenChange(false)} data-testid="confirm-cancel">
              {t('confirmDialog.cancel')}
            </Button>
            <Button
              appearance="primary"
              className={destructive ? styles.destructive : undefined}
              disabled={busy}
              icon={busy ? <Spinner size="tiny" aria-label={t('confirmDialog.working')} /> : undefined}
              onClick={() => void handleConfirm()}
              data-testid="confirm-ok"
            >
              {confirmLabel}
            </Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}
