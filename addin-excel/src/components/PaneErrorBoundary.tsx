import { Button, MessageBar, MessageBarActions, MessageBarBody } from '@fluentui/react-components';
import { Component, type ReactNode } from 'react';
import { i18n } from '../i18n';

/** What the pane shows when it cannot go on: the reason and a reload (a task pane has no reload button of its own). */
export function PaneCrash({ error }: { error: Error }) {
  return (
    <MessageBar intent="error" layout="multiline" data-testid="pane-crashed">
      <MessageBarBody>{i18n.t('pane.errors.crashed', { message: error.message })}</MessageBarBody>
      <MessageBarActions>
        <Button onClick={() => window.location.reload()}>{i18n.t('pane.errors.reload')}</Button>
      </MessageBarActions>
    </MessageBar>
  );
}

/**
 * The last line: whatever a component throws while rendering or in an effect, the pane says so instead of
 * going blank. A class, as React requires of error boundaries.
 */
export class PaneErrorBoundary extends Component<{ children: ReactNode }, { error: Error | null }> {
  override state = { error: null as Error | null };

  static getDerivedStateFromError(error: unknown) {
    return { error: error instanceof Error ? error : new Error(String(error)) };
  }

  override render() {
    return this.state.error ? <PaneCrash error={this.state.error} /> : this.props.children;
  }
}
