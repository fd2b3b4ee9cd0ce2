/**
 * Host calls the running Office may not have (an older Excel, a partial office.js, the pane opened in a
 * plain browser): each is checked before use and fails as a HostUnavailableError naming the call, which the
 * pane words for the user, instead of a TypeError that would leave it blank.
 */
export class HostUnavailableError extends Error {
  constructor(readonly call: string) {
    super(`${call} is not available in this host.`);
    this.name = 'HostUnavailableError';
  }
}

/** `Excel.run`, or a HostUnavailableError when this host has no Excel API. */
export function excelRun<T>(batch: (context: Excel.RequestContext) => Promise<T>): Promise<T> {
  if (typeof Excel === 'undefined' || typeof Excel.run !== 'function') return Promise.reject(new HostUnavailableError('Excel.run'));
  return Excel.run(batch);
}

/** The document's selection-changed events, or a HostUnavailableError when the host cannot raise them. */
export function documentEvents(): Pick<Office.Document, 'addHandlerAsync' | 'removeHandlerAsync'> {
  const doc = typeof Office !== 'undefined' ? Office.context?.document : undefined;
  if (typeof doc?.addHandlerAsync !== 'function' || typeof doc.removeHandlerAsync !== 'function') throw new HostUnavailableError('Office.context.document.addHandlerAsync');
  return doc;
}
