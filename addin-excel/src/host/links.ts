/** Opens a link outside the task pane (a document download or a cited page). */
export function openLink(url: string): void {
  // Inside Office a plain window.open is blocked or opens in the pane's sandbox; the host's browser is right.
  if (typeof Office !== 'undefined' && Office.context?.ui?.openBrowserWindow) {
    Office.context.ui.openBrowserWindow(url);
    return;
  }
  window.open(url, '_blank', 'noopener');
}
